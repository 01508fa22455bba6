"""The sealed ballot's cryptography (app/tally, docs/sealed.md), by properties: whatever is tampered
with is refused, and the jointly decrypted tally always equals the plaintext sum."""

from __future__ import annotations

import base64
import copy
import itertools
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.keys import DeviceKeys
from app.tally.ballot import Question, check_ballot, questions_for, seal_ballot, tracking, tracking_code
from app.tally.decrypt import check_decryption, combine, decryption_shares
from app.tally.dkg import check_deal, make_deal, open_share, ready_data, secret_share, share_ok, threshold
from app.tally.elgamal import tally_from_json, tally_of, tally_to_json
from app.tally.group import (
    GENERATOR,
    IDENTITY,
    ORDER,
    TallyError,
    b64,
    base_mul,
    point_from_b64,
    random_scalar,
    scalar,
    scalar_from_b64,
)

VOTE = "vote-7"
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Committee:
    """Seven members who ran the whole ceremony honestly: their keys and shares."""

    def __init__(self, m: int = 7) -> None:
        self.members = [f"dbieu-{i}" for i in range(1, m + 1)]
        self.devices = [DeviceKeys.generate() for _ in self.members]
        self.t = threshold(m)
        pubs = [(d, base64.b64decode(k.kex_pub_b64)) for d, k in zip(self.members, self.devices, strict=True)]
        self.deals = {d: make_deal(VOTE, d, pubs, self.t) for d in self.members}
        self.ready = ready_data(VOTE, self.members, self.t, self.deals, self.members, self.members)
        self.public_key = point_from_b64(self.ready["public_key"], "public_key")
        self.x: dict[int, bytes] = {}
        for j, (member, device) in enumerate(zip(self.members, self.devices, strict=True), start=1):
            opened = {d: open_share(device, VOTE, d, member, self.deals[d]["shares"][member]) for d in self.members}
            self.x[j] = secret_share(opened, self.members)

    def key_of(self, j: int) -> bytes:
        return point_from_b64(self.ready["verification_keys"][self.members[j - 1]], "key")

    def count(self, tally: Any, indices: tuple[int, ...], most: int) -> list[list[int]]:
        found = {}
        for j in indices:
            shares = decryption_shares(VOTE, self.members[j - 1], self.x[j], tally)
            found[j] = check_decryption(VOTE, self.members[j - 1], self.key_of(j), tally, shares)
        return combine(tally, found, most)


@cache
def committee() -> Committee:
    return Committee()


def one_hot(n: int, i: int) -> list[int]:
    return [int(k == i) for k in range(n)]


def test_the_ceremony_gives_every_member_a_share_of_one_key_nobody_holds() -> None:
    c = committee()
    assert c.t == 4
    for j in range(1, 8):
        assert b64(base_mul(c.x[j])) == c.ready["verification_keys"][c.members[j - 1]]
    # The key is the sum of the dealers' secrets: no member's share is it.
    assert all(base_mul(x) != c.public_key for x in c.x.values())


@SLOW
@given(st.lists(st.integers(0, 2), min_size=0, max_size=30), st.sampled_from(list(itertools.combinations(range(1, 8), 4))))
def test_any_majority_of_the_committee_counts_exactly_the_plaintext_sum(choices: list[int], who: tuple[int, ...]) -> None:
    c = committee()
    qs = questions_for("secret", 3, 0, 1)
    ballots = [seal_ballot(VOTE, c.public_key, qs, [one_hot(3, i)]) for i in choices]
    tally = tally_from_json(tally_to_json(tally_of(qs, ballots)), qs)
    assert c.count(tally, who, len(choices)) == [[choices.count(i) for i in range(3)]]


def test_fewer_than_the_threshold_cannot_count() -> None:
    c = committee()
    qs = questions_for("secret", 3, 0, 1)
    ballots = [seal_ballot(VOTE, c.public_key, qs, [one_hot(3, i)]) for i in (0, 0, 1, 2, 0)]
    tally = tally_of(qs, ballots)
    with pytest.raises(TallyError):
        c.count(tally, (1, 2, 3), 5)


