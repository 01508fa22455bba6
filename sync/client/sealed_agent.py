"""A counting committee member's device does its part of a sealed vote by itself (docs/sealed.md):
it deals its shares of the vote's key, checks the shares dealt to it, and at counting decrypts its
share of the tally, after checking the tally is the sum of the ballots on the board.

The delegate presses nothing: the device acts whenever its replica shows something still missing
for it, and only then, so a reconnection or a restart just looks again. Nothing secret is kept on
the device: its shares are sealed to its device key in the log itself."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from app.canonical import canonical_json
from app.keys import DeviceKeys
from app.model import MeetingState, Vote, meeting_or_empty
from app.tally import dkg
from app.tally.ballot import vote_questions
from app.tally.decrypt import decryption_shares
from app.tally.elgamal import tally_of, tally_to_json
from app.tally.group import TallyError, base_mul, point_from_b64
from sync.client.connection import Changes, Connection

log = logging.getLogger(__name__)

Action = Literal["deal", "check", "decrypt"]
COMMANDS: Final[dict[Action, str]] = {"deal": "vote.key_deal", "check": "vote.key_check", "decrypt": "vote.decrypt"}
ACTIONS: Final = {name: action for action, name in COMMANDS.items()}

# While members have yet to deal, a check waits this long after the last deal it saw: every deal
# makes the checks before it stale, so checking at each one would fill the log with stale checks.
QUIET_S: Final = 0.5

Stage = Literal["none", "dealing", "dealt", "ready", "not_holder", "decrypting", "decrypted", "refused", "failed"]
MESSAGES: Final[dict[Stage, str]] = {
    "none": "",
    "dealing": "Ban kiểm phiếu: thiết bị đang tham gia tạo khóa…",
    "dealt": "Ban kiểm phiếu: thiết bị đã tham gia tạo khóa",
    "ready": "Ban kiểm phiếu: khóa đã sẵn sàng; thiết bị sẽ góp phần giải mã khi kết thúc biểu quyết",
    "not_holder": "Ban kiểm phiếu: thiết bị không giữ phần khóa của cuộc bỏ phiếu này",
    "decrypting": "Ban kiểm phiếu: đang góp phần giải mã kết quả…",
    "decrypted": "Ban kiểm phiếu: thiết bị đã góp phần giải mã kết quả",
    "refused": "Ban kiểm phiếu: thiết bị TỪ CHỐI giải mã vì tổng phiếu máy chủ gửi không khớp với các phiếu "
               "trên bảng công khai. Xin báo ngay Chủ tọa và Trưởng Ban kiểm phiếu.",
    "failed": "Ban kiểm phiếu: tạo khóa không thành công",
}


@dataclass(frozen=True, slots=True)
class Step:
    """One thing this device still owes a vote. `basis` is what it rests on (the dealers checked,
    the tally to decrypt): once the room answered a step, the same basis is not sent again."""

    vote_id: str
    action: Action
    basis: str


@dataclass(frozen=True, slots=True)
class CommitteeStatus:
    """What the seat may show of the device's committee work (empty stage "none": nothing)."""

    vote_id: str = ""
    stage: Stage = "none"
    message: str = ""


class TallyMismatch(TallyError):
    """The room's tally is not the sum of the ballots on this device's board: decrypting it could
    open fewer ballots than were cast (one, in the worst case). Nothing is sent."""


def member_of(vote: Vote, device_id: str) -> str | None:
    """The committee member whose enrolled seat device is this one, if any."""
    if not vote.sealed or vote.committee is None:
        return None
    return next((m for m in vote.committee.members if vote.committee_keys.get(m, ("", ""))[0] == device_id), None)


def current_dealers(vote: Vote) -> list[str]:
    """Every dealer so far, in committee order (a check counts only while it names them all)."""
    members = vote.committee.members if vote.committee is not None else ()
    return [m for m in members if m in vote.ceremony.deals]


def holders_of(vote: Vote) -> tuple[str, ...]:
    ready = vote.ceremony.ready
    return tuple(ready.get("holders", ())) if ready is not None else ()


