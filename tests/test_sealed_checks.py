"""The room's memo of a vote's `A` points (sync/server/sealed_checks.Prechecks.seen): what the writer
checks a copied ballot against. It must always equal the board's points, whatever the writer's
state does: grow ballot by ballot, roll back with a failed batch, or be another meeting's vote."""

from __future__ import annotations

from dataclasses import replace

from app.voting_sealed_count import seen_points
from sync.server.sealed_checks import Prechecks
from tests.domain_log import CHAIR_ACTOR
from tests.test_sealed_domain import DELEGATES, cast, ready_room


async def test_the_seen_points_follow_the_board_through_growth_rollback_and_another_meeting() -> None:
    room, vote_id = ready_room()
    room.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
    prechecks = Prechecks(workers=1)
    try:
        states = []
        for delegate_id in DELEGATES[:4]:
            cast(room, delegate_id, vote_id, "tan_thanh")
            vote = room.vote(vote_id)
            states.append(vote)
            assert prechecks.seen(vote) == seen_points(vote) and len(seen_points(vote)) == 3 * len(vote.ballots)
        # A batch that failed to commit: the writer is back at two ballots.
        assert prechecks.seen(states[1]) == seen_points(states[1])
        # Two again, but not the same second ballot: rebuilt, not trusted.
        other = replace(states[1], ballots=(states[1].ballots[0], states[3].ballots[3]))
        assert prechecks.seen(other) == seen_points(other)
        # Another meeting's vote of the same id, as long as this one.
        elsewhere, _ = ready_room()
        elsewhere.cmd(CHAIR_ACTOR, "vote.open", {"vote_id": vote_id})
        for delegate_id in DELEGATES[10:14]:
            cast(elsewhere, delegate_id, vote_id, "khong_tan_thanh")
        foreign = elsewhere.vote(vote_id)
        assert prechecks.seen(foreign) == seen_points(foreign) != seen_points(states[3])
    finally:
        await prechecks.stop()
