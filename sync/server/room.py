"""The room's authority: decides commands, appends events with group commit, fans them out."""

from __future__ import annotations

import asyncio
import base64
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from app.ballots import CastRecord, ballot_message, keep, result_message
from app.catalog import check_key_holders
from app.clock import Clock, iso, parse_iso
from app.devices import RoomView, decide_enroll, device_id_for
from app.errors import DomainError
from app.events import Event, NewEvent, seal
from app.keys import b64e, verify
from app.model import SYSTEM, Actor, Device, MeetingState, ServerState
from app.reducer import apply, decide_meeting, decide_server, replay
from app.storage.server_store import ServerStore
from app.voting import closing
from app.voting_sealed import with_committee_keys
from app.voting_sealed_checks import PRECHECKED, precheck
from app.voting_sealed_count import Checked, pretally
from sync.server.log_frames import FrameCache, frame, lean_frame, tally_checkers
from sync.server.sealed_checks import Prechecks, checked_decider

log = logging.getLogger(__name__)

# Answers kept in memory for repeated commands (a seat resending what it sent just before its
# connection dropped): the last two minutes' at most, and never more than ANSWER_CACHE. Older
# repeats are answered from the store. A bound by time fills as soon as the room has run that
# long, so the room's memory stops growing with it (issue 7's soak: 10,000 answers took an hour
# to fill, and read as growth).
ANSWER_CACHE = 10_000
ANSWER_KEEP_S = 120.0
STORE_PAGE = 1000
SERVER_LOG = None  # the server's own log has no meeting id

Decider = Callable[[RoomView | MeetingState, datetime], list[NewEvent]]
Reply = Callable[[dict[str, Any]], None]


def _command_decider(
    actor: Actor, name: str, args: Mapping[str, Any], devices: Callable[[], Mapping[str, Device]] = dict
) -> Decider:
    def decide(state: RoomView | MeetingState, now: datetime) -> list[NewEvent]:
        if isinstance(state, RoomView):
            return decide_server(state, actor, name, args, now)
        decided = decide_meeting(state, actor, name, args, now)
        check_key_holders(state, devices(), decided)  # a document's key only for its audience
        return with_committee_keys(state, devices(), decided)  # a sealed vote's committee devices

    return decide


class Subscriber(Protocol):
    """A live session of one log: receives the encoded frames of committed events in order."""

    @property
    def device_id(self) -> str | None: ...

    def deliver(self, frames: bytes) -> None: ...


@dataclass
class _Job:
    """One unit of work for the writer: a device's command, an enrollment, or a seed step."""

    log: str | None
    decide: Decider
    actor_id: str | None
    replies: list[Reply]
    command_key: tuple[str, str] | None = None
    command_id: str | None = None


@dataclass
class _Batch:
    servers: ServerState
    meetings: dict[str, MeetingState]
    events: list[Event] = field(default_factory=list)
    answers: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    replies: list[tuple[_Job, dict[str, Any]]] = field(default_factory=list)
    ballots: list[tuple[str, CastRecord]] = field(default_factory=list)


