"""The council's voting arithmetic: thresholds, tallies, percentages, confidence and election results.

Every comparison is made in integers (DOMAIN.md, "Whole numbers, never floats"), so the server, each
seat and a later replay reach the same result and the signed record never holds a float."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Final, Literal

RESOLUTION_OPTIONS: Final = ("tan_thanh", "khong_tan_thanh", "khong_bieu_quyet")
CONFIDENCE_LEVELS: Final = ("tin_nhiem_cao", "tin_nhiem", "tin_nhiem_thap")
NO_CONFIDENCE_OPTIONS: Final = ("tin_nhiem", "khong_tin_nhiem")
RESOLUTION_RULES: Final = ("majority_of_all", "two_thirds_of_all")

Consequence = Literal["none", "may_resign", "dismissal"]

# For each confidence rule: the levels its ballot offers and the one whose count decides.
_CONFIDENCE_RULES: Final[Mapping[str, tuple[tuple[str, ...], str]]] = {
    "confidence": (CONFIDENCE_LEVELS, "tin_nhiem_thap"),
    "no_confidence": (NO_CONFIDENCE_OPTIONS, "khong_tin_nhiem"),
}


def _non_negative(**values: int) -> None:
    for name, value in values.items():
        if value < 0:
            raise ValueError(f"{name} must not be negative: {value}")


def passes(rule: str, yes: int, n_total: int) -> bool:
    """Whether `yes` votes in favour carry a resolution under `rule`, N being every mandate held."""
    _non_negative(yes=yes, n_total=n_total)
    if rule == "majority_of_all":
        return 2 * yes > n_total
    if rule == "two_thirds_of_all":
        return 3 * yes >= 2 * n_total
    raise ValueError(f"unknown resolution rule: {rule!r}")


def cannot_pass(present: int, n_total: int) -> bool:
    """True when even a unanimous room could not reach a majority of N: the chair is warned."""
    _non_negative(present=present, n_total=n_total)
    return 2 * present <= n_total


def percent(count: int, denominator: int) -> str:
    """`count` of `denominator` as "53,19%": two decimals, half up, decimal comma; "0,00%" of zero."""
    _non_negative(count=count, denominator=denominator)
    if denominator == 0:
        return "0,00%"
    # Hundredths of a percent, rounded half up: floor(x + 1/2) with x = count * 10000 / denominator.
    hundredths = (2 * count * 10_000 + denominator) // (2 * denominator)
    whole, fraction = divmod(hundredths, 100)
    return f"{whole},{fraction:02d}%"


def _distinct(kind: str, keys: Sequence[str]) -> None:
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate {kind}: {list(keys)}")


def tally(options: Sequence[str], choices: Iterable[str]) -> dict[str, int]:
    """How many chose each option, every option listed in `options` order (zeros included)."""
    _distinct("options", options)
    counts = dict.fromkeys(options, 0)
    for choice in choices:
        if choice not in counts:
            raise ValueError(f"choice {choice!r} is not an option")
        counts[choice] += 1
    return counts


def resolution_outcome(rule: str, tally: Mapping[str, int], n_total: int) -> Literal["passed", "failed"]:
    """Thông qua / Không thông qua from the count of Tán thành; a missing count is zero."""
    return "passed" if passes(rule, tally.get("tan_thanh", 0), n_total) else "failed"


def confidence_consequence(low: int, collected: int) -> Consequence:
    """NQ 96 on `low` Tín nhiệm thấp of B = `collected` ballots: dismissal from 2/3, resignation above 1/2."""
    _non_negative(low=low, collected=collected)
    # Without a ballot there is no assessment; 3*0 >= 2*0 must not read as a dismissal.
    if collected == 0:
        return "none"
    if 3 * low >= 2 * collected:
        return "dismissal"
    if 2 * low > collected:
        return "may_resign"
    return "none"


def no_confidence_consequence(no: int, collected: int) -> Consequence:
    """NQ 96 on `no` Không tín nhiệm of B = `collected` ballots: dismissal above one half."""
    _non_negative(no=no, collected=collected)
    return "dismissal" if 2 * no > collected else "none"


def _consequence(rule: str, deciding: int, collected: int) -> Consequence:
    if rule == "confidence":
        return confidence_consequence(deciding, collected)
    return no_confidence_consequence(deciding, collected)


def confidence_results(
    rule: str,
    subjects: Sequence[str],
    levels: Sequence[str],
    ballots: Iterable[Mapping[str, str]],
    issued: int,
) -> dict[str, dict[str, object]]:
    """Per subject: ballots issued, collected and valid for them, the count of each level, the consequence.

    B is the ballots collected, not the valid marks (NQ 96 Đ.19 k3): a blank or spoilt mark for a
    person still weighs in the denominator."""
    if rule not in _CONFIDENCE_RULES:
        raise ValueError(f"unknown confidence rule: {rule!r}")
    rule_levels = _CONFIDENCE_RULES[rule][0]
    if sorted(levels) != sorted(rule_levels):
        raise ValueError(f"rule {rule!r} takes the levels {list(rule_levels)}, not {list(levels)}")
    _distinct("subjects", subjects)
    counts = {subject: dict.fromkeys(levels, 0) for subject in subjects}
    collected = 0
    for ballot in ballots:
        collected += 1
        for subject, level in ballot.items():
            # A tuple test, not a dict lookup: a malformed (unhashable) mark is spoilt, not a crash.
            if subject in counts and level in levels:
                counts[subject][level] += 1
    return confidence_from_counts(rule, counts, collected, issued)


def confidence_from_counts(
    rule: str, counts: Mapping[str, Mapping[str, int]], collected: int, issued: int
) -> dict[str, dict[str, object]]:
    """The same results from each subject's level counts alone: what a sealed tally decrypts to
    (docs/sealed.md); a subject's valid marks are the sum of its counts."""
    if rule not in _CONFIDENCE_RULES:
        raise ValueError(f"unknown confidence rule: {rule!r}")
    _non_negative(issued=issued, collected=collected)
    deciding_level = _CONFIDENCE_RULES[rule][1]
    return {
        subject: {
            "issued": issued,
            "collected": collected,
            "valid": sum(marks.values()),
            "counts": marks,
            "consequence": _consequence(rule, marks[deciding_level], collected),
        }
        for subject, marks in ((subject, dict(marks)) for subject, marks in counts.items())
    }


