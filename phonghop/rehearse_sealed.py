"""`phonghop rehearse --sealed`: a secret vote counted by the room, then the same vote sealed
(docs/sealed.md), with a counting committee of seven real devices in this process, each running
the product's own sync.client.sealed_agent: they deal the key, check it, and decrypt the tally by
themselves. The technician sees whether the committee's devices, the room and the seats can hold
a sealed ballot in this hall; tests/perf/bench_sealed.py reads the same figures."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import DomainError
from app.keys import DeviceKeys
from app.storage.replica import Replica
from app.tally.ballot import vote_questions
from app.vote_rules import RESOLUTION_OPTIONS
from phonghop.admin_cards import _synced
from phonghop.admin_device import meeting_state
from phonghop.rehearse_stage import COMMITTEE_PREFIX, ITEM_ID
from sync.client.connection import Connection
from sync.client.enroll import enroll
from sync.client.sealed_agent import SealedAgent
from sync.client.status import Backoff
from sync.rehearsal.pool import Merged, Pool

if TYPE_CHECKING:
    from phonghop.rehearse_run import Rehearsal

COMMITTEE = 7
# Sealing costs a seat a few milliseconds before its press is sent (as signing does).
SEAL_LEAD_S_PER_SEAT = 0.006


class SealedSteps:
    def __init__(self, rehearsal: Rehearsal, scratch: Path):
        self.r = rehearsal
        self.scratch = scratch
        self.members = [f"{COMMITTEE_PREFIX}{i}" for i in range(1, COMMITTEE + 1)]
        self.connections: list[Connection] = []
        self.agents: list[SealedAgent] = []

    async def enroll(self, stage: Any) -> list[str]:
        devices = []
        for i, link in enumerate(stage.committee_links, start=1):
            keys = DeviceKeys.generate()
            identity = await enroll(link, f"Ban kiểm phiếu diễn tập {i}", keys)
            devices.append(identity.device_id)
            connection = Connection(identity, keys, Replica(self.scratch / f"bkp-{i}.db"),
                                    backoff=Backoff(base_s=0.2, cap_s=2.0), log_id=stage.meeting_id)
            connection.start()
            agent = SealedAgent(connection)
            agent.start()
            self.connections.append(connection)
            self.agents.append(agent)
        return devices

    async def stop(self) -> None:
        for agent in self.agents:
            await agent.stop()
        for connection in self.connections:
            await connection.stop()
            connection.replica.close()

    def create_args(self, title: str, sealed: bool) -> dict[str, Any]:
        return {"item_id": ITEM_ID, "title": title, "kind": "secret", "options": list(RESOLUTION_OPTIONS),
                "rule": "majority_of_all", "duration_s": 0, "sealed": sealed,
                "committee": {"head": self.members[0], "secretary": self.members[1], "members": self.members}}

    async def run(self, pool: Pool, chair: Connection) -> None:
        try:
            await self.sitting(pool, chair)
        finally:
            await self.cancel_unfinished(chair)

    async def cancel_unfinished(self, chair: Connection) -> None:
        """A vote left open would keep the cleanup from purging the rehearsal's documents."""
        for vote in meeting_state(chair).votes.values():
            if vote.status in ("created", "open", "counting"):
                await chair.request("vote.cancel", {"vote_id": vote.vote_id, "reason": "Kết thúc diễn tập"},
                                    self.r.timeout)

    async def sitting(self, pool: Pool, chair: Connection) -> None:
        r = self.r
        r.phase = "Ban kiểm phiếu điểm danh"
        for connection in self.connections:
            await _synced(connection, r.timeout)
            answer = await connection.request("attendance.check_in", {}, r.timeout)
            if answer.get("type") != "ack" and answer.get("code") != "conflict":
                raise DomainError(str(answer.get("code")), f"Thành viên Ban kiểm phiếu không điểm danh được: "
                                                           f"{answer.get('message', '')}")
        from phonghop.rehearse_run import CHAIR_GAP_S, CHOICES

        # The floor: the same secret vote, counted by the room.
        vote_id = await self.created(chair, self.create_args("Phiếu kín diễn tập (máy chủ đếm)", False))
        if not await self.opened(chair, vote_id):
            return
        if not await r.step("secret_ballot_ack", pool, r.burst("vote.cast", vote_id=vote_id, choices=CHOICES)):
            return
        if not await self.closed(pool, chair, vote_id, "secret_close_result"):
            return
        # Sealed: the committee's devices make the key, the seats encrypt, the committee decrypts.
        await asyncio.sleep(CHAIR_GAP_S)
        r.phase = "Ban kiểm phiếu tạo khóa"
        r.say(f"{r.phase}…")
        sent = time.monotonic()
        vote_id = await self.created(chair, self.create_args("Phiếu kín mã hóa diễn tập", True))
        vote = await self.until(chair, lambda v: v.ceremony.ready is not None or bool(v.ceremony.failed), vote_id)
        if vote.ceremony.ready is None:
            raise DomainError("conflict", f"Ban kiểm phiếu không tạo được khóa: {vote.ceremony.failed}")
        r.results["sealed_key"] = Merged(ms={0: (time.monotonic() - sent) * 1000})
        r.note("Ban kiểm phiếu tạo khóa", r.results["sealed_key"])
        if not await self.opened(chair, vote_id):
            return
        order = r.burst("vote.cast_sealed", lead_s=0.5 + SEAL_LEAD_S_PER_SEAT * r.n / max(1, len(pool.pipes)),
                        vote_id=vote_id, choices=CHOICES, public_key=vote.ceremony.ready["public_key"],
                        options=list(vote.options), questions=[[q.n_options, q.lo, q.hi] for q in vote_questions(vote)])
        if not await r.step("sealed_ballot_ack", pool, order):
            return
        await self.closed(pool, chair, vote_id, "sealed_close_result")

    async def created(self, chair: Connection, args: dict[str, Any]) -> str:
        created = await self.r.chair(chair, "vote.create", args)
        return f"vote-{created['seq']}"

    async def opened(self, chair: Connection, vote_id: str) -> bool:
        from phonghop.rehearse_run import CHAIR_GAP_S

        await asyncio.sleep(CHAIR_GAP_S)
        opened = await self.r.chair(chair, "vote.open", {"vote_id": vote_id})
        await settled_at(chair, int(opened["seq"]), self.r.timeout)
        await asyncio.sleep(CHAIR_GAP_S)
        return True

    async def closed(self, pool: Pool, chair: Connection, vote_id: str, key: str) -> bool:
        from phonghop.rehearse_run import CHAIR_GAP_S

        await asyncio.sleep(CHAIR_GAP_S)
        sent = time.monotonic()
        await self.r.chair(chair, "vote.close", {"vote_id": vote_id})
        await self.until(chair, lambda v: v.status == "closed", vote_id)
        seq = next(e.seq for e in chair.replica.events(0)[::-1]
                   if e.name == "vote.closed" and e.data.get("vote_id") == vote_id)
        return await self.r.step(key, pool, {"op": "arrivals", "name": "vote.closed", "seq": seq, "since": sent,
                                             "timeout": self.r.timeout})

    async def until(self, chair: Connection, predicate: Any, vote_id: str) -> Any:
        deadline = time.monotonic() + self.r.timeout
        while True:
            vote = meeting_state(chair).votes.get(vote_id)
            if vote is not None and predicate(vote):
                return vote
            if time.monotonic() > deadline:
                raise DomainError("unavailable", f"Chờ quá {self.r.timeout:g} giây ở biểu quyết {vote_id}.")
            await asyncio.sleep(0.01)


async def settled_at(connection: Connection, seq: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while meeting_state(connection).seq < seq:
        if time.monotonic() > deadline:
            raise DomainError("unavailable", "Máy chủ chưa gửi xong nhật ký cho chủ tọa diễn tập.")
        await asyncio.sleep(0.01)
