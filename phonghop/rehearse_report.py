"""The rehearsal's figures, their targets, and the report: a table for the technician, JSON for
the record and the benchmarks (tests/perf/bench_rehearse.py reads the same JSON).

The targets are those of the earlier issues at 500 seats (docs/rehearsal.md lists where each
comes from); a figure without a target is shown for the technician's judgement only.
"""

from __future__ import annotations

import math
import os
import platform
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Figure:
    """One measured step. Targets in ms: p50, p99, and `worst` (the last seat: a storm settles)."""

    key: str
    label: str
    measure: str
    p50: float | None = None
    p99: float | None = None
    worst: float | None = None

    def target_text(self) -> str:
        parts = [f"{name} ≤ {limit:g}" for name, limit in (("p50", self.p50), ("p99", self.p99), ("tối đa", self.worst))
                 if limit is not None]
        return ", ".join(parts) or "—"


FIGURES: tuple[Figure, ...] = (
    Figure("connect", "Kết nối, xác thực", "bắt đầu kết nối → được máy chủ chào"),
    Figure("checkin_ack", "Điểm danh", "lệnh → xác nhận", p50=15, p99=50),
    Figure("document_fetch", "Tải tài liệu", "mọi tài liệu của kỳ họp, từng ghế"),
    Figure("speak_ack", "Xin phát biểu", "lệnh → xác nhận", p50=15, p99=50),
    Figure("vote_open", "Mở biểu quyết", "lệnh của chủ tọa → đến mọi ghế", p99=30),
    Figure("ballot_ack", "Bỏ phiếu", "phiếu ký số → xác nhận", p50=15, p99=50),
    Figure("close_result", "Kết quả biểu quyết", "kết thúc → kết quả đến mọi ghế", p99=250),
    Figure("reconnect_storm", "Kết nối lại đồng loạt", "mọi ghế mất mạng → mọi ghế trở lại", worst=5000),
    # With --sealed (docs/sealed.md): a secret vote counted by the room, then the same sealed.
    Figure("secret_ballot_ack", "Phiếu kín (máy chủ đếm)", "phiếu ký số → xác nhận", p50=15, p99=50),
    Figure("secret_close_result", "Kết quả phiếu kín", "kết thúc → kết quả đến mọi ghế", p99=250),
    Figure("sealed_key", "Ban kiểm phiếu tạo khóa", "tạo biểu quyết → khóa sẵn sàng"),
    Figure("sealed_ballot_ack", "Phiếu kín mã hóa", "phiếu mã hóa → xác nhận (kiểm bằng chứng)", p99=100),
    Figure("sealed_close_result", "Kết quả phiếu kín mã hóa", "kết thúc → Ban kiểm phiếu giải mã → mọi ghế",
           worst=2000),
)
SEALED_KEYS = frozenset({"secret_ballot_ack", "secret_close_result", "sealed_key", "sealed_ballot_ack",
                         "sealed_close_result"})
BY_KEY = {f.key: f for f in FIGURES}