def steps_for(vote: Vote, me: str) -> list[Step]:
    """What `me` still owes `vote` by the replica alone, in the order to do it: deal before check
    (a check made before its own deal would be stale at once)."""
    ceremony = vote.ceremony
    if vote.status == "created" and ceremony.ready is None and not ceremony.failed:
        if me not in ceremony.deals:
            return [Step(vote.vote_id, "deal", "")]
        dealers = current_dealers(vote)
        mine = ceremony.checks.get(me)
        if mine is None or sorted(mine.get("dealers", ())) != sorted(dealers):
            return [Step(vote.vote_id, "check", "|".join(dealers))]
        return []
    counting = vote.counting
    if vote.status == "counting" and counting is not None and me in holders_of(vote) and me not in vote.decryptions:
        basis = hashlib.sha256(canonical_json(counting.get("tally"))).hexdigest()
        return [Step(vote.vote_id, "decrypt", basis)]
    return []


def stage_of(vote: Vote, me: str) -> Stage:
    ceremony = vote.ceremony
    if vote.status in ("closed", "cancelled"):
        return "none"
    if ceremony.failed:
        return "failed"
    if ceremony.ready is None:
        mine = ceremony.checks.get(me)
        current = mine is not None and sorted(mine.get("dealers", ())) == sorted(current_dealers(vote))
        return "dealt" if me in ceremony.deals and current else "dealing"
    if me not in holders_of(vote):
        return "not_holder"
    if vote.status == "counting":
        return "decrypted" if me in vote.decryptions else "decrypting"
    return "ready"


# -- the work itself: CPU, run off the event loop ----------------------------------------------


def _kex_pub(vote: Vote, member: str) -> bytes:
    return base64.b64decode(vote.committee_keys[member][1])


def deal_args(vote: Vote, me: str) -> dict[str, Any]:
    assert vote.committee is not None
    members = [(m, _kex_pub(vote, m)) for m in vote.committee.members]
    deal = dkg.make_deal(vote.vote_id, me, members, dkg.threshold(len(members)))
    return {"vote_id": vote.vote_id, **deal}


def _opened(keys: DeviceKeys, vote: Vote, me: str, dealer: str) -> bytes:
    return dkg.open_share(keys, vote.vote_id, dealer, me, str(vote.ceremony.deals[dealer]["shares"][me]))


def check_args(keys: DeviceKeys, vote: Vote, me: str, dealers: list[str]) -> dict[str, Any]:
    """Opens every share dealt to `me` and checks it against its dealer's commitments; a share
    that does not open or does not match is a complaint against its dealer."""
    assert vote.committee is not None
    index = vote.committee.members.index(me) + 1
    t = dkg.threshold(len(vote.committee.members))
    complaints = []
    for dealer in dealers:
        try:
            share = _opened(keys, vote, me, dealer)
            good = dkg.share_ok(dkg.commitments_of(vote.ceremony.deals[dealer], t), index, share)
        except (TallyError, KeyError, TypeError) as exc:
            log.warning("the share %s dealt to %s does not open: %s", dealer, me, exc)
            good = False
        if not good:
            complaints.append(dealer)
    return {"vote_id": vote.vote_id, "dealers": dealers, "complaints": complaints}


def decrypt_args(keys: DeviceKeys, vote: Vote, me: str) -> dict[str, Any]:
    """The decryption shares of the tally, once it is known to be the sum of the board's ballots.
    Raises TallyMismatch (nothing to send) when it is not."""
    counting, ready = vote.counting, vote.ceremony.ready
    assert counting is not None and ready is not None
    if any("ballot" not in entry for entry in vote.ballots):
        # The room sends a key holder's device every ballot whole; without one the sum is unknown.
        raise TallyMismatch(
            "Thiết bị chưa nhận đủ nội dung các phiếu trên bảng công khai nên chưa kiểm được tổng; chưa giải mã.",
            {"reason": "board_incomplete", "vote_id": vote.vote_id, "ballots": len(vote.ballots)},
            code="conflict",
        )
    tally = tally_of(vote_questions(vote), vote.ballots)
    if tally_to_json(tally) != counting.get("tally"):
        raise TallyMismatch(
            "Tổng phiếu máy chủ gửi không khớp với các phiếu trên bảng công khai; thiết bị không giải mã.",
            {"reason": "tally_mismatch", "vote_id": vote.vote_id, "ballots": len(vote.ballots)},
            code="conflict",
        )
    qualified = [str(d) for d in ready["qualified"]]
    x = dkg.secret_share({d: _opened(keys, vote, me, d) for d in qualified}, qualified)
    expected = point_from_b64(ready["verification_keys"][me], "verification_keys")
    if base_mul(x) != expected:  # the room would refuse the proof: say why here instead
        raise TallyError("Phần khóa của thiết bị không khớp với khóa kiểm tra công bố.", {"reason": "share"})
    return {"vote_id": vote.vote_id, "shares": decryption_shares(vote.vote_id, me, x, tally)}