@SLOW
@given(st.lists(st.dictionaries(st.sampled_from(["s1", "s2", "s3"]), st.integers(0, 2)), min_size=1, max_size=6))
def test_confidence_ballots_count_per_subject_with_blanks(ballots_marks: list[dict[str, int]]) -> None:
    c = committee()
    qs = questions_for("confidence", 3, 3, 1)
    rows = [[one_hot(3, marks[s]) if s in marks else [0, 0, 0] for s in ("s1", "s2", "s3")] for marks in ballots_marks]
    ballots = [seal_ballot(VOTE, c.public_key, qs, r) for r in rows]
    for b in ballots:
        check_ballot(VOTE, c.public_key, qs, b)
    expected = [[sum(r[q][o] for r in rows) for o in range(3)] for q in range(3)]
    assert c.count(tally_of(qs, ballots), (4, 5, 6, 7), len(rows)) == expected


@SLOW
@given(st.lists(st.sets(st.integers(0, 4), max_size=2), min_size=1, max_size=8))
def test_election_ballots_hold_up_to_the_number_of_posts(picks: list[set[int]]) -> None:
    c = committee()
    qs = questions_for("election", 5, 0, 2)
    rows = [[[int(k in p) for k in range(5)]] for p in picks]
    ballots = [seal_ballot(VOTE, c.public_key, qs, r) for r in rows]
    for b in ballots:
        check_ballot(VOTE, c.public_key, qs, b)
    assert c.count(tally_of(qs, ballots), (1, 3, 5, 7), len(rows)) == [[sum(k in p for p in picks) for k in range(5)]]


