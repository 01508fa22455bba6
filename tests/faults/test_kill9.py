"""kill -9 of the room server at random moments during check-in and vote bursts, round after
round: nothing acknowledged is lost or doubled, and every device comes back by itself.

CI runs 20 rounds with 30 seats. On demand, `pytest -m faults_long tests/faults` runs 1,000 rounds
with all 85 delegates' seats (PHONGHOP_FAULT_ROUNDS and PHONGHOP_FAULT_SEATS change that).
PHONGHOP_FAULT_SEED replays one run's random moments (the seed is in every failure message)."""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from app.vote_rules import RESOLUTION_OPTIONS
from sync.client.ballot import cast_args
from tests.faults.drill import Tracked, check_nothing_lost_or_doubled, enrol, server_events, settled, stop_all
from tests.support import ServerProcess, patience

LONG_ROUNDS = int(os.environ.get("PHONGHOP_FAULT_ROUNDS", "1000"))
LONG_SEATS = min(int(os.environ.get("PHONGHOP_FAULT_SEATS", "85")), 85)
SEED = int(os.environ.get("PHONGHOP_FAULT_SEED", str(random.randrange(1 << 30))))
ITEM = "item-07"
COMMITTEE = {"head": "db-070", "secretary": "db-071", "members": [f"db-{i:03d}" for i in range(70, 77)]}

pytestmark = pytest.mark.slow


async def answered(tracked: Tracked, command_id: str) -> dict[str, object]:
    return await tracked.conn.answer(command_id, timeout=patience(30))


async def burst(fleet: list[Tracked], commands: list[tuple[str, dict[str, object]]]) -> list[dict[str, object]]:
    """Each seat queues its commands (in order, in its outbox) at once; all answers awaited."""
    async def one(tracked: Tracked) -> list[dict[str, object]]:
        ids = [await tracked.send(name, args) for name, args in commands]
        return [await answered(tracked, i) for i in ids]

    per_seat = await asyncio.gather(*(one(t) for t in fleet))
    return [a for answers in per_seat for a in answers]


async def chair_says(chair: Tracked, name: str, args: dict[str, object]) -> dict[str, object]:
    answer = await answered(chair, await chair.send(name, args))
    assert answer["type"] == "ack", answer
    return answer


async def one_round(chair: Tracked, hall: list[Tracked], secret: bool) -> str:
    answers = await burst(hall, [("attendance.check_out", {}), ("attendance.check_in", {})])
    assert {a["type"] for a in answers} == {"ack"}, [a for a in answers if a["type"] != "ack"][:3]
    extra: dict[str, object] = {"kind": "secret", "committee": COMMITTEE} if secret else {"kind": "open"}
    created = await chair_says(chair, "vote.create", {
        "item_id": ITEM, "title": "Thông qua Nghị quyết", "options": list(RESOLUTION_OPTIONS),
        "rule": "majority_of_all", "duration_s": 0, **extra})
    vote_id = f"vote-{created['seq']}"
    await chair_says(chair, "vote.open", {"vote_id": vote_id})

    async def cast(tracked: Tracked) -> dict[str, object]:
        choice = RESOLUTION_OPTIONS[hash(tracked.conn.identity.device_id) % 2]
        return await answered(tracked, await tracked.send("vote.cast", cast_args(tracked.conn.keys, vote_id, choice)))

    ballots = await asyncio.gather(*(cast(t) for t in hall))
    assert [a["type"] for a in ballots] == ["ack"] * len(hall), [a for a in ballots if a["type"] != "ack"][:3]
    await chair_says(chair, "vote.close", {"vote_id": vote_id})
    return vote_id


def check_vote(server: ServerProcess, meeting_id: str, vote_id: str, seats: int, secret: bool) -> None:
    """Each seat's ballot counted once: in the log, in the signed result, in the secret box."""
    log = server_events(server, meeting_id)
    recorded = [e for e in log if e.name == "vote.ballot_recorded" and e.data["vote_id"] == vote_id]
    assert [e.data["count"] for e in recorded] == list(range(1, seats + 1))
    result = next(e.data for e in log if e.name == "vote.closed" and e.data["vote_id"] == vote_id)
    assert sum(result["tally"].values()) == seats and result["participated"] == seats, result
    if secret:
        assert len(result["receipts"]) == len(set(result["receipts"])) == seats
        db = sqlite3.connect(f"file:{server.data_dir / 'room.db'}?mode=ro", uri=True)
        try:
            voters = [r[0] for r in db.execute("SELECT delegate_id FROM secret_voters WHERE vote_id = ?", (vote_id,))]
            (choices,) = db.execute("SELECT COUNT(*) FROM secret_choices WHERE vote_id = ?", (vote_id,)).fetchone()
        finally:
            db.close()
        assert len(voters) == len(set(voters)) == choices == seats
    else:
        voters = [e.data["delegate_id"] for e in recorded]
        assert len(set(voters)) == seats and len(result["ballots"]) == seats


async def test_kill_9_at_random_moments_loses_and_doubles_nothing(server: ServerProcess, tmp_path: Path) -> None:
    await drill(server, tmp_path, rounds=20, seats=30)


@pytest.mark.faults_long
@pytest.mark.timeout(LONG_ROUNDS * 20 + 120)
async def test_kill_9_a_thousand_times(server: ServerProcess, tmp_path: Path) -> None:
    await drill(server, tmp_path, LONG_ROUNDS, LONG_SEATS)


async def drill(server: ServerProcess, tmp_path: Path, rounds: int, seats: int) -> None:
    rng = random.Random(SEED)
    meeting_id = server.card("chair")["meeting_id"]
    fleet = await enrol(server, tmp_path, [f"db-{i:03d}" for i in range(1, seats + 1)])
    chair, hall = fleet[0], fleet[1:]
    kills: Counter[str] = Counter()
    try:
        answers = await burst(hall, [("attendance.check_in", {})])
        assert {a["type"] for a in answers} == {"ack"}
        started = time.monotonic()
        vote_id = await one_round(chair, hall, secret=False)  # the calibration round: no kill
        window = time.monotonic() - started
        check_vote(server, meeting_id, vote_id, seats, secret=False)

        for round_no in range(1, rounds + 1):
            delay = rng.uniform(0, window)

            async def kill_and_restart(delay: float = delay) -> None:
                await asyncio.sleep(delay)
                server.kill9()
                await asyncio.to_thread(server.start)

            killer = asyncio.create_task(kill_and_restart())
            secret = round_no % 4 == 0
            try:
                vote_id = await one_round(chair, hall, secret)
                await killer
                log = await settled(server, meeting_id, fleet)
                check_nothing_lost_or_doubled(log, fleet)
                check_vote(server, meeting_id, vote_id, seats, secret)
            except BaseException as exc:
                killer.cancel()
                raise AssertionError(f"round {round_no} (seed {SEED}, kill after {delay:.3f} s of {window:.3f}): "
                                     f"{exc!r}") from exc
            kills["during" if delay < window else "after"] += 1
    finally:
        await stop_all(fleet)
    assert sum(kills.values()) == rounds
