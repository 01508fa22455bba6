"""Performance benchmark of PhòngHọp's backbone: the room server under a full hall of seats.

    .venv/bin/python tests/perf/bench_backbone.py [--seats 500] [--workers 4] [--repeats 20]

Runs the room server (`python -m phonghop server`) as a subprocess and N simulated seats (real
TLS WebSockets, tests/perf/seat_worker.py) in other processes, and in the same run the bare
floor server (tests/perf/floor_server.py: echo + broadcast only). Prints one JSON line per
figure to stdout:

    {"figure", "value", "unit", "target", "floor", "ratio", "ok", "n", "machine"}

Figures (the issue's targets, never weakened):
- connect_all_s: time for all N seats to connect, authenticate and catch up (informative);
- memory_per_seat_kib: server RSS growth per connected seat, ≤ 100 KiB;
- checkin_ack_p50_ms / checkin_ack_p99_ms: a burst of N check-ins spread over one second,
  ack latency ≤ 15 / ≤ 50 ms, and p99 ≤ 2× the floor's p99;
- fanout_delivery_p99_ms: one message.send fanned out to all seats, p99 delivery ≤ 30 ms;
- restart_resync_sigterm_s / restart_resync_kill9_s: server stopped and restarted under N
  connected seats, all welcomed again and caught up ≤ 5 s.

Logs go to stderr. `--py-spy DIR` records a py-spy flame graph of the room server per phase.
Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from app.keys import DeviceKeys, code_hash, new_code  # noqa: E402
from sync.client.enroll import enroll  # noqa: E402
from sync.links import enrollment_link  # noqa: E402
from sync.protocol.handshake import ChallengeReceived, ClientSession, ErrorReceived, Welcomed  # noqa: E402
from sync.protocol.messages import MAX_FRAME  # noqa: E402
from sync.tls import client_ssl_context_pinned  # noqa: E402

log = logging.getLogger("bench")

MEETING = "bench"
TARGETS = {
    "memory_per_seat_kib": 100.0,
    "checkin_ack_p50_ms": 15.0,
    "checkin_ack_p99_ms": 50.0,
    "checkin_ack_p99_vs_floor": 2.0,
    "fanout_delivery_p99_ms": 30.0,
    "restart_resync_s": 5.0,
}


def machine() -> str:
    return (f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()} {platform.machine()}")


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def cpu_s(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU used by the server and by the seat processes during one phase: where the 2 cores went."""

    def __init__(self, server_pid: int, worker_pids: list[int]):
        self.server_pid, self.worker_pids = server_pid, worker_pids
        self.t0 = time.monotonic()
        self.s0 = cpu_s(server_pid)
        self.w0 = sum(cpu_s(p) for p in worker_pids)

    def report(self, label: str) -> None:
        wall = time.monotonic() - self.t0
        server = cpu_s(self.server_pid) - self.s0
        seats = sum(cpu_s(p) for p in self.worker_pids) - self.w0
        log.info("%s CPU: %.2f s wall, server %.2f CPU-s (%.0f%% of one core), seat processes %.2f CPU-s",
                 label, wall, server, 100 * server / wall if wall else 0, seats)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


# -- processes -------------------------------------------------------------------------------


