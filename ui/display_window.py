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
from PySide6.QtWidgets import QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from app.model import Document
from ui.display_layouts import DisplayLayouts
from ui.display_look import BACKGROUND, DESIGN_H, DESIGN_W, FOOTER, PANEL
from ui.display_model import DisplayViewModel

TICK_MS = 250  # the countdown and the clock; a quarter second keeps the seconds on time
RERENDER_MS = 80  # a resized window renders the page again once it stops changing
FIRST_PAINT_WAIT_MS = 1000


class DisplayWindow(QWidget, DisplayLayouts):
    """The hall's big screen, read only: nothing on it takes a click; Esc leaves full screen
    and F11 toggles it.

    Seven layouts switch by themselves (model.layout): "vote" (an open vote: its title, the time
    left, how many have voted), "counting" (a sealed vote being decrypted), "result" (a closed vote's result as the law words it),
    "cancelled" (a short notice), "document" (the presented page with its title and "Trang
    N/M"), "speaker" (name, group, kind of speech, countdown, the next three), "agenda" (the
    session and the item under discussion, then the next one); the vote screens are in
    ui.display_vote. The footer is always there: attendance and quorum, someone speaking while
    another layout is up, the connection (discreet), the clock. The layouts are built, filled and
    scaled by DisplayLayouts (ui.display_layouts); here, the window around them.
    `document_bytes` returns a document's decrypted PDF; it is only called on the renderer's
    worker thread. Attributes: model, stack, the layouts' FitTexts (named in ui.display_layouts), page_view,
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

    # -- refresh -------------------------------------------------------------------------------

    def _refresh_layout(self) -> None:
        layout = self.model.layout
        self._refresh_vote()
        self.stack.setCurrentIndex(self._pages[layout])
        self._refresh_countdown()

    @property
    def layout_shown(self) -> str:
        return next(name for name, index in self._pages.items() if index == self.stack.currentIndex())

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

