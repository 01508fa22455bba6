"""The rehearsal's sitting (`phonghop rehearse`, see phonghop/rehearse.py): set up, the measured
steps in the order of a sitting, the report, the cleanup."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from app.errors import DomainError
from app.keys import DeviceKeys
from app.storage.replica import Replica
from app.vote_rules import RESOLUTION_OPTIONS
from phonghop.admin_cards import _synced
from phonghop.admin_device import Technician, technician
from phonghop.rehearse_report import BY_KEY, FIGURES, SEALED_KEYS, figure_result, machine, table, verdict
from phonghop.rehearse_sealed import COMMITTEE, SealedSteps
from phonghop.rehearse_stage import ITEM_ID, Stage, clear, prepare, publish
from sync.client.connection import Connection
from sync.client.enroll import enroll
from sync.client.status import Backoff
from sync.rehearsal.pool import Merged, Pool

# A hall votes mostly one way; the mix changes only the tally.
CHAIR_GAP_S = 0.5  # as tests/perf/bench_chair_broadcast.py's gap between chair actions
CHOICES = ["tan_thanh"] * 7 + ["khong_tan_thanh"] * 2 + ["khong_bieu_quyet"]


class Rehearsal:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.n = int(args.seats)
        self.timeout = float(args.timeout)
        self.results: dict[str, Merged] = {}
        self.failures: list[dict[str, str]] = []
        self.skipped: list[str] = []
        self.labels: list[str] = []
        self.phase = "Chuẩn bị"
        self.chair_ack_ms: dict[str, float] = {}  # the chair's own commands, command → ack

    def skip(self) -> None:
        self.skipped = [f.label for f in FIGURES if f.key not in self.results
                        and (f.key != "reconnect_storm" or self.args.reconnect_storm)
                        and (f.key not in SEALED_KEYS or self.sealed)]

    @property
    def sealed(self) -> bool:
        return bool(getattr(self.args, "sealed", False))

    def say(self, text: str) -> None:
        print(text, flush=True)

    async def main(self) -> int:
        now = dt.datetime.now().astimezone().replace(microsecond=0)
        async with technician(self.args) as tech:
            self.say(f"Chuẩn bị kỳ họp diễn tập với {self.n} ghế…")
            stage = await prepare(tech, self.n, now, COMMITTEE if self.sealed else 0)
            self.labels = stage.labels
            cleanup = None
            try:
                await self.sitting(tech, stage, now)
            except (DomainError, OSError, TimeoutError) as exc:  # reported; the cleanup still runs
                cause = exc.message if isinstance(exc, DomainError) else f"lỗi mạng: {exc or type(exc).__name__}"
                self.failures.append({"phase": self.phase, "seat": "—", "cause": cause})
                self.skip()
            finally:
                if not self.args.keep:
                    self.say("Dọn dẹp: xóa tài liệu diễn tập, thu hồi thiết bị mô phỏng…")
                    cleanup = await clear(tech, stage)
        report = self.report(tech.identity.url, stage, cleanup)
        self.say("")
        self.say(table(report))
        if self.args.json:
            Path(self.args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0 if verdict(report)[0] else 1

    async def sitting(self, tech: Technician, stage: Stage, now: dt.datetime) -> None:
        workers = self.args.workers or max(1, min(2 * (os.cpu_count() or 1), math.ceil(self.n / 250)))
        pool = Pool(tech.identity.url, tech.identity.fingerprint, stage.meeting_id, stage.links, workers)
        chair: Connection | None = None
        sealed: SealedSteps | None = None
        with tempfile.TemporaryDirectory(prefix="phonghop-rehearse-") as scratch:
            try:
                self.phase = "Đăng ký thiết bị"
                self.say(f"Đăng ký {self.n} thiết bị mô phỏng ({workers} tiến trình)…")
                enrolled = await pool.merged({"op": "enroll"})
                self.note("Đăng ký thiết bị", enrolled)
                for devices in enrolled.extra.get("devices", []):
                    stage.devices += devices.values()
                keys = DeviceKeys.generate()
                identity = await enroll(stage.chair_link, "Máy chủ tọa diễn tập", keys)
                stage.devices.append(identity.device_id)
                chair = Connection(identity, keys, Replica(Path(scratch) / "chair.db"),
                                   backoff=Backoff(base_s=0.2, cap_s=2.0), log_id=stage.meeting_id)
                chair.start()
                if self.sealed:
                    self.phase = "Ban kiểm phiếu"
                    sealed = SealedSteps(self, Path(scratch))
                    stage.devices += await sealed.enroll(stage)
                self.phase = "Đăng tài liệu"
                self.say(f"Đăng {self.args.documents} tài liệu diễn tập (mã hóa cho từng thiết bị)…")
                await publish(tech, stage, self.args.documents, self.args.pages, now)
                await _synced(chair, self.timeout)
                await self.steps(pool, chair, stage)
                if sealed is not None and self.results.get("close_result") is not None:
                    await sealed.run(pool, chair)
            finally:
                if sealed is not None:
                    await sealed.stop()
                await pool.close()
                if chair is not None:
                    await chair.stop()
                    chair.replica.close()

    async def steps(self, pool: Pool, chair: Connection, stage: Stage) -> None:
        burst = self.burst
        if not await self.step("connect", pool, {"op": "connect", "timeout": self.timeout}):
            return
        await asyncio.sleep(2 * CHAIR_GAP_S)  # the joins' presence news reaches the hall before the first burst
        if not await self.step("checkin_ack", pool, burst("attendance.check_in")):
            return
        if not await self.step("document_fetch", pool, {"op": "fetch", "blobs": stage.blobs, "timeout": self.timeout}):
            return
        await self.chair(chair, "agenda.activate", {"item_id": ITEM_ID})
        if not await self.step("speak_ack", pool, burst("speak.request", args={"kind": "discussion",
                                                                                  "item_id": ITEM_ID})):
            return
        created = await self.chair(chair, "vote.create", {
            "item_id": ITEM_ID, "title": "Biểu quyết diễn tập", "kind": "open", "options": list(RESOLUTION_OPTIONS),
            "rule": "majority_of_all", "duration_s": 0})
        vote_id = f"vote-{created['seq']}"
        # A chair pauses between two presses; the hall's fan-out is paced (sync/server/sessions.py,
        # FANOUT_INTERVAL_S), so an action right behind another would time the pacing, not the room.
        await asyncio.sleep(CHAIR_GAP_S)
        sent = time.monotonic()
        opened = await self.chair(chair, "vote.open", {"vote_id": vote_id})
        if not await self.step("vote_open", pool, {"op": "arrivals", "name": "vote.opened", "seq": opened["seq"],
                                                   "since": sent, "timeout": self.timeout}):
            return
        if not await self.step("ballot_ack", pool, burst("vote.cast", vote_id=vote_id, choices=CHOICES)):
            return
        await asyncio.sleep(CHAIR_GAP_S)
        sent = time.monotonic()
        closed = await self.chair(chair, "vote.close", {"vote_id": vote_id})
        if not await self.step("close_result", pool, {"op": "arrivals", "name": "vote.closed", "seq": closed["seq"],
                                                      "since": sent, "timeout": self.timeout}):
            return
        if self.args.reconnect_storm:
            self.say(f"{BY_KEY['reconnect_storm'].label}…")
            drops = await pool.ask({"op": "drop"})
            since = min(d["at"] for d in drops)
            await self.step("reconnect_storm", pool, {"op": "storm", "since": since, "timeout": self.timeout})

    def burst(self, name: str, lead_s: float = 0.5, **extra: Any) -> dict[str, Any]:
        """One command from every seat, sent evenly over --spread seconds from `lead_s` on."""
        return {"op": "command", "name": name, "args": extra.pop("args", {}), "t0": time.monotonic() + lead_s,
                "spread_s": float(self.args.spread), "n_total": self.n, "timeout": self.timeout, **extra}

    async def chair(self, chair: Connection, name: str, args: dict[str, Any]) -> dict[str, Any]:
        self.phase = f"Chủ tọa ({name})"
        sent = time.monotonic()
        try:
            answer = await chair.request(name, args, self.timeout)
            self.chair_ack_ms[name] = round((time.monotonic() - sent) * 1000, 2)
        except TimeoutError:
            answer = {"type": "error", "code": "timeout", "message": f"không trả lời sau {self.timeout:g} giây"}
        if answer.get("type") != "ack":
            raise DomainError(str(answer.get("code", "timeout")), f"Máy chủ từ chối lệnh {name} của chủ tọa diễn tập: "
                                                                  f"{answer.get('message', '')}")
        return answer

    async def step(self, key: str, pool: Pool, order: dict[str, Any]) -> bool:
        """One measured step; False once no seat is connected any more (the rest would only
        repeat the same cause)."""
        label = self.phase = BY_KEY[key].label
        if key != "reconnect_storm":
            self.say(f"{label}…")
        merged = await pool.merged(order)
        self.results[key] = merged
        self.note(label, merged)
        if merged.failures and not merged.ms:
            online = sum(a["online"] for a in await pool.ask({"op": "online"}))
            if online == 0:
                self.skip()
                return False
        return True

    def note(self, phase: str, merged: Merged) -> None:
        self.failures += [{"phase": phase, "seat": self.labels[i], "cause": cause} for i, cause in merged.failures]

    def report(self, server: str, stage: Stage, cleanup: dict[str, Any] | None) -> dict[str, Any]:
        figures = [figure_result(f, self.results[f.key].ms, len(self.results[f.key].failures), self.labels)
                   for f in FIGURES if f.key in self.results]
        seats = [{"seat": label, **{key: round(m.ms[i], 2) for key, m in self.results.items() if i in m.ms}}
                 for i, label in enumerate(self.labels)]
        report: dict[str, Any] = {
            "tool": "phonghop rehearse", "server": server, "meeting_id": stage.meeting_id,
            "meeting_title": stage.title, "seats": self.n, "documents": len(stage.blobs),
            "document_bytes": sum(size for _, size in stage.blobs), "spread_s": self.args.spread,
            "machine": machine(), "figures": figures, "skipped": self.skipped, "failures": self.failures,
            "chair_ack_ms": self.chair_ack_ms, "per_seat": seats, "cleanup": cleanup,
        }
        ok, why = verdict(report)
        report["ok"], report["not_met"] = ok, why
        return report
