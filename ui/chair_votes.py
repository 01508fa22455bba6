"""The presidium's voting tab ("Biểu quyết"): the meeting's votes with their status, and the chosen
one's panel: settings to check and open, progress while open, the result and its records after."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.model import MeetingState, Vote
from ui import theme
from ui.chair_vote_actions import CLOSE_KEY, NEW_KEY, OPEN_KEY, Confirm, VoteActions, key_text
from ui.chair_vote_counting import CountingBox
from ui.chair_vote_create import VoteCreateDialog
from ui.chair_vote_progress import ProgressBox
from ui.chair_vote_result import ResultBox
from ui.chair_vote_summary import SummaryBox
from ui.chair_vote_words import kind_words, status_words

__all__ = ["CLOSE_KEY", "NEW_KEY", "OPEN_KEY", "VotesPanel"]

VOTE_ID = Qt.ItemDataRole.UserRole
TICK_MS: Final = 250
STATUS_COLOURS: Final = {"created": theme.ACCENT, "open": theme.LIVE, "counting": theme.LIVE, "closed": theme.INK,
                         "cancelled": theme.MUTED}


def vote_order(vote: Vote) -> tuple[int, str]:
    """Creation order: a vote's id carries the number of the event that created it."""
    number = vote.vote_id.rsplit("-", 1)[-1]
    return (int(number) if number.isdigit() else 0, vote.vote_id)


class Pages(QWidget):
    """One of its pages at a time; unlike a QStackedWidget it is only as tall as the page shown,
    so the scroll area around it scrolls only when that page needs it."""

    def __init__(self, pages: tuple[QWidget, ...], parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = pages
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 4, 0)
        for page in pages:
            layout.addWidget(page)
            page.hide()
        self._current = pages[0]
        self._current.show()

    def currentWidget(self) -> QWidget:
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:
        if page is not self._current:
            self._current.hide()
            self._current = page
            page.show()