def _valid_election_ballot(ballot: Sequence[str], candidates: Sequence[str], seats: int) -> bool:
    # A bare string is a Sequence[str] too; read letter by letter it could name candidates by accident.
    if isinstance(ballot, str):
        return False
    names = list(ballot)
    # Membership first: once every name is a candidate id, the set of them can be built safely.
    return len(names) <= seats and all(n in candidates for n in names) and len(set(names)) == len(names)


def _winners(ranked: Sequence[str], votes: Mapping[str, int], seats: int) -> tuple[list[str], list[str]]:
    """(elected, tie) from the qualified candidates `ranked` by votes, highest first."""
    if len(ranked) <= seats:
        return list(ranked), []
    cut_off = votes[ranked[seats - 1]]
    if votes[ranked[seats]] != cut_off:
        return list(ranked[:seats]), []
    # Not every candidate at the cut-off fits: all of them go to a new round, none is chosen by order.
    return ([c for c in ranked if votes[c] > cut_off], [c for c in ranked if votes[c] == cut_off])


def election_result(
    candidates: Sequence[str], seats: int, n_total: int, ballots: Iterable[Sequence[str]]
) -> dict[str, object]:
    """Valid and invalid ballots, each candidate's votes, who is elected and who must go to a new round."""
    _distinct("candidates", candidates)
    if not 1 <= seats <= len(candidates):
        raise ValueError(f"seats must be between 1 and {len(candidates)}: {seats}")
    _non_negative(n_total=n_total)
    votes = dict.fromkeys(candidates, 0)
    valid = invalid = 0
    for ballot in ballots:
        if not _valid_election_ballot(ballot, candidates, seats):
            invalid += 1
            continue
        valid += 1
        for name in ballot:
            votes[name] += 1
    return election_from_votes(candidates, seats, n_total, votes, valid, invalid)


def election_from_votes(
    candidates: Sequence[str], seats: int, n_total: int, votes: Mapping[str, int], valid: int, invalid: int
) -> dict[str, object]:
    """The same result from each candidate's votes alone (a sealed tally: docs/sealed.md)."""
    _distinct("candidates", candidates)
    if not 1 <= seats <= len(candidates):
        raise ValueError(f"seats must be between 1 and {len(candidates)}: {seats}")
    _non_negative(n_total=n_total, valid=valid, invalid=invalid)
    order = {c: i for i, c in enumerate(candidates)}
    qualified = sorted((c for c in candidates if 2 * votes[c] > n_total), key=lambda c: (-votes[c], order[c]))
    elected, tie = _winners(qualified, votes, seats)
    return {
        "valid": valid,
        "invalid": invalid,
        "results": {c: {"votes": votes[c]} for c in candidates},
        "elected": elected,
        "tie": tie,
    }