class Room:
    """Holds every log's committed state; one writer task owns all appends.

    Commands wait in a queue; the writer decides everything queued, commits it in one SQLite
    transaction (one fsync for a burst) off the event loop, then fans the events out and
    answers. States are immutable, so a failed commit simply keeps the previous ones.
    """

    def __init__(self, store: ServerStore, clock: Clock, sign: Callable[[bytes], bytes] | None = None):
        self.store = store
        self.clock = clock
        # The room key signs every vote result; a room without one (tests of other parts) cannot close votes.
        self.sign = sign
        self._vote_timers: dict[str, asyncio.TimerHandle] = {}
        self.server = ServerState()
        self.meetings: dict[str, MeetingState] = {}
        self.subscribers: dict[str | None, set[Subscriber]] = {}
        self.on_revoked: Callable[[str], None] = lambda device_id: None
        # Documents may only name blobs the server already holds (set by the blob store).
        self.has_blob: Callable[[str], bool] = lambda sha: False
        self._queue: asyncio.Queue[_Job] = asyncio.Queue()
        self._answers: dict[tuple[str, str], tuple[float, dict[str, Any]]] = {}  # in the order given
        self._inflight: dict[tuple[str, str], _Job] = {}
        self._frames: dict[str | None, FrameCache] = {}
        self._checkers_of: tuple[Mapping[str, Any], frozenset[str]] | None = None
        self._writer: asyncio.Task[None] | None = None
        self.prechecks = Prechecks()
        # Loop time of the last published batch: the idle collector waits for a lull after it.
        self.last_busy = 0.0

    def load(self) -> None:
        for log_id in self.store.logs():
            events = self.store.events_after(log_id, 0)
            if log_id is None:
                self.server = replay(ServerState(), events)
            else:
                state = replay(MeetingState(), events)
                running = [v.vote_id for v in state.votes.values() if v.status == "open"]
                if running:
                    state = replace(state, boxes=self.store.ballot_boxes(log_id, running))
                self.meetings[log_id] = state
            self._frames[log_id] = FrameCache.of(events)
        log.info("loaded %d meetings, %d devices", len(self.meetings), len(self.server.devices))

    def start(self) -> None:
        self._writer = asyncio.create_task(self._write_loop(), name="room-writer")
        self.prechecks.proofs.warm()
        for meeting_id, state in self.meetings.items():
            for vote in state.votes.values():
                if vote.status == "open" and vote.closes_at is not None:
                    self._arm_vote_timer(meeting_id, vote.vote_id, vote.closes_at)

    async def stop(self) -> None:
        for timer in self._vote_timers.values():
            timer.cancel()
        await self.prechecks.stop()
        if self._writer is not None:
            self._writer.cancel()
            await asyncio.gather(self._writer, return_exceptions=True)

    # -- reading -------------------------------------------------------------------------------

    def head(self, log_id: str | None) -> int:
        return self.server.seq if log_id is None else self.meetings[log_id].seq

    def _meeting(self, log_id: str) -> MeetingState:
        return self.meetings[log_id]

    def device(self, device_id: str) -> Device | None:
        return self.server.devices.get(device_id)

    def subscribe(self, log_id: str | None, subscriber: Subscriber) -> int:
        """Returns the head at subscription: the subscriber gets every later event live."""
        self.subscribers.setdefault(log_id, set()).add(subscriber)
        return self.head(log_id)

    def unsubscribe(self, log_id: str | None, subscriber: Subscriber) -> None:
        self.subscribers.get(log_id, set()).discard(subscriber)

    async def frames(self, log_id: str | None, after: int, upto: int, whole: bool = True) -> AsyncIterator[bytes]:
        """The encoded frames of events (after, upto], shared by every device catching up;
        `whole`: with sealed ballots' bodies (log_frames.py)."""
        cache = self._frames.get(log_id, FrameCache())
        loop = asyncio.get_running_loop()
        while after < upto and after < cache.base:
            page = await loop.run_in_executor(
                None, self.store.events_after, log_id, after, min(STORE_PAGE, cache.base - after)
            )
            if not page:
                return
            for event in page:
                yield frame(event) if whole else lean_frame(event)
            after = page[-1].seq
        # The cache may move on while we yield; index from its base each time.
        while after < upto:
            index = after - cache.base
            frames = cache.whole if whole else cache.lean
            if index < 0 or index >= len(frames):
                return
            yield frames[index]
            after += 1

    def whole_ballots(self, log_id: str | None, device_id: str | None) -> bool:
        """Whether this device receives sealed ballots with their bodies: it checks a tally."""
        state = self.meetings.get(log_id) if log_id is not None else None
        return device_id is not None and device_id in self._checkers(state)

    def _checkers(self, state: MeetingState | None) -> frozenset[str]:
        if state is None:
            return frozenset()
        cached = self._checkers_of
        if cached is None or cached[0] is not state.votes:
            cached = self._checkers_of = (state.votes, tally_checkers(state))
        return cached[1]

    # -- writing -------------------------------------------------------------------------------

    def command(
        self,
        device: Device,
        log_id: str | None,
        command_id: str,
        name: str,
        args: Mapping[str, Any],
        reply: Reply,
    ) -> None:
        """Queues one command at once (so a device's commands keep their order); `reply` gets
        the answer right after the command's events were delivered. A repeated id gets the
        remembered answer, errors included."""
        key = (device.device_id, command_id)
        recent = self._answers.get(key)
        known = recent[1] if recent is not None else self.store.answer(*key)  # the store reads on its own connection
        if known is not None:
            reply(known)
            return
        pending = self._inflight.get(key)
        if pending is not None:
            pending.replies.append(reply)
            return
        if name in ("vote.cast", "vote.cast_sealed") and not _ballot_signed(device, name, args):
            error = DomainError("unauthorized", "Chữ ký của phiếu không hợp lệ; phiếu không được ghi nhận.")
            reply({"type": "error", "id": command_id, **error.to_dict()})
            return
        if name in ("document.add", "document.update") and not self.has_blob(str(args.get("blob", ""))):
            error = DomainError(
                "not_found", "Chưa tải tệp mã hóa của tài liệu lên máy chủ.", {"blob": args.get("blob")}
            )
            reply({"type": "error", "id": command_id, **error.to_dict()})
            return
        actor = Actor.of(device)
        decider = _command_decider(actor, name, args, lambda: self.server.devices)
        job = _Job(log_id, decider, actor.device_id, [reply], key, command_id)
        self._inflight[key] = job
        if name in PRECHECKED or self.prechecks.waiting(device.device_id):
            self.prechecks.then(device.device_id, lambda: self._precheck(job, actor, name, args))
        else:
            self._queue.put_nowait(job)

    async def _precheck(self, job: _Job, actor: Actor, name: str, args: Mapping[str, Any]) -> None:
        """Proofs and tallies in a worker thread first; the writer then decides as usual."""
        state = self.meetings.get(job.log) if job.log is not None else None
        try:
            if state is not None and name in PRECHECKED:
                earlier = self.prechecks.tally(job.log, str(args.get("vote_id")))
                checked = await self.prechecks.run(precheck, state, actor, name, args, earlier,
                                                   self.prechecks.proofs.check)
                if isinstance(checked, Checked):
                    checked = replace(checked, seen=self.prechecks.seen)
                job.decide = checked_decider(actor, name, args, checked)
        except Exception:
            log.exception("a sealed-vote check failed; the writer decides %s by itself", name)
        self._queue.put_nowait(job)

    async def enroll(self, code_hash: str, device_name: str, sign_pub: str, kex_pub: str) -> Device:
        def decide(state: RoomView | MeetingState, now: datetime) -> list[NewEvent]:
            assert isinstance(state, RoomView)
            return [decide_enroll(state.server, code_hash, device_name, sign_pub, kex_pub, now)]

        answer = await self._run(SERVER_LOG, decide)
        if answer["type"] == "error":
            raise DomainError(answer["code"], answer["message"], answer.get("detail"))
        device = self.server.devices.get(device_id_for(base64.b64decode(sign_pub)))
        if device is None:
            raise DomainError("internal")
        return device

    async def system(self, log_id: str | None, name: str, args: Mapping[str, Any]) -> dict[str, Any]:
        """A command the server runs as itself (seeding a meeting); answers like any command."""
        return await self._run(log_id, _command_decider(SYSTEM, name, args))

    def _run(self, log_id: str | None, decide: Decider) -> asyncio.Future[dict[str, Any]]:
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Job(log_id, decide, SYSTEM.device_id, [future.set_result]))
        return future

    async def _write_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            jobs = [await self._queue.get()]
            while not self._queue.empty():
                jobs.append(self._queue.get_nowait())
            batch = _Batch(self.server, dict(self.meetings))
            now = self.clock.now()
            for job in jobs:
                self._decide_one(batch, job, now)
            try:
                # On the loop thread on purpose: in an executor the commit must win the GIL back
                # from a loop busy with fan-out, which cost 15-25 ms a batch (measured); the
                # fsync itself takes well under a millisecond, and the next burst queues meanwhile.
                if batch.events or batch.answers:
                    self.store.commit(batch.events, batch.answers, batch.ballots)
            except Exception as exc:
                log.exception("commit failed; %d commands answered with an error", len(jobs))
                failure = _commit_failure(exc).to_dict()
                for job in jobs:
                    self._answer(job, {"type": "error", "id": job.command_id, **failure})
                continue
            self.server, self.meetings = batch.servers, batch.meetings
            kept_at = loop.time()
            for device_id, command_id, answer in batch.answers:
                self._answers[(device_id, command_id)] = (kept_at, answer)
            self._forget_answers(kept_at)
            self._publish(batch.events)
            self._watch_votes(batch.events)
            for job, answer in batch.replies:
                self._answer(job, answer)
            self.last_busy = loop.time()

    def _forget_answers(self, now: float) -> None:
        answers = self._answers
        while answers:
            oldest = next(iter(answers))
            if len(answers) <= ANSWER_CACHE and answers[oldest][0] >= now - ANSWER_KEEP_S:
                return
            del answers[oldest]

    def _answer(self, job: _Job, answer: dict[str, Any]) -> None:
        if job.command_key is not None:
            self._inflight.pop(job.command_key, None)
        for reply in job.replies:
            try:
                reply(answer)
            except Exception:
                log.exception("could not deliver an answer")

    def _decide_one(self, batch: _Batch, job: _Job, now: datetime) -> None:
        log_id = job.log
        try:
            if log_id is None:
                state: RoomView | MeetingState = RoomView(batch.servers, batch.meetings)
            elif log_id in batch.meetings:
                state = batch.meetings[log_id]
            else:
                raise DomainError("not_found", "Không có cuộc họp này trên máy chủ.")
            decided = job.decide(state, now)
        except DomainError as exc:
            answer = {"type": "error", "id": job.command_id, **exc.to_dict()}
        except Exception:
            log.exception("command failed unexpectedly")
            answer = {"type": "error", "id": job.command_id, **DomainError("internal").to_dict()}
        else:
            last, at = 0, iso(now)
            answer = {"type": "ack", "id": job.command_id, "seq": last}
            for new in decided:
                last = self._append(batch, log_id, None if new.anonymous else job.actor_id, new, at)
                if new.name == "meeting.created" and log_id is None:
                    self._append(batch, new.data["meeting_id"], job.actor_id, new, at)
                if isinstance(new.private, CastRecord) and new.private.secret:
                    # An addition to the ack: the voter's receipt code (docs/votes.md).
                    answer["receipt"] = new.private.receipt
            answer["seq"] = last
        if job.command_key is not None:
            batch.answers.append((*job.command_key, answer))
        batch.replies.append((job, answer))

    def _append(self, batch: _Batch, log_id: str | None, actor_id: str | None, new: NewEvent, at: str) -> int:
        if log_id is None:
            event = seal(None, batch.servers.head, batch.servers.seq + 1, at, actor_id, new)
            batch.servers = apply(batch.servers, event)
        else:
            state = batch.meetings.get(log_id, MeetingState())
            if new.name == "vote.closed":
                new = self._signed(new, state.head)
            if isinstance(new.private, CastRecord):
                state = keep(state, new.private)
                batch.ballots.append((log_id, new.private))
            event = seal(log_id, state.head, state.seq + 1, at, actor_id, new)
            batch.meetings[log_id] = apply(state, event)
        batch.events.append(event)
        return event.seq

    def _signed(self, new: NewEvent, prev: str) -> NewEvent:
        if self.sign is None:
            raise DomainError("internal", "Máy chủ chưa có khóa phòng họp để ký kết quả.")
        signature = b64e(self.sign(result_message(new.data, prev)))
        return NewEvent(new.name, {**new.data, "signature": signature})

    # -- votes that close by themselves ----------------------------------------------------------

    def _watch_votes(self, events: list[Event]) -> None:
        for event in events:
            if event.meeting_id is None:
                continue
            if event.name == "vote.opened" and event.data.get("closes_at"):
                self._arm_vote_timer(event.meeting_id, event.data["vote_id"], event.data["closes_at"])
            elif event.name in ("vote.closed", "vote.cancelled", "vote.counting"):
                timer = self._vote_timers.pop(event.data["vote_id"], None)
                if timer is not None:
                    timer.cancel()
                self.prechecks.forget(event.meeting_id, event.data["vote_id"])
            elif event.name == "vote.ballot_recorded" and "ballot" in event.data:
                self.prechecks.grow_tally(event.meeting_id, event.data["vote_id"], self._meeting)

    def _arm_vote_timer(self, meeting_id: str, vote_id: str, closes_at: str) -> None:
        loop = asyncio.get_running_loop()
        delay = max(0.0, (parse_iso(closes_at) - self.clock.now()).total_seconds())

        async def due() -> None:
            self._vote_timers.pop(vote_id, None)
            # A sealed vote's tally, added up in a worker thread (docs/sealed.md).
            try:
                pre = await self.prechecks.run(pretally, self.meetings[meeting_id], vote_id,
                                               self.prechecks.tally(meeting_id, vote_id))
            except Exception:
                log.exception("could not add up the tally of %s beforehand", vote_id)
                pre = None

            def decide(state: RoomView | MeetingState, now: datetime) -> list[NewEvent]:
                assert isinstance(state, MeetingState)
                vote = state.votes.get(vote_id)
                if vote is None or vote.status != "open":
                    return []  # the chair closed or cancelled it meanwhile
                if now < parse_iso(closes_at):  # a clock that lags the timer: look again shortly
                    self._arm_vote_timer(meeting_id, vote_id, closes_at)
                    return []
                return closing(state, vote_id, "time", pre)

            self._queue.put_nowait(_Job(meeting_id, decide, None, []))

        self._vote_timers[vote_id] = loop.call_later(delay, lambda: self.prechecks.then(f"timer|{vote_id}", due))

    def _publish(self, events: list[Event]) -> None:
        """One write per subscriber per log for the whole batch: frames are built once."""
        by_log: dict[str | None, list[Event]] = {}
        for event in events:
            by_log.setdefault(event.meeting_id, []).append(event)
        for log_id, logged in by_log.items():
            whole, lean = self._frames.setdefault(log_id, FrameCache()).extend(logged)
            blob = b"".join(whole)
            lean_blob = blob if lean == whole else b"".join(lean)
            for subscriber in tuple(self.subscribers.get(log_id, ())):
                whole_too = lean_blob is blob or self.whole_ballots(log_id, subscriber.device_id)
                subscriber.deliver(blob if whole_too else lean_blob)
        for event in events:
            if event.name == "device.revoked":
                self.on_revoked(event.data["device_id"])