def percentile(values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default, as the benchmarks)."""
    if not values:
        return math.nan
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def _r(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 2)


def figure_result(figure: Figure, ms: Mapping[int, float], failures: int, labels: list[str]) -> dict[str, Any]:
    values = list(ms.values())
    p50, p95, p99 = (percentile(values, p) for p in (50, 95, 99))
    worst = max(values) if values else math.nan
    checks = [(figure.p50, p50), (figure.p99, p99), (figure.worst, worst)]
    limited = [(limit, value) for limit, value in checks if limit is not None]
    met: bool | None = None
    if limited:
        met = bool(values) and all(not math.isnan(v) and v <= limit for limit, v in limited)
    # The committee's ceremony is one time for the room, not a seat's.
    slowest = max(ms, key=lambda i: ms[i]) if ms and figure.key != "sealed_key" else None
    return {
        "figure": figure.key, "label": figure.label, "measure": figure.measure, "unit": "ms", "n": len(values),
        "p50": _r(p50), "p95": _r(p95), "p99": _r(p99), "max": _r(worst),
        "target": {k: v for k, v in (("p50", figure.p50), ("p99", figure.p99), ("max", figure.worst)) if v is not None},
        "met": met, "failures": failures,
        "slowest_seat": None if slowest is None else {"seat": labels[slowest], "ms": round(ms[slowest], 2)},
    }


def machine() -> str:
    return (f"{os.cpu_count()} lõi, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()} {platform.machine()}")


def verdict(report: Mapping[str, Any]) -> tuple[bool, list[str]]:
    """Whether the room meets its targets, and why not."""
    why = []
    if report["failures"]:
        why.append(f"{len(report['failures'])} lỗi")
    for fig in report["figures"]:
        if fig["met"] is False:
            why.append(f"{fig['label']}: chưa đạt {BY_KEY[fig['figure']].target_text()} ms")
    if report.get("skipped"):
        why.append("không chạy hết kịch bản: " + ", ".join(report["skipped"]))
    return not why, why


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f}".replace(",", " ")


def table(report: Mapping[str, Any]) -> str:
    """The report as a technician reads it on screen."""
    lines = [f"Diễn tập phòng họp: {report['seats']} ghế mô phỏng, máy chủ {report['server']}",
             f"Kỳ họp diễn tập: {report['meeting_title']} ({report['meeting_id']}); máy: {report['machine']}", ""]
    head = f"{'Bước':<24}{'Số ghế':>7}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}  {'Mục tiêu (ms)':<24}{'Kết quả':<10}Ghế chậm nhất"
    lines += [head, "─" * len(head)]
    for fig in report["figures"]:
        result = {True: "ĐẠT", False: "CHƯA ĐẠT", None: "—"}[fig["met"]]
        if fig["failures"]:
            result += f" ({fig['failures']} lỗi)"
        slow = fig["slowest_seat"]
        lines.append(f"{fig['label']:<24}{fig['n']:>7}{_ms(fig['p50']):>10}{_ms(fig['p95']):>10}{_ms(fig['p99']):>10}  "
                     f"{BY_KEY[fig['figure']].target_text():<24}{result:<10}"
                     + (f"{slow['seat']} ({_ms(slow['ms'])} ms)" if slow else ""))
    for phase in report.get("skipped", []):
        lines.append(f"{phase:<24}  không chạy (bước trước đã hỏng)")
    lines.append("")
    lines += failure_lines(report["failures"])
    lines += cleanup_lines(report.get("cleanup"))
    ok, why = verdict(report)
    lines.append("")
    lines.append("KẾT LUẬN: phòng họp đạt mọi mục tiêu." if ok else "KẾT LUẬN: CHƯA ĐẠT — " + "; ".join(why) + ".")
    return "\n".join(lines)


def failure_lines(failures: Iterable[Mapping[str, Any]]) -> list[str]:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for f in failures:
        groups[(f["phase"], f["cause"])].append(f["seat"])
    if not groups:
        return ["Lỗi: không có."]
    lines = [f"Lỗi ({sum(len(s) for s in groups.values())}):"]
    for (phase, cause), seats in sorted(groups.items(), key=lambda g: -len(g[1])):
        shown = ", ".join(seats[:6]) + (f" và {len(seats) - 6} ghế khác" if len(seats) > 6 else "")
        lines.append(f"  {phase}: {cause} — {len(seats)} ghế ({shown})")
    return lines


def cleanup_lines(cleanup: Mapping[str, Any] | None) -> list[str]:
    if cleanup is None:
        return ["Dọn dẹp: chưa dọn (--keep): kỳ họp diễn tập và các thiết bị mô phỏng vẫn còn trên máy chủ."]
    lines = [f"Dọn dẹp: {'đã xóa tài liệu của kỳ họp diễn tập khỏi mọi thiết bị' if cleanup['purged'] else 'CHƯA xóa tài liệu'}"
             f", đã thu hồi {cleanup['revoked']} thiết bị mô phỏng"
             + (f", đã hủy {cleanup['cancelled']} mã đăng ký chưa dùng" if cleanup["cancelled"] else "") + "."]
    lines += [f"  {p}" for p in cleanup["problems"]]
    return lines
