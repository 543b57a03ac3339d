"""The words of the demo's record, from the three accounts (../shared/seeds/*.txt).

A quotation (recorded `quoted`) is the account's own words, joined where the account breaks
them with "he said"; a summary (not quoted) is the account's description, shortened. The
spelling is the account's (its curly apostrophes too), so a quotation can be found in it.
"""

from __future__ import annotations

# -- the Petrograd Soviet, 25 October, 2:35 PM (seed 001) ----------------------------------
MRC = "the Military Revolutionary Committee"
TROTSKY_DECLARES = (
    "On behalf of the Military Revolutionary Committee, "
    "I declare that the Provisional Government no longer exists."
)
TROTSKY_GOES_ON = "Key institutions were in MRC hands; the Winter Palace would fall “momentarily.”"
TROTSKY_WELCOMES_LENIN = "Long live Comrade Lenin, back with us again!"
LENIN = (
    "Announced “the beginning of a new period,” and exhorted: "
    "“Long live the world socialist revolution!”"
)
ANTICIPATING = "You are anticipating the will of the Second Congress of Soviets"
TROTSKY_CALLS_BACK = (
    "The will of the Second Congress of Soviets has already been predetermined by the fact of "
    "the workers’ and soldiers’ uprising. Now we have only to develop this triumph."
)

# -- the Second Congress, 25-26 October (seed 001) ------------------------------------------
POSTPONED = (
    "The arrest of the government was scheduled for after the 2:00 PM opening of the Congress "
    "of Soviets; so that opening was postponed."
)
DAN = (
    "The Central Executive Committee considers our customary opening political address "
    "superfluous. Even now, our comrades who are selflessly fulfilling the obligations we "
    "placed on them are under fire at the Winter Palace."
)
MARTOV_MOTION = (
    "A peaceful solution: a ceasefire, and negotiations to begin on a cross-party, united, "
    "socialist government."
)
MSTISLAVSKY = "Offered Martov full-throated support."
LUNACHARSKY_FOR = (
    "The Bolshevik fraction has absolutely nothing against the proposal made by Martov."
)
UNANIMOUS = "Support was unanimous."
KHARASH = (
    "A criminal political venture has been going on behind the back of the All-Russian "
    "Congress. The Mensheviks and SRs repudiate all that is going on here, and stubbornly "
    "resist all attempts to seize the government."
)
SOLDIER = "He does not represent the Twelfth Army! The army demands all power to the soviets!"
HECKLES = (
    "Took turns to shout denunciations of the Bolsheviks, and to warn that they would "
    "withdraw from proceedings, as the Left howled them down."
)
KHINCHUK = (
    "The only possible peaceful solution to the present crisis continues to lie in "
    "negotiations with the Provisional Government."
)
WE_LEAVE = "We leave the present congress!"
ERLICH = (
    "News of the city duma deputies’ decisions: it was time for those who “did not wish a "
    "bloodbath” to join the march to the palace, in solidarity with the cabinet."
)
MARTOV_RESOLUTION = (
    "Criticizing the Bolsheviks for pre-empting Congress’s will, and suggesting, again, that "
    "negotiations begin for a broad, inclusive socialist government."
)
DUMA_FRACTION = "The Bolsheviks’ Duma fraction"
DUMA = "to triumph or die with the All-Russian Congress."
TROTSKY_DUSTBIN = (
    "A rising of the masses of the people requires no justification. What has happened is an "
    "insurrection, and not a conspiracy. We hardened the revolutionary energy of the "
    "Petersburg workers and soldiers. We openly forged the will of the masses for an "
    "insurrection, and not a conspiracy. The masses of the people followed our banner and our "
    "insurrection was victorious. And now we are told: renounce your victory, make "
    "concessions, compromise. With whom? I ask: with whom ought we to compromise? With those "
    "wretched groups which have left us or who are making this proposal? But after all we’ve "
    "had a full view of them. No one in Russia is with them any longer. A compromise is "
    "supposed to be made, as between two equal sides, by the millions of workers and peasants "
    "represented in this congress, whom they are ready, not for the first time or the last, to "
    "barter away as the bourgeoisie sees fit. No, here no compromise is possible. To those who "
    "have left and to those who tell us to do this we must say: you are miserable bankrupts, "
    "your role is played out. Go where you ought to go: into the dustbin of history!"
)
THEN_WE_LEAVE = "Then we’ll leave!"
WE_HAD_THOUGHT = "And we had thought that Martov at least would remain with us."
ONE_DAY = "One day you will understand the crime in which you are taking part."
DENUNCIATION = "A denunciation of the departed, including of Martov."
QUICKLY_PASSED = "Congress quickly passed a spiteful denunciation of the departed."
CONDEMNATION = "Trotsky’s condemnation of the SRs and Mensheviks."
KAMKOV = (
    "Announced that his group, the Left SRs, had stayed, and tried to revive Martov’s "
    "proposal: they had not carried the peasantry, or the bulk of the army; compromise was "
    "still necessary."
)
LUNACHARSKY_ANSWERS = (
    "Kamkov’s criticism of us is unfounded. If starting this session we had initiated any "
    "steps whatever to reject or remove other elements, Kamkov would be right. But all of us "
    "unanimously accepted Martov’s proposal to discuss peaceful ways of solving the crisis. "
    "And we were deluged by a hail of declarations. A systematic attack was conducted against us"
)
NOT_TAKEN_PLACE = (
    "A private gathering of Bolshevik delegates. The Central Executive Committee considers the "
    "Second Congress as not having taken Place."
)
THE_DEPARTED = "the departed moderates"
KAMENEV_ARREST = (
    "The leaders of the counterrevolution ensconced in the Winter Palace have been seized by "
    "the revolutionary garrison."
)
UNITS_COMING_OVER = (
    "Reports came in of units coming over to their side, of generals accepting MRC authority."
)
RELEASE = "Called for the release of those SR ministers in prison."
FALSE_COMRADES = "Lambasted them as false comrades."
RESUBMIT = "Tried to resubmit his call for a collaborative socialist government."
KAMENEV_REMINDS = (
    "Reminded the hall that those with whom Martov advocated compromise had turned their backs "
    "on his proposal."
)
LIMBO = "Putting it discreetly into procedural limbo, to spare blushes should talks resume."
MANIFESTO_TITLE = "To all Workers, Soldiers, and Peasants"
MANIFESTO = (
    "To all Workers, Soldiers, and Peasants. Soviet power is proclaimed; a democratic peace "
    "will be proposed immediately. Land will be transferred to the peasants. The cities will "
    "be supplied with bread, the nations of the empire offered self-determination. The "
    "revolution remains in danger, from without and from within."
)
MANIFESTO_STRUCK = "Soviet power is proclaimed"
MANIFESTO_TWEAK = (
    "The power of the Soviets of Workers’, Soldiers’ and Peasants’ Deputies is proclaimed"
)
KORNILOVITES = (
    "The Kornilovites . . . are endeavoring to lead troops against Petrograd. . . . Soldiers! "
    "Resist Kerensky, who is a Kornilovite! . . . Railway men! Stop all echelons sent by "
    "Kerensky against Petrograd! Soldiers, Workers, Employees! The fate of the revolution and "
    "democratic peace is in your hands!"
)
CHEERS = "The reading interrupted, so often, by such cheers of approval."
TWEAK = "One tiny verbal tweak ensured Left SR assent."
OVERWHELMINGLY = "Overwhelmingly voted through; a minuscule Menshevik faction abstained."

