"""The parts of "Tạo biểu quyết": the templates the chair starts from, the question field, and the
Ban kiểm phiếu to start with."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from app.model import MeetingState


@dataclass(frozen=True, slots=True)
class Template:
    """A kind of vote as the chair names it; `suggest` says what the question starts as:
    "item" (the agenda item's title), a fixed text, or "" (only an example shown)."""

    key: str
    name: str
    kind: str
    rule: str
    suggest: str = "item"
    example: str = ""


TEMPLATES: Final = (
    Template("resolution", QT_TRANSLATE_NOOP("VoteCreateDialog", "Thông qua nghị quyết"), "open", "majority_of_all"),
    Template("recall", QT_TRANSLATE_NOOP("VoteCreateDialog", "Bãi nhiệm đại biểu"), "open", "two_thirds_of_all", "",
             QT_TRANSLATE_NOOP("VoteCreateDialog", "Ví dụ: Bãi nhiệm đại biểu HĐND tỉnh đối với ông Nguyễn Văn A")),
    Template("hands", QT_TRANSLATE_NOOP("VoteCreateDialog", "Biểu quyết giơ tay"), "hands", "majority_of_all"),
    Template("secret", QT_TRANSLATE_NOOP("VoteCreateDialog", "Bỏ phiếu kín"), "secret", "majority_of_all"),
    Template("confidence", QT_TRANSLATE_NOOP("VoteCreateDialog", "Lấy phiếu tín nhiệm"), "confidence", "confidence",
             "Lấy phiếu tín nhiệm đối với người giữ chức vụ do HĐND tỉnh bầu"),
    Template("no_confidence", QT_TRANSLATE_NOOP("VoteCreateDialog", "Bỏ phiếu tín nhiệm"), "confidence",
             "no_confidence", "",
             QT_TRANSLATE_NOOP("VoteCreateDialog", "Ví dụ: Bỏ phiếu tín nhiệm đối với ông Nguyễn Văn A")),
    Template("election", QT_TRANSLATE_NOOP("VoteCreateDialog", "Bầu chức danh"), "election", "election"),
)
TEMPLATE_KEYS: Final = {t.key: t for t in TEMPLATES}


def last_committee(state: MeetingState) -> tuple[str, str, tuple[str, ...]] | None:
    """The Ban kiểm phiếu of the meeting's latest secret ballot: it is elected once per session."""
    votes = sorted((v for v in state.votes.values() if v.committee is not None),
                   key=lambda v: (v.created_at, v.vote_id))
    if not votes:
        return None
    committee = votes[-1].committee
    assert committee is not None
    return committee.head, committee.secretary, committee.members


class QuestionEdit(QPlainTextEdit):
    """The question on two or three wrapped lines, read whole before the vote is created; one
    paragraph of at most 200 characters (app.fields.Name), Enter adds no line."""

    MAX: Final = 200

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        lines = self.fontMetrics().lineSpacing() * 3
        self.setFixedHeight(lines + 2 * self.frameWidth() + 12)
        self.textChanged.connect(self._keep_to_one_paragraph)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)  # a long question reads from its start

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()
            return
        super().keyPressEvent(event)

    def _keep_to_one_paragraph(self) -> None:
        text = self.toPlainText()
        fixed = " ".join(text.splitlines())[: self.MAX] if "\n" in text or len(text) > self.MAX else text
        if fixed != text:
            cursor = self.textCursor().position()
            self.blockSignals(True)
            self.setPlainText(fixed)
            self.blockSignals(False)
            moved = self.textCursor()
            moved.setPosition(min(cursor, len(fixed)))
            self.setTextCursor(moved)
            self.textChanged.emit()
