"""What questionnaire results may show apart without exposing anyone: one pure function, no database.

A group of answers is shown apart only if it has at least MIN_GROUP people in it. Hiding the small groups
alone is not enough: the totals minus the groups shown would give the hidden group back (6 answers, 5 from
social care shown apart: the sixth is the police officer's, and the totals say how they answered). So the
small groups are folded together into "Other agencies", and if that fold is itself under MIN_GROUP, the
smallest group shown is folded in too, until the fold has MIN_GROUP or more, or nothing is shown apart.
"""

from dataclasses import dataclass

MIN_GROUP = 5
OTHER_AGENCIES = "Other agencies"


@dataclass(frozen=True)
class Disclosure:
    """Which groups are shown apart, and which are only counted together as "Other agencies"."""

    shown: tuple[str, ...]
    folded: tuple[str, ...]
    total: int
    minimum: int = MIN_GROUP

    @property
    def results_shown(self):
        """Whether any answer counts may be shown at all: not while fewer than MIN_GROUP have answered."""
        return self.total >= self.minimum

    @property
    def other_shown(self):
        """ "Other agencies" gets its own row only beside groups shown apart; alone it would be the totals."""
        return bool(self.shown) and bool(self.folded)

    @property
    def folded_named(self):
        """The agencies in the fold may be named only when there are two or more of them."""
        return len(self.folded) >= 2

    def group_of(self, key):
        """The row an answer from this group is counted in: its own, "Other agencies", or none."""
        if key in self.shown:
            return key
        return OTHER_AGENCIES if self.other_shown else None


def disclosable(counts, minimum=MIN_GROUP):
    """Decide from the number of people in each group what may be shown apart. Pure: a dict in, a Disclosure out.

    Every group shown apart has `minimum` or more people, and so has "Other agencies" whenever it is
    shown, so no group can be worked out by subtracting what is shown from the totals.
    """
    counts = {key: n for key, n in counts.items() if n > 0}
    shown = {key: n for key, n in counts.items() if n >= minimum}
    folded = {key: n for key, n in counts.items() if n < minimum}
    while folded and shown and sum(folded.values()) < minimum:
        smallest = min(shown, key=lambda key: (shown[key], key))
        folded[smallest] = shown.pop(smallest)
    return Disclosure(
        shown=tuple(sorted(shown)),
        folded=tuple(sorted(folded)),
        total=sum(counts.values()),
        minimum=minimum,
    )
