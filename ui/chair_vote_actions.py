"""What the presidium does to the chosen vote, nothing irreversible without a confirmation: open,
close, cancel (with its reason), record a show of hands, create the vote confirming a secret
ballot's result, and save the records as PDF."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.model import MeetingState, Vote
from app.vote_results import hopeless
from app.vote_rules import RESOLUTION_OPTIONS
from app.voting_sealed import key_status
from ui import theme
from ui.chair_model import spawn
from ui.chair_panel_kit import action_notes, make_primary, send
from ui.chair_vote_key import finish_offered, finish_question
from ui.chair_vote_progress import HandsEntry
from ui.chair_vote_result import record_pdf
from ui.chair_vote_words import confirming_title, duration_words, hopeless_question, option_words

log = logging.getLogger(__name__)

NEW_KEY: Final = "Ctrl+Shift+N"
OPEN_KEY: Final = "Ctrl+Shift+O"
CLOSE_KEY: Final = "Ctrl+Shift+K"
CONFIRMING_DURATION_S: Final = 60  # as a new vote's default (ui.chair_vote_create)

Confirm = Callable[[str, str, str, str], bool]
"""(title, question, the action's words, the words for not doing it) -> True to go ahead."""
ChoosePath = Callable[[str, str], str]
"""(dialog title, suggested file name) -> the path chosen, or "" when the chair changes their mind."""


def key_text(key: str) -> str:
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


def _default_confirm(parent: QWidget) -> Confirm:
    def confirm(title: str, question: str, yes: str, no: str) -> bool:
        # The console's own question box, imported late: ui.chair_window imports the voting tab.
        from ui.ask import ask

        return ask(parent, title, question, yes, no)

    return confirm


def confirming_vote(vote: Vote, state: MeetingState) -> Vote | None:
    """The open vote already made to confirm this secret ballot's result, if any."""
    title = confirming_title(vote)
    return next((v for v in state.votes.values() if v.title == title and v.item_id == vote.item_id
                 and v.kind == "open" and v.status != "cancelled"), None)


class CancelDialog(QDialog):
    """"Hủy biểu quyết": the reason is required; nothing is sent until it is given.

    Attributes: question_label, reason_edit, ok_button, keep_button. Signals: reason_did_get_given(reason).
    """

    reason_did_get_given = Signal(str)

    def __init__(self, vote: Vote, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Hủy biểu quyết"))
        self.setModal(True)
        self.setMinimumWidth(520)
        self.question_label = QLabel(
            self.tr("Hủy biểu quyết «{title}»? Phiếu đã bỏ (nếu có) sẽ không được tính; "
                    "việc hủy và lý do được ghi vào biên bản.").format(title=vote.title), self)
        self.question_label.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setMaxLength(200)
        self.reason_edit.setMinimumHeight(theme.MIN_TOUCH_PX)
        self.reason_edit.setPlaceholderText(self.tr("Lý do hủy (bắt buộc), ví dụ: sai nội dung câu hỏi"))
        self.keep_button = QPushButton(self.tr("Không hủy"), self)
        self.ok_button = QPushButton(self.tr("Hủy biểu quyết"), self)
        self.ok_button.setStyleSheet(
            f"QPushButton {{ background: {theme.DANGER}; color: white; border-color: {theme.DANGER}; }}"
            "QPushButton:disabled { background: #eceff2; color: #6b737c; border-color: #9aa3ad; }")
        self.keep_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question_label)
        layout.addWidget(QLabel(self.tr("Lý do hủy:"), self))
        layout.addWidget(self.reason_edit)
        layout.addLayout(buttons)
        self.reason_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.keep_button.clicked.connect(self.reject)
        self.ok_button.clicked.connect(self._give)
        self.ok_button.setEnabled(False)

    def _give(self) -> None:
        reason = self.reason_edit.text().strip()
        if reason:
            self.reason_did_get_given.emit(reason)
            self.accept()


class VoteActions(QWidget):
    """The buttons under the chosen vote and what they do. Opening, closing and cancelling are the
    chair's: the secretary sees them disabled, the tooltip and the line under them saying why.

    Attributes: model, open_button, finish_button (a sealed vote's key without the members
    missing), close_button, cancel_button, confirm_button, pdf_label,
    sheet_button, counting_button, why_label, error_label, saved_label, cancel_dialog (or None),
    confirm (Confirm; the console passes its own), choose_path (ChoosePath; tests give a path).
    Methods: show_for(vote, state), open_selected(), close_open(), cancel_selected(),
    record_hands(hands), create_confirming(), save_pdf(which), finish_key().
    Signals: show_requested(vote_id): a vote to bring into view (made here, or closed by key).
    """

    show_requested = Signal(str)

    def __init__(self, model: Any, selected: Callable[[], Vote | None], parent: QWidget | None = None,
                 confirm: Confirm | None = None):
        super().__init__(parent)
        self.model = model
        self.selected = selected
        self.confirm: Confirm = confirm or _default_confirm(self)
        self.choose_path: ChoosePath = self._ask_path
        self.cancel_dialog: CancelDialog | None = None
        self._shown: str | None = None  # the vote the notes below the buttons are about

        self.open_button = make_primary(QPushButton(self.tr("Mở biểu quyết"), self))
        self.close_button = make_primary(QPushButton(self.tr("Kết thúc biểu quyết"), self))
        self.cancel_button = QPushButton(self.tr("Hủy biểu quyết"), self)
        self.finish_button = QPushButton(self.tr("Tiếp tục với các thành viên đã tham gia"), self)
        self.confirm_button = make_primary(QPushButton(self.tr("Tạo biểu quyết xác nhận kết quả"), self))
        # "Lưu PDF: [Phiếu kết quả] [Biên bản kiểm phiếu]": both fit side by side in a narrow tab.
        self.pdf_label = QLabel(self.tr("Lưu PDF:"), self)
        self.sheet_button = QPushButton(self.tr("Phiếu kết quả"), self)
        self.sheet_button.setToolTip(self.tr("Lưu phiếu kết quả (PDF)"))
        self.counting_button = QPushButton(self.tr("Biên bản kiểm phiếu"), self)
        self.counting_button.setToolTip(self.tr("Lưu biên bản kiểm phiếu (PDF)"))
        for button in (self.sheet_button, self.counting_button):
            button.setStyleSheet("QPushButton { font-size: 13pt; padding: 4px 10px; }")
        self.why_label, self.error_label = action_notes(self)
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        self.saved_label.setStyleSheet(f"color: {theme.LIVE}; font-size: 12pt;")
        self.saved_label.hide()

        main_row = QHBoxLayout()
        main_row.addWidget(self.open_button)
        main_row.addWidget(self.close_button)
        main_row.addStretch(1)
        main_row.addWidget(self.cancel_button)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.pdf_label)
        pdf_row.addWidget(self.sheet_button)
        pdf_row.addWidget(self.counting_button)
        pdf_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.finish_button)
        layout.addLayout(main_row)
        layout.addWidget(self.confirm_button)
        layout.addLayout(pdf_row)
        layout.addWidget(self.why_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.saved_label)

        self.open_button.clicked.connect(self.open_selected)
        self.close_button.clicked.connect(self.close_open)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.finish_button.clicked.connect(self.finish_key)
        self.sheet_button.clicked.connect(lambda: self.save_pdf("sheet"))
        self.counting_button.clicked.connect(lambda: self.save_pdf("counting"))
        self.confirm_button.clicked.connect(self.create_confirming)

    # -- what is on offer ----------------------------------------------------------------------

    def chair_only(self) -> str:
        return self.tr("Chỉ chủ tọa được mở, kết thúc hoặc hủy biểu quyết.")

    def show_for(self, vote: Vote | None, state: MeetingState) -> None:
        if (vote.vote_id if vote is not None else None) != self._shown:
            self._shown = vote.vote_id if vote is not None else None
            self.error_label.hide()  # a refusal or a saved file of another vote
            self.saved_label.hide()
        status = vote.status if vote is not None else None
        hands = vote is not None and vote.kind == "hands"
        can = self.model.can
        why = ""
        running = state.open_vote()
        if status == "created" and not can("vote.open"):
            why = self.chair_only()
        elif status == "created" and running is not None:
            why = self.tr("Đang biểu quyết «{title}»: kết thúc trước khi mở biểu quyết khác.").format(
                title=running.title)
        elif vote is not None and vote.sealed and status == "created":
            why = key_status(vote, frozenset(state.present)).reason  # the committee cannot count yet
        elif status == "open" and not hands and not can("vote.close"):
            why = self.chair_only()
        elif status == "open" and hands and not can("vote.count_hands"):
            why = self.tr("Chỉ chủ tọa và thư ký kỳ họp được ghi kết quả giơ tay.")
        self.open_button.setVisible(status == "created")
        self.open_button.setEnabled(status == "created" and not why)
        self.close_button.setVisible(status == "open" and not hands)  # a show of hands ends with its count
        self.close_button.setEnabled(can("vote.close"))
        # A sealed vote whose committee cannot count can still be cancelled.
        self.cancel_button.setVisible(status in ("created", "open", "counting"))
        self.cancel_button.setEnabled(can("vote.cancel"))
        keys = self.tr("Phím tắt: {key}")
        self.open_button.setToolTip("\n".join(filter(None, [why, keys.format(key=key_text(OPEN_KEY))])))
        self.close_button.setToolTip("\n".join(filter(None, [
            "" if can("vote.close") else self.chair_only(), keys.format(key=key_text(CLOSE_KEY))])))
        self.cancel_button.setToolTip("" if can("vote.cancel") else self.chair_only())
        sealed = vote is not None and vote.sealed and status == "created"
        offer = vote is not None and sealed and finish_offered(key_status(vote, frozenset(state.present)))
        self.finish_button.setVisible(offer)
        self.finish_button.setEnabled(can("vote.key_finish"))  # the chair's and the secretary's
        closed = vote is not None and status == "closed"
        secret = closed and vote is not None and vote.secret
        for widget in (self.pdf_label, self.sheet_button):
            widget.setVisible(closed)
        self.counting_button.setVisible(secret)
        self.confirm_button.setVisible(secret)
        if secret and vote is not None:
            made = confirming_vote(vote, state)
            self.confirm_button.setText(self.tr("Đến biểu quyết xác nhận kết quả") if made is not None
                                        else self.tr("Tạo biểu quyết xác nhận kết quả"))
            self.confirm_button.setEnabled(made is not None or can("vote.create"))
        if self.error_label.text() == self.why_label.text() and why != self.why_label.text():
            self.error_label.hide()  # the refusal repeated a reason that no longer holds (a key arrived)
        self.why_label.setText(why)
        self.why_label.setVisible(bool(why))

    # -- acting --------------------------------------------------------------------------------

    def refuse(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def _send(self, name: str, args: dict[str, Any], then: Callable[[dict[str, Any]], None] | None = None) -> None:
        self.error_label.hide()
        self.saved_label.hide()

        def answered(answer: dict[str, Any]) -> None:
            if answer.get("type") == "error":
                self.refuse(str(answer.get("message") or self.tr("Máy chủ từ chối thao tác.")))
            elif then is not None:
                then(answer)

        send(self, self.model, name, args, answered)

    def open_selected(self) -> None:
        vote = self.selected()
        if vote is None or vote.status != "created":
            self.refuse(self.tr("Chọn một biểu quyết chưa mở để mở."))
            return
        if not self.open_button.isEnabled():
            self.refuse(self.why_label.text())
            return
        state: MeetingState = self.model.state
        present = len(state.present)
        if hopeless(vote, state):
            question = hopeless_question(present, vote.n_total)
        else:
            limit = self.tr("không tính giờ") if vote.kind == "hands" else duration_words(vote.duration_s).lower()
            question = self.tr("Mở biểu quyết «{title}»? Có mặt {p}/{n} đại biểu; thời gian: {limit}.").format(
                title=vote.title, p=present, n=vote.n_total, limit=limit)
        if self.confirm(self.tr("Mở biểu quyết"), question, self.tr("Mở biểu quyết"), self.tr("Chưa mở")):
            self._send("vote.open", {"vote_id": vote.vote_id})

    def finish_key(self) -> None:
        """Makes a sealed vote's key with the members who have joined, once the chair agrees."""
        vote = self.selected()
        if vote is None or vote.status != "created" or not vote.sealed:
            return
        state: MeetingState = self.model.state
        status = key_status(vote, frozenset(state.present))
        if not status.can_finish:
            self.refuse(status.reason)
            return
        question, yes = finish_question(vote, state)
        if self.confirm(self.tr("Tiếp tục tạo khóa"), question, yes, self.tr("Chờ thêm")):
            self._send("vote.key_finish", {"vote_id": vote.vote_id})

    def close_open(self) -> None:
        """Closes the vote that is open, whichever is chosen in the list (there is one at most)."""
        state: MeetingState = self.model.state
        vote = state.open_vote()
        if vote is None:
            self.refuse(self.tr("Không có biểu quyết nào đang mở."))
            return
        self.show_requested.emit(vote.vote_id)
        if not self.model.can("vote.close"):
            self.refuse(self.chair_only())
            return
        if vote.kind == "hands":
            self.refuse(self.tr("Biểu quyết giơ tay kết thúc khi ghi kết quả đếm."))
            return
        if vote.kind in ("open", "secret"):
            question = self.tr("Kết thúc biểu quyết? Đại biểu chưa bỏ phiếu sẽ tính là Chưa biểu quyết.")
        else:
            question = self.tr("Kết thúc bỏ phiếu? Đại biểu chưa bỏ phiếu sẽ không được tính phiếu.")
        question += "\n" + self.tr("Đã bỏ phiếu: {c} / {p} có mặt.").format(c=vote.count, p=len(state.present))
        if self.confirm(self.tr("Kết thúc biểu quyết"), question, self.tr("Kết thúc biểu quyết"),
                        self.tr("Tiếp tục biểu quyết")):
            self._send("vote.close", {"vote_id": vote.vote_id})

    def cancel_selected(self) -> None:
        """Asks the reason in a dialog (window-modal, not blocking); sends only with one."""
        vote = self.selected()
        if vote is None or vote.status not in ("created", "open", "counting") or not self.model.can("vote.cancel"):
            return
        dialog = CancelDialog(vote, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.reason_did_get_given.connect(
            lambda reason: self._send("vote.cancel", {"vote_id": vote.vote_id, "reason": reason}))
        dialog.finished.connect(lambda _: setattr(self, "cancel_dialog", None))
        self.cancel_dialog = dialog
        dialog.open()

    def record_hands(self, hands: HandsEntry) -> None:
        vote = self.selected()
        if vote is None or vote.kind != "hands" or vote.status != "open" or not hands.fits():
            return
        tally = hands.tally()
        counts = ", ".join(f"{option_words(o)} {tally[o]}" for o in RESOLUTION_OPTIONS)
        question = self.tr("Ghi kết quả giơ tay: {counts} (có mặt {p})? Biểu quyết kết thúc với số đếm này.").format(
            counts=counts, p=len(self.model.state.present))
        if self.confirm(self.tr("Ghi kết quả"), question, self.tr("Ghi kết quả"), self.tr("Kiểm tra lại")):
            self._send("vote.count_hands", {"vote_id": vote.vote_id, "tally": tally}, lambda _: hands.reset())

    def create_confirming(self) -> None:
        """One click after a secret ballot: the open vote on the resolution confirming its result,
        on the same item; the chair then only opens it. A second click goes to the one made."""
        vote = self.selected()
        if vote is None or vote.status != "closed" or not vote.secret:
            return
        made = confirming_vote(vote, self.model.state)
        if made is not None:
            self.show_requested.emit(made.vote_id)
            return
        self.confirm_button.setEnabled(False)
        args = {"item_id": vote.item_id, "title": confirming_title(vote), "kind": "open",
                "options": list(RESOLUTION_OPTIONS), "rule": "majority_of_all", "duration_s": CONFIRMING_DURATION_S}
        # The vote's id is the number of the event that created it (app.voting.decide_create).
        self._send("vote.create", args, lambda answer: self.show_requested.emit(f"vote-{answer.get('seq')}"))

    # -- records -------------------------------------------------------------------------------

    def _ask_path(self, title: str, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested), self.tr("Tệp PDF (*.pdf)"))
        if path and not path.lower().endswith(".pdf"):
            path += ".pdf"
        return path

    def save_pdf(self, which: str) -> None:
        """"sheet": Phiếu kết quả; "counting": Biên bản kiểm phiếu (secret kinds). Composed off the GUI thread."""
        vote = self.selected()
        state: MeetingState = self.model.state
        if vote is None or vote.status != "closed" or state.meeting is None:
            return
        if which == "sheet":
            title, suggested = self.tr("Lưu phiếu kết quả"), f"phieu-ket-qua-{vote.vote_id}.pdf"
        else:
            title, suggested = self.tr("Lưu biên bản kiểm phiếu"), f"bien-ban-kiem-phieu-{vote.vote_id}.pdf"
        path = self.choose_path(title, suggested)
        if not path:
            return
        self.error_label.hide()
        self.saved_label.setText(self.tr("Đang lưu…"))
        self.saved_label.show()

        async def run() -> None:
            try:
                data = await asyncio.to_thread(record_pdf, state, vote, which)
                await asyncio.to_thread(Path(path).write_bytes, data)
            except OSError as error:
                log.warning("could not save %s: %s", path, error)
                if shiboken6.isValid(self):
                    self.saved_label.hide()
                    self.refuse(self.tr("Không lưu được tệp {path}: {why}").format(path=path, why=error.strerror))
                return
            if shiboken6.isValid(self):
                self.saved_label.setText(self.tr("Đã lưu: {path}").format(path=path))

        spawn(run())