class VotesPanel(QFrame):
    """The votes of the meeting, newest first, one line each; the chosen vote's panel (settings to
    check, progress, result) and its actions. A vote that opens, here or at the other console, is
    shown; a vote created at the other console waits in the list, so a result being read out stays.

    Attributes: model, list, list_empty, new_button, detail (Pages: empty_label, summary, progress,
    counting (a sealed vote's count), result, cancelled_label), vote_actions (VoteActions), create_dialog (the open one, or None).
    Methods: select(vote_id), selected_vote(), vote_ids(), new_vote(), open_selected(), close_open(), tick().
    """

    def __init__(self, model: Any, parent: QWidget | None = None, confirm: Confirm | None = None):
        super().__init__(parent)
        self.model = model
        self.create_dialog: VoteCreateDialog | None = None
        self._rows: list[tuple[str, str]] = []
        self._open_id: str | None = None
        self._pending: str | None = None

        heading = QLabel(self.tr("Biểu quyết của kỳ họp"), self)
        heading.setStyleSheet("font-weight: bold;")
        self.new_button = QPushButton(self.tr("Tạo biểu quyết…"), self)
        self.new_button.setToolTip(self.tr("Phím tắt: {key}").format(key=key_text(NEW_KEY)))
        top = QHBoxLayout()
        top.addWidget(heading, 1)
        top.addWidget(self.new_button)
        self.list = QListWidget(self)
        self.list.setObjectName("votesList")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setStyleSheet(
            "QListWidget#votesList { font-size: 13pt; }"
            "QListWidget#votesList::item { padding: 4px; border-bottom: 1px solid #d5d9de; }"
            f"QListWidget#votesList::item:selected {{ background: #d7e6fa; color: {theme.INK}; }}")
        # One line a vote, elided (the tooltip has it whole): the chosen vote's panel gets the room.
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list_empty = QLabel(self.tr("Chưa có biểu quyết nào. Bấm «Tạo biểu quyết…» để bắt đầu."), self)
        self.list_empty.setWordWrap(True)
        self.list_empty.setStyleSheet(f"color: {theme.MUTED};")

        self.summary = SummaryBox(self)
        self.progress = ProgressBox(self)
        self.counting = CountingBox(self)
        self.result = ResultBox(self)
        self.cancelled_label = QLabel(self)
        self.cancelled_label.setWordWrap(True)
        self.cancelled_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.empty_label = QLabel(self.tr("Chọn một biểu quyết trong danh sách."), self)
        self.empty_label.setStyleSheet(f"color: {theme.MUTED};")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail = Pages((self.empty_label, self.summary, self.progress, self.counting, self.result,
                             self.cancelled_label), self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)

        self.vote_actions = VoteActions(model, self.selected_vote, self, confirm)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.list)
        layout.addWidget(self.list_empty)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.vote_actions)

        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self.new_button.clicked.connect(self.new_vote)
        self.list.itemSelectionChanged.connect(self._show_selected)
        self.progress.hands.record_requested.connect(lambda: self.vote_actions.record_hands(self.progress.hands))
        self.vote_actions.show_requested.connect(self._created)
        model.state_did_change.connect(self.refresh)
        model.presence_did_change.connect(self.refresh)
        self.refresh()

    # -- reading -------------------------------------------------------------------------------

    def selected_vote(self) -> Vote | None:
        item = self.list.currentItem()
        if item is None or not item.isSelected():
            return None
        votes: dict[str, Vote] = dict(self.model.state.votes)
        return votes.get(str(item.data(VOTE_ID)))

    def vote_ids(self) -> list[str]:
        return [str(self.list.item(n).data(VOTE_ID)) for n in range(self.list.count())]

    # -- refresh -------------------------------------------------------------------------------

    def refresh(self) -> None:
        state: MeetingState = self.model.state
        votes = sorted(state.votes.values(), key=vote_order, reverse=True)
        rows = [(v.vote_id, self._row_text(v, state)) for v in votes]
        if rows != self._rows:
            chosen = self.selected_vote()
            self.list.blockSignals(True)
            self.list.clear()
            for vote, (vote_id, text) in zip(votes, rows, strict=True):
                item = QListWidgetItem(text, self.list)
                item.setToolTip(self._row_tip(vote, state))
                item.setData(VOTE_ID, vote_id)
                item.setForeground(QColor(STATUS_COLOURS.get(vote.status, theme.INK)))
                if vote.status == "open":
                    font = QFont(self.list.font())
                    font.setBold(True)
                    item.setFont(font)
            self._rows = rows
            if chosen is not None:
                self._select_quietly(chosen.vote_id)
            self.list.blockSignals(False)
        running = state.open_vote()
        if running is not None and running.vote_id != self._open_id:
            self._pending = running.vote_id  # a vote just opened (here or at the other console): show it
        self._open_id = running.vote_id if running is not None else None
        if self._pending is not None and self._pending in state.votes:
            self._select_quietly(self._pending)
            self._pending = None
        if self.selected_vote() is None and votes:
            self._select_quietly(votes[0].vote_id)
        self.list_empty.setVisible(not votes)
        self.list.setVisible(bool(votes))
        self._fit_list()
        self._show_selected()

    def _row_text(self, vote: Vote, state: MeetingState) -> str:
        return f"● {status_words(vote.status)} · {vote.title}"

    def _row_tip(self, vote: Vote, state: MeetingState) -> str:
        item = state.agenda.get(vote.item_id)
        where = self.tr("Nội dung {n}").format(n=item.position) if item is not None else vote.item_id
        return f"{vote.title}\n{status_words(vote.status)} · {kind_words(vote.kind, vote.rule)} · {where}"

    def _fit_list(self) -> None:
        """As tall as its rows, three at most: more scroll."""
        rows = min(3, max(1, self.list.count()))
        height = self.list.sizeHintForRow(0) if self.list.count() else 30
        self.list.setFixedHeight(rows * height + 2 * self.list.frameWidth() + 2)

    def select(self, vote_id: str) -> None:
        self._select_quietly(vote_id)
        self._show_selected()

    def _select_quietly(self, vote_id: str) -> None:
        for n in range(self.list.count()):
            if self.list.item(n).data(VOTE_ID) == vote_id:
                blocked = self.list.blockSignals(True)
                self.list.setCurrentRow(n)
                self.list.item(n).setSelected(True)
                self.list.blockSignals(blocked)
                self.list.scrollToItem(self.list.item(n))
                return

    def _show_selected(self) -> None:
        state: MeetingState = self.model.state
        vote = self.selected_vote()
        if vote is None:
            self.detail.setCurrentWidget(self.empty_label)
        elif vote.status == "created":
            self.summary.show_vote(vote, state)
            self.detail.setCurrentWidget(self.summary)
        elif vote.status == "open":
            self.progress.show_vote(vote, state, self.model.can("vote.count_hands"),
                                    self.model.online)
            self.progress.tick(self.model.now())
            self.detail.setCurrentWidget(self.progress)
        elif vote.status == "counting":
            self.counting.show_vote(vote, state, self.model.online)
            self.detail.setCurrentWidget(self.counting)
        elif vote.status == "closed":
            self.result.show_vote(vote, state)
            self.detail.setCurrentWidget(self.result)
        else:
            self.cancelled_label.setText(self.tr("«{title}» đã hủy. Lý do: {reason}").format(
                title=vote.title, reason=vote.cancel_reason or "–"))
            self.detail.setCurrentWidget(self.cancelled_label)
        if vote is not None and vote.status == "open" and vote.closes_at:
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
        self.vote_actions.show_for(vote, state)
        self.new_button.setEnabled(self.model.can("vote.create"))

    def tick(self) -> None:
        if self.detail.currentWidget() is self.progress:
            self.progress.tick(self.model.now())

    # -- acting --------------------------------------------------------------------------------

    def new_vote(self) -> None:
        """Opens "Tạo biểu quyết" on the active item (window-modal, not blocking)."""
        if not self.model.can("vote.create"):
            self.vote_actions.refuse(self.tr("Chỉ chủ tọa và thư ký kỳ họp được tạo biểu quyết."))
            return
        if self.create_dialog is not None:
            self.create_dialog.raise_()
            return
        dialog = VoteCreateDialog(self.model, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.vote_did_get_created.connect(self._created)
        dialog.finished.connect(lambda _: setattr(self, "create_dialog", None))
        dialog.fit()
        self.create_dialog = dialog
        dialog.open()

    def _created(self, vote_id: str) -> None:
        """Shows a vote made here (its event may come just before or just after the answer)."""
        self._pending = vote_id
        self.refresh()

    # -- the console's keys act through these --------------------------------------------------

    def open_selected(self) -> None:
        self.vote_actions.open_selected()

    def close_open(self) -> None:
        self.vote_actions.close_open()