def _paths(ballot: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Every base64 value of a ballot, by its place."""
    out: list[tuple[Any, ...]] = []
    for qi, q in enumerate(ballot["questions"]):
        for oi in range(len(q["options"])):
            out += [(qi, "options", oi, "a"), (qi, "options", oi, "b")]
            out += [(qi, "options", oi, "proof", k) for k in range(4)]
        out += [(qi, "total", k) for k in range(len(q["total"]))]
    return out


def _set(ballot: dict[str, Any], path: tuple[Any, ...], value: str) -> None:
    node: Any = ballot["questions"][path[0]]
    for key in path[1:-1]:
        node = node[key]
    node[path[-1]] = value


def _get(ballot: dict[str, Any], path: tuple[Any, ...]) -> str:
    node: Any = ballot["questions"][path[0]]
    for key in path[1:]:
        node = node[key]
    return str(node)


@cache
def sample_ballot() -> tuple[tuple[Question, ...], dict[str, Any]]:
    qs = questions_for("confidence", 3, 2, 1)
    return qs, seal_ballot(VOTE, committee().public_key, qs, [[0, 1, 0], [0, 0, 0]])


@SLOW
@given(st.data())
def test_any_tampered_value_of_a_ballot_is_refused(data: st.DataObject) -> None:
    qs, ballot = sample_ballot()
    path = data.draw(st.sampled_from(_paths(ballot)))
    raw = bytearray(base64.b64decode(_get(ballot, path)))
    bit = data.draw(st.integers(0, 255))
    raw[bit // 8] ^= 1 << (bit % 8)
    forged = copy.deepcopy(ballot)
    _set(forged, path, base64.b64encode(bytes(raw)).decode())
    with pytest.raises(TallyError) as refused:
        check_ballot(VOTE, committee().public_key, qs, forged)
    assert refused.value.code == "bad_request"
    assert refused.value.detail["reason"] in ("proof", "point", "scalar", "shape")


def test_a_ballot_checks_only_for_its_own_vote_question_and_key() -> None:
    c = committee()
    qs, ballot = sample_ballot()
    check_ballot(VOTE, c.public_key, qs, ballot)
    with pytest.raises(TallyError):
        check_ballot("vote-8", c.public_key, qs, ballot)
    with pytest.raises(TallyError):
        check_ballot(VOTE, base_mul(random_scalar()), qs, ballot)
    swapped = {"v": 1, "questions": list(reversed(ballot["questions"]))}
    with pytest.raises(TallyError):
        check_ballot(VOTE, c.public_key, qs, swapped)


def test_a_ballot_with_two_marks_on_a_yes_no_question_is_refused() -> None:
    """Made with an honest proof for a total of 2 (same length as a total of 1): it lies about 1."""
    c = committee()
    forged = seal_ballot(VOTE, c.public_key, (Question(3, 2, 2),), [[1, 1, 0]])
    with pytest.raises(TallyError) as refused:
        check_ballot(VOTE, c.public_key, questions_for("secret", 3, 0, 1), forged)
    assert refused.value.detail == {"reason": "proof", "question": 0, "option": -1}


def test_an_option_worth_two_cannot_be_proved() -> None:
    c = committee()
    qs = questions_for("election", 3, 0, 2)
    ballot = seal_ballot(VOTE, c.public_key, qs, [[1, 0, 0]])
    # Add G to B: the option now holds 2, and its 0/1 proof no longer fits.
    from app.tally.group import add

    option = ballot["questions"][0]["options"][0]
    option["b"] = b64(add(base64.b64decode(option["b"]), GENERATOR))
    with pytest.raises(TallyError) as refused:
        check_ballot(VOTE, c.public_key, qs, ballot)
    assert refused.value.detail["reason"] == "proof"


@pytest.mark.parametrize("bad", [
    b64(IDENTITY),
    b64(bytes(32)),
    b64(bytes([0xEC] + [0xFF] * 30 + [0x7F])),  # y = -1: order 2
    b64(bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")),  # order 8
    "AAAA",
    None,
])
def test_points_outside_the_prime_order_group_are_refused(bad: object) -> None:
    with pytest.raises(TallyError):
        point_from_b64(bad, "x")


def test_scalars_must_be_canonical() -> None:
    assert scalar_from_b64(b64(scalar(ORDER - 1)), "s") == scalar(ORDER - 1)
    with pytest.raises(TallyError):
        scalar_from_b64(b64(ORDER.to_bytes(32, "little")), "s")


def test_a_deal_with_a_wrong_proof_or_missing_share_is_refused_and_a_bad_share_is_seen() -> None:
    c = committee()
    dealer = c.members[0]
    deal = c.deals[dealer]
    check_deal(VOTE, dealer, c.members, c.t, deal)
    with pytest.raises(TallyError):
        check_deal(VOTE, c.members[1], c.members, c.t, deal)  # a proof is the dealer's own
    rogue = {**deal, "commitments": [b64(base_mul(random_scalar())), *deal["commitments"][1:]]}
    with pytest.raises(TallyError):
        check_deal(VOTE, dealer, c.members, c.t, rogue)
    with pytest.raises(TallyError):
        check_deal(VOTE, dealer, c.members, c.t, {**deal, "shares": {m: deal["shares"][m] for m in c.members[1:]}})
    commitments = [point_from_b64(x, "c") for x in deal["commitments"]]
    share = open_share(c.devices[2], VOTE, dealer, c.members[2], deal["shares"][c.members[2]])
    assert share_ok(commitments, 3, share)
    assert not share_ok(commitments, 4, share)
    with pytest.raises(TallyError):  # sealed to member 3, not member 4's device
        open_share(c.devices[3], VOTE, dealer, c.members[3], deal["shares"][c.members[2]])


def test_a_decryption_share_that_lies_is_refused() -> None:
    c = committee()
    qs = questions_for("secret", 3, 0, 1)
    tally = tally_of(qs, [seal_ballot(VOTE, c.public_key, qs, [one_hot(3, 1)])])
    shares = decryption_shares(VOTE, c.members[0], c.x[1], tally)
    check_decryption(VOTE, c.members[0], c.key_of(1), tally, shares)
    with pytest.raises(TallyError):
        check_decryption(VOTE, c.members[1], c.key_of(2), tally, shares)  # not member 2's
    forged = copy.deepcopy(shares)
    forged[0][1][0] = b64(base_mul(random_scalar()))
    with pytest.raises(TallyError):
        check_decryption(VOTE, c.members[0], c.key_of(1), tally, forged)


def test_tracking_codes_are_short_stable_and_differ() -> None:
    qs, ballot = sample_ballot()
    code = tracking_code(tracking(ballot))
    assert len(code) == 11 and code[5] == "-" and code == tracking_code(tracking(copy.deepcopy(ballot)))
    other = seal_ballot(VOTE, committee().public_key, qs, [[0, 1, 0], [0, 0, 0]])
    assert tracking(other) != tracking(ballot)  # the same choice encrypts differently every time
