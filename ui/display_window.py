"""The hall display: a read-only big screen that shows the vote, the page, the speaker or the item by itself."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QKeyEvent,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from app.model import Document
from ui.display_look import (
    AMBER,
    AMBER_INK,
    BACKGROUND,
    DESIGN_H,
    DESIGN_W,
    FOOTER,
    FOOTER_H,
    GOOD,
    HEADING,
    INK,
    MARGIN,
    MUTED,
    OVER,
    OVER_INK,
    PANEL,
    FitText,
)
from ui.display_model import DisplayViewModel
from ui.display_page import PageImage, PresentedPage

TICK_MS = 250  # the countdown and the clock; a quarter second keeps the seconds on time
RERENDER_MS = 80  # a resized window renders the page again once it stops changing
FIRST_PAINT_WAIT_MS = 1000


def _column(*widgets: QWidget | int, spacing: int = 0) -> QVBoxLayout:
    """A column of widgets; an int is a stretch of that factor."""
    layout = QVBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget in widgets:
        if isinstance(widget, int):
            layout.addStretch(widget)
        else:
            layout.addWidget(widget)
    return layout


class DisplayWindow(QWidget):
    """The hall's big screen, read only: nothing on it takes a click; Esc leaves full screen
    and F11 toggles it.

    Seven layouts switch by themselves (model.layout): "vote" (an open vote: its title, the time
    left, how many have voted), "counting" (a sealed vote being decrypted), "result" (a closed vote's result as the law words it),
    "cancelled" (a short notice), "document" (the presented page with its title and "Trang
    N/M"), "speaker" (name, group, kind of speech, countdown, the next three), "agenda" (the
    session and the item under discussion, then the next one); the vote screens are in
    ui.display_vote. The footer is always there: attendance and quorum, someone speaking while
    another layout is up, the connection (discreet), the clock.
    `document_bytes` returns a document's decrypted PDF; it is only called on the renderer's
    worker thread. Attributes: model, stack, the layouts' FitTexts (named below), page_view,
    presented (PresentedPage), vote_page, result_page, cancelled_page (ui.display_vote), counting_page
    (ui.display_vote_counting).
    Signals: window_did_paint (once), window_did_close.
    """

    window_did_paint = Signal()
    window_did_close = Signal()

    def __init__(self, model: DisplayViewModel, document_bytes: Callable[[Document], bytes | memoryview],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("hallDisplay")
        self.setWindowTitle(self.tr("PhòngHọp – Màn hình hội trường"))
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        # Over the application's light theme: every child paints on the dark field.
        self.setStyleSheet(
            f"QWidget#hallDisplay {{ background: {BACKGROUND}; }}"
            f"QWidget#hallFooter {{ background: {FOOTER}; }}"
            f"QWidget#countdownPanel {{ background: {PANEL}; border-radius: 24px; }}"
            "QStackedWidget, QStackedWidget > QWidget { background: transparent; }"
        )
        self.resize(1280, 720)
        self._painted = False
        self._panel_paper = PANEL  # the countdown panel's colour now: restyled only on a change
        self._first_frame = QTimer(self, singleShot=True)
        self._first_frame.timeout.connect(self._after_first_paint)
        self._rerender = QTimer(self, singleShot=True, interval=RERENDER_MS)

        self.stack = QStackedWidget(self)
        # The layouts fit their words into whatever room is left over the footer; a stack sized
        # by its tallest page would squeeze the footer instead.
        self.stack.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.stack.addWidget(self._build_agenda())
        self.stack.addWidget(self._build_speaker())
        self.stack.addWidget(self._build_document(document_bytes))
        self._rerender.timeout.connect(self.presented.render)
        self._build_votes()
        self._pages = {"agenda": 0, "speaker": 1, "document": 2, "vote": 3, "result": 4, "cancelled": 5,
                       "counting": 6}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._body = QVBoxLayout()
        self._body.addWidget(self.stack, 1)
        layout.addLayout(self._body, 1)
        layout.addWidget(self._build_footer())

        model.layout_did_change.connect(self._refresh_layout)
        model.meeting_did_change.connect(self._refresh_agenda)
        model.agenda_did_change.connect(self._refresh_agenda)
        model.meeting_did_change.connect(self._refresh_speaker)
        model.speaking_did_change.connect(self._refresh_speaker)
        model.presenting_did_change.connect(self._refresh_document)
        model.documents_did_change.connect(self._refresh_document)
        model.download_did_progress.connect(self._on_download)
        model.attendance_did_change.connect(self._refresh_footer)
        model.status_did_change.connect(self._refresh_footer)
        model.vote_did_change.connect(self._refresh_vote)
        self._ticker = QTimer(self, interval=TICK_MS)
        self._ticker.timeout.connect(self.tick)
        self._ticker.start()
        self._refresh_agenda()
        self._refresh_speaker()
        self._refresh_document()
        self._refresh_vote()
        self._refresh_footer()
        self._refresh_layout()
        self._apply_scale()

    # -- building ------------------------------------------------------------------------------

    def _build_agenda(self) -> QWidget:
        page = QWidget()
        self.council_text = FitText(page, size=34, color=MUTED)
        self.meeting_text = FitText(page, size=58, bold=True)
        self.item_heading = FitText(page, size=44, bold=True, color=HEADING)
        self.item_text = FitText(page, size=96, bold=True)
        self.presenter_text = FitText(page, size=38, color=MUTED)
        self.next_item_text = FitText(page, size=38, color=MUTED)
        rule = QWidget(page)
        rule.setFixedHeight(3)
        rule.setStyleSheet(f"background: {HEADING};")
        self._agenda_rule = rule
        layout = _column(self.council_text, self.meeting_text, rule, self.item_heading,
                         self.item_text, self.presenter_text, 1, self.next_item_text)
        page.setLayout(layout)
        self._agenda_layout = layout
        return page

    def _build_speaker(self) -> QWidget:
        page = QWidget()
        self.speaker_item_text = FitText(page, size=32, color=MUTED)
        self.speech_kind_text = FitText(page, size=48, bold=True, color=HEADING)
        self.speaker_name_text = FitText(page, size=104, bold=True, one_line=0.7)
        self.speaker_title_text = FitText(page, size=42, color=MUTED)
        self.speaker_group_text = FitText(page, size=42, color=MUTED)
        who = _column(self.speech_kind_text, self.speaker_name_text, self.speaker_title_text,
                      self.speaker_group_text, 1)

        self.countdown_panel = QWidget(page)
        self.countdown_panel.setObjectName("countdownPanel")
        self.countdown_panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.countdown_label = FitText(self.countdown_panel, size=40, bold=True, color=MUTED,
                                       align=Qt.AlignmentFlag.AlignHCenter)
        self.countdown_text = FitText(self.countdown_panel, size=250, bold=True, wrap=False,
                                      align=Qt.AlignmentFlag.AlignHCenter)
        self.countdown_limit = FitText(self.countdown_panel, size=32, color=MUTED,
                                       align=Qt.AlignmentFlag.AlignHCenter)
        self.countdown_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        panel = _column(1, self.countdown_label, self.countdown_text, self.countdown_limit, 1)
        self.countdown_panel.setLayout(panel)
        self._countdown_layout = panel

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(who, 3)
        row.addWidget(self.countdown_panel, 2)
        self._speaker_row = row

        self.queue_heading = FitText(page, size=38, bold=True, color=HEADING)
        self.queue_texts = [FitText(page, size=40) for _ in range(3)]
        layout = _column(self.speaker_item_text)
        layout.addLayout(row, 1)
        layout.addWidget(self.queue_heading)
        for text in self.queue_texts:
            layout.addWidget(text)
        page.setLayout(layout)
        self._speaker_layout = layout
        return page

    def _build_document(self, document_bytes: Callable[[Document], bytes | memoryview]) -> QWidget:
        page = QWidget()
        # A short header: every line it takes is a line less for the page.
        self.document_title_text = FitText(page, size=42, bold=True, one_line=0.8)
        self.page_number_text = FitText(page, size=56, bold=True, color=HEADING, wrap=False,
                                        align=Qt.AlignmentFlag.AlignRight)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.document_title_text, 1)
        header.addWidget(self.page_number_text, 0, Qt.AlignmentFlag.AlignVCenter)
        self._document_header = header
        self.page_view = PageImage(page)
        self.presented = PresentedPage(self.page_view, document_bytes, self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.page_view, 1)
        self._document_layout = layout
        return page

    def _build_votes(self) -> None:
        # ui.display_vote builds on FitText and the colours of this module: imported once it is whole.
        from ui.display_vote import CancelledPage, ResultPage, VotePage
        from ui.display_vote_counting import CountingPage

        self.vote_page = VotePage()
        self.result_page = ResultPage()
        self.cancelled_page = CancelledPage()
        self.counting_page = CountingPage()
        for page in (self.vote_page, self.result_page, self.cancelled_page, self.counting_page):
            self.stack.addWidget(page)

    def _build_footer(self) -> QWidget:
        footer = QWidget(self)
        footer.setObjectName("hallFooter")
        footer.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.attendance_text = FitText(footer, size=42, bold=True, wrap=False)
        self.quorum_text = FitText(footer, size=36, bold=True, wrap=False)
        # Someone speaking while a page is shown: their name and time here, the page keeps its room.
        self.document_speaker_text = FitText(footer, size=34, bold=True, color=MUTED, wrap=False,
                                             align=Qt.AlignmentFlag.AlignHCenter)
        self.document_speaker_text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.connection_text = FitText(footer, size=24, color=MUTED, wrap=False,
                                       align=Qt.AlignmentFlag.AlignRight)
        self.clock_text = FitText(footer, size=46, bold=True, wrap=False, align=Qt.AlignmentFlag.AlignRight)
        row = QHBoxLayout(footer)
        row.addWidget(self.attendance_text)
        row.addWidget(self.quorum_text)
        row.addWidget(self.document_speaker_text, 1)
        row.addWidget(self.connection_text)
        row.addWidget(self.clock_text)
        self._footer_row = row
        self.footer = footer
        return footer

    # -- refresh -------------------------------------------------------------------------------

    def _refresh_layout(self) -> None:
        layout = self.model.layout
        self._refresh_vote()
        self.stack.setCurrentIndex(self._pages[layout])
        self._refresh_countdown()

    @property
    def layout_shown(self) -> str:
        return next(name for name, index in self._pages.items() if index == self.stack.currentIndex())

    def _refresh_agenda(self) -> None:
        model = self.model
        self.council_text.set_text(model.council_line)
        self.meeting_text.set_text(model.meeting_title)
        active = model.active_item()
        coming = model.next_item()
        if active is not None:
            heading = self.tr("Đang thảo luận · {position}").format(position=model.position_text(active))
            shown, after = active, coming
        elif coming is not None:
            heading = self.tr("Sắp tới · {position}").format(position=model.position_text(coming))
            shown = coming
            after = None
        else:
            heading, shown, after = "", None, None
        self.item_heading.set_text(heading)
        if shown is not None:
            self.item_text.set_text(shown.title)
            presenter = self.tr("Trình bày: {who}").format(who=shown.presenter) if shown.presenter else ""
            self.presenter_text.set_text(presenter)
        else:
            done = model.agenda_done()
            self.item_text.set_text(self.tr("Đã hoàn thành chương trình kỳ họp") if done else "")
            self.presenter_text.set_text("")
        next_text = ""
        if after is not None:
            next_text = self.tr("Tiếp theo: {position}. {title}").format(
                position=model.state.agenda_in_order().index(after) + 1, title=after.title)
        self.next_item_text.set_text(next_text)
        self._refresh_speaker_item()

    def _refresh_speaker_item(self) -> None:
        active = self.model.active_item()
        text = f"{self.model.position_text(active)} · {active.title}" if active is not None else ""
        self.speaker_item_text.set_text(text)

    def _refresh_speaker(self) -> None:
        self._refresh_speaker_item()
        speaker = self.model.speaker()
        if speaker is not None:
            self.speech_kind_text.set_text(speaker.kind.upper())
            self.speaker_name_text.set_text(speaker.name)
            self.speaker_title_text.set_text(speaker.title)
            self.speaker_group_text.set_text(speaker.group)
        queue = self.model.next_speakers()
        waiting = self.model.waiting_count()
        if queue:
            heading = self.tr("Tiếp theo ({n} đại biểu đăng ký)").format(n=waiting)
        else:
            heading = self.tr("Chưa có đại biểu đăng ký tiếp")
        self.queue_heading.set_text(heading)
        for n, text in enumerate(self.queue_texts):
            if n < len(queue):
                line = queue[n]
                group = f" — {line.group}" if line.group else ""
                text.set_text(f"{n + 1}.  {line.name}{group} · {line.kind}")
            else:
                text.set_text("")
        self._refresh_countdown()

    def _refresh_countdown(self) -> None:
        countdown = self.model.countdown()
        speaker = self.model.speaker()
        if countdown is None or speaker is None:
            self.document_speaker_text.set_text("")
            return
        # Calm white on the panel; dark on amber for the last 30 seconds; white on red past the limit.
        if countdown.level == "over":
            label, ink, muted, paper = self.tr("HẾT GIỜ"), OVER_INK, OVER_INK, OVER
        elif countdown.level == "warn":
            label, ink, muted, paper = self.tr("Sắp hết giờ"), AMBER_INK, AMBER_INK, AMBER
        else:
            label, ink, muted, paper = self.tr("Thời gian còn lại"), INK, MUTED, PANEL
        self.countdown_label.set_text(label)
        self.countdown_text.set_text(countdown.text)
        self.countdown_limit.set_text(self.tr("Thời gian quy định: {limit}").format(limit=countdown.limit_text))
        self.countdown_text.set_color(ink)
        self.countdown_label.set_color(muted)
        self.countdown_limit.set_color(muted)
        if self._panel_paper != paper:
            self._panel_paper = paper
            self.countdown_panel.setStyleSheet(f"QWidget#countdownPanel {{ background: {paper}; border-radius: 24px; }}")
        # Over a page or a vote the speaker's name and time go in the footer (see _build_footer).
        chip = ""
        if self.model.layout != "speaker":
            chip = self.tr("Đang phát biểu: {name} · {time}").format(name=speaker.name, time=countdown.text)
        self.document_speaker_text.set_text(chip)
        self.document_speaker_text.set_color({"over": "#ff8a8a", "warn": AMBER}.get(countdown.level, MUTED))

    def _refresh_document(self) -> None:
        presented = self.model.presented()
        if presented is None:
            self.presented.clear()
            return
        document, page = presented
        if document is None:
            self.document_title_text.set_text("")
            self.page_number_text.set_text(self.tr("Trang {page}").format(page=page))
            self.page_view.show_message(self.tr("Đang nhận thông tin tài liệu…"))
            return
        self.document_title_text.set_text(document.title)
        self.page_number_text.set_text(self.tr("Trang {page}/{pages}").format(page=page, pages=document.pages))
        self.page_view.watermark = self.tr("Màn hình hội trường") if document.classification == "internal" else None
        if not self.model.is_ready(document):
            self._show_waiting(document)
            return
        self.presented.show(document, page - 1)

    def _show_waiting(self, document: Document) -> None:
        error = self.model.download_error(document.document_id)
        progress = self.model.progress(document.document_id)
        if error is not None:
            text = self.tr("Chưa tải được tài liệu: {e}\nMáy sẽ tự thử lại.").format(e=error)
        elif progress is None:
            text = self.tr("Đang chờ tải tài liệu về máy…")
        else:
            text = self.tr("Đang tải tài liệu về máy: {p}%").format(p=int(progress * 100))
        self.page_view.show_message(text)

    def _on_download(self, document_id: str) -> None:
        presented = self.model.presented()
        if presented is not None and presented[0] is not None and presented[0].document_id == document_id:
            self._refresh_document()

    def _refresh_vote(self) -> None:
        model = self.model
        running = model.running_vote()
        if running is not None:
            self.vote_page.show_vote(running, model.progress_text(running))
            self.vote_page.show_countdown(model.vote_countdown())
        result = model.vote_result()
        if result is not None:
            self.result_page.show_result(result)
        cancelled = model.cancelled_vote()
        if cancelled is not None:
            self.cancelled_page.show_cancelled(cancelled)
        counting = model.counting_vote()
        if counting is not None:
            self.counting_page.show_counting(counting)

    def _refresh_footer(self) -> None:
        model = self.model
        self.attendance_text.set_text(model.attendance_text())
        quorum = model.quorum()
        self.quorum_text.set_text(model.quorum_text())
        self.quorum_text.set_color(GOOD if quorum.met else AMBER)
        self.connection_text.set_text(model.connection_text())
        status = model.status
        # Quiet while connected or connecting; amber once the server has been lost or refuses.
        lost = status.kind == "refused" or (status.kind != "online" and status.offline_since is not None)
        self.connection_text.set_color(AMBER if lost else MUTED)
        self.clock_text.set_text(model.clock_text())

    def tick(self) -> None:
        """The clock and the countdowns move on, a result's time runs out (a timer calls it;
        tests, with their own clock)."""
        self.clock_text.set_text(self.model.clock_text())
        self.model.tick()
        if self.model.layout == "vote":
            self.vote_page.show_countdown(self.model.vote_countdown())
        self._refresh_countdown()

    # -- size ----------------------------------------------------------------------------------

    @property
    def scale(self) -> float:
        """This window's size against the 1920×1080 design: everything scales with it."""
        return max(0.3, min(self.width() / DESIGN_W, self.height() / DESIGN_H))

    def _apply_scale(self) -> None:
        scale = self.scale
        for text in self.findChildren(FitText):
            text.set_scale(scale)
        self.page_view.scale = scale
        margin = round(MARGIN * scale)
        self._body.setContentsMargins(margin, round(margin * 0.7), margin, round(margin * 0.5))
        self._footer_row.setContentsMargins(margin, 0, margin, 0)
        self.footer.setFixedHeight(round(FOOTER_H * scale))
        self._footer_row.setSpacing(round(40 * scale))
        self._agenda_layout.setSpacing(round(18 * scale))
        self._speaker_layout.setSpacing(round(14 * scale))
        self._speaker_row.setSpacing(round(48 * scale))
        self._countdown_layout.setContentsMargins(round(24 * scale), 0, round(24 * scale), 0)
        self._document_layout.setSpacing(round(16 * scale))
        self._document_header.setSpacing(round(32 * scale))
        for page in (self.vote_page, self.result_page, self.cancelled_page, self.counting_page):
            page.set_scale(scale)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_scale()
        if self.model.layout == "document":
            self._rerender.start()

    # -- full screen ---------------------------------------------------------------------------

    def show_on_hall_screen(self) -> None:
        """Full screen on the hall's screen: a second monitor when the PC has one (the chair's
        PC drives the projector as its second screen), else the only one."""
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        others = [s for s in screens if s is not primary]
        target = others[0] if others else primary
        if target is not None:
            self.setScreen(target)
            self.setGeometry(target.geometry())
        self.showFullScreen()

    def place_beside(self) -> None:
        """Windowed at the top right of the screen, a third of its area: the demo shows it
        beside the delegate's window."""
        room = self.screen().availableGeometry()
        width = max(640, room.width() // 2)
        self.resize(width, width * 9 // 16)
        self.move(room.right() - self.frameGeometry().width() + 1, room.top())

    def showFullScreen(self) -> None:
        # A pointer left on the page would hide a word from the hall.
        self.setCursor(Qt.CursorShape.BlankCursor)
        super().showFullScreen()

    def showNormal(self) -> None:
        self.unsetCursor()
        super().showNormal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        elif key == Qt.Key.Key_F11:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.showFullScreen()
        else:
            super().keyPressEvent(event)

    # -- lifetime ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._painted and not self._first_frame.isActive():
            self._first_frame.start(FIRST_PAINT_WAIT_MS)  # no screen to paint on: carry on anyway

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._first_frame.start(0)

    def _after_first_paint(self) -> None:
        if not self._painted:
            self._painted = True
            self.window_did_paint.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._ticker.stop()
        self._first_frame.stop()
        self._rerender.stop()
        self.presented.shutdown()
        super().closeEvent(event)
        self.window_did_close.emit()

