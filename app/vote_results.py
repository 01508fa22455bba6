"""A vote's result as `vote.closed` carries it (docs/votes.md), counted from the ballot box."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from app.model import RESOLUTION_KINDS, BallotBox, MeetingState, Vote
from app.vote_rules import (
    cannot_pass,
    confidence_results,
    election_result,
    resolution_outcome,
    tally,
)


def _base(vote: Vote, state: MeetingState, closed_by: str) -> dict[str, Any]:
    return {
        "vote_id": vote.vote_id,
        "kind": vote.kind,
        "rule": vote.rule,
        "n_total": vote.n_total,
        "present": len(state.present),
        "closed_by": closed_by,
    }


def resolution_result(vote: Vote, state: MeetingState, counts: Mapping[str, int], closed_by: str) -> dict[str, Any]:
    participated = sum(counts.values())
    data = _base(vote, state, closed_by)
    data.update(
        participated=participated,
        tally={option: counts.get(option, 0) for option in vote.options},
        not_voted=max(0, len(state.present) - participated),
        outcome=resolution_outcome(vote.rule, counts, vote.n_total),
    )
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
        data = _base(vote, state, closed_by)
        subjects = [p.person_id for p in vote.subjects]
        data.update(
            issued=len(state.present),
            collected=len(choices),
            results=confidence_results(vote.rule, subjects, vote.options, choices, len(state.present)),
        )
    else:
        data = _base(vote, state, closed_by)
        outcome = election_result(list(vote.options), vote.seats, vote.n_total, choices)
        data.update(issued=len(state.present), collected=len(choices), seats=vote.seats, **outcome)
    data["counted"] = counted
    data["receipts"] = receipts
    return data


def hopeless(vote: Vote, state: MeetingState) -> bool:
    """Nothing can pass with this few present (a warning for the chair before opening)."""
    return vote.kind in RESOLUTION_KINDS and cannot_pass(len(state.present), vote.n_total)
