"""Soak test (on demand): a simulated sitting repeated for hours against ONE room server process.

    .venv/bin/python tests/perf/soak.py [--minutes 120] [--seats 85] [--round-s S] [--sample-s 30]
        [--workers K] [--tracemalloc] [--keep]

Issue 7, "Figures to reach": no memory growth over a 2-hour soak of a simulated sitting. A fresh
`phonghop server --seed-demo` subprocess and a technician enrolled by `phonghop enroll`, as
tests/perf/bench_rehearse.py; then `phonghop rehearse`'s own machinery (phonghop.rehearse_run.
Rehearsal: set-up, enrollment of every seat through /v1/enroll, the documents, its measured
sitting, the cleanup), with its steps followed by rounds until the time is up. Every round
(--round-s, default min(120 s, run / 8)): the chair activates the next agenda item, presents a
page, sends messages, withdraws what still waits, a few seats ask for the floor, two speeches are
granted and ended, a vote (open and secret in turn) is created, opened, cast by every seat and
closed, a few seats check out and in again, and about a tenth of the seats lose their connection
and come back by themselves. Seats stay connected in between (their sockets see every event).

Every --sample-s: the server's VmRSS, open fds and threads (/proc), each seat worker's VmRSS, the
head seq of the meeting's and of the server's log. The first 10 % of the run is warm-up (caches,
the allocator's arenas, the frozen heap) and left out of every fit.

One JSON line per figure on stdout (bench_backbone.py's format); the sample table and the
rehearsal's own report on stderr:
- server_rss_growth_mb_per_h: least-squares slope of the server's RSS after warm-up. Floor: the
  same fit over the seat worker processes (mean per process), which run the same Python, asyncio
  and TLS stack, read every frame of the same sitting and keep nothing across rounds (the `forget`
  order): what a process that must not grow shows over the same time from the allocator and the
  runtime. ok when the slope is below GROWTH_BOUND_PCT_PER_H % of the post-warm-up RSS per hour,
  and never above GROWTH_CEILING_MB_H (see there why);
- server_fd_growth: open fds of the server at the quiet end of each round (every seat connected
  again), last minus first after warm-up; floor the same for the workers (the sockets' other
  ends); ok when within ±FD_TOLERANCE;
- ballot_ack_p99_drift: ballot ack p99 of the last rounds over the first rounds after warm-up
  (floor): a heap or a list that grows shows as slowness before it shows as memory; ok ≤ 2;
- events_written: events the meeting's and the server's logs gained during the soak;
  ok when no seat failed in any round (detail: the failures by step).

A run under ~20 minutes cannot judge growth: the server frees the reference cycles of closed
sessions (each with uvloop's 256 KiB TLS buffer) only in its thorough collection, every 10 minutes
(sync/server/collector.py, THOROUGH_EVERY_S), so a short run sees the rising edge of a sawtooth.

--tracemalloc sets PHONGHOP_TRACEMALLOC for the server (sync/server/main.py: a snapshot a minute)
and prints what grew most between the first snapshot after warm-up and the last.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_backbone import Proc, machine  # noqa: E402
from bench_rehearse import PASSPHRASE, phonghop  # noqa: E402

from app.errors import DomainError  # noqa: E402
from app.vote_rules import RESOLUTION_OPTIONS  # noqa: E402
from phonghop.admin_device import Technician, meeting_state, run  # noqa: E402
from phonghop.rehearse_report import percentile  # noqa: E402
from phonghop.rehearse_run import CHAIR_GAP_S, CHOICES, Rehearsal  # noqa: E402
from phonghop.rehearse_stage import ITEM_ID, Stage  # noqa: E402
from sync.client.connection import Connection  # noqa: E402
from sync.rehearsal.pool import Merged, Pool  # noqa: E402

log = logging.getLogger("soak")

WARM_UP = 0.10
# 5 % of the resident size over a 2-hour sitting: a server that holds 100 MB may take 5 MB more by
# the end of the afternoon, what the meeting's own state (ballots, requests, answers kept) costs
# at the soak's pace, which packs a day's votes into an hour. A leak per frame or per connection
# at 85 seats is far above it.
GROWTH_BOUND_PCT_PER_H = 2.5
GROWTH_CEILING_MB_H = 20.0
FD_TOLERANCE = 2
DRIFT_BOUND = 2.0
ITEMS = 4
SPEAKERS = 8  # seats asking for the floor in a round
MOVERS = 8  # seats checking out and in again in a round
DROPPED = 0.10  # share of the hall that loses its connection in a round
DOCUMENT_ID = "dien-tap-tl-1"


def status(pid: int) -> dict[str, int]:
    """VmRSS (KiB) and Threads of a process; empty once it is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    found = {}
    for line in lines:
        name, _, value = line.partition(":")
        if name in ("VmRSS", "Threads"):
            found[name] = int(value.split()[0])
    return found


