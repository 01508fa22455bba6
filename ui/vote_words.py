"""app.vote_labels in the interface language: one context ("VoteLabels") for the seat, the
console and the hall display, so each legal word is translated once."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT: Final = "VoteLabels"

# app.vote_labels as lupdate sees them: the labels stay defined there, once; these lines only let
# the translation tool find the strings that translate() looks up at run time.
_FOR_LUPDATE = (
    QT_TRANSLATE_NOOP("VoteLabels", "Biểu quyết công khai"),
    QT_TRANSLATE_NOOP("VoteLabels", "Biểu quyết giơ tay"),
    QT_TRANSLATE_NOOP("VoteLabels", "Bỏ phiếu kín"),
    QT_TRANSLATE_NOOP("VoteLabels", "Lấy phiếu tín nhiệm"),
    QT_TRANSLATE_NOOP("VoteLabels", "Bầu chức danh"),
    QT_TRANSLATE_NOOP("VoteLabels", "Bỏ phiếu tín nhiệm"),
    QT_TRANSLATE_NOOP("VoteLabels", "Tán thành"),
    QT_TRANSLATE_NOOP("VoteLabels", "Không tán thành"),
    QT_TRANSLATE_NOOP("VoteLabels", "Không biểu quyết"),
    QT_TRANSLATE_NOOP("VoteLabels", "Tín nhiệm cao"),
    QT_TRANSLATE_NOOP("VoteLabels", "Tín nhiệm"),
    QT_TRANSLATE_NOOP("VoteLabels", "Tín nhiệm thấp"),
    QT_TRANSLATE_NOOP("VoteLabels", "Không tín nhiệm"),
    QT_TRANSLATE_NOOP("VoteLabels", "Chưa biểu quyết"),
    QT_TRANSLATE_NOOP("VoteLabels", "Quá nửa tổng số đại biểu"),
    QT_TRANSLATE_NOOP("VoteLabels", "Ít nhất hai phần ba tổng số đại biểu"),
    QT_TRANSLATE_NOOP("VoteLabels", "Theo Nghị quyết 96/2023/QH15 (trên số phiếu thu về)"),
    QT_TRANSLATE_NOOP("VoteLabels", "Quá nửa số phiếu thu về là Không tín nhiệm"),
    QT_TRANSLATE_NOOP("VoteLabels", "Thông qua"),
    QT_TRANSLATE_NOOP("VoteLabels", "Không thông qua"),
    QT_TRANSLATE_NOOP("VoteLabels", "Không"),
    QT_TRANSLATE_NOOP("VoteLabels", "Có thể xin từ chức"),
    QT_TRANSLATE_NOOP("VoteLabels", "Trình miễn nhiệm, bãi nhiệm"),
    QT_TRANSLATE_NOOP("VoteLabels", "Chưa mở"),
    QT_TRANSLATE_NOOP("VoteLabels", "Đang biểu quyết"),
    QT_TRANSLATE_NOOP("VoteLabels", "Đã kết thúc"),
    QT_TRANSLATE_NOOP("VoteLabels", "Đã hủy"),
    QT_TRANSLATE_NOOP("VoteLabels", "Trúng cử"),
    QT_TRANSLATE_NOOP("VoteLabels", "Bằng phiếu, bầu lại"),
)


def label(text: str) -> str:
    """One of app.vote_labels' words in the interface language."""
    return QCoreApplication.translate(CONTEXT, text)
