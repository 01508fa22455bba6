"""Benchmark of `phonghop verify` on a full day's archive.

    .venv/bin/python tests/perf/bench_verify.py [--events 10000] [--votes 50] [--delegates 85] [--repeats 5]

Builds a synthetic plenary day through the real domain pipeline (tests/test_archive.py
`full_day`: MemoryRoom runs real commands; the seats' ballots are signed with their enrolled
DeviceKeys, the results with a RoomKey), writes its archive with `app.archive.build_archive`,
then times `app.archive_verify.verify_file` (read, parse, both chains, every result and ballot
signature, every recount). In the same run it times the floor: the bare cost of reading the
file, parsing every line with `json.loads` and recomputing the meeting log's hash chain with
hashlib and `json.dumps` alone. Prints one JSON line:

    {"figure": "verify_full_day_s", "value", "target": 1.0, "floor", "ratio", "unit", "ok", ...}

`value` and `floor` are medians of `--repeats` runs; `cli_s` (informative) is one run of the real
command, `python -m phonghop verify FILE`, interpreter start and imports included.
Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.archive_verify import verify_file  # noqa: E402
from tests.test_archive import full_day  # noqa: E402

TARGET_S = 1.0


def floor_once(path: Path) -> float:
    """Read + parse + the hash chain, nothing else: what no verifier can skip."""
    start = time.perf_counter()
    lines = path.read_bytes().split(b"\n")
    prev = "0" * 64
    for line in lines:
        if not line:
            continue
        item = json.loads(line)
        if item.get("type") != "event" or item.get("meeting_id") is None:
            continue
        body = json.dumps({k: item[k] for k in ("seq", "at", "actor", "name", "data")}, ensure_ascii=False,
                          sort_keys=True, separators=(",", ":")).encode()
        digest = hashlib.sha256(bytes.fromhex(item["prev"]) + body).hexdigest()
        if item["prev"] != prev or digest != item["hash"]:
            raise AssertionError(f"floor: chain broken at seq {item['seq']}")
        prev = digest
    return time.perf_counter() - start


def verify_once(path: Path) -> float:
    start = time.perf_counter()
    report = verify_file(path)
    elapsed = time.perf_counter() - start
    if not report.valid:
        raise AssertionError(report.verdict())
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--votes", type=int, default=50)
    parser.add_argument("--delegates", type=int, default=85)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    room = full_day(args.events, args.votes, args.delegates)
    data = room.archive()
    built_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        path = Path(tmp) / "day.phonghop-archive.jsonl"
        path.write_bytes(data)
        report = verify_file(path)
        assert report.valid, report.verdict()
        # Alternate the two so that a noisy neighbour weighs on both alike.
        values, floors = [], []
        for _ in range(args.repeats):
            values.append(verify_once(path))
            floors.append(floor_once(path))
        cli_start = time.perf_counter()
        cli = subprocess.run([sys.executable, "-m", "phonghop", "verify", str(path)], capture_output=True, text=True,
                             cwd=ROOT)
        cli_s = time.perf_counter() - cli_start
        assert cli.returncode == 0, cli.stdout + cli.stderr
    value, floor = statistics.median(values), statistics.median(floors)
    line = {
        "figure": "verify_full_day_s",
        "value": round(value, 3),
        "target": TARGET_S,
        "floor": round(floor, 3),
        "ratio": round(value / floor, 2),
        "unit": "s",
        "ok": value <= TARGET_S,
        "events": report.events,
        "server_events": report.server_events,
        "votes": len(report.votes),
        "open_ballots": report.open_ballots,
        "secret_boxes": report.secret_boxes,
        "bytes": len(data),
        "runs": [round(v, 3) for v in values],
        "cli_s": round(cli_s, 3),
        "build_s": round(built_s, 2),
        "machine": f"{platform.machine()} {platform.python_implementation()} {platform.python_version()}",
    }
    print(json.dumps(line, ensure_ascii=False), flush=True)
    return 0 if line["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