class Proc:
    """A server subprocess whose first stdout line is the JSON listening line."""

    def __init__(self, args: list[str], log_path: Path):
        self.args = args
        self.log_path = log_path
        self.proc: subprocess.Popen[str] | None = None
        self.listening: dict[str, Any] = {}

    def start(self, timeout: float = 60.0) -> dict[str, Any]:
        stderr = open(self.log_path, "a")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=ROOT)
        lines: queue.Queue[str] = queue.Queue()
        proc = self.proc
        threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise RuntimeError(f"{self.args} did not start: {self.log_path.read_text()[-2000:]}") from None
        self.listening = json.loads(line)
        return self.listening

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def url(self) -> str:
        return str(self.listening["url"])

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @property
    def fingerprint(self) -> str:
        return str(self.listening["fingerprint"])

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class WorkerProc:
    """One seat_worker.py subprocess; orders and answers are JSON lines."""

    def __init__(self, proc: asyncio.subprocess.Process, name: str):
        self.proc = proc
        self.name = name
        self.lock = asyncio.Lock()

    @classmethod
    async def spawn(cls, name: str) -> WorkerProc:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(HERE / "seat_worker.py"), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=None, cwd=ROOT, limit=256 * 1024 * 1024,
        )
        return cls(proc, name)

    async def ask(self, order: dict[str, Any]) -> dict[str, Any]:
        async with self.lock:
            assert self.proc.stdin is not None and self.proc.stdout is not None
            self.proc.stdin.write((json.dumps(order) + "\n").encode())
            await self.proc.stdin.drain()
            line = await self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"worker {self.name} died")
            answer: dict[str, Any] = json.loads(line)
            return answer

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ask({"op": "close"}), 20)
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
        await self.proc.wait()


async def ask_all(workers: list[WorkerProc], order: dict[str, Any]) -> list[dict[str, Any]]:
    return list(await asyncio.gather(*(w.ask(order) for w in workers)))


class PySpy:
    """Optional py-spy recording of the room server during one phase."""

    def __init__(self, out_dir: Path | None):
        self.out_dir = out_dir
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, pid: int, phase: str, duration_s: int = 600) -> None:
        if self.out_dir is None:
            return
        exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        fmt = os.environ.get("BENCH_PY_SPY_FORMAT", "flamegraph")  # or raw (collapsed stacks), speedscope
        out = self.out_dir / f"server-{phase}.{ {'flamegraph': 'svg', 'raw': 'txt'}.get(fmt, 'json') }"
        self.proc = subprocess.Popen(
            [exe, "record", "--pid", str(pid), "--rate", "100", "--nonblocking", "--format", fmt,
             "--duration", str(duration_s), "-o", str(out)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5)  # let it attach before the phase starts
        log.info("py-spy recording %s", out)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGINT)  # py-spy writes its output on SIGINT
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(30)
            self.proc = None


# -- an orchestrator-side device (technician, chair) -----------------------------------------


