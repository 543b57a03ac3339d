"""What is said at the union's congress: summaries of the speeches and reports, in the
record's words (not quotations). Invented for the demo, like everything in it."""

PRESENCE_NOTE = (
    "The demo's: 58 of the 60 delegates in the hall at the opening; Patricia Cole (London) "
    "sent apologies, Fiona Rowe (South West) arrived late on a delayed train."
)
PRESIDENT_OPENS = (
    "The president welcomed the delegates to Harrogate, the union's hundred and third "
    "congress, and reminded them that the motions book had gone to every branch six weeks "
    "before; that the councils had instructed their delegates; and that named votes would be "
    "reported back to each council after the congress."
)
SOC_REPORT = (
    "The committee received ten motions by the deadline of 13 March and four amendments by "
    "the deadline of 24 April. It ruled M7 (two-year terms for the executive) out of order, as "
    "a change to the rules only the rules revision conference can make; the Midlands council "
    "has appealed and the congress takes the appeal first. With the consent of the Yorkshire, "
    "Scotland and South West councils it composited M2, M4 and M6 on staffing as C1. It "
    "admitted one emergency motion, M11, on the recruitment freeze announced on 2 June. Its "
    "recommendations are printed against each paper in the motions book."
)
APPEAL = (
    "That the congress does not uphold the Standing Orders Committee's ruling that {number} "
    "(two-year terms for the National Executive Council) is out of order."
)
APPEAL_SPEECH = (
    "Moving the appeal, she said that the congress is the union's supreme policy body and "
    "should be allowed to say what it wants the rules revision conference to do: the motion "
    "decided a principle, not the wording of a rule."
)
APPEAL_REPLY = (
    "The motion as written amends Rule 9.2 itself. The committee would have admitted a "
    "motion instructing the executive to bring a rule change to next year's rules revision "
    "conference, and said so to the Midlands in March."
)
FIGURES = "The tellers' figures are the demo's."
PAY_MOVER = (
    "She said that a nurse's pay would buy a fifth less than it did in 2010 and that the "
    "care assistants who left her trust last year went to a supermarket distribution centre "
    "down the road for a pound an hour more. The claim should be the union's claim, and the "
    "members should decide what to do with the answer."
)
PAY_SECONDER = (
    "Seconding, he said the Midlands supported the claim and the ballot preparations: "
    "an employer who knows a ballot is ready makes a different offer."
)
FLAT_RATE = (
    "Moving the amendment, he said a percentage alone gives most to those who have most: "
    "the £3,000 floor means the porter and the health care assistant gain more than the "
    "manager, which is what a union is for."
)
STAFFING_MOVER = (
    "She said that the survey had been answered by nine thousand members and that the "
    "composite joined the three councils' demands into one: a law, a charter, and the "
    "union's backing for any branch that calls unsafe staffing what it is, a danger."
)
STAFFING_SECONDER = (
    "Seconding for Scotland, she said the agency bill in her health board would pay for two "
    "hundred permanent posts, and that only a legal duty would make the boards fill them."
)
STAFFING_RATIOS = (
    "He said the South West had asked for ratios in law and was glad to see them in the "
    "composite's third paragraph, covering support workers as well as registered staff."
)
PENSIONS_MOVER = (
    "She said a care worker retiring today after thirty years in a private care home could "
    "expect a pension of a few pounds a week, and that a national scheme was the only way to "
    "carry a pension from one small employer to the next."
)
PENSIONS_DEVOLVED = (
    "Moving the amendment, she said social care is devolved: the scheme must be designed with "
    "the councils in Scotland and Wales, not handed to them."
)
PENSIONS_AGAINST = (
    "He said the Scotland council had instructed its delegates to vote against: Scotland "
    "should have its own scheme under its own government, and the amendment did not go far "
    "enough."
)
PENSIONS_SINCLAIR = (
    "He said that he was mandated to vote against and would answer to his council for it, "
    "but that with the amendment carried the motion gave Scotland what it asked for, and he "
    "would vote for it."
)
ORGANISING_MOVER = (
    "He said the union had recruited more home care workers in Bolton in six months, with "
    "two organisers who had been home carers, than in the five years before; every region "
    "should have the same."
)
ORGANISING_WELSH = (
    "Moving the amendment, she said that in parts of Wales a leaflet in English only tells "
    "the care worker the union is not for her."
)
VIOLENCE_MOVER = (
    "He said that an assault on a member in an emergency department had been reported four "
    "times before anyone from the trust spoke to her, and that the figures employer by "
    "employer would shame the worst into acting."
)
VIOLENCE_SECONDER = "Seconding, she said London's safety representatives would use the figures."
IN_HOUSE_MOVER = (
    "He said the cleaners at his hospital wear a different uniform, are paid £2 an hour less "
    "and get statutory sick pay only: they are part of the team, and the union should set a "
    "date and ballot them."
)
IN_HOUSE_AMENDMENT = (
    "Moving the amendment, he said a date for a ballot written into policy tells every "
    "contractor when to expect it; the campaign should come first."
)
IN_HOUSE_AGAINST_AMENDMENT = (
    "He said that without a date the motion was a wish: the outsourced members had waited "
    "long enough."
)
REFERRED = (
    "Referred to the National Executive Council, the mover agreeing, to report to the next "
    "congress on the contracts and a date for ballots."
)
LEVY_MOVER = (
    "She said the members who struck for eleven days at two Yorkshire trusts last winter "
    "lost two weeks' pay; a fund paying £50 a day would have kept them out until they won."
)
LEVY_AGAINST = (
    "She said a compulsory £2 would raise the lowest paid members' subscription by a fifth "
    "and cost the union members it had just recruited; London supported the executive's "
    "voluntary fund."
)
FREEZE_MOVER = (
    "She said the freeze was announced a fortnight ago, after the motions book had gone to "
    "print: 1,800 posts left empty on wards already short, and the members would not wait a "
    "year for the congress to say so."
)
FREEZE_SECONDER = "Seconding, he said the Midlands trusts were watching to see if it worked."
FREEZE_ARMITAGE = (
    "He said his council had instructed him to vote for, but that his branch had not met since "
    "the freeze was announced and he would abstain until it had."
)
BALLOTS_NOTE = (
    "The ballots are the demo's: each delegate ranks their own council's candidates first, "
    "then the others in one of a few orders."
)
CLOSE_NOTE = "The congress's second and third days are not in the demo."
