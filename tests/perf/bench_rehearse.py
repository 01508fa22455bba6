"""Benchmark with the technician's own tool: `phonghop rehearse` at 500 and at 1,000 seats.

    .venv/bin/python tests/perf/bench_rehearse.py [--seats 500,1000] [--workers K] [--keep]

Issue 7, "Figures to reach": the seat, chair and vote figures of the earlier issues hold at 1,000
simulated seats with p99 ≤ 2× their 500-seat values; a 500-seat reconnect storm settles ≤ 5 s.
Each size runs against a fresh room server (`phonghop server --seed-demo`, a subprocess) with a
technician device enrolled by `phonghop enroll`, then `phonghop rehearse --reconnect-storm
--json` exactly as a technician runs it. The floor of each figure is its 500-seat value,
measured in the same run.

Prints one JSON line per figure (bench_backbone.py's format): for every figure of the rehearsal,
`<figure>_p99_ms` at the largest size with `floor` its p99 at the first size and `ok` when the
ratio is ≤ 2 (and no seat failed); `reconnect_storm_s` at 500 seats, ok ≤ 5 s. The rehearsal's
own verdict on the absolute targets of the earlier issues is in `detail.met` of each line.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_backbone import Proc, machine  # noqa: E402

log = logging.getLogger("bench_rehearse")
PASSPHRASE = "bench"
STORM_TARGET_S = 5.0
RATIO_TARGET = 2.0
SCALED = ("checkin_ack", "speak_ack", "vote_open", "ballot_ack", "close_result")


def phonghop(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PHONGHOP_PASSPHRASE": PASSPHRASE}
    return subprocess.run([sys.executable, "-m", "phonghop", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=timeout, stdin=subprocess.DEVNULL)


def rehearse(tmp: Path, seats: int, workers: int | None, *options: str) -> dict[str, Any]:
    """`phonghop rehearse --seats N <options>` against a fresh server; its JSON report."""
    data = tmp / f"server-{seats}"
    server = Proc([sys.executable, "-m", "phonghop", "server", "--data", str(data), "--port", "0", "--seed-demo",
                   "--no-announce"], tmp / f"server-{seats}.log")
    server.start()
    try:
        cards = json.loads((data / "enrollment.json").read_text(encoding="utf-8"))
        link = next(c["link"] for c in cards if c["role"] == "technician")
        device = tmp / f"technician-{seats}"
        enrolled = phonghop("enroll", link, "--data", str(device), timeout=60)
        if enrolled.returncode != 0:
            raise RuntimeError(enrolled.stdout + enrolled.stderr)
        out = tmp / f"rehearse-{seats}.json"
        args = ["rehearse", "--device", str(device), "--seats", str(seats), *options, "--json", str(out),
                "--timeout", "60"]
        if workers:
            args += ["--workers", str(workers)]
        done = phonghop(*args, timeout=1800)
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-2000:])
        if not out.exists():
            raise RuntimeError(f"rehearse at {seats} seats wrote no report (exit {done.returncode})")
        report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return report
    finally:
        server.kill()


def figures(small: dict[str, Any], large: dict[str, Any]) -> list[dict[str, Any]]:
    m = machine()
    at_small = {f["figure"]: f for f in small["figures"]}
    at_large = {f["figure"]: f for f in large["figures"]}
    lines = []
    for key in SCALED:
        s, big = at_small.get(key), at_large.get(key)
        if s is None or big is None or s["p99"] is None or big["p99"] is None:
            lines.append({"figure": f"{key}_p99_ms", "value": None, "unit": "ms", "target": RATIO_TARGET,
                          "ok": False, "machine": m, "detail": {"missing": True}})
            continue
        ratio = big["p99"] / s["p99"] if s["p99"] else None
        ok = ratio is not None and ratio <= RATIO_TARGET and not big["failures"] and not s["failures"]
        lines.append({
            "figure": f"{key}_p99_ms", "value": big["p99"], "unit": "ms", "target": f"≤ {RATIO_TARGET:g}× floor",
            "floor": s["p99"], "ratio": None if ratio is None else round(ratio, 3), "ok": ok, "n": big["n"],
            "machine": m, "detail": {
                "seats": [small["seats"], large["seats"]], "p50": [s["p50"], big["p50"]], "p95": [s["p95"], big["p95"]],
                "max": [s["max"], big["max"]], "met": [s["met"], big["met"]], "target": big["target"],
                "failures": [s["failures"], big["failures"]]}})
    for report in (small, large):
        storm = next((f for f in report["figures"] if f["figure"] == "reconnect_storm"), None)
        value = None if storm is None or storm["max"] is None else storm["max"] / 1000
        lines.append({"figure": f"reconnect_storm_s_{report['seats']}", "value": value, "unit": "s",
                      "target": STORM_TARGET_S if report["seats"] <= 500 else None,
                      "ok": value is not None and (report["seats"] > 500 or value <= STORM_TARGET_S)
                      and not (storm or {}).get("failures"),
                      "n": None if storm is None else storm["n"], "machine": m,
                      "detail": None if storm is None else {"p50_ms": storm["p50"], "p99_ms": storm["p99"]}})
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seats", default="500,1000", help="the two sizes, the floor first")
    parser.add_argument("--workers", type=int, help="seat worker processes (default: the tool's)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s bench %(message)s")
    small_n, large_n = (int(x) for x in args.seats.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="bench-rehearse-"))
    try:
        small = rehearse(tmp, small_n, args.workers, "--reconnect-storm")
        large = rehearse(tmp, large_n, args.workers, "--reconnect-storm")
    finally:
        if not args.keep:
            subprocess.run(["rm", "-rf", str(tmp)], check=False)
    lines = figures(small, large)
    for line in lines:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    return 0 if all(line["ok"] for line in lines) else 1


if __name__ == "__main__":
    raise SystemExit(main())