# A disk that is full or will not be written (tests/faults/test_disk.py): SQLite's "database or
# disk is full", "disk I/O error", "attempt to write a readonly database". The transaction rolled
# back and the states stay as they were, so the room refuses commands until the disk is writable
# again and then goes on by itself; the technician needs to know it is the disk, not a bug.
DISK_REFUSAL = ("Máy chủ phòng họp không ghi được dữ liệu (ổ đĩa đầy hoặc không cho ghi); thao tác chưa "
                "được ghi nhận. Vui lòng báo kỹ thuật viên và thực hiện lại sau.")


def _commit_failure(exc: Exception) -> DomainError:
    if isinstance(exc, sqlite3.OperationalError):
        return DomainError("unavailable", DISK_REFUSAL, {"reason": "storage"})
    return DomainError("internal")


def _ballot_signed(device: Device, name: str, args: Mapping[str, Any]) -> bool:
    """The device's own signature over the ballot (PROTOCOL.md; docs/sealed.md for a sealed one),
    checked before the writer sees it."""
    try:
        ballot = args["ballot"] if name == "vote.cast_sealed" else args["choice"]
        message = ballot_message(str(args["vote_id"]), ballot, str(args["nonce"]))
        return verify(device.sign_pub, message, str(args["sig"]))
    except (KeyError, TypeError, ValueError):
        return False