# -- the triumphal session at Smolny (seed 000) ---------------------------------------------
AGREEMENT = "The agreement with the Peasants’ Congress"
ROAR = (
    "A shaking roar which rose and burst into storm as the sound of music blared down the "
    "corridor, and the head of the procession came in."
)
SVERDLOV = "A few words of welcome."
SPIRIDONOVA = (
    "Before the workers of Russia open now horizons which history has never known…. All "
    "workers’ movements in the past have been defeated. But the present movement is "
    "international, and that is why it is invincible. There is no force in the world which "
    "can put out the fire of the Revolution! The old world crumbles down, the new world begins…."
)
TROTZKY = (
    "I wish you welcome, comrades peasants! You come here not as guests, but as masters of "
    "this house, which holds the heart of the Russian Revolution. The will of millions of "
    "workers is now concentrated in this hall…. There is now only one master of the Russian "
    "land: the union of the workers, soldiers and peasants…. A new humanity will be born of "
    "this war…. In this hall we swear to workers of all lands to remain at our revolutionary "
    "post. If we are broken, then it will be in defending our flag…."
)
KRYLENKO = (
    "Let Dukhonin and those with him understand well that we shall not deal gently with those "
    "who bar the road to peace!"
)
DYBENKO = "Saluted the assembly in the name of the Fleet."
KRUSHINSKY = (
    "From this moment, when the union of all true Socialists is realised, the whole army of "
    "railway workers places itself absolutely at the disposition of the revolutionary "
    "democracy!"
)

# -- the Tauride Palace, July (seed 003) ----------------------------------------------------
VIOLENCE = "Violence and looting in the capital were reported."
SECTION_CHAIRMAN = "The chairman of the Workers' Section of the Petrograd Soviet"
SECTION_RESOLUTION = (
    "The resolution of the Section demanding that the All-Russian Executive Committee take "
    "over power."
)
PROVINCIALS = "Petrograd isn't all Russia!"
PEASANTS = "You, rioters, Anarchists, traitors! The villages will put an end to your lawlessness!"
TROTSKY_JULY = (
    "Denied that his party was trying to intimidate the Executive Committee: “What happened "
    "today was a peaceful demonstration of citizens.” He also denied the reports of violence "
    "by Bolshevik-led crowds: all incidents were the work of the Cadets and provocateurs."
)
TSERETELLI = (
    "The presiding board of the All-Russian Executive Committee proposed to hold the plenary "
    "session of the Committee in Moscow, where it could work free from mob pressure."
)
MOSCOW = "That the plenary session of the Committee be held in Moscow."
APPLAUSE = "The peasant delegates applauded Tseretelli's proposal."
MARTOV_OPPOSES = "Martov and his followers violently opposed it."
NO_VOTE = "No vote was taken, and the session adjourned before dawn."