class RawClient:
    """A device speaking the protocol directly: commands in bulk, answers by id."""

    def __init__(self, url: str, fingerprint: str, device_id: str | None, keys: DeviceKeys | None,
                 meeting_id: str | None, handshake: bool = True):
        self.url, self.fingerprint = url, fingerprint
        self.device_id, self.keys, self.meeting_id = device_id, keys, meeting_id
        self.handshake = handshake
        self.http: aiohttp.ClientSession | None = None
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.waiters: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.reader: asyncio.Task[None] | None = None
        self.last_seq = 0

    async def connect(self) -> None:
        self.http = aiohttp.ClientSession()
        self.ws = await self.http.ws_connect(
            f"{self.url}/v1/ws", ssl=client_ssl_context_pinned(self.fingerprint), max_msg_size=4 * MAX_FRAME,
            heartbeat=10.0, compress=0,
        )
        if self.handshake:
            assert self.device_id is not None and self.keys is not None
            protocol = ClientSession()
            await self.ws.send_str(protocol.hello(self.device_id, self.meeting_id, 0))
            welcomed = False
            while not welcomed:
                msg = await self.ws.receive(timeout=30)
                for item in protocol.receive(msg.data):
                    if isinstance(item, ChallengeReceived):
                        await self.ws.send_str(protocol.auth(self.keys.sign))
                    elif isinstance(item, Welcomed):
                        welcomed = True
                    elif isinstance(item, ErrorReceived):
                        raise RuntimeError(f"refused: {item.error.code} {item.error.message}")
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.ws is not None
        async for msg in self.ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            body = json.loads(msg.data)
            if body.get("type") == "event":
                self.last_seq = body["seq"]
            elif body.get("type") in ("ack", "error"):
                waiter = self.waiters.pop(body.get("id") or "", None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(body)

    async def send(self, name: str, args: dict[str, Any]) -> tuple[asyncio.Future[dict[str, Any]], float]:
        assert self.ws is not None
        command_id = str(uuid.uuid4())
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiters[command_id] = future
        frame = json.dumps({"type": "command", "id": command_id, "name": name, "args": args}, ensure_ascii=False)
        sent = time.monotonic()
        await self.ws.send_str(frame)
        return future, sent

    async def bulk(self, commands: list[tuple[str, dict[str, Any]]], timeout: float = 120.0) -> list[dict[str, Any]]:
        futures = [(await self.send(name, args))[0] for name, args in commands]
        answers = await asyncio.wait_for(asyncio.gather(*futures), timeout)
        bad = [a for a in answers if a.get("type") != "ack"]
        if bad:
            raise RuntimeError(f"{len(bad)} commands failed, first: {bad[0]}")
        return answers

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            self.reader.cancel()
            await asyncio.gather(self.reader, return_exceptions=True)
        if self.http is not None:
            await self.http.close()


# -- the benchmark -----------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.n = args.seats
        self.n_workers = args.workers
        self.repeats = args.repeats
        self.kill9 = not args.no_kill9
        self.floor_only = args.floor_only
        self.tmp = Path(tempfile.mkdtemp(prefix="phonghop-bench-"))
        self.data = self.tmp / "server"
        self.spy = PySpy(Path(args.py_spy) if args.py_spy else None)
        if args.py_spy:
            Path(args.py_spy).mkdir(parents=True, exist_ok=True)
        self.results: dict[str, dict[str, Any]] = {}
        self.server: Proc | None = None
        self.floor: Proc | None = None
        self.workers: list[WorkerProc] = []

    def server_proc(self, seed: bool, port: int = 0) -> Proc:
        args = [sys.executable, "-m", "phonghop", "server", "--data", str(self.data), "--port", str(port)]
        if seed:
            args.append("--seed-demo")
        return Proc(args, self.tmp / "server.log")

    def slices(self, links: list[str | None]) -> list[list[dict[str, Any]]]:
        parts: list[list[dict[str, Any]]] = [[] for _ in range(self.n_workers)]
        for i, link in enumerate(links):
            parts[i % self.n_workers].append({"i": i, "link": link})
        return parts

    async def spawn_workers(self, mode: str, url: str, fp: str, links: list[str | None]) -> None:
        self.workers = [await WorkerProc.spawn(f"{mode}-{k}") for k in range(self.n_workers)]
        await asyncio.gather(*(
            w.ask({"op": "init", "mode": mode, "url": url, "fingerprint": fp, "meeting_id": MEETING, "seats": part})
            for w, part in zip(self.workers, self.slices(links), strict=True)
        ))

    async def close_workers(self) -> None:
        await asyncio.gather(*(w.close() for w in self.workers))
        self.workers = []

    # -- phases shared by both servers --

    async def connect(self, pid: int, label: str, rss_base: int | None = None) -> tuple[float, int, bool]:
        """RSS growth is counted from rss_base (the server after seeding, before the seats
        enroll: their device records are per-seat memory too) or from just before connecting."""
        rss_pre = rss_kib(pid)
        rss0 = rss_pre if rss_base is None else rss_base
        t0 = time.monotonic()
        cpu = self.cpu(pid)
        answers = await ask_all(self.workers, {"op": "connect", "timeout": 240.0})
        cpu.report(f"{label} connect")
        ok = all(a["ok"] for a in answers)
        t_done = max(a["t_done"] or t0 for a in answers)
        await asyncio.sleep(1.0)  # let buffers of the catch-up settle
        rss1 = rss_kib(pid)
        welcomed = sum(a["welcomed"] for a in answers)
        log.info("%s: %d/%d seats connected and caught up in %.2f s; RSS after seeding %d, before connecting %d, "
                 "after %d KiB (%.1f KiB/seat from seeding, %.1f from connecting)",
                 label, sum(a["caught_up"] for a in answers), self.n, t_done - t0, rss0, rss_pre, rss1,
                 (rss1 - rss0) / self.n, (rss1 - rss_pre) / self.n)
        if not ok:
            log.error("%s: not every seat connected (%d welcomed)", label, welcomed)
        return t_done - t0, rss1 - rss0, ok

    def cpu(self, pid: int) -> CpuMeter:
        return CpuMeter(pid, [w.proc.pid for w in self.workers])

    async def burst(self, label: str, pid: int) -> dict[str, Any]:
        t0 = time.monotonic() + 0.5
        cpu = self.cpu(pid)
        answers = await ask_all(self.workers, {"op": "burst", "t0": t0, "n_total": self.n, "spread_s": 1.0,
                                               "timeout": 120.0})
        cpu.report(f"{label} burst")
        lat = [x for a in answers for x in a["lat_ms"]]
        errors = [e for a in answers for e in a["errors"]]
        missing = sum(a["missing"] for a in answers)
        first = min(a["first_send"] for a in answers if a["first_send"] is not None)
        last = max(a["last_send"] for a in answers if a["last_send"] is not None)
        log.info("%s burst: %d acks, %d errors %s, %d missing; sends spread over %.3f s; p50 %.1f p90 %.1f p99 %.1f max %.1f ms",
                 label, len(lat), len(errors), sorted(set(errors))[:3], missing, last - first,
                 percentile(lat, 50), percentile(lat, 90), percentile(lat, 99), max(lat) if lat else float("nan"))
        return {"lat": lat, "errors": errors, "missing": missing}

    async def fanout(self, chair: RawClient, label: str, pid: int) -> dict[str, Any]:
        cpu = self.cpu(pid)
        samples: list[float] = []
        missing = 0
        per_send_p99: list[float] = []
        for k in range(self.repeats):
            text = f"Thông báo {label} {k} {uuid.uuid4().hex[:8]}: đề nghị các đại biểu về chỗ ngồi."
            order = asyncio.gather(*(w.ask({"op": "fanout", "texts": [text], "timeout": 30.0}) for w in self.workers))
            await asyncio.sleep(0.05)  # the workers are waiting before the send
            future, sent = await chair.send("message.send", {"to": "all", "text": text})
            answers = await order
            ack = await asyncio.wait_for(future, 30)
            if ack.get("type") != "ack":
                raise RuntimeError(f"message.send failed: {ack}")
            one = [(t - sent) * 1000.0 for a in answers for t in a["arrivals"][text]]
            missing += self.n - len(one)
            samples += one
            per_send_p99.append(percentile(one, 99))
            await asyncio.sleep(0.25)
        cpu.report(f"{label} fan-out")
        log.info("%s fan-out: %d samples, %d missing; p50 %.1f p99 %.1f max %.1f ms; per-send p99 %s",
                 label, len(samples), missing, percentile(samples, 50), percentile(samples, 99),
                 max(samples) if samples else float("nan"), [round(x, 1) for x in per_send_p99])
        return {"samples": samples, "missing": missing}

    # -- the floor --

    async def run_floor(self) -> dict[str, Any]:
        floor = Proc([sys.executable, str(HERE / "floor_server.py"), "--port", "0"], self.tmp / "floor.log")
        self.floor = floor
        floor.start()
        variant = {k: v for k, v in os.environ.items() if k.startswith("FLOOR_")}
        log.info("floor server at %s (pid %d)%s", floor.url, floor.pid, f", experiment {variant}" if variant else "")
        out: dict[str, Any] = {}
        try:
            await self.spawn_workers("floor", floor.url, floor.fingerprint, [None] * self.n)
            out["connect_s"], out["rss_delta"], out["connect_ok"] = await self.connect(floor.pid, "floor")
            await asyncio.sleep(1.0)
            out["burst"] = await self.burst("floor", floor.pid)
            await asyncio.sleep(2.0)
            chair = RawClient(floor.url, floor.fingerprint, None, None, MEETING, handshake=False)
            await chair.connect()
            out["fanout"] = await self.fanout(chair, "floor", floor.pid)
            await chair.close()
        finally:
            await self.close_workers()
            floor.proc.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
            with contextlib.suppress(subprocess.TimeoutExpired):
                floor.proc.wait(10)  # type: ignore[union-attr]
            floor.kill()
        return out

    # -- the room server --

    async def prepare(self, server: Proc) -> tuple[list[str], str]:
        """Technician work: the bench meeting, N delegates and seats, N+1 enrollment codes."""
        cards = json.loads((self.data / "enrollment.json").read_text(encoding="utf-8"))
        tech_card = next(c for c in cards if c["role"] == "technician")
        keys = DeviceKeys.generate()
        tech = await enroll(tech_card["link"], "Máy kỹ thuật (bench)", keys)
        t0 = time.monotonic()
        on_server = RawClient(server.url, server.fingerprint, tech.device_id, keys, None)
        await on_server.connect()
        await on_server.bulk([("meeting.create", {
            "meeting_id": MEETING, "kind": "regular", "title": "Kỳ họp đo hiệu năng", "council": "HĐND tỉnh",
            "term": "2026–2031", "date": "2026-12-10", "venue": "Hội trường", "n_total": self.n,
        })])
        in_meeting = RawClient(server.url, server.fingerprint, tech.device_id, keys, MEETING)
        await in_meeting.connect()
        delegates = [("delegate.add", {
            "delegate_id": f"bd-{i:04d}", "name": f"Đại biểu Số {i}", "title": "Đại biểu HĐND tỉnh",
            "group_id": f"to-{i % 11 + 1}", "group_name": f"Tổ đại biểu {i % 11 + 1}",
            "gender": "female" if i % 2 else "male",
        }) for i in range(self.n)]
        seats = [("seat.add", {
            "seat_id": f"S{i:04d}", "label": f"{chr(65 + i // 20 % 26)}{i % 20 + 1:02d}", "row": i // 20,
            "col": i % 20, "delegate_id": f"bd-{i:04d}",
        }) for i in range(self.n)]
        await in_meeting.bulk(delegates + seats)
        host = server.url.split("//", 1)[1].rsplit(":", 1)[0]
        codes = [new_code() for _ in range(self.n + 1)]
        enrolls = [("device.enroll", {
            "code_hash": code_hash(codes[i]), "role": "delegate", "meeting_id": MEETING, "delegate_id": f"bd-{i:04d}",
        }) for i in range(self.n)]
        enrolls.append(("device.enroll", {"code_hash": code_hash(codes[self.n]), "role": "chair", "meeting_id": MEETING}))
        await on_server.bulk(enrolls)
        links = [enrollment_link(host, server.port, code, server.fingerprint) for code in codes]
        log.info("prepared meeting %s: %d delegates, %d seats, %d codes in %.2f s (meeting head %d)",
                 MEETING, self.n, self.n, len(codes), time.monotonic() - t0, in_meeting.last_seq)
        await in_meeting.close()
        await on_server.close()
        return links[: self.n], links[self.n]

    async def restart(self, how: str) -> dict[str, Any]:
        assert self.server is not None
        await ask_all(self.workers, {"op": "epoch"})
        old = self.server
        port = old.port
        t_kill = time.monotonic()
        if how == "sigterm":
            old.proc.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
        else:
            old.proc.kill()  # type: ignore[union-attr]
        code = await asyncio.to_thread(old.proc.wait, 60)  # type: ignore[union-attr]
        t_exit = time.monotonic()
        new = self.server_proc(seed=False, port=port)
        await asyncio.to_thread(new.start)
        t_listen = time.monotonic()
        rss_listening = rss_kib(new.pid)
        self.server = new
        cpu = self.cpu(new.pid)
        answers = await ask_all(self.workers, {"op": "resync", "timeout": 60.0})
        cpu.report(f"restart ({how}) resync")
        await asyncio.sleep(1.0)
        rss_back = rss_kib(new.pid)
        log.info("restarted server RSS: %d KiB when listening, %d KiB with the seats back (%.1f KiB/seat)",
                 rss_listening, rss_back, (rss_back - rss_listening) / self.n)
        times = [t for a in answers for t in a["times"]]
        missing = sum(a["missing"] for a in answers)
        value = (max(times) - t_kill) if times and not missing else float("inf")
        log.info("restart (%s): old exited %d after %.2f s, new listening after %.2f s; "
                 "seats back: first %.2f, p50 %.2f, last %.2f s after the kill; %d missing; losses %d gaps %d",
                 how, code, t_exit - t_kill, t_listen - t_kill,
                 (min(times) - t_kill) if times else float("nan"),
                 percentile([t - t_kill for t in times], 50) if times else float("nan"),
                 value, missing, sum(a["losses"] for a in answers), sum(a["gaps"] for a in answers))
        return {"value": value, "n": len(times), "missing": missing, "down_s": t_listen - t_kill,
                "rss_delta": rss_back - rss_listening}

    async def run_server(self) -> dict[str, Any]:
        server = self.server_proc(seed=True)
        self.server = server
        server.start()
        log.info("room server at %s (pid %d), data %s", server.url, server.pid, self.data)
        out: dict[str, Any] = {}
        links, chair_link = await self.prepare(server)
        rss_seeded = rss_kib(server.pid)
        try:
            await self.spawn_workers("real", server.url, server.fingerprint, list(links))
            t0 = time.monotonic()
            answers = await ask_all(self.workers, {"op": "enroll"})
            failures = [f for a in answers for f in a["failures"]]
            log.info("%d seats enrolled over POST /v1/enroll in %.2f s, %d failures %s",
                     self.n - len(failures), time.monotonic() - t0, len(failures), failures[:3])
            await asyncio.sleep(1.0)
            self.spy.start(server.pid, "connect")
            out["connect_s"], out["rss_delta"], out["connect_ok"] = await self.connect(server.pid, "server", rss_seeded)
            self.spy.stop()
            await asyncio.sleep(1.0)
            self.spy.start(server.pid, "burst", 20)
            out["burst"] = await self.burst("server", server.pid)
            self.spy.stop()
            await asyncio.sleep(2.0)
            chair_keys = DeviceKeys.generate()
            chair_id = (await enroll(chair_link, "Máy chủ tọa (bench)", chair_keys)).device_id
            chair = RawClient(server.url, server.fingerprint, chair_id, chair_keys, MEETING)
            await chair.connect()
            await asyncio.sleep(1.0)  # the chair's own catch-up is done
            self.spy.start(server.pid, "fanout", 60)
            out["fanout"] = await self.fanout(chair, "server", server.pid)
            self.spy.stop()
            await chair.close()
            await asyncio.sleep(1.0)
            out["restart_sigterm"] = await self.restart("sigterm")
            if self.kill9:
                await asyncio.sleep(2.0)
                out["restart_kill9"] = await self.restart("kill9")
        finally:
            self.spy.stop()
            await self.close_workers()
            if self.server is not None:
                self.server.kill()
        return out

    def figures(self, floor: dict[str, Any], real: dict[str, Any]) -> list[dict[str, Any]]:
        m = machine()

        def fig(name: str, value: float, unit: str, target: float | None, floor_value: float | None,
                ok: bool, n: int) -> dict[str, Any]:
            ratio = (value / floor_value) if floor_value else None
            return {"figure": name, "value": round(value, 3), "unit": unit, "target": target,
                    "floor": None if floor_value is None else round(floor_value, 3),
                    "ratio": None if ratio is None else round(ratio, 3), "ok": ok, "n": n, "machine": m}

        lines = []
        lines.append(fig("connect_all_s", real["connect_s"], "s", None, floor["connect_s"], real["connect_ok"], self.n))
        per_seat = real["rss_delta"] / self.n
        lines.append(fig("memory_per_seat_kib", per_seat, "KiB", TARGETS["memory_per_seat_kib"],
                         floor["rss_delta"] / self.n, per_seat <= TARGETS["memory_per_seat_kib"], self.n))
        lat, flat = real["burst"]["lat"], floor["burst"]["lat"]
        complete = not real["burst"]["errors"] and not real["burst"]["missing"] and len(lat) == self.n
        p50, p99 = percentile(lat, 50), percentile(lat, 99)
        fp50, fp99 = percentile(flat, 50), percentile(flat, 99)
        lines.append(fig("checkin_ack_p50_ms", p50, "ms", TARGETS["checkin_ack_p50_ms"], fp50,
                         complete and p50 <= TARGETS["checkin_ack_p50_ms"], len(lat)))
        lines.append(fig("checkin_ack_p99_ms", p99, "ms", TARGETS["checkin_ack_p99_ms"], fp99,
                         complete and p99 <= TARGETS["checkin_ack_p99_ms"]
                         and p99 <= TARGETS["checkin_ack_p99_vs_floor"] * fp99, len(lat)))
        fan, ffan = real["fanout"]["samples"], floor["fanout"]["samples"]
        f99 = percentile(fan, 99)
        lines.append(fig("fanout_delivery_p99_ms", f99, "ms", TARGETS["fanout_delivery_p99_ms"], percentile(ffan, 99),
                         not real["fanout"]["missing"] and f99 <= TARGETS["fanout_delivery_p99_ms"], len(fan)))
        if "restart_sigterm" in real:
            # Informative: the same seats reconnecting to a fresh server with nothing to catch up.
            per_seat = real["restart_sigterm"]["rss_delta"] / self.n
            lines.append(fig("memory_per_seat_resync_kib", per_seat, "KiB", TARGETS["memory_per_seat_kib"], None,
                             per_seat <= TARGETS["memory_per_seat_kib"], self.n))
        for key in ("restart_sigterm", "restart_kill9"):
            if key in real:
                r = real[key]
                lines.append(fig(f"{key.replace('restart_', 'restart_resync_')}_s", r["value"], "s",
                                 TARGETS["restart_resync_s"], None,
                                 not r["missing"] and r["value"] <= TARGETS["restart_resync_s"], r["n"]))
        return lines

    async def run(self) -> list[dict[str, Any]]:
        log.info("benchmark: %d seats in %d worker processes; %s; tmp %s", self.n, self.n_workers, machine(), self.tmp)
        floor = await self.run_floor()
        if self.floor_only:
            return []
        await asyncio.sleep(1.0)
        real = await self.run_server()
        return self.figures(floor, real)

    def cleanup(self, keep: bool) -> None:
        for proc in (self.server, self.floor):
            if proc is not None:
                proc.kill()
        if not keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=20, help="fan-out sends to pool")
    parser.add_argument("--no-kill9", action="store_true", help="skip the kill -9 restart variant")
    parser.add_argument("--py-spy", metavar="DIR", help="record py-spy flame graphs of the server per phase")
    parser.add_argument("--floor-only", action="store_true", help="measure only the floor (experiments)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (server log, data)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s bench %(message)s")
    bench = Bench(args)
    try:
        lines = asyncio.run(bench.run())
    finally:
        bench.cleanup(args.keep)
        if args.keep:
            log.info("kept %s", bench.tmp)
    for line in lines:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0 if lines and all(line["ok"] for line in lines) else 1


if __name__ == "__main__":
    raise SystemExit(main())
