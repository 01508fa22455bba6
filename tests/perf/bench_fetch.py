"""Performance benchmark: a hall of seats fetching the meeting pack from one room server.

    .venv/bin/python tests/perf/bench_fetch.py [--seats 85] [--blobs 5] [--blob-mb 20] [--workers 3] [--rounds 1]

The issue's figure: "85 seats fetching a 100 MB meeting pack from one server: aggregate
throughput ≥ 80 % of a bare aiohttp static-file server serving the same bytes over TLS."

Runs the real room server (`python -m phonghop server --seed-demo`) as a subprocess, uploads
a pack of random blobs as the technician and publishes each with document.add, enrolls N
delegate seats (held online, for their bearer tokens, by seat worker subprocesses: this file
with --worker) and has every seat fetch the whole pack concurrently with the seats' own code
path, sync.client.blobs.BlobCache.fetch (streamed to disk, fsync, SHA-256 check), one blob
after another per seat, each fetched copy deleted as soon as it is verified.

The floor, same run, same seats, same client code: a bare aiohttp server (this file with
--floor, its own subprocess, on the room server's event loop: phonghop.cli.run_server_loop)
serving the same files with app.router.add_static over TLS (sync.tls room certificate +
server_ssl_context). Aggregate throughput = N × pack / wall time.

Prints JSON lines to stdout: per phase an informative line, then the figure
    {"figure": "pack_fetch_mb_s", "value", "unit", "target", "floor", "ratio", "ok", "n", "machine"}
Logs go to stderr. Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import aiohttp  # noqa: E402
from bench_backbone import Proc  # noqa: E402  (the same server-subprocess wrapper)

log = logging.getLogger("bench_fetch")

MEETING = "ninhbinh-2026-k1"
TARGET_RATIO = 0.8
MB = 1_000_000


def machine() -> str:
    return (f"{os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()} {platform.machine()}")


def cpu_s(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def emit(obj: dict[str, Any]) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


# -- the floor: a bare aiohttp static-file server over TLS -----------------------------------


async def floor_main(pack_dir: Path, tls_dir: Path) -> None:
    from aiohttp import web

    from sync.tls import ensure_room_certificate, server_ssl_context

    cert = ensure_room_certificate(tls_dir, ["127.0.0.1", "localhost"])
    app = web.Application()
    app.router.add_static("/v1/blobs/", pack_dir)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_ssl_context(cert))
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    loop = type(asyncio.get_running_loop())
    emit({"url": f"https://127.0.0.1:{port}", "fingerprint": cert.fingerprint,
          "loop": f"{loop.__module__}.{loop.__qualname__}"})
    await asyncio.Event().wait()


# -- seat workers: hold N seats online, fetch the pack on order ------------------------------


async def worker_main() -> None:
    from sync.client.blobs import BlobCache
    from sync.tls import client_ssl_context_pinned
    from tests.support import enrolled_client, wait_until

    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=64 * 1024 * 1024)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    seats: list[Any] = []
    root: Path | None = None

    async def fetch_all(order: dict[str, Any]) -> dict[str, Any]:
        assert root is not None
        ssl = client_ssl_context_pinned(order["fingerprint"])
        pack: list[tuple[str, int]] = [(b["sha"], b["size"]) for b in order["pack"]]
        phase_dir = root / f"fetch-{order['phase']}"
        per_seat: list[float] = []
        got = 0

        async def one(i: int, seat: Any) -> None:
            nonlocal got
            cache = BlobCache(phase_dir / f"seat-{i}")
            t0 = time.monotonic()
            async with aiohttp.ClientSession() as http:
                for sha, size in pack:
                    path = await cache.fetch(http, order["url"], seat.token or "", ssl, sha, size)
                    got += path.stat().st_size
                    path.unlink()  # keep the disk bounded: verified, counted, gone
            per_seat.append(time.monotonic() - t0)

        start = time.time()
        results = await asyncio.gather(*(one(i, s) for i, s in enumerate(seats)), return_exceptions=True)
        end = time.time()
        shutil.rmtree(phase_dir, ignore_errors=True)
        errors = [repr(r) for r in results if isinstance(r, BaseException)]
        return {"start": start, "end": end, "bytes": got, "errors": errors[:5], "n_errors": len(errors),
                "seat_s": sorted(per_seat)}

    while True:
        line = await reader.readline()
        if not line:
            break
        order = json.loads(line)
        try:
            if order["op"] == "enroll":
                root = Path(order["dir"])
                root.mkdir(parents=True, exist_ok=True)
                seats = list(await asyncio.gather(*(
                    enrolled_client(root / f"replica-{i}", link, f"Ghế {i}")
                    for i, link in enumerate(order["links"])
                )))
                await wait_until(lambda seats=seats: all(s.token is not None for s in seats), timeout=120, what="seats online")
                answer: dict[str, Any] = {"ok": True, "seats": len(seats)}
            elif order["op"] == "fetch":
                if not all(s.token is not None for s in seats):
                    await wait_until(lambda seats=seats: all(s.token is not None for s in seats), timeout=60, what="seats online")
                answer = {"ok": True, **await fetch_all(order)}
            elif order["op"] == "close":
                await asyncio.gather(*(s.stop() for s in seats), return_exceptions=True)
                emit({"ok": True})
                return
            else:
                answer = {"ok": False, "error": f"unknown op {order['op']}"}
        except Exception as exc:  # reported to the coordinator
            answer = {"ok": False, "error": repr(exc)}
        emit(answer)


class Worker:
    def __init__(self, proc: asyncio.subprocess.Process, name: str):
        self.proc, self.name = proc, name

    @classmethod
    async def spawn(cls, name: str) -> Worker:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, str(Path(__file__).resolve()), "--worker", stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=None, cwd=ROOT, limit=16 * 1024 * 1024,
        )
        return cls(proc, name)

    async def ask(self, order: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write((json.dumps(order) + "\n").encode())
        await self.proc.stdin.drain()
        line = await self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"worker {self.name} died")
        answer: dict[str, Any] = json.loads(line)
        if not answer.get("ok"):
            raise RuntimeError(f"worker {self.name}: {answer}")
        return answer

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ask({"op": "close"}), 20)
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            await self.proc.wait()


# -- the coordinator -------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> int:
    from sync.client.upload import upload_blob
    from sync.tls import client_ssl_context_pinned
    from tests.support import enrolled_client, wait_until

    usage = shutil.disk_usage(tempfile.gettempdir())
    peak = args.seats * args.blob_mb * MB + 2 * args.blobs * args.blob_mb * MB
    log.info("disk free %.1f GB under %s, peak use about %.1f GB", usage.free / 1e9, tempfile.gettempdir(), peak / 1e9)
    if usage.free < peak * 1.5:
        raise SystemExit("not enough free disk for the benchmark")

    tmp = Path(tempfile.mkdtemp(prefix="bench-fetch-"))
    server = Proc([sys.executable, "-m", "phonghop", "server", "--data", str(tmp / "server"), "--port", "0",
                   "--seed-demo"], tmp / "server.log")
    pack_dir = tmp / "pack"
    pack_dir.mkdir()
    floor = Proc([sys.executable, str(Path(__file__).resolve()), "--floor", str(pack_dir), "--tls-dir",
                  str(tmp / "floor")], tmp / "floor.log")
    workers: list[Worker] = []
    tech = None
    try:
        server.start()
        log.info("room server %s (pid %d)", server.url, server.pid)
        cards = json.loads((tmp / "server" / "enrollment.json").read_text(encoding="utf-8"))
        tech_card = next(c for c in cards if c["role"] == "technician")
        tech = await enrolled_client(tmp / "tech", tech_card["link"], "Kỹ thuật (bench)", log_id=MEETING)
        await wait_until(lambda: tech.status.kind == "online" and tech.token is not None, timeout=60,
                         what="technician online")

        # The pack: random (incompressible, like ciphertext) blobs, uploaded and published.
        pack: list[dict[str, Any]] = []
        ssl = client_ssl_context_pinned(server.fingerprint)
        async with aiohttp.ClientSession() as http:
            for i in range(args.blobs):
                blob = os.urandom(args.blob_mb * MB)
                sha = hashlib.sha256(blob).hexdigest()
                (pack_dir / sha).write_bytes(blob)
                assert await upload_blob(http, server.url, tech.token or "", ssl, blob) == sha
                added = await tech.request("document.add", {
                    "document_id": f"bench-pack-{i}", "item_id": "item-07", "title": f"Tài liệu kỳ họp {i + 1}",
                    "pages": 1, "blob": sha, "size": len(blob), "plain_size": len(blob), "chunk_size": 65536,
                    "keys": {}, "classification": "public"}, timeout=30)
                if added.get("type") != "ack":
                    raise RuntimeError(f"document.add refused: {added}")
                pack.append({"sha": sha, "size": len(blob)})
                del blob
        pack_bytes = sum(b["size"] for b in pack)
        log.info("pack: %d blobs, %.1f MB, published", len(pack), pack_bytes / MB)

        floor.start()
        log.info("floor server %s (pid %d, %s)", floor.url, floor.pid, floor.listening.get("loop"))

        delegate_links = [c["link"] for c in cards if c["role"] == "delegate"]
        if len(delegate_links) < args.seats:
            raise RuntimeError(f"only {len(delegate_links)} delegate cards, {args.seats} seats asked")
        links = delegate_links[: args.seats]
        workers = list(await asyncio.gather(*(Worker.spawn(f"w{k}") for k in range(args.workers))))
        t0 = time.monotonic()
        await asyncio.gather(*(
            w.ask({"op": "enroll", "dir": str(tmp / f"worker-{k}"), "links": links[k:: args.workers]})
            for k, w in enumerate(workers)
        ))
        log.info("%d seats enrolled and online in %.1f s", len(links), time.monotonic() - t0)
        worker_pids = [w.proc.pid for w in workers]

        async def phase(name: str, target: Proc, rnd: int) -> float:
            s0, w0 = cpu_s(target.pid), sum(cpu_s(p) for p in worker_pids)
            t = time.monotonic()
            answers = await asyncio.gather(*(w.ask({
                "op": "fetch", "phase": f"{name}-{rnd}", "url": target.url, "fingerprint": target.fingerprint,
                "pack": pack}) for w in workers))
            wall = time.monotonic() - t
            server_cpu = cpu_s(target.pid) - s0
            seats_cpu = sum(cpu_s(p) for p in worker_pids) - w0
            n_err = sum(a["n_errors"] for a in answers)
            got = sum(a["bytes"] for a in answers)
            if n_err or got != len(links) * pack_bytes:
                raise RuntimeError(f"{name}: {n_err} seats failed, {got} of {len(links) * pack_bytes} bytes: "
                                   f"{[e for a in answers for e in a['errors']]}")
            seat_s = sorted(s for a in answers for s in a["seat_s"])
            mb_s = got / MB / wall
            emit({"phase": name, "round": rnd, "wall_s": round(wall, 2), "mb_s": round(mb_s, 1),
                  "bytes": got, "seats": len(links), "seat_s_min": round(seat_s[0], 2),
                  "seat_s_median": round(seat_s[len(seat_s) // 2], 2), "seat_s_max": round(seat_s[-1], 2),
                  "server_cpu_s": round(server_cpu, 2), "seat_workers_cpu_s": round(seats_cpu, 2)})
            return mb_s

        real: list[float] = []
        bare: list[float] = []
        for rnd in range(args.rounds):
            # Alternate the order so neither side always gets the warmer page cache.
            if rnd % 2 == 0:
                bare.append(await phase("floor", floor, rnd))
                real.append(await phase("phonghop", server, rnd))
            else:
                real.append(await phase("phonghop", server, rnd))
                bare.append(await phase("floor", floor, rnd))
        value, floor_value = max(real), max(bare)
        ratio = value / floor_value
        emit({"figure": "pack_fetch_mb_s", "value": round(value, 1), "unit": "MB/s", "target": TARGET_RATIO,
              "floor": round(floor_value, 1), "ratio": round(ratio, 3), "ok": ratio >= TARGET_RATIO,
              "n": len(links), "machine": machine()})
        return 0
    finally:
        await asyncio.gather(*(w.close() for w in workers), return_exceptions=True)
        if tech is not None:
            with contextlib.suppress(Exception):
                await tech.stop()
        floor.kill()
        server.kill()
        if args.keep:
            log.info("kept %s", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seats", type=int, default=85)
    parser.add_argument("--blobs", type=int, default=5)
    parser.add_argument("--blob-mb", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the temp directory")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tls-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING if (args.worker or args.floor) else logging.INFO,
                        stream=sys.stderr, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    if args.worker:
        asyncio.run(worker_main())
        return 0
    if args.floor:
        # The same event loop as the room server (uvloop where it exists, PHONGHOP_EVENT_LOOP=asyncio
        # opts out): the floor measures serving bytes over TLS, not one event loop against another.
        from phonghop.cli import run_server_loop

        run_server_loop(floor_main(args.floor, args.tls_dir))
        return 0
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
