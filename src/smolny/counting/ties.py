"""Breaking ties between candidates by earlier stages, then by lot.

The Scottish rules (SSI 2007/42 rules 49(2) and 51(2)) look at "the most recent
preceding stage" at which the tied candidates had unequal votes; the Meek and
instant-runoff counts here use the same rule so that one rule serves every count.
With three or more tied, the stage that separates some of them narrows the tie to
the highest (or lowest) there, and the search goes on further back among those.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from smolny.counting.stv import Lot, LotRequired
from smolny.counting.trace import TieBreak


def break_tie(
    tied: Sequence[int],
    history: Sequence[Mapping[int, Fraction | int]],
    *,
    highest: bool,
    purpose: str,
    lot: Lot | None,
) -> tuple[int, TieBreak | None]:
    """The candidate the tie goes to, and how (None when nobody was tied).

    `history` holds the votes at the end of each stage, oldest first; the last entry
    is the stage at which the tie arose, so the search starts one before it.
    `highest` picks the most votes (surplus order), otherwise the fewest (exclusion).
    """
    if len(tied) == 1:
        return tied[0], None
    group = sorted(tied)
    for k in range(len(history) - 2, -1, -1):
        at = history[k]
        values = {at.get(c, 0) for c in group}
        if len(values) > 1:
            extreme = max(values) if highest else min(values)
            group = [c for c in group if at.get(c, 0) == extreme]
            if len(group) == 1:
                return group[0], TieBreak(
                    purpose, tuple(sorted(tied)), group[0], "earlier stage", at_stage=k + 1
                )
    if lot is None:
        raise LotRequired(group, len(history), purpose)
    chosen = lot.draw(group)
    return chosen, TieBreak(purpose, tuple(sorted(tied)), chosen, "lot", lot=lot.describe())
