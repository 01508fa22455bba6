"""Benchmark of printing seat cards: 500 seats, fresh codes and the A4 PDF with their QR codes.

    .venv/bin/python tests/perf/bench_cards.py [--seats 500] [--repeats 3]

The meeting holds N delegates, each on a seat of a hall of rows of 20. Timed: `issue_codes` +
`seat_cards_pdf`, the whole pure path of `phonghop admin cards` (codes, hashes, links, layout,
QR codes, embedded fonts, the PDF's bytes). In the same run the floor: segno encoding the same N
links into QR matrices and nothing else, the part no layout can save (segno chooses each code's
mask by the standard's penalty rules, about 10 ms a code in pure Python).
Prints one JSON line per figure:

    {"figure", "value", "unit", "target", "floor", "ratio", "ok", "n"}

`value` and `floor` are medians of `--repeats` runs. Target: 10 s for 500 cards (issue 6).
Not part of the pytest suite (pytest ignores tests/perf).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pymupdf
import segno

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.model import Delegate, Meeting, MeetingState, Seat  # noqa: E402
from app.seat_cards import CARDS_PER_PAGE, issue_codes, seat_cards_pdf  # noqa: E402
from sync.links import enrollment_link  # noqa: E402

TARGET_S = 10.0
NOW = datetime(2026, 12, 9, 8, 0, tzinfo=UTC)
FINGERPRINT = "3f" * 32
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương")
MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Thanh", "Ngọc")
GIVEN = ("Thủy", "Hưng", "Lan", "Tuấn", "Hạnh", "Dũng", "Hòa", "Phúc", "Yến", "Khiêm", "Nghĩa", "Trang", "Quyết")
TITLES = ("Phó Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Chủ tịch Hội Liên hiệp Phụ nữ tỉnh",
          "Giám đốc Sở Tài chính", "Bí thư Đảng ủy xã", "")


def meeting_of(n: int) -> MeetingState:
    delegates, seats = {}, {}
    for i in range(n):
        delegate_id = f"db-{i:04d}"
        name = f"{SURNAMES[i % 12]} {MIDDLE[i // 12 % 8]} {GIVEN[i // 96 % 13]}"
        delegates[delegate_id] = Delegate(delegate_id, name, TITLES[i % 4], "to-01", "Tổ 1", "male", ("delegate",), False)
        row, col = divmod(i, 20)
        label = f"{chr(65 + row % 26)}{row // 26 or ''}{col + 1:02d}"
        seats[label] = Seat(label, label, row + 1, col + 1, "hall", delegate_id)
    meeting = Meeting("bench", "regular", "Kỳ họp thứ nhất Hội đồng nhân dân tỉnh Ninh Bình khóa XVI, nhiệm kỳ 2026–2031",
                      "Hội đồng nhân dân tỉnh Ninh Bình", "2026–2031", "2026-12-10", "Hội trường", n)
    return MeetingState(meeting=meeting, delegates=delegates, seats=seats)


def link(code: str) -> str:
    return enrollment_link("192.168.100.200", 8443, code, FINGERPRINT)


def median_s(run: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    meeting = meeting_of(args.seats)
    title = meeting.meeting.title if meeting.meeting else ""

    def cards() -> bytes:
        issued = issue_codes(meeting, link=link, now=NOW)
        return seat_cards_pdf([i.card for i in issued], title, created=NOW)

    pdf = cards()
    with pymupdf.open(stream=pdf, filetype="pdf") as doc:  # the run made what it claims
        assert doc.page_count == -(-args.seats // CARDS_PER_PAGE)
    links = [i.card.link for i in issue_codes(meeting, link=link, now=NOW)]
    value = median_s(cards, args.repeats)
    floor = median_s(lambda: [segno.make_qr(text, error="m").matrix for text in links], args.repeats)
    print(json.dumps({
        "figure": f"seat_cards_pdf_{args.seats}_s", "value": round(value, 3), "unit": "s", "target": TARGET_S,
        "floor": round(floor, 3), "ratio": round(value / floor, 3), "ok": value <= TARGET_S, "n": args.seats,
    }), flush=True)


if __name__ == "__main__":
    main()
