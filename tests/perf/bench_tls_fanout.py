"""The least a broadcast to a hall can cost the server: N TLS writes from one tight loop.

    .venv/bin/python tests/perf/bench_tls_fanout.py [--seats 500] [--frame-bytes 420] [--rounds 50]

Issue 4 asks that a chair action cost the room server ≤ 5 ms of CPU per broadcast with 500 seats
connected (tests/perf/bench_chair_broadcast.py measures it). Whatever the server does, it must
encrypt one TLS record per seat and hand it to the kernel: this measures exactly that and
nothing else. The server side is this process: N TLS connections with the room's own
certificate and context (sync.tls.server_ssl_context), blocking sockets, TCP_NODELAY, and per
round one `SSLSocket.send` of a ready WebSocket frame to each, in a plain `for` loop: no event
loop, no framing, no Python per seat beyond the call. The N seats are one reader process
(selectors) on the same machine, as in the chair benchmark.

One JSON line: {"figure": "tls_fanout_cpu_per_broadcast_ms", "value", "unit", "target", "ok",
"n", "machine", "detail"}: the median over --rounds of this process's CPU time (user+system,
time.process_time) for one round, with min/p95/max and the wall time in `detail`. On loopback
the sender's send() also runs the receiving side's TCP processing, as it does in the chair
benchmark. Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import json
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_backbone import machine, percentile  # noqa: E402

from sync.tls import ensure_room_certificate, server_ssl_context  # noqa: E402

TARGET_MS = 5.0

READER = textwrap.dedent(
    """
    import selectors, socket, ssl, sys
    port, count = int(sys.argv[1]), int(sys.argv[2])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    selector = selectors.DefaultSelector()
    for _ in range(count):
        seat = context.wrap_socket(socket.create_connection(("127.0.0.1", port)))
        seat.setblocking(False)
        selector.register(seat, selectors.EVENT_READ)
    print("connected", flush=True)
    while True:
        for key, _ in selector.select():
            try:
                if not key.fileobj.recv(65536):
                    sys.exit(0)
            except ssl.SSLWantReadError:
                pass
            except OSError:
                sys.exit(0)
    """
)


def frame(size: int) -> bytes:
    """A server-to-client WebSocket text frame (unmasked) of `size` payload bytes."""
    payload = b"x" * size
    if size < 126:
        return bytes([0x81, size]) + payload
    return bytes([0x81, 126]) + size.to_bytes(2, "big") + payload


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--frame-bytes", type=int, default=420, help="about a speak.granted event frame")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between rounds (a quiet hall)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-tls-fanout-") as tmp:
        context = server_ssl_context(ensure_room_certificate(Path(tmp), ["127.0.0.1"]))
        listener = socket.create_server(("127.0.0.1", 0), backlog=args.seats + 16)
        port = listener.getsockname()[1]
        reader = subprocess.Popen([sys.executable, "-c", READER, str(port), str(args.seats)],
                                  stdout=subprocess.PIPE, text=True)
        seats: list[ssl.SSLSocket] = []
        try:
            for _ in range(args.seats):
                raw, _ = listener.accept()
                raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                seats.append(context.wrap_socket(raw, server_side=True))
            assert reader.stdout is not None
            if reader.stdout.readline().strip() != "connected":
                raise RuntimeError("the reader did not connect its seats")
            data = frame(args.frame_bytes)
            cpu: list[float] = []
            wall: list[float] = []
            for _ in range(args.rounds):
                began, began_wall = time.process_time(), time.perf_counter()
                for seat in seats:
                    seat.send(data)
                cpu.append((time.process_time() - began) * 1000)
                wall.append((time.perf_counter() - began_wall) * 1000)
                time.sleep(args.gap)
        finally:
            for seat in seats:
                seat.close()
            listener.close()
            reader.wait(10)
    value = statistics.median(cpu)
    print(json.dumps({
        "figure": "tls_fanout_cpu_per_broadcast_ms", "value": round(value, 3), "unit": "ms",
        "target": TARGET_MS, "ok": value <= TARGET_MS, "n": args.seats, "machine": machine(),
        "detail": {"cpu_ms": {"min": round(min(cpu), 3), "p95": round(percentile(cpu, 95), 3),
                              "max": round(max(cpu), 3)},
                   "wall_ms_median": round(statistics.median(wall), 3), "frame_bytes": len(data),
                   "rounds": args.rounds,
                   "what": "the least a broadcast costs: one TLS send per seat from a tight loop"},
    }), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
