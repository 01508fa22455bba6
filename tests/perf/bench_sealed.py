"""Benchmark of sealed secret ballots (issue 8, docs/sealed.md), on demand:

    .venv/bin/python tests/perf/bench_sealed.py [--seats 500] [--spread 5] [--runs 30] [--only seat]

Figures (one JSON line each, bench_backbone.py's format):
- `sealed_seal_confidence20_ms`: a seat encrypts and proves a 20-person confidence ballot
  (app.tally.ballot.seal_ballot), p95 over --runs; target ≤ 200 ms. Floor: the libsodium calls that
  ballot needs (counted while sealing one), timed bare in the same run: what is left above it is
  ours (Python, hashing, encodings).
- `sealed_ballot_ack_p99_ms`: with --seats simulated seats, `phonghop rehearse --sealed` (the
  technician's tool): every seat's `vote.cast_sealed` → ack, the room checking every proof as the
  ballots arrive (sent evenly over --spread seconds, as a hall presses within seconds); target
  ≤ 100 ms. Floor: the same seats' unsealed secret ballot ack p99 in the same sitting.
- `sealed_close_result_ms`: the chair's vote.close → the signed vote.closed at the last seat, the
  committee's seven devices decrypting on their own; target ≤ 2 s. Floor: the unsealed secret
  vote's close → result in the same sitting.
- `sealed_key_ready_ms` (no target): vote.create → vote.key_ready, the committee's ceremony.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_backbone import machine  # noqa: E402
from bench_rehearse import rehearse  # noqa: E402

import app.tally.group as group  # noqa: E402
from app.tally.ballot import questions_for, seal_ballot  # noqa: E402
from app.tally.group import base_mul, random_scalar  # noqa: E402

log = logging.getLogger("bench_sealed")
SEAL_TARGET_MS = 200.0
ACK_TARGET_MS = 100.0
CLOSE_TARGET_MS = 2000.0
SUBJECTS = 20


def _p(values: list[float], q: float) -> float:
    s = sorted(values)
    k = (len(s) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _counted(fn: Callable[[], Any]) -> Counter[str]:
    """The libsodium calls one run of fn makes, by app.tally.group's primitive."""
    calls: Counter[str] = Counter()
    names = ("base_mul", "mul", "add", "sub", "s_add", "s_sub", "s_mul", "hash_to_scalar")
    saved = {n: getattr(group, n) for n in names}
    modules = [m for name, m in sys.modules.items() if name.startswith("app.tally.")]

    def counting(name: str) -> Callable[..., Any]:
        original = saved[name]

        def wrapper(*args: Any) -> Any:
            calls[name] += 1
            return original(*args)

        return wrapper

    patched = {n: counting(n) for n in names}
    try:
        for module in modules:
            for n in names:
                if getattr(module, n, None) is saved[n]:
                    setattr(module, n, patched[n])
        fn()
    finally:
        for module in modules:
            for n in names:
                if getattr(module, n, None) is patched[n]:
                    setattr(module, n, saved[n])
    return calls


def seat_figure(runs: int) -> dict[str, Any]:
    from nacl import bindings as na

    public_key = base_mul(random_scalar())
    questions = questions_for("confidence", 3, SUBJECTS, 1)
    marks = [[int(o == s % 3) for o in range(3)] for s in range(SUBJECTS)]
    seal_ballot("vote-1", public_key, questions, marks)  # warm
    calls = _counted(lambda: seal_ballot("vote-1", public_key, questions, marks))
    ours = []
    for _ in range(runs):
        t0 = time.perf_counter()
        seal_ballot("vote-1", public_key, questions, marks)
        ours.append((time.perf_counter() - t0) * 1000)
    s, p = random_scalar(), base_mul(random_scalar())
    bare = {
        "base_mul": lambda: na.crypto_scalarmult_ed25519_base_noclamp(s),
        "mul": lambda: na.crypto_scalarmult_ed25519_noclamp(s, p),
        "add": lambda: na.crypto_core_ed25519_add(p, p),
        "sub": lambda: na.crypto_core_ed25519_sub(p, public_key),
        "s_add": lambda: na.crypto_core_ed25519_scalar_add(s, s),
        "s_sub": lambda: na.crypto_core_ed25519_scalar_sub(s, s),
        "s_mul": lambda: na.crypto_core_ed25519_scalar_mul(s, s),
        "hash_to_scalar": lambda: na.crypto_core_ed25519_scalar_reduce(bytes(64)),
    }
    floors = []
    for _ in range(max(5, runs // 3)):
        t0 = time.perf_counter()
        for name, n in calls.items():
            op = bare[name]
            for _ in range(n):
                op()
        floors.append((time.perf_counter() - t0) * 1000)
    value, floor = _p(ours, 0.95), statistics.median(floors)
    return {"figure": "sealed_seal_confidence20_ms", "value": round(value, 2), "unit": "ms",
            "target": SEAL_TARGET_MS, "floor": round(floor, 2), "ratio": round(value / floor, 3),
            "ok": value <= SEAL_TARGET_MS, "n": runs, "machine": machine(),
            "detail": {"p50": round(_p(ours, 0.5), 2), "max": round(max(ours), 2), "subjects": SUBJECTS,
                       "libsodium_calls": dict(calls)}}


def room_figures(report: dict[str, Any]) -> list[dict[str, Any]]:
    by = {f["figure"]: f for f in report["figures"]}
    m = machine()

    def line(name: str, key: str, floor_key: str, stat: str, target: float | None) -> dict[str, Any]:
        ours, base = by.get(key), by.get(floor_key)
        value = None if ours is None else ours[stat]
        floor = None if base is None else base[stat]
        failures = (ours or {}).get("failures", 1) or (base or {}).get("failures", 0)
        ok = value is not None and not failures and (target is None or value <= target)
        return {"figure": name, "value": value, "unit": "ms", "target": target, "floor": floor,
                "ratio": None if not value or not floor else round(value / floor, 3), "ok": ok,
                "n": None if ours is None else ours["n"], "machine": m,
                "detail": {"seats": report["seats"], "spread_s": report["spread_s"], "ours": ours, "floor": base}}

    return [
        line("sealed_ballot_ack_p99_ms", "sealed_ballot_ack", "secret_ballot_ack", "p99", ACK_TARGET_MS),
        line("sealed_close_result_ms", "sealed_close_result", "secret_close_result", "max", CLOSE_TARGET_MS),
        line("sealed_key_ready_ms", "sealed_key", "sealed_key", "max", None),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--spread", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--only", choices=("seat", "room"))
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s bench %(message)s")
    lines = []
    if args.only != "room":
        lines.append(seat_figure(args.runs))
    if args.only != "seat":
        tmp = Path(tempfile.mkdtemp(prefix="bench-sealed-"))
        try:
            lines += room_figures(rehearse(tmp, args.seats, None, "--sealed", "--spread", str(args.spread)))
        finally:
            if not args.keep:
                subprocess.run(["rm", "-rf", str(tmp)], check=False)
    for item in lines:
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0 if all(item["ok"] for item in lines) else 1


if __name__ == "__main__":
    raise SystemExit(main())
