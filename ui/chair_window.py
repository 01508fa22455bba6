"""The chair's console: agenda, speaking queue and timer, presenting, and the presidium's panels."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.attendance import quorum
from app.model import ROLE_LABELS
from app.speaking_time import remaining_s
from ui import theme
from ui.ask import ask
from ui.banner import ConnectionBanner
from ui.chair_agenda import AgendaPanel, next_item
from ui.chair_model import ChairViewModel, spawn
from ui.chair_presenting import PresentingPanel
from ui.chair_queue import QueuePanel
from ui.chair_stats import StatsPanel
from ui.chair_votes import CLOSE_KEY, NEW_KEY, OPEN_KEY, VotesPanel
from ui.speaker_timer import SpeakerTimer, clock_text

Confirm = Callable[[str, str, str, str], bool]
"""(title, question, the action's words, the words for not doing it) -> True to go ahead."""

TICK_MS = 250  # the countdown changes once a second; four looks a second keep it from lagging
REFUSAL_SHOWN_MS = 12_000
NEXT_SPEAKER_KEY = Qt.Key.Key_F5
END_SPEECH_KEY = Qt.Key.Key_F6
NEXT_ITEM_KEY = Qt.Key.Key_F8

# The other presidium panels (issue 4), built by their own modules; a tab says so while one is missing.
PANELS = (
    ("ui.chair_attendance", "AttendancePanel", QT_TRANSLATE_NOOP("ChairWindow", "Điểm danh")),
    ("ui.seat_map", "SeatMap", QT_TRANSLATE_NOOP("ChairWindow", "Sơ đồ")),
    ("ui.chair_messages", "MessagePanel", QT_TRANSLATE_NOOP("ChairWindow", "Thông báo")),
)


def optional_panel(module: str, name: str, model: ChairViewModel, label: str) -> QWidget:
    """The panel `module.name(model)`, or a marked placeholder while that module does not exist.
    Only the module's own absence is forgiven: an error inside it must show, not hide."""
    try:
        found = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name != module:
            raise
        text = QCoreApplication.translate("ChairWindow", "«{label}»: phần này đang được hoàn thiện.")
        placeholder = QLabel(text.format(label=QCoreApplication.translate("ChairWindow", label)))
        placeholder.setObjectName(f"placeholder:{module}")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder.setStyleSheet(f"color: {theme.MUTED};")
        return placeholder
    # Scrolled, so a panel wider than the column (the seat map) never squeezes the speaking column.
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(getattr(found, name)(model))
    return scroll


class ChairWindow(QMainWindow):
    """The presidium's console for one meeting; the secretary's has the chair-only actions
    disabled (their tooltips say why).

    Attributes: model, banner, agenda, speaker, queue, presenting, stats, votes, tabs, refusal_label,
    confirm (the Confirm used before anything irreversible; tests replace it), asked (the
    questions confirm was given, newest last).
    Signals: window_did_close.
    """

    window_did_close = Signal()

    def __init__(self, model: ChairViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.asked: list[str] = []
        self.confirm: Confirm = lambda title, question, yes, no: ask(self, title, question, yes, no)
        self.setWindowTitle(self.tr("PhòngHọp – Bàn chủ tọa"))
        self.setMinimumSize(1200, 700)

        self.banner = ConnectionBanner(model, self)  # type: ignore[arg-type]  # duck-typed: status, reconnect_now
        header = self._header()
        self.refusal_label = QLabel(self)
        self.refusal_label.setObjectName("refusal")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet(
            f"QLabel#refusal {{ color: {theme.DANGER}; background: {theme.DANGER_BG}; font-size: 15pt;"
            f" font-weight: bold; padding: 8px 16px; border-bottom: 3px solid {theme.DANGER}; }}"
        )
        self.refusal_label.hide()
        self._refusal_timer = QTimer(self)
        self._refusal_timer.setSingleShot(True)
        self._refusal_timer.timeout.connect(self.refusal_label.hide)

        self.agenda = AgendaPanel(model, self)
        self.speaker = SpeakerTimer(model, self)
        self.queue = QueuePanel(model, self)
        self.presenting = PresentingPanel(model, self)
        self.stats = StatsPanel(model, self)
        self.votes = VotesPanel(model, self, confirm=self._ask)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("chairTabs")
        self.tabs.addTab(self.presenting, self.tr("Trình chiếu"))
        self.tabs.addTab(self.votes, self.tr("Biểu quyết"))
        self.tabs.addTab(self.stats, self.tr("Thống kê"))
        for module, name, label in PANELS:
            self.tabs.addTab(optional_panel(module, name, model, label), self.tr(label))

        centre = QWidget(self)
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.speaker)
        centre_layout.addWidget(self.queue, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.agenda)
        split.addWidget(centre)
        split.addWidget(self.tabs)
        self.split = split
        self._columns_moved = False
        split.splitterMoved.connect(self._columns_were_moved)
        # Six tabs fit the column of a 1366-pixel console without scroll arrows hiding the last one.
        self.tabs.setStyleSheet("QTabBar::tab { padding: 6px 5px; font-size: 11pt; }")

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(header)
        layout.addWidget(self.refusal_label)
        inner = QVBoxLayout()
        inner.setContentsMargins(10, 4, 10, 10)
        inner.addWidget(split, 1)
        layout.addLayout(inner, 1)
        self.setCentralWidget(body)

        self.agenda.activate_requested.connect(self.activate_item)
        self.agenda.complete_requested.connect(self.complete_item)
        self.agenda.next_requested.connect(self.activate_next_item)
        self.queue.next_requested.connect(self.grant_next)
        self.queue.grant_requested.connect(self.grant)
        self.queue.move_requested.connect(self.move_request)
        self.queue.remove_requested.connect(self.remove_request)
        self.speaker.end_requested.connect(self.end_speech)
        self.speaker.extend_requested.connect(self.extend_speech)
        self.presenting.present_requested.connect(self.present_page)
        self.presenting.stop_requested.connect(self.stop_presenting)
        model.state_did_change.connect(self.refresh)
        model.refusal_did_arrive.connect(self.show_refusal)

        # Window-wide keys: the chair's hands are on the keyboard while the eyes are on the hall.
        for key, slot in ((NEXT_SPEAKER_KEY, self.grant_next), (END_SPEECH_KEY, self.end_speech),
                          (NEXT_ITEM_KEY, self.activate_next_item)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        for sequence, action in ((NEW_KEY, self.votes.new_vote), (OPEN_KEY, self.votes.open_selected),
                                 (CLOSE_KEY, self.votes.close_open)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda act=action: self._on_votes(act))

        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.refresh()

    # -- header --------------------------------------------------------------------------------

    def _header(self) -> QWidget:
        header = QFrame(self)
        header.setObjectName("chairHeader")
        header.setStyleSheet(f"QFrame#chairHeader {{ background: {theme.PANEL}; border-bottom: 1px solid #c9ced4; }}")
        self.title_label = QLabel(header)
        self.title_label.setStyleSheet("font-size: 17pt; font-weight: bold;")
        self.title_label.setWordWrap(True)
        self.role_label = QLabel(header)
        self.role_label.setStyleSheet(
            f"color: white; background: {theme.ACCENT}; border-radius: 6px; padding: 4px 12px; font-weight: bold;"
        )
        self.quorum_label = QLabel(header)
        self.clock_label = QLabel(header)
        self.clock_label.setStyleSheet("font-size: 20pt; font-weight: bold;")
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 8, 16, 8)
        row.addWidget(self.role_label)
        row.addWidget(self.title_label, 1)
        row.addWidget(self.quorum_label)
        row.addSpacing(16)
        row.addWidget(self.clock_label)
        return header

    def _refresh_header(self) -> None:
        state = self.model.state
        meeting = state.meeting
        self.title_label.setText(meeting.title if meeting is not None else self.tr("Đang tải kỳ họp…"))
        role = ROLE_LABELS.get(self.model.role, self.model.role)
        self.role_label.setText(QCoreApplication.translate("SeatViewModel", role))  # where lupdate has them
        count = quorum(state)
        if count.met:
            verdict, colour = self.tr("đủ túc số"), theme.LIVE
        else:
            verdict, colour = self.tr("chưa đủ túc số (cần {n})").format(n=count.required), theme.DANGER
        self.quorum_label.setText(
            self.tr("Có mặt {p}/{n} – {verdict}").format(p=count.present, n=count.n_total, verdict=verdict)
        )
        style = f"color: {colour}; font-size: 14pt; font-weight: bold;"
        if self.quorum_label.styleSheet() != style:  # restyling on every event repolishes and repaints the header
            self.quorum_label.setStyleSheet(style)

    # -- refresh -------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._refresh_header()
        self._show_time()
        self.agenda.refresh()
        self.speaker.refresh()
        self.queue.refresh()
        self.presenting.refresh()
        self.stats.refresh()

    def tick(self) -> None:
        """The countdown every tick; the minute counts and the statistics once a second."""
        self.speaker.tick()
        self._ticks += 1
        if self._ticks % max(1, 1000 // TICK_MS) == 0:
            self._show_time()
            self.agenda.tick()
            if self.model.state.speaking.speaker is not None and self.stats.isVisible():
                self.stats.refresh()

    def _show_time(self) -> None:
        now: datetime = self.model.now().astimezone()
        self.clock_label.setText(f"{now:%H:%M}")

    def show_refusal(self, text: str) -> None:
        """A refusal stays on screen long enough to be read aloud, then gets out of the way."""
        self.refusal_label.setText(text)
        self.refusal_label.show()
        self._refusal_timer.start(REFUSAL_SHOWN_MS)

    # -- the chair's actions -------------------------------------------------------------------

    def _ask(self, title: str, question: str, yes: str, no: str) -> bool:
        self.asked.append(question)
        return self.confirm(title, question, yes, no)

    def _send(self, name: str, args: dict[str, Any], on_refusal: Callable[[], None] | None = None) -> None:
        async def send() -> None:
            answer = await self.model.command(name, args)
            if answer.get("type") == "error" and on_refusal is not None:
                on_refusal()

        spawn(send())

    def _name(self, request_id: str) -> str:
        request = self.model.state.speaking.requests.get(request_id)
        return self.model.delegate_name(request.delegate_id) if request is not None else request_id

    def grant_next(self) -> None:
        waiting = self.model.state.speaking.waiting()
        if not waiting:
            self.show_refusal(self.tr("Không còn đại biểu nào trong danh sách chờ phát biểu."))
            return
        self.grant(waiting[0].request_id)

    def grant(self, request_id: str) -> None:
        """Gives the floor; with someone still speaking, asks first whether to end that speech
        (two logged acts, never one cut as a side effect of the other)."""
        if not self.model.can("speak.grant"):
            self.show_refusal(self.tr("Chỉ chủ tọa được mời đại biểu phát biểu."))
            return
        current = self.model.state.speaking.current()
        following = self._name(request_id)
        if current is None:
            self._send("speak.grant", {"request_id": request_id})
            return
        speaking = self._name(current.request_id)
        if not self._ask(
            self.tr("Mời phát biểu"),
            self.tr("Đại biểu {a} đang phát biểu. Kết thúc lượt của đại biểu {a} và mời đại biểu {b}?").format(
                a=speaking, b=following
            ),
            self.tr("Kết thúc và mời {b}").format(b=following),
            self.tr("Để {a} nói tiếp").format(a=speaking),
        ):
            return

        async def end_then_grant() -> None:
            ended = await self.model.command("speak.end", {"request_id": current.request_id})
            if ended.get("type") == "ack":
                await self.model.command("speak.grant", {"request_id": request_id})

        spawn(end_then_grant())

    def end_speech(self) -> None:
        """Ends the current speech; before its time is up only after the chair confirms."""
        if not self.model.can("speak.end"):
            self.show_refusal(self.tr("Chỉ chủ tọa được kết thúc lượt phát biểu."))
            return
        current = self.model.state.speaking.current()
        if current is None:
            return
        left = remaining_s(current, self.model.now())
        if left is not None and left > 0:
            name = self._name(current.request_id)
            if not self._ask(
                self.tr("Kết thúc phát biểu"),
                self.tr("Đại biểu {name} còn {left} thời gian phát biểu. Kết thúc lượt phát biểu ngay bây giờ?").format(
                    name=name, left=clock_text(left)
                ),
                self.tr("Kết thúc phát biểu"),
                self.tr("Để đại biểu nói tiếp"),
            ):
                return
        self._send("speak.end", {"request_id": current.request_id})

    def extend_speech(self, seconds: int) -> None:
        current = self.model.state.speaking.current()
        if current is not None:
            self._send("speak.extend", {"request_id": current.request_id, "add_s": seconds})

    def move_request(self, request_id: str, position: int) -> None:
        self._send("speak.reorder", {"request_id": request_id, "position": position}, on_refusal=self.queue.revert)

    def remove_request(self, request_id: str) -> None:
        name = self._name(request_id)
        if self._ask(
            self.tr("Xóa yêu cầu phát biểu"),
            self.tr("Xóa yêu cầu phát biểu của đại biểu {name} khỏi danh sách? Đại biểu sẽ phải đăng ký lại.").format(
                name=name
            ),
            self.tr("Xóa yêu cầu"),
            self.tr("Giữ lại"),
        ):
            self._send("speak.withdraw", {"request_id": request_id})

    def _closing_words(self) -> str:
        """What moving away from the active item ends, for the confirmation; empty when nothing."""
        state = self.model.state
        parts = []
        current = state.speaking.current()
        if current is not None:
            parts.append(self.tr("lượt phát biểu của đại biểu {name} sẽ kết thúc").format(
                name=self._name(current.request_id)))
        waiting = len(state.speaking.waiting())
        if waiting:
            parts.append(self.tr("{n} yêu cầu đang chờ sẽ hết hiệu lực").format(n=waiting))
        return "; ".join(parts)

    def activate_item(self, item_id: str) -> None:
        state = self.model.state
        item = state.agenda.get(item_id)
        if item is None:
            return
        closing = self._closing_words()
        if closing and state.active_item != item_id and not self._ask(
            self.tr("Chuyển nội dung"),
            self.tr("Chuyển sang nội dung «{title}»: {closing}. Tiếp tục?").format(title=item.title, closing=closing),
            self.tr("Chuyển sang nội dung {n}").format(n=item.position),
            self.tr("Ở lại nội dung hiện tại"),
        ):
            return
        self._send("agenda.activate", {"item_id": item_id})

    def activate_next_item(self) -> None:
        state = self.model.state
        following = next_item(state.agenda_in_order(), state.active_item)
        if following is None:
            self.show_refusal(self.tr("Không còn nội dung nào tiếp theo trong chương trình."))
            return
        self.activate_item(following.item_id)

    def complete_item(self, item_id: str) -> None:
        state = self.model.state
        item = state.agenda.get(item_id)
        if item is None:
            return
        closing = self._closing_words() if state.active_item == item_id else ""
        question = self.tr("Kết thúc nội dung «{title}»?").format(title=item.title)
        if closing:
            question += " " + self.tr("Lưu ý: {closing}.").format(closing=closing)
        if self._ask(self.tr("Kết thúc nội dung"), question, self.tr("Kết thúc nội dung"), self.tr("Chưa kết thúc")):
            self._send("agenda.complete", {"item_id": item_id})

    def _on_votes(self, action: Callable[[], None]) -> None:
        """A voting key shows the voting tab first: the chair sees what the key acts on."""
        self.tabs.setCurrentWidget(self.votes)
        action()

    def present_page(self, document_id: str, page: int) -> None:
        self._send("present.page", {"document_id": document_id, "page": page})

    def stop_presenting(self) -> None:
        self._send("present.stop", {})

    # -- window --------------------------------------------------------------------------------

    def _columns_were_moved(self) -> None:
        self._columns_moved = True

    def _place_columns(self) -> None:
        """The speaking column gets the most room, the agenda the least; once the chair drags
        a splitter, their choice stays."""
        if self._columns_moved:
            return
        width = self.split.width()
        agenda, speaking = width * 22 // 100, width * 40 // 100
        self.split.setSizes([agenda, speaking, width - agenda - speaking])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place_columns()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._timer.stop()
        self._refusal_timer.stop()
        super().closeEvent(event)
        self.window_did_close.emit()

