"""Worker threads and processes for the proofs of sealed votes (docs/sealed.md), off the room's
event loop.

A ballot's proofs take about a millisecond per option and a confidence ballot has dozens of
options: checked on the loop, 500 seats would stall every other device's acks. A thread per
command prepares the work; a ballot's proofs themselves run in worker processes: libsodium
releases the GIL for each of its ~40 calls per ballot, but a thread must win it back for the
Python between them whenever the loop is busy, so threads cannot use more cores than one. (On
two cores shared with 500 simulated seats the room checks ~175 ballots a second: the proofs cost
~3.7 ms of CPU a ballot, the room's own work ~3.3 ms, the simulated hall ~4.3 ms; docs/sealed.md
"Figures".) A device's commands keep their order: a command that comes in while an earlier one
of the same device is being checked waits for it."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections.abc import Awaitable, Callable, Mapping
from collections.abc import Set as AbstractSet
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any, TypeVar

from app.devices import RoomView
from app.errors import DomainError
from app.events import NewEvent
from app.model import Actor, MeetingState, Vote
from app.orphans import die_with_parent
from app.reducer import decide_server
from app.tally.ballot import Question, check_ballot
from app.tally.group import TallyError
from app.voting_sealed_checks import decide_checked
from app.voting_sealed_count import PreTally, a_points, pretally

log = logging.getLogger(__name__)

T = TypeVar("T")
# One core left to the loop: on two cores a second process took a 500-ballot burst within 1 s
# from 2.5 s to 2.0 s but a burst over 5 s from 155 ms to 175 ms (p99, seats on the same cores).
WORKERS = max(1, min(4, (os.cpu_count() or 2) - 1))
SEEN_VOTES = 16


def checked_decider(
    actor: Actor, name: str, args: Mapping[str, Any], checked: Any
) -> Callable[[RoomView | MeetingState, datetime], list[NewEvent]]:
    """The writer's decision on a command whose costly part a worker thread has done."""
    def decide(state: RoomView | MeetingState, now: datetime) -> list[NewEvent]:
        if isinstance(state, RoomView):
            return decide_server(state, actor, name, args, now)
        return decide_checked(state, actor, name, args, now, checked)

    return decide


def _check_ballot_here(vote_id: str, key: bytes, questions: tuple[Question, ...], ballot: Any) -> tuple[Any, ...]:
    """In a worker process: the proofs, with a refusal sent back as plain values (a DomainError
    does not pickle back as itself)."""
    try:
        return ("ok", check_ballot(vote_id, key, questions, ballot))
    except DomainError as exc:
        return ("refused", exc.code, exc.message, exc.detail)


class ProofProcesses:
    """Processes that check ballots' proofs; started with the room so no ballot waits for them."""

    def __init__(self, workers: int = WORKERS):
        context = multiprocessing.get_context("spawn")  # a fork would copy the loop and its sockets
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=die_with_parent)
        self.workers = workers

    def warm(self) -> None:
        if self._pool is not None:
            for _ in range(self.workers):
                self._pool.submit(int)

    def check(self, vote_id: str, key: bytes, questions: tuple[Question, ...], ballot: Any) -> list[bytes]:
        """Called from a worker thread, which waits without holding the GIL."""
        if self._pool is not None:
            try:
                answer = self._pool.submit(_check_ballot_here, vote_id, key, questions, ballot).result()
            except BrokenProcessPool:
                log.exception("the proof-checking processes died; checking in this process from now on")
                self._pool = None
            else:
                if answer[0] == "refused":
                    raise TallyError(answer[2], answer[3], code=answer[1])
                return list(answer[1])
        return check_ballot(vote_id, key, questions, ballot)

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


class Prechecks:
    def __init__(self, workers: int = WORKERS):
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sealed-check")
        self.proofs = ProofProcesses(workers)
        self._chains: dict[str, asyncio.Task[None]] = {}
        # Each open sealed vote's tally so far, grown as ballots come in, so that closing has
        # only the last few ballots to add (1.5 s for 500 twenty-subject ballots at once).
        self._tallies: dict[tuple[str, str], PreTally] = {}
        # Each recent vote's `A` points on the board, grown ballot by ballot: gathering them for
        # every ballot would cost the writer O(ballots × options) each time.
        self._seen: dict[str, tuple[int, Mapping[str, Any] | None, set[bytes]]] = {}

    def waiting(self, device_id: str) -> bool:
        """An earlier command of this device is still being checked."""
        return device_id in self._chains

    def then(self, device_id: str, step: Callable[[], Awaitable[None]]) -> None:
        """Runs `step` once every earlier step of the device has finished."""
        earlier = self._chains.get(device_id)

        async def chained() -> None:
            if earlier is not None:
                await asyncio.wait([earlier])
            try:
                await step()
            except Exception:
                log.exception("a sealed-vote check failed unexpectedly")

        task = asyncio.get_running_loop().create_task(chained(), name=f"sealed-check-{device_id}")
        self._chains[device_id] = task

        def done(finished: asyncio.Task[None]) -> None:
            if self._chains.get(device_id) is finished:
                del self._chains[device_id]

        task.add_done_callback(done)

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._pool, work, *args)

    def seen(self, vote: Vote) -> AbstractSet[bytes]:
        """The writer's check for copied ballots (Checked.seen), on the writer's thread only."""
        n, last, points = self._seen.get(vote.vote_id, (0, None, set()))
        if n > len(vote.ballots) or (n and vote.ballots[n - 1] is not last):
            n, points = 0, set()  # another meeting's vote of the same id, or a batch rolled back
        for entry in vote.ballots[n:]:
            points.update(a_points(entry["ballot"]))
        if len(self._seen) >= SEEN_VOTES and vote.vote_id not in self._seen:
            del self._seen[next(iter(self._seen))]
        self._seen[vote.vote_id] = (len(vote.ballots), vote.ballots[-1] if vote.ballots else None, points)
        return points

    def tally(self, meeting_id: str | None, vote_id: str) -> PreTally | None:
        return self._tallies.get((str(meeting_id), vote_id))

    def forget(self, meeting_id: str, vote_id: str) -> None:
        self._tallies.pop((meeting_id, vote_id), None)

    def grow_tally(self, meeting_id: str, vote_id: str, state: Callable[[str], MeetingState]) -> None:
        """Adds the ballots committed since the last time, in a worker thread."""
        key, chain = (meeting_id, vote_id), f"tally|{meeting_id}|{vote_id}"
        if self.waiting(chain):
            return  # the next ballot, or the closing, adds what this one would have

        async def grow() -> None:
            pre = await self.run(pretally, state(meeting_id), vote_id, self._tallies.get(key))
            vote = state(meeting_id).votes.get(vote_id)
            if pre is not None and vote is not None and vote.status == "open":
                self._tallies[key] = pre

        self.then(chain, grow)

    async def stop(self) -> None:
        for task in list(self._chains.values()):
            task.cancel()
        await asyncio.gather(*self._chains.values(), return_exceptions=True)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self.proofs.stop()
