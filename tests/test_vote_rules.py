"""The voting arithmetic against the law's thresholds, written out by hand and as exact fractions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.vote_rules import (
    CONFIDENCE_LEVELS,
    NO_CONFIDENCE_OPTIONS,
    RESOLUTION_OPTIONS,
    RESOLUTION_RULES,
    cannot_pass,
    confidence_consequence,
    confidence_results,
    election_result,
    no_confidence_consequence,
    passes,
    percent,
    resolution_outcome,
    tally,
)

HALF = Fraction(1, 2)
TWO_THIRDS = Fraction(2, 3)


# -- resolutions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "yes", "n_total", "expected"),
    [
        ("majority_of_all", 42, 85, False),
        ("majority_of_all", 43, 85, True),
        ("majority_of_all", 85, 85, True),
        ("majority_of_all", 0, 85, False),
        ("majority_of_all", 42, 84, False),  # exactly half is not a majority
        ("majority_of_all", 43, 84, True),
        ("majority_of_all", 1, 1, True),
        ("majority_of_all", 1, 2, False),
        ("two_thirds_of_all", 56, 85, False),  # 168 < 170
        ("two_thirds_of_all", 57, 85, True),
        ("two_thirds_of_all", 55, 84, False),
        ("two_thirds_of_all", 56, 84, True),  # exactly two thirds is enough
        ("two_thirds_of_all", 1, 3, False),
        ("two_thirds_of_all", 2, 3, True),
        ("two_thirds_of_all", 1, 1, True),
        ("two_thirds_of_all", 0, 1, False),
    ],
)
def test_passes_at_the_thresholds(rule: str, yes: int, n_total: int, expected: bool) -> None:
    assert passes(rule, yes, n_total) is expected


def test_passes_matches_the_fractions_for_every_n_up_to_600() -> None:
    wrong = []
    for n_total in range(1, 601):
        for yes in range(n_total + 1):
            share = Fraction(yes, n_total)
            if passes("majority_of_all", yes, n_total) != (share > HALF):
                wrong.append(("majority_of_all", yes, n_total))
            if passes("two_thirds_of_all", yes, n_total) != (share >= TWO_THIRDS):
                wrong.append(("two_thirds_of_all", yes, n_total))
    assert wrong == []


def test_passes_needs_the_least_yes_the_law_names() -> None:
    # The smallest passing count, from the definitions: floor(N/2) + 1 and ceil(2N/3).
    for n_total in range(1, 601):
        least_majority = n_total // 2 + 1
        least_two_thirds = -(-2 * n_total // 3)
        assert not passes("majority_of_all", least_majority - 1, n_total)
        assert passes("majority_of_all", least_majority, n_total)
        assert passes("two_thirds_of_all", least_two_thirds, n_total)
        if least_two_thirds > 0:
            assert not passes("two_thirds_of_all", least_two_thirds - 1, n_total)


def test_unknown_rule_and_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        passes("simple_majority", 50, 85)
    with pytest.raises(ValueError):
        passes("majority_of_all", -1, 85)
    with pytest.raises(ValueError):
        passes("majority_of_all", 1, -85)
    assert RESOLUTION_RULES == ("majority_of_all", "two_thirds_of_all")


@pytest.mark.parametrize(
    ("present", "n_total", "expected"),
    [
        (42, 85, True),
        (43, 85, False),
        (42, 84, True),
        (43, 84, False),
        (0, 85, True),
        (85, 85, False),
        (0, 1, True),
        (1, 1, False),
    ],
)
def test_cannot_pass_when_present_are_no_majority_of_n(present: int, n_total: int, expected: bool) -> None:
    assert cannot_pass(present, n_total) is expected


def test_cannot_pass_is_exactly_when_unanimity_would_fail() -> None:
    for n_total in range(1, 300):
        for present in range(n_total + 1):
            assert cannot_pass(present, n_total) == (Fraction(present, n_total) <= HALF)
            assert cannot_pass(present, n_total) == (not passes("majority_of_all", present, n_total))


@pytest.mark.parametrize(
    ("rule", "counts", "expected"),
    [
        ("majority_of_all", (43, 0, 0), "passed"),
        # Only Tán thành of all N matters: 42 for, 1 against and 42 absent fails.
        ("majority_of_all", (42, 1, 0), "failed"),
        ("majority_of_all", (0, 85, 0), "failed"),
        ("two_thirds_of_all", (56, 0, 0), "failed"),
        ("two_thirds_of_all", (57, 28, 0), "passed"),
    ],
)
def test_resolution_outcome_reads_tan_thanh_against_n(
    rule: str, counts: tuple[int, int, int], expected: str
) -> None:
    assert resolution_outcome(rule, dict(zip(RESOLUTION_OPTIONS, counts, strict=True)), 85) == expected


def test_resolution_outcome_takes_a_missing_count_as_zero_and_refuses_unknown_rules() -> None:
    assert resolution_outcome("majority_of_all", {"khong_tan_thanh": 85}, 85) == "failed"
    with pytest.raises(ValueError):
        resolution_outcome("unanimity", {"tan_thanh": 85}, 85)


# -- percentages -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "denominator", "expected"),
    [
        (43, 85, "50,59%"),  # 50.588...
        (45, 85, "52,94%"),
        (1, 3, "33,33%"),
        (2, 3, "66,67%"),
        (1, 8, "12,50%"),
        (1, 16, "6,25%"),  # 6.25 exactly: nothing to round
        (1, 160, "0,63%"),  # 0.625 exactly: half up
        (1, 200, "0,50%"),
        (1, 400, "0,25%"),
        (3, 800, "0,38%"),  # 0.375 exactly: half up
        (1, 800, "0,13%"),  # 0.125 exactly: half up, not to even
        (5, 800, "0,63%"),
        (0, 85, "0,00%"),
        (85, 85, "100,00%"),
        (0, 0, "0,00%"),
        (7, 0, "0,00%"),
        (1, 7, "14,29%"),  # 14.2857...
        (1, 6, "16,67%"),  # 16.666...
        (1, 1_000_000, "0,00%"),  # 0.0001 rounds down
        (1, 20_000, "0,01%"),  # 0.005 exactly rounds up
    ],
)
def test_percent_rounds_half_up_with_a_comma(count: int, denominator: int, expected: str) -> None:
    assert percent(count, denominator) == expected


def decimal_percent(count: int, denominator: int) -> str:
    with localcontext() as context:
        context.prec = 60
        value = (Decimal(count) * 100 / Decimal(denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return f"{value}%".replace(".", ",")


@pytest.mark.parametrize("denominator", [1, 2, 3, 6, 7, 8, 16, 84, 85, 160, 200, 400, 499, 500, 800, 999])
def test_percent_agrees_with_decimal_half_up(denominator: int) -> None:
    wrong = [
        (count, percent(count, denominator), decimal_percent(count, denominator))
        for count in range(denominator + 1)
        if percent(count, denominator) != decimal_percent(count, denominator)
    ]
    assert wrong == []


def test_percent_refuses_negative_numbers() -> None:
    with pytest.raises(ValueError):
        percent(-1, 85)
    with pytest.raises(ValueError):
        percent(1, -85)


# -- tallies -----------------------------------------------------------------------------------


def test_tally_lists_every_option_in_order_with_zeros() -> None:
    result = tally(RESOLUTION_OPTIONS, ["khong_bieu_quyet", "tan_thanh", "tan_thanh"])
    assert result == {"tan_thanh": 2, "khong_tan_thanh": 0, "khong_bieu_quyet": 1}
    assert list(result) == ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"]
    assert tally(RESOLUTION_OPTIONS, []) == {"tan_thanh": 0, "khong_tan_thanh": 0, "khong_bieu_quyet": 0}


def test_tally_refuses_a_choice_outside_the_options() -> None:
    with pytest.raises(ValueError, match="chua_bieu_quyet"):
        tally(RESOLUTION_OPTIONS, ["tan_thanh", "chua_bieu_quyet"])
    with pytest.raises(ValueError):
        tally(["a", "a"], ["a"])


@given(st.lists(st.sampled_from(RESOLUTION_OPTIONS), max_size=120))
def test_tally_counts_each_choice_once(choices: list[str]) -> None:
    result = tally(RESOLUTION_OPTIONS, choices)
    assert list(result) == list(RESOLUTION_OPTIONS)
    assert sum(result.values()) == len(choices)
    for option in RESOLUTION_OPTIONS:
        assert result[option] == len([c for c in choices if c == option])


# -- confidence (NQ 96) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "collected", "expected"),
    [
        # B = 84, even: more than half from 43, two thirds from 56 (3*56 = 168 = 2*84).
        (42, 84, "none"),
        (43, 84, "may_resign"),
        (55, 84, "may_resign"),
        (56, 84, "dismissal"),
        (84, 84, "dismissal"),
        # B = 85, odd: more than half from 43 (86 > 85), two thirds from 57 (3*56 = 168 < 170).
        (42, 85, "none"),
        (43, 85, "may_resign"),
        (56, 85, "may_resign"),
        (57, 85, "dismissal"),
        (0, 85, "none"),
        # Small B: the resignation window can be empty.
        (1, 1, "dismissal"),
        (1, 2, "none"),
        (2, 2, "dismissal"),
        (1, 3, "none"),
        (2, 3, "dismissal"),
        (2, 4, "none"),
        (3, 4, "dismissal"),
        (3, 5, "may_resign"),
        (4, 5, "dismissal"),
        (0, 0, "none"),  # no ballot collected: no assessment
    ],
)
def test_confidence_consequence_by_hand(low: int, collected: int, expected: str) -> None:
    assert confidence_consequence(low, collected) == expected


def test_confidence_consequence_matches_the_fractions() -> None:
    for collected in range(1, 400):
        for low in range(collected + 1):
            share = Fraction(low, collected)
            expected = "dismissal" if share >= TWO_THIRDS else "may_resign" if share > HALF else "none"
            assert confidence_consequence(low, collected) == expected, (low, collected)


@pytest.mark.parametrize(
    ("no", "collected", "expected"),
    [
        (42, 85, "none"),
        (43, 85, "dismissal"),
        (42, 84, "none"),
        (43, 84, "dismissal"),
        (0, 0, "none"),
        (1, 2, "none"),
        (2, 3, "dismissal"),
        (1, 1, "dismissal"),
    ],
)
def test_no_confidence_consequence_by_hand(no: int, collected: int, expected: str) -> None:
    assert no_confidence_consequence(no, collected) == expected


def test_no_confidence_consequence_matches_the_fractions() -> None:
    for collected in range(1, 400):
        for no in range(collected + 1):
            expected = "dismissal" if Fraction(no, collected) > HALF else "none"
            assert no_confidence_consequence(no, collected) == expected, (no, collected)


def test_consequences_refuse_negative_counts() -> None:
    with pytest.raises(ValueError):
        confidence_consequence(-1, 85)
    with pytest.raises(ValueError):
        no_confidence_consequence(1, -85)


def test_confidence_results_use_ballots_collected_as_b() -> None:
    # 85 ballots; for "ct": 43 low, 40 trust, 2 left blank. Of the 83 valid marks 43 would be
    # more than half either way; the B that matters is 85 (NQ 96 Đ.19 k3).
    ballots: list[dict[str, str]] = (
        [{"ct": "tin_nhiem_thap", "pct": "tin_nhiem_cao"}] * 43
        + [{"ct": "tin_nhiem", "pct": "tin_nhiem_thap"}] * 40
        + [{"pct": "tin_nhiem_thap"}] * 2
    )
    results = confidence_results("confidence", ["ct", "pct"], CONFIDENCE_LEVELS, ballots, issued=85)
    assert list(results) == ["ct", "pct"]
    assert results["ct"] == {
        "issued": 85,
        "collected": 85,
        "valid": 83,
        "counts": {"tin_nhiem_cao": 0, "tin_nhiem": 40, "tin_nhiem_thap": 43},
        "consequence": "may_resign",
    }
    assert results["pct"]["valid"] == 85
    assert results["pct"]["counts"] == {"tin_nhiem_cao": 43, "tin_nhiem": 0, "tin_nhiem_thap": 42}
    assert results["pct"]["consequence"] == "none"


def test_confidence_results_where_b_not_valid_changes_the_consequence() -> None:
    # 56 low of the 82 valid marks would be two thirds (168 >= 164), but of the 85 ballots
    # collected it is not (168 < 170): the person may resign, no dismissal is proposed.
    ballots = [{"x": "tin_nhiem_thap"}] * 56 + [{"x": "tin_nhiem"}] * 26 + [{}] * 3
    [result] = confidence_results("confidence", ["x"], CONFIDENCE_LEVELS, ballots, issued=85).values()
    assert (result["collected"], result["valid"]) == (85, 82)
    assert result["consequence"] == "may_resign"


def test_confidence_results_skip_unknown_levels_and_subjects_but_keep_the_rest() -> None:
    ballots = [
        {"a": "tin_nhiem_thap", "b": "rat_tin_nhiem", "ghost": "tin_nhiem"},
        {"a": "khong_tin_nhiem", "b": "tin_nhiem_cao"},  # a level of the other ballot kind
    ]
    results = confidence_results("confidence", ["a", "b"], CONFIDENCE_LEVELS, ballots, issued=3)
    assert "ghost" not in results
    assert results["a"]["valid"] == 1
    assert results["a"]["counts"] == {"tin_nhiem_cao": 0, "tin_nhiem": 0, "tin_nhiem_thap": 1}
    assert results["b"]["valid"] == 1
    assert results["b"]["counts"] == {"tin_nhiem_cao": 1, "tin_nhiem": 0, "tin_nhiem_thap": 0}
    assert results["a"]["collected"] == results["b"]["collected"] == 2
    assert results["a"]["issued"] == 3


def test_no_confidence_results_decide_on_khong_tin_nhiem() -> None:
    ballots = [{"p": "khong_tin_nhiem"}] * 43 + [{"p": "tin_nhiem"}] * 42
    [result] = confidence_results("no_confidence", ["p"], NO_CONFIDENCE_OPTIONS, ballots, issued=85).values()
    assert result["counts"] == {"tin_nhiem": 42, "khong_tin_nhiem": 43}
    assert result["consequence"] == "dismissal"
    ballots = [{"p": "khong_tin_nhiem"}] * 42 + [{"p": "tin_nhiem"}] * 42 + [{"p": "tin_nhiem_thap"}]
    [result] = confidence_results("no_confidence", ["p"], NO_CONFIDENCE_OPTIONS, ballots, issued=85).values()
    assert (result["valid"], result["consequence"]) == (84, "none")


def test_confidence_results_with_no_ballot() -> None:
    [result] = confidence_results("confidence", ["p"], CONFIDENCE_LEVELS, [], issued=0).values()
    assert result == {
        "issued": 0,
        "collected": 0,
        "valid": 0,
        "counts": {"tin_nhiem_cao": 0, "tin_nhiem": 0, "tin_nhiem_thap": 0},
        "consequence": "none",
    }


def test_confidence_results_refuse_a_wrong_rule_or_levels() -> None:
    with pytest.raises(ValueError):
        confidence_results("majority_of_all", ["p"], CONFIDENCE_LEVELS, [], issued=0)
    with pytest.raises(ValueError):
        confidence_results("confidence", ["p"], NO_CONFIDENCE_OPTIONS, [], issued=0)
    with pytest.raises(ValueError):
        confidence_results("no_confidence", ["p"], CONFIDENCE_LEVELS, [], issued=0)
    with pytest.raises(ValueError):
        confidence_results("confidence", ["p", "p"], CONFIDENCE_LEVELS, [], issued=0)


SUBJECTS = ["s1", "s2", "s3"]
marks = st.dictionaries(
    st.sampled_from([*SUBJECTS, "stranger"]),
    st.sampled_from([*CONFIDENCE_LEVELS, *NO_CONFIDENCE_OPTIONS, "spoilt"]),
)


@settings(max_examples=300)
@given(st.sampled_from(["confidence", "no_confidence"]), st.lists(marks, max_size=60), st.integers(0, 100))
def test_confidence_results_count_each_mark_once(
    rule: str, ballots: list[dict[str, str]], issued: int
) -> None:
    levels = CONFIDENCE_LEVELS if rule == "confidence" else NO_CONFIDENCE_OPTIONS
    deciding = "tin_nhiem_thap" if rule == "confidence" else "khong_tin_nhiem"
    results = confidence_results(rule, SUBJECTS, levels, ballots, issued)
    assert list(results) == SUBJECTS
    b = len(ballots)
    for subject in SUBJECTS:
        result = results[subject]
        counts = result["counts"]
        assert isinstance(counts, dict)
        expected = Counter(ballot[subject] for ballot in ballots if ballot.get(subject) in levels)
        assert counts == {level: expected[level] for level in levels}
        assert list(counts) == list(levels)
        assert sum(counts.values()) == result["valid"]
        assert len([ballot for ballot in ballots if ballot.get(subject) in levels]) == result["valid"]
        assert result["collected"] == b
        assert result["issued"] == issued
        share = Fraction(counts[deciding], b) if b else Fraction(0)
        if rule == "confidence":
            want = "dismissal" if b and share >= TWO_THIRDS else "may_resign" if share > HALF else "none"
        else:
            want = "dismissal" if share > HALF else "none"
        assert result["consequence"] == want


# -- elections ---------------------------------------------------------------------------------


def ballots_for(votes: Mapping[str, int], seats: int) -> list[list[str]]:
    """Valid ballots giving each candidate exactly `votes`, none with more than `seats` names.

    Names are laid around a ring of ballots one candidate after another, so no ballot gets the
    same candidate twice while each candidate's votes do not exceed the ring's size."""
    total = sum(votes.values())
    size = max([*votes.values(), -(-total // seats), 0])
    ring: list[list[str]] = [[] for _ in range(size)]
    slot = 0
    for candidate, count in votes.items():
        for _ in range(count):
            ring[slot % size].append(candidate)
            slot += 1
    assert all(len(b) <= seats and len(set(b)) == len(b) for b in ring)
    return ring


def elect(votes: Mapping[str, int], seats: int, n_total: int = 85) -> dict[str, object]:
    result = election_result(list(votes), seats, n_total, ballots_for(votes, seats))
    assert result["results"] == {c: {"votes": v} for c, v in votes.items()}
    return result


def test_election_one_post_majority_of_n() -> None:
    result = elect({"a": 50, "b": 30}, seats=1)
    assert (result["elected"], result["tie"]) == (["a"], [])
    result = elect({"a": 42, "b": 40}, seats=1)  # most votes but not more than half of 85
    assert (result["elected"], result["tie"]) == ([], [])
    result = elect({"a": 43, "b": 42}, seats=1)
    assert (result["elected"], result["tie"]) == (["a"], [])


def test_election_more_qualified_than_posts_takes_the_highest() -> None:
    result = elect({"a": 45, "b": 60, "c": 50}, seats=2)
    assert (result["elected"], result["tie"]) == (["b", "c"], [])


def test_election_tie_at_the_cut_off_goes_to_a_new_round() -> None:
    result = elect({"a": 60, "b": 50, "c": 50}, seats=2)
    assert (result["elected"], result["tie"]) == (["a"], ["b", "c"])
    result = elect({"a": 50, "b": 50}, seats=1)
    assert (result["elected"], result["tie"]) == ([], ["a", "b"])
    # A tie above the cut-off is no tie: both fit.
    result = elect({"a": 60, "b": 60, "c": 50}, seats=2)
    assert (result["elected"], result["tie"]) == (["a", "b"], [])
    # A tie below the cut-off does not matter either.
    result = elect({"a": 60, "b": 50, "c": 50}, seats=1)
    assert (result["elected"], result["tie"]) == (["a"], [])


def test_election_equal_votes_within_the_posts_elect_all() -> None:
    result = elect({"a": 50, "b": 50, "c": 10}, seats=2)
    assert (result["elected"], result["tie"]) == (["a", "b"], [])


def test_election_orders_the_elected_by_votes_then_candidate_order() -> None:
    result = elect({"a": 44, "b": 70, "c": 44}, seats=3)
    assert result["elected"] == ["b", "a", "c"]
    result = elect({"nguyen": 44, "binh": 70, "an": 44}, seats=3)
    assert result["elected"] == ["binh", "nguyen", "an"]
    result = elect({"nguyen": 50, "an": 50}, seats=1)
    assert result["tie"] == ["nguyen", "an"]


def test_election_ballot_validity() -> None:
    candidates = ["a", "b", "c"]
    ballots = [
        ["a", "b"],  # valid
        [],  # valid, for nobody
        ["a", "b", "c"],  # more names than posts
        ["a", "a"],  # the same name twice
        ["z"],  # not a candidate
        "ab",  # a bare string, not a list of names
        ["c"],  # valid
    ]
    result = election_result(candidates, 2, 5, ballots)
    assert (result["valid"], result["invalid"]) == (3, 4)
    assert result["results"] == {"a": {"votes": 1}, "b": {"votes": 1}, "c": {"votes": 1}}
    assert (result["elected"], result["tie"]) == ([], [])


def test_election_refuses_impossible_setups() -> None:
    with pytest.raises(ValueError):
        election_result(["a", "b"], 0, 85, [])
    with pytest.raises(ValueError):
        election_result(["a", "b"], 3, 85, [])
    with pytest.raises(ValueError):
        election_result(["a", "a"], 1, 85, [])


# Not in alphabetical order: ties between equal votes must follow the ballot's order, not the ids'.
CANDIDATE_IDS = ["c3", "c1", "c5", "c2", "c4"]


@st.composite
def elections(draw: st.DrawFn) -> tuple[list[str], int, int, list[list[str]]]:
    candidates = CANDIDATE_IDS[: draw(st.integers(1, len(CANDIDATE_IDS)))]
    seats = draw(st.integers(1, len(candidates)))
    names = st.sampled_from([*candidates, "unknown"])
    # Mostly valid ballots, so that candidates reach a majority and ties happen.
    ballot = st.one_of(
        st.lists(st.sampled_from(candidates), max_size=seats, unique=True),
        st.lists(names, max_size=len(candidates) + 1),
    )
    ballots = draw(st.lists(ballot, max_size=40))
    n_total = draw(st.integers(1, 40))
    return candidates, seats, n_total, ballots


def expected_winners(votes: Mapping[str, int], seats: int, n_total: int) -> tuple[set[str], set[str]]:
    """Elected and tied, judged candidate by candidate: how many qualified beat or equal them."""
    qualified = [c for c in votes if Fraction(votes[c], n_total) > HALF]
    elected, tied = set(), set()
    for c in qualified:
        beaten_by = len([d for d in qualified if votes[d] > votes[c]])
        level_or_above = len([d for d in qualified if votes[d] >= votes[c]])
        if level_or_above <= seats:
            elected.add(c)
        elif beaten_by < seats:
            tied.add(c)
    return elected, tied


@settings(max_examples=500)
@given(elections())
def test_election_properties(case: tuple[list[str], int, int, list[list[str]]]) -> None:
    candidates, seats, n_total, ballots = case
    result = election_result(candidates, seats, n_total, ballots)
    good = [b for b in ballots if len(b) <= seats and len(set(b)) == len(b) and set(b) <= set(candidates)]
    assert result["valid"] == len(good)
    assert result["invalid"] == len(ballots) - len(good)
    results = result["results"]
    assert isinstance(results, dict)
    assert list(results) == candidates
    votes = {c: results[c]["votes"] for c in candidates}
    assert votes == {c: len([b for b in good if c in b]) for c in candidates}
    assert sum(votes.values()) == sum(len(b) for b in good)

    elected, tie = result["elected"], result["tie"]
    assert isinstance(elected, list)
    assert isinstance(tie, list)
    assert (set(elected), set(tie)) == expected_winners(votes, seats, n_total)
    assert elected == sorted(elected, key=lambda c: (-votes[c], candidates.index(c)))
    assert tie == [c for c in candidates if c in tie]
    assert len(elected) == len(set(elected)) <= seats
    assert not set(elected) & set(tie)
    assert all(2 * votes[c] > n_total for c in [*elected, *tie])
    if tie:
        # A new round only when the tied cannot all fit, among equals, below every elected.
        assert len(elected) < seats < len(elected) + len(tie)
        assert len({votes[c] for c in tie}) == 1
        assert all(votes[c] > votes[tie[0]] for c in elected)
    # Everyone left out has fewer votes than anyone elected or tied.
    chosen = [*elected, *tie]
    for c in candidates:
        if c not in chosen and chosen:
            assert votes[c] < min(votes[d] for d in chosen)


def test_election_ballots_helper_is_honest() -> None:
    votes = {"a": 60, "b": 50, "c": 50}
    ring = ballots_for(votes, 2)
    assert Counter(name for b in ring for name in b) == Counter(votes)
