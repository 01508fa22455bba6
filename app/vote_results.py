"""A vote's result as `vote.closed` carries it (docs/votes.md), counted from the ballot box."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from app.model import RESOLUTION_KINDS, BallotBox, MeetingState, Vote
from app.vote_rules import (
    cannot_pass,
    confidence_from_counts,
    confidence_results,
    election_from_votes,
    election_result,
    resolution_outcome,
    tally,
)


def _base(vote: Vote, present: int, closed_by: str) -> dict[str, Any]:
    return {
        "vote_id": vote.vote_id,
        "kind": vote.kind,
        "rule": vote.rule,
        "n_total": vote.n_total,
        "present": present,
        "closed_by": closed_by,
    }


def resolution_result(vote: Vote, state: MeetingState, counts: Mapping[str, int], closed_by: str) -> dict[str, Any]:
    return _resolution(vote, len(state.present), counts, closed_by)


def _resolution(vote: Vote, present: int, counts: Mapping[str, int], closed_by: str) -> dict[str, Any]:
    participated = sum(counts.values())
    data = _base(vote, present, closed_by)
    data.update(
        participated=participated,
        tally={option: counts.get(option, 0) for option in vote.options},
        not_voted=max(0, present - participated),
        outcome=resolution_outcome(vote.rule, counts, vote.n_total),
    )
    return data


def sealed_result(
    vote: Vote, counts: Sequence[Sequence[int]], present: int, collected: int, closed_by: str
) -> dict[str, Any]:
    """`vote.closed` of a sealed vote from its decrypted counts (per question, per option):
    the fields of the plaintext path for the same choices, without `counted` and `receipts`
    since no ballot is ever opened (docs/sealed.md); the caller adds `sealed`."""
    if vote.kind == "secret":
        return _resolution(vote, present, dict(zip(vote.options, counts[0], strict=True)), closed_by)
    data = _base(vote, present, closed_by)
    if vote.kind == "confidence":
        by_subject = {
            p.person_id: dict(zip(vote.options, row, strict=True)) for p, row in zip(vote.subjects, counts, strict=True)
        }
        data.update(issued=present, collected=collected,
                    results=confidence_from_counts(vote.rule, by_subject, collected, present))
        return data
    votes = dict(zip(vote.options, counts[0], strict=True))
    # No sealed ballot can name more candidates than posts (its proof says so): none is invalid.
    outcome = election_from_votes(list(vote.options), vote.seats, vote.n_total, votes, collected, 0)
    data.update(issued=present, collected=collected, seats=vote.seats, **outcome)
    return data


def result(vote: Vote, state: MeetingState, box: BallotBox, closed_by: str) -> dict[str, Any]:
    """The `vote.closed` data (without the room's signature) for every electronic kind."""
    if vote.kind == "open":
        ballots = {delegate: json.loads(choice) for delegate, choice in sorted(box.named.items())}
        data = resolution_result(vote, state, tally(vote.options, ballots.values()), closed_by)
        data["ballots"] = ballots
        # Who had checked in but pressed nothing is named for the open kind only.
        return data
    # Sorted, not shuffled: no order of arrival survives, and the record stays reproducible.
    counted = sorted(box.secret)
    receipts = sorted(box.receipts)
    choices = [json.loads(c) for c in counted]
    if vote.kind == "secret":
        data = resolution_result(vote, state, tally(vote.options, choices), closed_by)
    elif vote.kind == "confidence":
        data = _base(vote, len(state.present), closed_by)
        subjects = [p.person_id for p in vote.subjects]
        data.update(
            issued=len(state.present),
            collected=len(choices),
            results=confidence_results(vote.rule, subjects, vote.options, choices, len(state.present)),
        )
    else:
        data = _base(vote, len(state.present), closed_by)
        outcome = election_result(list(vote.options), vote.seats, vote.n_total, choices)
        data.update(issued=len(state.present), collected=len(choices), seats=vote.seats, **outcome)
    data["counted"] = counted
    data["receipts"] = receipts
    return data


def hopeless(vote: Vote, state: MeetingState) -> bool:
    """Nothing can pass with this few present (a warning for the chair before opening)."""
    return vote.kind in RESOLUTION_KINDS and cannot_pass(len(state.present), vote.n_total)
