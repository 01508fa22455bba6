"""Benchmark of importing a delegate list: 500 delegates from CSV and from Excel (.xlsx).

    .venv/bin/python tests/perf/bench_import.py [--delegates 500] [--repeats 5]

The meeting holds 500 delegates in 25 groups. The file names all but 50 of them (by «Mã đại
biểu» for half, by name and group for the other half), changes the title of 50, and adds 50
new ones, with every column the import knows (roles, Ban, Chuyên trách, Tình trạng; N goes
from 500 to 550: the 50 left out still count). Timed:
`read_table` + `preview` + `commands`, the whole pure path of `phonghop admin delegates`.
In the same run the floor: the bare read of the same file, with no validation (csv: decode
and `csv.reader`; xlsx: openpyxl in read-only mode yielding every row's values).
Prints one JSON line per figure:

    {"figure", "value", "unit", "target", "floor", "ratio", "ok", "n"}

`value` and `floor` are medians of `--repeats` runs. Target: 2 s (issue 6).
Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.delegate_file import fold  # noqa: E402
from app.delegate_import import commands, preview, read_table  # noqa: E402
from app.model import Delegate, Meeting, MeetingState  # noqa: E402

TARGET_S = 2.0
GROUPS = 25
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Ngọc")
GIVEN = ("Thủy", "Hưng", "Lan", "Tuấn", "Hạnh", "Dũng", "Hòa", "Phúc", "Yến", "Khiêm", "Nghĩa", "Trang", "Quyết")


def _name(i: int) -> str:
    return f"{SURNAMES[i % 12]} {MIDDLE[i // 12 % 8]} {GIVEN[i // 96 % 13]} {i}"


def meeting_of(n: int) -> MeetingState:
    delegates = {}
    for i in range(n):
        g = i % GROUPS + 1
        delegates[f"db-{i:04d}"] = Delegate(
            f"db-{i:04d}", _name(i), f"Chức vụ số {i}", f"to-{g:02d}", f"Tổ đại biểu số {g} (Địa bàn {g})",
            "female" if i % 4 == 0 else "male", ("delegate",), i % 5 == 0)
    meeting = Meeting("bench", "regular", "Kỳ họp", "HĐND", "2026–2031", "2026-12-10", "Hội trường", n,
                      committees={"ban-phap-che": "Ban Pháp chế"})
    return MeetingState(meeting=meeting, delegates=delegates)


def rows_of(state: MeetingState) -> list[list[str]]:
    header = ["STT", "Mã đại biểu", "Họ và tên", "Giới tính", "Chức vụ", "Tổ đại biểu", "Vai trò", "Ban",
              "Chuyên trách", "Tình trạng"]
    rows = [header]
    kept = list(state.delegates.values())[:-50]
    for i, d in enumerate(kept):
        title = d.title + (" (mới)" if i % 9 == 0 else "")
        rows.append([str(len(rows)), d.delegate_id if i % 2 else "", d.name, "Nữ" if d.gender == "female" else "Nam",
                     title, f"Tổ {d.group_id[3:]}", "Đại biểu; Thường trực" if i % 50 == 0 else "Đại biểu",
                     "Ban Pháp chế" if i % 3 == 0 else "", "Có" if d.full_time else "Không", "Đang giữ quyền"])
    for j in range(50):
        g = j % GROUPS + 1
        rows.append([str(len(rows)), "", f"Đại biểu Mới {j}", "Nữ", "Giáo viên", f"Tổ {g}", "Đại biểu", "", "Không",
                     "Đang giữ quyền"])
    return rows


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def floor_csv(data: bytes) -> int:
    return len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")))


def floor_xlsx(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return len(list(book.worksheets[0].iter_rows(values_only=True)))
    finally:
        book.close()


def median_s(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--delegates", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    state = meeting_of(args.delegates)
    rows = rows_of(state)
    ok_all = True
    for kind, data, floor in (("csv", csv_bytes(rows), floor_csv), ("xlsx", xlsx_bytes(rows), floor_xlsx)):
        result = preview(read_table(f"ds.{kind}", data), state)
        sent = commands(result)
        # 50 new delegates; 50 changed titles, plus those the file first puts on a committee or the
        # Standing Committee; and one meeting.update: N follows the mandates from this list on.
        adds, updates = result.count("add"), result.count("update")
        if result.errors or adds != 50 or updates < 50 or len(sent) != adds + updates + 1:
            raise AssertionError(f"{kind}: unexpected preview {[e.message for e in result.errors][:3]}")

        def run(data: bytes = data, kind: str = kind) -> None:
            fold.cache_clear()  # every run as cold as the first import of the day
            commands(preview(read_table(f"ds.{kind}", data), state))

        value = median_s(run, args.repeats)
        floor_s = median_s(lambda data=data, floor=floor: floor(data), args.repeats)
        ok = value <= TARGET_S
        ok_all &= ok
        print(json.dumps({
            "figure": f"import_{args.delegates}_{kind}_s", "value": round(value, 4), "unit": "s",
            "target": TARGET_S, "floor": round(floor_s, 4), "ratio": round(value / floor_s, 2), "ok": ok,
            "n": args.delegates, "bytes": len(data), "updates": result.count("update"), "adds": result.count("add"),
        }, ensure_ascii=False), flush=True)
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