def fds(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    n = len(points)
    if n < 2:
        return float("nan")
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else float("nan")


class Soak(Rehearsal):
    """The rehearsal with its steps followed by rounds of a sitting until the time is up."""

    def __init__(self, args: argparse.Namespace, server_pid: int):
        super().__init__(args)
        self.server_pid = server_pid
        self.minutes = float(args.minutes)
        self.round_s = float(args.round_s or min(120.0, self.minutes * 60 / 8))
        self.sample_s = float(args.sample_s)
        self.samples: list[dict[str, Any]] = []
        self.rounds: list[dict[str, Any]] = []
        self.lost: Counter[str] = Counter()  # seat failures by step
        self.causes: list[str] = []
        self.t0 = 0.0
        self.tech: Technician | None = None
        self.not_met: list[str] = []  # the rehearsal's own targets, from its JSON report

    def say(self, text: str) -> None:  # stdout is the figures' JSON lines
        print(text, file=sys.stderr, flush=True)

    async def sitting(self, tech: Technician, stage: Stage, now: Any) -> None:
        self.tech = tech
        answers = await tech.send(stage.meeting, [("agenda.add", {
            "item_id": f"dien-tap-{k}", "title": f"Nội dung diễn tập số {k}", "position": k, "planned_min": 20})
            for k in range(2, ITEMS + 1)])
        if any(a.get("type") != "ack" for a in answers):
            raise DomainError("conflict", f"Máy chủ từ chối thêm nội dung: {answers}")
        await super().sitting(tech, stage, now)

    async def steps(self, pool: Pool, chair: Connection, stage: Stage) -> None:
        await super().steps(pool, chair, stage)
        if sum(a["online"] for a in await pool.ask({"op": "online"})) == 0:
            return
        self.t0 = time.monotonic()
        end = self.t0 + self.minutes * 60
        sampler = asyncio.create_task(self.sample_every(pool, chair))
        number = 0
        try:
            while time.monotonic() < end:
                number += 1
                started = time.monotonic()
                record: dict[str, Any] = {"round": number, "t": round(started - self.t0, 1)}
                try:
                    await self.round(number, pool, chair, stage, record)
                except (DomainError, TimeoutError, OSError) as exc:  # counted; the soak goes on
                    cause = exc.message if isinstance(exc, DomainError) else repr(exc)
                    self.lost[f"chủ tọa: {self.phase}"] += 1
                    self.causes.append(f"vòng {number}, {self.phase}: {cause}")
                await pool.ask({"op": "forget"})
                record["server_fds"] = fds(self.server_pid)
                record["worker_fds"] = sum(fds(p.pid) for p in pool.procs if p.pid is not None)
                record["seconds"] = round(time.monotonic() - started, 1)
                self.rounds.append(record)
                self.say(f"vòng {number}: {record}")
                await asyncio.sleep(max(0.0, min(started + self.round_s, end) - time.monotonic()))
        finally:
            sampler.cancel()
            self.sample(pool, chair)

    def sample(self, pool: Pool, chair: Connection) -> None:
        server = status(self.server_pid)
        workers = [status(p.pid) for p in pool.procs if p.pid is not None]
        tech = self.tech
        self.samples.append({
            "t": round(time.monotonic() - self.t0, 1), "server_rss_kib": server.get("VmRSS"),
            "server_fds": fds(self.server_pid), "server_threads": server.get("Threads"),
            "worker_rss_kib": [w.get("VmRSS") for w in workers],
            "meeting_seq": chair.state.seq, "server_seq": tech.server.state.seq if tech else None})

    async def sample_every(self, pool: Pool, chair: Connection) -> None:
        while True:
            self.sample(pool, chair)
            await asyncio.sleep(self.sample_s)

    def count(self, step: str, merged: Merged) -> Merged:
        if merged.failures:
            self.lost[step] += len(merged.failures)
            self.causes += [f"{step}: {self.labels[i]}: {cause}" for i, cause in merged.failures[:3]]
        return merged

    async def until(self, predicate: Any, what: str) -> None:
        deadline = time.monotonic() + self.timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise DomainError("timeout", f"chủ tọa chưa thấy {what} sau {self.timeout:g} giây")
            await asyncio.sleep(0.05)

    async def round(self, number: int, pool: Pool, chair: Connection, stage: Stage, record: dict[str, Any]) -> None:
        n = self.n
        item = ITEM_ID if number % ITEMS == 0 else f"dien-tap-{number % ITEMS + 1}"
        if meeting_state(chair).agenda[item].status != "active":
            await self.chair(chair, "agenda.activate", {"item_id": item})
        pages = meeting_state(chair).documents[DOCUMENT_ID].pages  # what the PDF came to, not --pages
        await self.chair(chair, "present.page", {"document_id": DOCUMENT_ID, "page": number % pages + 1})
        await self.chair(chair, "message.send", {"to": "all", "text": f"Vòng diễn tập số {number}: mời các đại "
                                                                      "biểu theo dõi tài liệu trên màn hình."})
        for request in meeting_state(chair).speaking.waiting():  # the rehearsal's own, and any left
            await self.chair(chair, "speak.withdraw", {"request_id": request.request_id})
        speakers = [(number * SPEAKERS + k) % n for k in range(min(SPEAKERS, n))]
        asked = self.count("speak.request", await pool.merged(self.burst(
            "speak.request", args={"kind": "question", "item_id": item}, indices=speakers)))
        await self.until(lambda: len(meeting_state(chair).speaking.waiting()) >= len(asked.ms), "các yêu cầu phát biểu")
        for request in meeting_state(chair).speaking.waiting()[:2]:
            await self.chair(chair, "speak.grant", {"request_id": request.request_id, "limit_s": 60})
            await asyncio.sleep(1.0)
            await self.chair(chair, "speak.end", {"request_id": request.request_id})
        for request in meeting_state(chair).speaking.waiting():
            await self.chair(chair, "speak.withdraw", {"request_id": request.request_id})
        secret = number % 2 == 0
        created = await self.chair(chair, "vote.create", {
            "item_id": item, "title": f"Biểu quyết diễn tập vòng {number}", "kind": "secret" if secret else "open",
            "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 0,
            **({"committee": {"head": "dt-0001", "secretary": "dt-0002", "members": ["dt-0001", "dt-0002",
                                                                                    "dt-0003"]}} if secret else {})})
        vote_id = f"vote-{created['seq']}"
        await asyncio.sleep(CHAIR_GAP_S)
        sent = time.monotonic()
        opened = await self.chair(chair, "vote.open", {"vote_id": vote_id})
        self.count("vote.opened", await pool.merged({"op": "arrivals", "name": "vote.opened", "seq": opened["seq"],
                                                     "since": sent, "timeout": self.timeout}))
        ballots = self.count("vote.cast", await pool.merged(self.burst("vote.cast", vote_id=vote_id,
                                                                        choices=CHOICES)))
        record["ballot_ack_p99_ms"] = round(percentile(list(ballots.ms.values()), 99), 2)
        await asyncio.sleep(CHAIR_GAP_S)
        sent = time.monotonic()
        closed = await self.chair(chair, "vote.close", {"vote_id": vote_id})
        result = self.count("vote.closed", await pool.merged({"op": "arrivals", "name": "vote.closed",
                                                              "seq": closed["seq"], "since": sent,
                                                              "timeout": self.timeout}))
        record["close_result_p99_ms"] = round(percentile(list(result.ms.values()), 99), 2)
        await self.chair(chair, "message.send", {"to": f"dt-{number % n + 1:04d}", "text": "Đại biểu vui lòng "
                                                 "kiểm tra lại phiếu biểu quyết trên máy."})
        movers = [(number * MOVERS + k + n // 2) % n for k in range(min(MOVERS, n))]
        self.count("attendance.check_out", await pool.merged(self.burst("attendance.check_out", indices=movers)))
        self.count("attendance.check_in", await pool.merged(self.burst("attendance.check_in", indices=movers)))
        if number % 3 == 0:
            await self.chair(chair, "present.stop", {})
        dropped = [(number * 7 + k * 10) % n for k in range(max(1, round(n * DROPPED)))]
        drops = await pool.ask({"op": "drop", "indices": dropped})
        storm = self.count("reconnect", await pool.merged({"op": "storm", "since": min(d["at"] for d in drops),
                                                           "timeout": self.timeout}))
        record["reconnect_max_ms"] = round(max(storm.ms.values(), default=float("nan")), 1)
        record["meeting_seq"] = chair.state.seq


def after_warm_up(soak: Soak, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r["t"] >= WARM_UP * soak.minutes * 60]


def figures(soak: Soak) -> list[dict[str, Any]]:
    m = machine()
    kept = [s for s in after_warm_up(soak, soak.samples) if s["server_rss_kib"] is not None]
    hours = [(s["t"] / 3600) for s in kept]
    server_mb = [s["server_rss_kib"] / 1024 for s in kept]
    workers_mb = [sum(w or 0 for w in s["worker_rss_kib"]) / max(1, len(s["worker_rss_kib"])) / 1024 for s in kept]
    growth = slope(list(zip(hours, server_mb, strict=True)))
    floor = slope(list(zip(hours, workers_mb, strict=True)))
    level = sum(server_mb) / len(server_mb) if server_mb else float("nan")
    bound = min(GROWTH_CEILING_MB_H, level * GROWTH_BOUND_PCT_PER_H / 100)
    events = [s["meeting_seq"] + (s["server_seq"] or 0) for s in soak.samples]
    written = events[-1] - events[0] if events else 0
    span_h = (kept[-1]["t"] - kept[0]["t"]) / 3600 if len(kept) > 1 else float("nan")
    lines: list[dict[str, Any]] = [{
        "figure": "server_rss_growth_mb_per_h", "value": round(growth, 3), "unit": "MB/h",
        "target": f"≤ {bound:.2f} ({GROWTH_BOUND_PCT_PER_H:g} % of {level:.1f} MB per hour, at most "
                  f"{GROWTH_CEILING_MB_H:g})", "floor": round(floor, 3),
        "ratio": round(growth / floor, 3) if abs(floor) > 1e-9 else None,
        "ok": len(kept) >= 3 and growth <= bound, "n": len(kept), "machine": m,
        "detail": {"samples_after_warm_up": len(kept), "hours_fitted": round(span_h, 3),
                   "server_rss_mb_first_last": [round(server_mb[0], 1), round(server_mb[-1], 1)] if kept else None,
                   "server_rss_mb_min_max": [round(min(server_mb), 1), round(max(server_mb), 1)] if kept else None,
                   "worker_rss_mb_first_last": [round(workers_mb[0], 1), round(workers_mb[-1], 1)] if kept else None,
                   "kib_per_event": round(growth * 1024 / (written / (soak.minutes / 60)), 3) if written else None,
                   "server_threads_first_last": [kept[0]["server_threads"], kept[-1]["server_threads"]] if kept else None}}]
    quiet = after_warm_up(soak, soak.rounds)
    fd_growth = quiet[-1]["server_fds"] - quiet[0]["server_fds"] if len(quiet) > 1 else None
    fd_floor = quiet[-1]["worker_fds"] - quiet[0]["worker_fds"] if len(quiet) > 1 else None
    lines.append({
        "figure": "server_fd_growth", "value": fd_growth, "unit": "fd", "target": f"0 ± {FD_TOLERANCE}",
        "floor": fd_floor, "ratio": None, "ok": fd_growth is not None and abs(fd_growth) <= FD_TOLERANCE, "n": len(quiet),
        "machine": m, "detail": {"server_fds_per_round": [r["server_fds"] for r in quiet],
                                 "sampled_min_max": [min(s["server_fds"] for s in kept), max(s["server_fds"] for s in kept)]
                                 if kept else None}})
    p99s = [r["ballot_ack_p99_ms"] for r in quiet if "ballot_ack_p99_ms" in r]
    tail = max(1, len(p99s) // 5)
    first, last = (sorted(p99s[:tail])[tail // 2], sorted(p99s[-tail:])[tail // 2]) if len(p99s) >= 2 else (None, None)
    lines.append({
        "figure": "ballot_ack_p99_drift", "value": last, "unit": "ms", "target": f"≤ {DRIFT_BOUND:g}× floor",
        "floor": first, "ratio": round(last / first, 3) if first and last else None,
        "ok": bool(first and last and last / first <= DRIFT_BOUND), "n": len(p99s), "machine": m,
        "detail": {"rounds": len(soak.rounds), "round_s": soak.round_s,
                   "close_result_p99_ms": [r.get("close_result_p99_ms") for r in quiet],
                   "reconnect_max_ms": [r.get("reconnect_max_ms") for r in quiet]}})
    lines.append({
        "figure": "events_written", "value": written, "unit": "events", "target": "no seat failure", "floor": None,
        "ratio": None, "ok": written > 0 and not soak.lost, "n": len(soak.rounds), "machine": m,
        "detail": {"per_hour": round(written / (soak.minutes / 60)), "meeting_seq_last": soak.samples[-1]["meeting_seq"]
                   if soak.samples else None, "failures_by_step": dict(soak.lost), "causes": soak.causes[:10],
                   "rehearsal_not_met": soak.not_met}})
    return lines


def table(soak: Soak) -> str:
    rows = ["  t (s) | server RSS MB |  fds | threads | workers RSS MB | meeting seq | server seq"]
    for s in soak.samples:
        rss = "—" if s["server_rss_kib"] is None else f"{s['server_rss_kib'] / 1024:.1f}"
        workers = " ".join(f"{(w or 0) / 1024:.1f}" for w in s["worker_rss_kib"])
        rows.append(f"{s['t']:7.0f} | {rss:>13} | {s['server_fds']:4d} | {s['server_threads'] or 0:7d} | "
                    f"{workers:>14} | {s['meeting_seq']:11d} | {s['server_seq'] or 0:10d}")
    return "\n".join(rows)


def grew(folder: Path, after_s: float) -> str:
    """What grew most in the server between the first snapshot after warm-up and the last."""
    import tracemalloc

    snaps = sorted(folder.glob("server-*.tracemalloc"))
    if len(snaps) < 2:
        return "tracemalloc: fewer than two snapshots"
    first = snaps[min(len(snaps) - 2, max(0, int(after_s // 60) - 1))]
    old, new = tracemalloc.Snapshot.load(str(first)), tracemalloc.Snapshot.load(str(snaps[-1]))
    lines = [f"tracemalloc: {first.name} → {snaps[-1].name}"]
    for stat in new.compare_to(old, "traceback")[:12]:
        lines.append(f"{stat.size_diff / 1024:+9.1f} KiB {stat.count_diff:+7d} blocks")
        lines += [f"    {frame}" for frame in stat.traceback.format(limit=6, most_recent_first=True)]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=120.0)
    parser.add_argument("--seats", type=int, default=85)
    parser.add_argument("--round-s", type=float, help="seconds from one round's start to the next")
    parser.add_argument("--sample-s", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="seat worker processes")
    parser.add_argument("--tracemalloc", action="store_true", help="snapshots in the server, compared at the end")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (server log, snapshots)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(asctime)s soak %(message)s")
    tmp = Path(tempfile.mkdtemp(prefix="soak-"))
    trace = tmp / "tracemalloc"
    if args.tracemalloc:
        os.environ["PHONGHOP_TRACEMALLOC"] = str(trace)
    server = Proc([sys.executable, "-m", "phonghop", "server", "--data", str(tmp / "server"), "--port", "0",
                   "--seed-demo", "--no-announce"], tmp / "server.log")
    server.start()
    os.environ.pop("PHONGHOP_TRACEMALLOC", None)
    try:
        cards = json.loads((tmp / "server" / "enrollment.json").read_text(encoding="utf-8"))
        link = next(c["link"] for c in cards if c["role"] == "technician")
        enrolled = phonghop("enroll", link, "--data", str(tmp / "technician"), timeout=60)
        if enrolled.returncode != 0:
            raise RuntimeError(enrolled.stdout + enrolled.stderr)
        os.environ["PHONGHOP_PASSPHRASE"] = PASSPHRASE
        options = argparse.Namespace(
            device=str(tmp / "technician"), seats=args.seats, documents=1, pages=5, spread=1.0, workers=args.workers,
            reconnect_storm=False, keep=False, json=str(tmp / "rehearse.json"), timeout=60.0, minutes=args.minutes,
            round_s=args.round_s, sample_s=args.sample_s)
        soak = Soak(options, server.pid)
        code = run(soak.main())
        if (tmp / "rehearse.json").exists():
            soak.not_met = json.loads((tmp / "rehearse.json").read_text(encoding="utf-8")).get("not_met", [])
        print(table(soak), file=sys.stderr)
        if args.tracemalloc:
            print(grew(trace, WARM_UP * args.minutes * 60), file=sys.stderr)
        if code == 2 or not soak.samples:
            print(f"soak did not run (exit {code}); server log: {(tmp / 'server.log').read_text()[-3000:]}",
                  file=sys.stderr)
            return 1
        lines = figures(soak)
    finally:
        server.kill()
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for line in lines:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0 if all(line["ok"] for line in lines) else 1


if __name__ == "__main__":
    raise SystemExit(main())
