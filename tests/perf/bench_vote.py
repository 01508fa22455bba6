"""Performance benchmark: 500 seats voting within one second, and the result reaching the hall.

    .venv/bin/python tests/perf/bench_vote.py [--seats 500] [--votes 5] [--workers 4] [--keep]

Issue 5, "Figures to reach": 500 seats voting within one second: ballot ack p50 ≤ 15 ms,
p99 ≤ 50 ms and ≤ 2× the floor; close to result on every seat and the hall display p99 ≤ 250 ms.
(The third figure, verifying a full day's archive, is tests/perf/bench_verify.py.)

The room server (`phonghop server --seed-demo`, a subprocess) with the demo meeting grown to N
delegates and seats (bench_chair_broadcast.py's preparation), N seats and the hall display as
real TLS WebSockets in worker processes (chair_seat_worker.py), the chair as a raw client.
Every seat checks in; then --votes times: the chair creates an open vote and opens it, every
seat casts a ballot signed with its device key (`vote.cast`, verified by the server), the sends
spread evenly over one second; once all are acknowledged and delivered, the chair closes it.

The floor, same run: tests/perf/floor_server.py (echo + broadcast only, on uvloop like the room
server) with N+1 receivers: the same bursts of the same frames (it acknowledges any command and
broadcasts an event for it), and for the close a `message.send` padded to the size of the room
server's `vote.closed` frame. The floor coalesces its writes (FLOOR_COALESCE=1: one write per
socket per loop iteration, as the room server does): the bare floor awaits 500 sends per
ballot and falls seconds behind a 500-ballot second (ack p50 2.5 s measured), which would make
any ratio to it meaningless. `--bare-floor` runs that one instead.

Prints one JSON line per figure (bench_backbone.py's format):
- ballot_ack_p50_ms, ballot_ack_p99_ms: over every ballot of every burst, from the seat's send
  to its ack; p99 ok needs ≤ 50 ms and ≤ 2× the floor's p99.
- close_to_result_p99_ms: from the chair's send of `vote.close` to the TLS read that completed
  the `vote.closed` frame at every seat and the display (one system-wide CLOCK_MONOTONIC).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

from bench_backbone import PySpy, ask_all, machine, percentile  # noqa: E402
from bench_chair_broadcast import (  # noqa: E402  (the chair benchmark's hall, not a copy)
    GC_TRACE,
    MEETING,
    ChairBench,
    ChairClient,
    Proc,
    Target,
    WorkerProc,
    sched_ns,
)

from app.keys import DeviceKeys  # noqa: E402
from app.vote_rules import RESOLUTION_OPTIONS  # noqa: E402
from sync.client.enroll import enroll  # noqa: E402

log = logging.getLogger("bench_vote")

ITEM = "item-02"
TARGET_ACK_P50_MS = 15.0
TARGET_ACK_P99_MS = 50.0
TARGET_CLOSE_P99_MS = 250.0
# A hall votes mostly one way; the mix only changes the tally, not the work.
CHOICES = ["tan_thanh"] * 7 + ["khong_tan_thanh"] * 2 + ["khong_bieu_quyet"]


class VoteBench(ChairBench):
    def __init__(self, args: argparse.Namespace):
        args.actions, args.queue, args.gap, args.floor_loop, args.gc_trace = 1, 0, 0.5, "uvloop", False
        spy_dir = args.py_spy
        args.py_spy = None
        self.trace_gc = args.gc_trace_votes
        spy = spy_dir
        super().__init__(args)
        if spy:
            Path(spy).mkdir(parents=True, exist_ok=True)
            self.spy = PySpy(Path(spy))
        self.votes = args.votes
        self.burst_times: list[float] = []
        self.burst_cpu: list[dict[str, float]] = []

    async def burst(self, workers: list[WorkerProc], vote_id: str) -> list[float]:
        t0 = time.monotonic() + 0.5
        answers = await ask_all(workers, {"op": "ballots", "indices": list(range(self.n)), "vote_id": vote_id,
                                          "choices": CHOICES, "t0": t0, "spread_s": 1.0, "n_total": self.n,
                                          "timeout": 60.0})
        errors = [e for a in answers for e in a["errors"]]
        lat = [x for a in answers for x in a["lat_ms"]]
        if errors or len(lat) != self.n:
            raise RuntimeError(f"ballots: {len(lat)} of {self.n} acknowledged, errors {sorted(set(errors))[:5]}")
        return lat

    async def settle(self, target: Target) -> None:
        await asyncio.sleep(0.3)
        await ask_all(target.workers, {"op": "reach", "seq": target.chair.last_seq, "timeout": 30.0})
        await asyncio.sleep(0.5)

    async def run_server(self) -> dict[str, Any]:
        command = ["server", "--data", str(self.tmp / "server"), "--port", "0", "--seed-demo"]
        if self.trace_gc:
            server = Proc([sys.executable, "-c", GC_TRACE, str(self.tmp / "gc.txt"), *command], self.tmp / "server.log")
        else:
            server = Proc([sys.executable, "-m", "phonghop", *command], self.tmp / "server.log")
        self.procs.append(server)
        server.start()
        workers: list[WorkerProc] = []
        chair: ChairClient | None = None
        try:
            receivers, chair_link = await self.prepare(server)
            workers = await self.hall("real", server, receivers)
            keys = DeviceKeys.generate()
            chair_id = (await enroll(chair_link, "Máy chủ tọa (bench)", keys)).device_id
            chair = ChairClient(server.url, server.fingerprint, chair_id, keys, MEETING)
            await chair.connect()
            target = Target("server", server, workers, chair, 0.5)
            checked = await ask_all(workers, {"op": "send", "indices": list(range(self.n)), "name": "attendance.check_in",
                                              "args": {}, "timeout": 60.0})
            if sum(a["acks"] for a in checked) != self.n:
                raise RuntimeError(f"check-in: {checked}")
            await self.settle(target)
            acks: list[float] = []
            self.bursts: list[list[float]] = []
            self.spy.start(server.pid, "ballots", duration_s=120)
            for k in range(self.votes):
                await target.act("setup", "agenda.activate", {"item_id": ITEM}) if k == 0 else None
                created = await target.act("setup", "vote.create", {
                    "item_id": ITEM, "title": f"Biểu quyết thử số {k + 1}", "kind": "open",
                    "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": 0})
                vote_id = f"vote-{created['seq']}"
                await target.act("setup", "vote.open", {"vote_id": vote_id})
                self.burst_times.append(time.monotonic())
                run0, wait0 = sched_ns(server.pid)
                burst = await self.burst(workers, vote_id)
                run1, wait1 = sched_ns(server.pid)
                self.burst_times.append(time.monotonic())
                self.burst_cpu.append({"server_cpu_ms": round((run1 - run0) / 1e6, 1),
                                       "server_runq_ms": round((wait1 - wait0) / 1e6, 1),
                                       "wall_ms": round((self.burst_times[-1] - self.burst_times[-2]) * 1000, 1)})
                self.bursts.append(burst)
                acks += burst
                await self.settle(target)
                await target.act("close", "vote.close", {"vote_id": vote_id})
            self.spy.stop()
            await target.arrivals()
            return {"acks": acks, "closes": [a for a in target.actions if a["kind"] == "close"],
                    "sizes": chair.sizes}
        finally:
            await self.close(workers, chair, server)

    async def run_floor_votes(self, close_size: int) -> dict[str, Any]:
        floor = self.floor_proc()
        self.procs.append(floor)
        floor.start()
        workers: list[WorkerProc] = []
        chair: ChairClient | None = None
        try:
            workers = await self.hall("floor", floor, [None] * (self.n + 1))
            chair = ChairClient(floor.url, floor.fingerprint, None, None, MEETING, handshake=False)
            await chair.connect()
            target = Target("floor", floor, workers, chair, 0.5)
            probe = await target.act("setup", "message.send", {"to": "all", "text": ""})
            bare = chair.sizes[probe["seq"]]
            acks: list[float] = []
            for k in range(self.votes):
                acks += await self.burst(workers, f"vote-floor-{k}")
                await self.settle(target)
                await target.act("close", "message.send", {"to": "all", "text": "x" * max(0, close_size - bare)})
            await target.arrivals()
            return {"acks": acks, "closes": [a for a in target.actions if a["kind"] == "close"]}
        finally:
            await self.close(workers, chair, floor)

    async def run(self) -> list[dict[str, Any]]:  # type: ignore[override]
        log.info("vote benchmark: %d seats + display, %d votes; %s", self.n, self.votes, machine())
        real = await self.run_server()
        if self.trace_gc:
            self.note_burst_gc()
        close_size = max(real["sizes"][a["seq"]] for a in real["closes"])
        await asyncio.sleep(2.0)
        floor = await self.run_floor_votes(close_size)
        return self.vote_figures(real, floor, close_size)

    def note_burst_gc(self) -> None:
        path = self.tmp / "gc.txt"
        pauses = [tuple(map(float, line.split())) for line in path.read_text().splitlines()] if path.exists() else []
        spans = list(zip(self.burst_times[::2], self.burst_times[1::2], strict=True))
        for k, (start, end) in enumerate(spans):
            hit = [(round(ms, 1), int(gen)) for at, ms, gen in pauses if start - 0.1 <= at <= end]
            log.info("burst %d: garbage collections ≥ 1 ms (ms, generation): %s", k + 1, hit)

    def vote_figures(self, real: dict[str, Any], floor: dict[str, Any], close_size: int) -> list[dict[str, Any]]:
        m = machine()

        def fig(name: str, value: float, target: float, floor_value: float, ok: bool, n: int,
                detail: dict[str, Any]) -> dict[str, Any]:
            return {"figure": name, "value": round(value, 3), "unit": "ms", "target": target,
                    "floor": round(floor_value, 3), "ratio": round(value / floor_value, 3) if floor_value else None,
                    "ok": ok, "n": n, "machine": m, "detail": detail}

        a, fa = real["acks"], floor["acks"]
        p50, p99, f50, f99 = (percentile(a, 50), percentile(a, 99), percentile(fa, 50), percentile(fa, 99))
        detail = {"max": round(max(a), 2), "floor_max": round(max(fa), 2), "seats": self.n, "votes": self.votes,
                  "spread_s": 1.0, "per_vote_p99": [round(percentile(b, 99), 1) for b in self.bursts],
                  "per_vote_server": self.burst_cpu}
        lat = [x for c in real["closes"] for x in c["lat"]]
        flat = [x for c in floor["closes"] for x in c["lat"]]
        missing = sum(c["missing"] for c in real["closes"])
        display = [c["display_ms"] for c in real["closes"] if c["display_ms"] is not None]
        close_detail = {"p50": round(percentile(lat, 50), 2), "max": round(max(lat), 2), "missing": missing,
                        "display_max": round(max(display), 2) if display else None,
                        "ack_ms": [round(c["ack_ms"], 1) for c in real["closes"]],
                        "frame_bytes": close_size, "floor_p50": round(percentile(flat, 50), 2),
                        "receivers": self.n + 1}
        return [
            fig("ballot_ack_p50_ms", p50, TARGET_ACK_P50_MS, f50, p50 <= TARGET_ACK_P50_MS, len(a), detail),
            fig("ballot_ack_p99_ms", p99, TARGET_ACK_P99_MS, f99, p99 <= TARGET_ACK_P99_MS and p99 <= 2 * f99,
                len(a), detail),
            fig("close_to_result_p99_ms", percentile(lat, 99), TARGET_CLOSE_P99_MS, percentile(flat, 99),
                missing == 0 and percentile(lat, 99) <= TARGET_CLOSE_P99_MS, len(lat), close_detail),
        ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--votes", type=int, default=5, help="votes, each a burst of --seats ballots")
    parser.add_argument("--workers", type=int, default=4, help="seat worker processes")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (server log, data)")
    parser.add_argument("--gc-trace", dest="gc_trace_votes", action="store_true",
                        help="log the room server's garbage collections (≥ 1 ms) that fell inside a burst")
    parser.add_argument("--py-spy", metavar="DIR", help="record py-spy of the room server during the votes")
    parser.add_argument("--bare-floor", action="store_true", help="the floor without coalesced writes")
    args = parser.parse_args()
    if not args.bare_floor:
        os.environ["FLOOR_COALESCE"] = "1"  # the floor process inherits it
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s bench %(message)s")
    bench = VoteBench(args)
    try:
        lines = asyncio.run(bench.run())
    finally:
        bench.cleanup(args.keep)
    for line in lines:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0 if lines and all(line["ok"] for line in lines) else 1


if __name__ == "__main__":
    raise SystemExit(main())
