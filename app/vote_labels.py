"""The words of votes as DOMAIN.md and the law write them, for screens and records alike."""

from __future__ import annotations

from typing import Final

KIND_LABELS: Final = {
    "open": "Biểu quyết công khai",
    "hands": "Biểu quyết giơ tay",
    "secret": "Bỏ phiếu kín",
    "confidence": "Lấy phiếu tín nhiệm",
    "election": "Bầu chức danh",
}
# The follow-up confidence vote is a kind of its own for people, a rule for the program.
NO_CONFIDENCE_LABEL: Final = "Bỏ phiếu tín nhiệm"

OPTION_LABELS: Final = {
    "tan_thanh": "Tán thành",
    "khong_tan_thanh": "Không tán thành",
    "khong_bieu_quyet": "Không biểu quyết",
    "tin_nhiem_cao": "Tín nhiệm cao",
    "tin_nhiem": "Tín nhiệm",
    "tin_nhiem_thap": "Tín nhiệm thấp",
    "khong_tin_nhiem": "Không tín nhiệm",
}
NOT_VOTED_LABEL: Final = "Chưa biểu quyết"

RULE_LABELS: Final = {
    "majority_of_all": "Quá nửa tổng số đại biểu",
    "two_thirds_of_all": "Ít nhất hai phần ba tổng số đại biểu",
    "confidence": "Theo Nghị quyết 96/2023/QH15 (trên số phiếu thu về)",
    "no_confidence": "Quá nửa số phiếu thu về là Không tín nhiệm",
    "election": "Quá nửa tổng số đại biểu",
}

OUTCOME_LABELS: Final = {"passed": "Thông qua", "failed": "Không thông qua"}

CONSEQUENCE_LABELS: Final = {
    "none": "Không",
    "may_resign": "Có thể xin từ chức",
    "dismissal": "Trình miễn nhiệm, bãi nhiệm",
}

STATUS_LABELS: Final = {
    "created": "Chưa mở",
    "open": "Đang biểu quyết",
    "closed": "Đã kết thúc",
    "cancelled": "Đã hủy",
}
ELECTED_LABEL: Final = "Trúng cử"
TIE_LABEL: Final = "Bằng phiếu, bầu lại"


def kind_label(kind: str, rule: str) -> str:
    if kind == "confidence" and rule == "no_confidence":
        return NO_CONFIDENCE_LABEL
    return KIND_LABELS.get(kind, kind)