def prepare(keys: DeviceKeys, vote: Vote, me: str, step: Step) -> dict[str, Any]:
    """The command's args for `step` (CPU-bound: tens of milliseconds)."""
    if step.action == "deal":
        return deal_args(vote, me)
    if step.action == "check":
        return check_args(keys, vote, me, step.basis.split("|") if step.basis else [])
    return decrypt_args(keys, vote, me)


# -- the device's agent --------------------------------------------------------------------------


class SealedAgent:
    """Watches the connection's replica and does what the committee member's device still owes
    each sealed vote, one step at a time, on a task of its own.

    In flight: one command per (vote, action), found again in the outbox after a restart, so a
    deal is never made twice. Settled: the basis the room last answered for a (vote, action); a
    refusal (a check gone stale, a vote no longer waiting) makes the device look again, and sends
    again only when the replica shows something new. It works only while online (an offline
    replica may be behind) and stops when the connection does."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.status = CommitteeStatus()
        self._listeners: list[Callable[[CommitteeStatus], None]] = []
        self._inflight: dict[tuple[str, Action], str] = {}  # -> command id
        self._sent: dict[str, tuple[tuple[str, Action], str]] = {}  # command id -> (key, basis)
        self._settled: dict[tuple[str, Action], str] = {}  # -> basis answered
        self._refused: dict[str, str] = {}  # vote id -> the tally basis this device refused
        self._deals_seen: dict[str, tuple[int, float]] = {}  # vote id -> (deals, when that many were first seen)
        self._wake = False  # something changed since the running pass looked
        self._task: asyncio.Task[None] | None = None
        self._started = self._stopped = False

    @property
    def device_id(self) -> str:
        return self.connection.identity.device_id

    def subscribe(self, listener: Callable[[CommitteeStatus], None]) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        """Listens to the connection; the work starts on the event loop (at once if one runs)."""
        if self._started:
            return
        self._started = True
        for entry in self.connection.replica.pending():  # a command left by the last run
            action = ACTIONS.get(entry.name)
            if action is not None:
                key = (str(entry.args.get("vote_id")), action)
                self._inflight[key] = entry.command_id
                self._sent[entry.command_id] = (key, "")
        self.connection.subscribe(self._on_changes)
        self._refresh_status()
        self.kick()

    def kick(self) -> None:
        """Look again (a Changes did it; a test may too)."""
        if self._stopped:
            return
        self._wake = True
        if self._task is None or self._task.done():
            try:
                asyncio.get_running_loop()
            except RuntimeError:
                return  # no loop yet: the first Changes comes from one
            # A pass lasts while there is work; nothing waits on the loop between changes.
            self._task = asyncio.ensure_future(self._run())

    async def stop(self) -> None:
        self._stopped = True
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    # -- the loop ----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._started and not self._stopped

    async def _run(self) -> None:
        while self._wake and not self._stopped:
            self._wake = False
            try:
                await self._work()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the committee agent failed a step; it looks again at the next change")

    def _due(self) -> list[tuple[Vote, str, Step]]:
        state = meeting_or_empty(self.connection.state)
        due = []
        for vote in state.votes.values():
            me = member_of(vote, self.device_id)
            if me is None:
                continue
            for step in steps_for(vote, me):
                key = (step.vote_id, step.action)
                if key in self._inflight or self._settled.get(key) == step.basis:
                    continue
                if step.action == "check" and self._wait_for_deals(vote) > 0:
                    continue
                due.append((vote, me, step))
        return due

    def _wait_for_deals(self, vote: Vote) -> float:
        """Seconds a check still waits for more deals (0 once every member dealt); it looks
        again by itself when they are up."""
        members = vote.committee.members if vote.committee is not None else ()
        dealt = len(vote.ceremony.deals)
        if dealt >= len(members):
            return 0.0
        loop = asyncio.get_running_loop()
        now = loop.time()
        seen = self._deals_seen.get(vote.vote_id)
        if seen is None or seen[0] != dealt:
            seen = self._deals_seen[vote.vote_id] = (dealt, now)
        wait = seen[1] + QUIET_S - now
        if wait > 0:
            loop.call_later(wait, self.kick)
        return max(wait, 0.0)

    async def _work(self) -> None:
        while not self._stopped and self.connection.status.kind == "online":
            due = self._due()
            if not due:
                return
            vote, me, step = due[0]
            try:
                args = await asyncio.to_thread(prepare, self.connection.keys, vote, me, step)
            except Exception as exc:
                # Not tried again for the same basis: the same inputs would fail the same way.
                if isinstance(exc, TallyError):
                    log.error("vote %s: %s not made: %s %s; nothing sent", vote.vote_id, COMMANDS[step.action],
                              exc.message, exc.detail)
                else:
                    log.exception("vote %s: %s not made; nothing sent", vote.vote_id, COMMANDS[step.action])
                self._settled[(step.vote_id, step.action)] = step.basis
                if isinstance(exc, TallyMismatch):
                    self._refused[vote.vote_id] = step.basis
                self._refresh_status()
                continue
            if not self.running:  # stopped while the work was done
                return
            if step not in [s for _v, _m, s in self._due()]:
                continue  # the replica moved on while the work was done: look again
            command_id = await self.connection.submit(COMMANDS[step.action], args)
            key = (step.vote_id, step.action)
            self._inflight[key] = command_id
            self._sent[command_id] = (key, step.basis)
            log.info("vote %s: %s sent for %s", step.vote_id, COMMANDS[step.action], me)
            self._refresh_status()

    def _on_changes(self, changes: Changes) -> None:
        if changes.status and self.connection.status.kind == "stopped":
            self._stopped = True
            if self._task is not None:
                self._task.cancel()
            return
        for command_id, answer in changes.answers:
            sent = self._sent.pop(command_id, None)
            if sent is None:
                continue
            key, basis = sent
            self._inflight.pop(key, None)
            self._settled[key] = basis
            if answer.get("type") != "ack":
                # A conflict is the room being ahead of this replica (a new deal, t decryptions
                # already in): expected, and the next look settles it. Anything else is not.
                level = logging.INFO if answer.get("code") == "conflict" else logging.WARNING
                log.log(level, "vote %s: the room refused %s (%s: %s); looking again", key[0], COMMANDS[key[1]],
                        answer.get("code"), answer.get("message"))
        if changes.reset:
            # The room's log went back (a restored backup): what it answered before may be gone
            # with it (its rolled-back answers included), so only the log held now says what is owed.
            self._settled.clear()
            self._refused.clear()
            self._deals_seen.clear()
        if changes.events or changes.answers or changes.status or changes.reset:
            self._refresh_status()
            self.kick()

    # -- what the seat shows -------------------------------------------------------------------

    def status_of(self, state: MeetingState) -> CommitteeStatus:
        """The latest sealed vote this device serves that is not over, and its stage."""
        for vote in reversed(list(state.votes.values())):
            me = member_of(vote, self.device_id)
            if me is None or vote.status in ("closed", "cancelled"):
                continue
            stage: Stage = "refused" if vote.vote_id in self._refused else stage_of(vote, me)
            message = MESSAGES[stage]
            if stage == "failed":
                message = f"{message}: {vote.ceremony.failed}"
            return CommitteeStatus(vote.vote_id, stage, message)
        return CommitteeStatus()

    def _refresh_status(self) -> None:
        status = self.status_of(meeting_or_empty(self.connection.state))
        if status != self.status:
            self.status = status
            for listener in tuple(self._listeners):
                try:
                    listener(status)
                except Exception:
                    log.exception("a committee status listener failed")

