"""The delegate's seat window: connection banner, meeting header with check-in, agenda, reader.

Its parts live beside it: the header in ui.seat_header, the two columns in ui.seat_layout, following
the chair in ui.seat_follow, the reader column in ui.seat_reader, the voting panel in ui.seat_vote.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from app.model import Document
from app.storage.annotation_store import AnnotationStore
from app.storage.search_index import SearchIndex
from sync.client.connection import revoked
from ui import theme
from ui.agenda_panel import AgendaPanel
from ui.banner import ConnectionBanner
from ui.locate_overlay import LocateOverlay
from ui.search_panel import SearchIndexer, SearchPanel
from ui.seat_header import SeatHeader
from ui.seat_layout import COMPACT_BELOW, SeatColumns
from ui.seat_model import SeatViewModel
from ui.seat_reader import ReaderColumn
from ui.seat_speaking import SpeakButton
from ui.seat_vote import SeatVotePanel
from ui.seat_vote_committee import CommitteeLine
from ui.settings_dialog import SeatSettings, SettingsDialog, default_settings

SETTINGS_KEY = "Ctrl+,"
# window_did_paint comes at the latest this long after the window is shown.
FIRST_PAINT_WAIT_MS = 1000


class SeatWindow(QMainWindow):
    """Everything one delegate sees at the seat.

    `document_bytes` returns a document's decrypted PDF; it is only called on worker threads
    (the reader's, the search indexer's). With a `search` index the agenda column gets a search
    box over the documents' text. Attributes: model, banner, agenda, reader, check_in_button,
    open_document_id, search_panel and indexer (None without `search`), follow_bar with
    presenting_label, go_to_presented_button and follow_button ("Theo chủ tọa", on by default).
    speak_button asks for the floor and shows the delegate's place or countdown (ui.seat_speaking).
    With an `annotations` store the reader gets the annotation tools and a side list
    (annotator, annotation_toolbar, annotation_panel; all None without it).
    vote_panel (ui.seat_vote) takes the place of the agenda and the reader while a vote is open
    and until its result is closed; the documents stay as they were underneath.
    settings_button ("⚙ Cài đặt", also Ctrl+,) opens settings_dialog (ui.settings_dialog); the
    window is built in the look and language of `settings`, and a saved change is handed on with
    settings_did_change for the composition root to rebuild the window (ui.run).
    Most of these live in header (ui.seat_header) and reader_column (ui.seat_reader).
    Signals: window_did_paint (once, after the first frame; the search indexer starts then),
    window_did_close, settings_did_change(SeatSettings).
    """

    window_did_paint = Signal()
    window_did_close = Signal()
    settings_did_change = Signal(object)

    def __init__(
        self,
        model: SeatViewModel,
        document_bytes: Callable[[Document], bytes],
        parent: QWidget | None = None,
        search: SearchIndex | None = None,
        annotations: AnnotationStore | None = None,
        settings: SeatSettings | None = None,
    ):
        super().__init__(parent)
        self.model = model
        self.settings = settings or default_settings()
        self.settings_dialog: SettingsDialog | None = None
        self.document_bytes = document_bytes
        self.open_document_id: str | None = None
        self._open_version = 0
        self._waiting_for: str | None = None  # chosen while still downloading
        self._locked = False  # the documents were wiped (purge, offline lease): see _on_lock
        self._painted = False  # the first frame is on screen (see window_did_paint)
        self._first_frame = QTimer(self)  # a child: never fires once the window is gone
        self._first_frame.setSingleShot(True)
        self._first_frame.timeout.connect(self._after_first_paint)
        self.setWindowTitle(self.tr("PhòngHọp – Đại biểu"))
        self.resize(1366, 820)

        self.banner = ConnectionBanner(model, self)
        self.header = SeatHeader(model, self)
        # The header's parts, where the tests and the composition root have always found them.
        self.title_label, self.who_label = self.header.title_label, self.header.who_label
        self.message_label, self.check_in_button = self.header.message_label, self.header.check_in_button
        self.settings_button = self.header.settings_button
        self.settings_button.clicked.connect(self.open_settings)
        settings_key = QShortcut(QKeySequence(SETTINGS_KEY), self)
        settings_key.activated.connect(self.open_settings)

        self.agenda = AgendaPanel(model, self)
        self.agenda.setMinimumWidth(380)
        self.agenda.document_did_get_chosen.connect(self.open_document)
        left = QWidget(self)
        left.setMinimumWidth(380)
        self._left_layout = QVBoxLayout(left)
        self._left_layout.setContentsMargins(0, 0, 0, 0)
        self._left_layout.setSpacing(0)
        self.search_panel: SearchPanel | None = None
        self.indexer: SearchIndexer | None = None
        if search is not None:
            self.indexer = SearchIndexer(model, search, document_bytes, self)
            self.search_panel = SearchPanel(model, search, left)
            self.search_panel.result_did_get_chosen.connect(self.open_result)
            self.search_panel.results_did_toggle.connect(self._on_results_toggle)
            self.indexer.document_did_index.connect(self.search_panel.refresh_if_searching)
            self._left_layout.addWidget(self.search_panel)
        self._left_layout.addWidget(self.agenda, 1)
        self.reader_column = ReaderColumn(model, self.agenda, self.header, document_bytes, annotations,
                                          self._showing, self)
        right = self.reader_column
        # Its parts, where the tests and the composition root have always found them.
        self.document_title, self.reader = right.document_title, right.reader
        self.follow_bar = right.follow_bar
        self.presenting_label = self.follow_bar.presenting_label
        self.go_to_presented_button = self.follow_bar.go_to_presented_button
        self.follow_button = self.follow_bar.follow_button
        self.annotator = right.annotator
        self.annotation_toolbar, self.annotation_panel = right.annotation_toolbar, right.annotation_panel
        print_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self)
        print_key.activated.connect(self.refuse_print)
        self._columns = SeatColumns(left, right, self)
        self.agenda_button = self._columns.agenda_button
        self.agenda_button.toggled.connect(self._apply_width)
        self.header.add_agenda_button(self.agenda_button)
        self.speak_button = SpeakButton(model.speaking, self)
        self.header.add_speak_button(self.speak_button)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.header)
        self.committee_line = CommitteeLine(model.voting, self)  # a counting committee member's device at work
        layout.addWidget(self.committee_line)
        layout.addWidget(self._columns, 1)
        self.vote_panel = SeatVotePanel(model, self)
        self.vote_panel.sound.enabled = self.settings.sound
        layout.addWidget(self.vote_panel, 1)
        self.setCentralWidget(central)
        # The technician's "Nháy màn hình": the seat label over everything, a click closes it.
        self.locate_overlay = LocateOverlay.follow(model.connection, self)

        model.meeting_did_change.connect(self.header.refresh)
        model.attendance_did_change.connect(self.header.refresh_check_in)
        model.message_did_arrive.connect(self.header.show_message)
        model.notice_did_arrive.connect(self.header.show_notice)
        model.documents_did_change.connect(self._on_documents)
        model.status_did_change.connect(self._on_status)
        model.download_did_progress.connect(self._on_download)
        model.voting.vote_did_change.connect(self._show_vote)
        model.documents_did_lock.connect(self._on_lock)
        model.documents_did_lock.connect(self.banner.refresh)  # offline, it says what is still readable
        self._show_vote()
        self._on_lock()
        self.header.refresh()
        self.header.refresh_check_in()
        self.follow_bar.on_presenting()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes along the header as it reads (left to right), then into the agenda and the
        reader; the vote panel, when it shows, takes the focus itself."""
        chain: list[QWidget] = [self.agenda_button, self.follow_button, self.speak_button, self.check_in_button,
                 self.settings_button, self.banner.retry_button]
        if self.search_panel is not None:
            chain.append(self.search_panel)
        chain.append(self.agenda)
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)
        # Where the keys start: checking in is the first thing a delegate does.
        self.check_in_button.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- settings ------------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """The "Cài đặt" dialog; a saved change goes out as settings_did_change."""
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self.settings, self)
            self.settings_dialog.accepted.connect(self._on_settings_saved)
        self.settings_dialog.show_settings(self.settings)
        self.settings_dialog.open()
        return self.settings_dialog

    def _on_settings_saved(self) -> None:
        assert self.settings_dialog is not None
        chosen = self.settings_dialog.chosen()
        if chosen == self.settings:
            return
        self.settings = chosen
        self.vote_panel.sound.enabled = chosen.sound  # the rest needs the window built anew
        self.settings_did_change.emit(chosen)

    # -- documents -----------------------------------------------------------------------------

    def open_result(self, document_id: str, page_index: int) -> None:
        """A search result was tapped: open its document (marked in the agenda) at its page."""
        self.reader_column.page_after_open = page_index
        if self.search_panel is not None:
            self.search_panel.mark_current(document_id, page_index)
        self.agenda.choose(document_id)  # -> open_document

    def open_document(self, document_id: str) -> None:
        self.agenda_button.setChecked(False)  # on a narrow screen the reader takes the agenda's place
        document = self.model.document(document_id)
        if revoked(self.model.status.error):
            self._close_document(self.tr("Thiết bị này đã bị thu hồi: tài liệu của kỳ họp đã được xóa khỏi máy."))
            return
        if self.model.locked_text:
            self._close_document(self.model.locked_text)
            return
        if document is None:
            self.reader_column.page_after_open = None
            return
        if (
            document_id == self.open_document_id
            and document.version == self._open_version
            and self.reader.page_count > 0
        ):
            # Already shown: only move to the wanted page.
            self.reader_column.go_to_wanted_page()
            return
        if not self.model.is_ready(document):
            self.reader_column.show_title(document)
            self._waiting_for = document_id
            self.reader_column.show_waiting(document)
            return
        self._waiting_for = None
        self.open_document_id = document_id
        self._open_version = document.version
        watermark = self.model.watermark() if self.model.is_internal(document) else None
        self.reader_column.open(document, self.document_bytes, watermark)  # first: what the tap waits for
        self.reader_column.show_title(document)
        if self.search_panel is not None:
            self.search_panel.set_open_document(document_id)

    def _showing(self, document_id: str) -> bool:
        """Whether the reader shows this document, loaded, and not an old version while the new
        one downloads (FollowBar turns it to the chair's page then)."""
        return document_id == self.open_document_id and self._waiting_for is None and self.reader.page_count > 0

    def _on_results_toggle(self, searching: bool) -> None:
        # While searching the results take the whole column; the agenda comes back after.
        self.agenda.setVisible(not searching)
        if self.search_panel is not None:
            self._left_layout.setStretchFactor(self.search_panel, 1 if searching else 0)

    def _on_download(self, document_id: str) -> None:
        if document_id == self._waiting_for:
            self.open_document(document_id)

    def _on_status(self) -> None:
        # A revoked device shows nothing more of the meeting's documents, even from memory.
        if revoked(self.model.status.error) and (self.open_document_id or self._waiting_for):
            self._close_document(self.tr("Thiết bị này đã bị thu hồi: tài liệu của kỳ họp đã được xóa khỏi máy."))

    def _close_document(self, message: str) -> None:
        self.open_document_id = self._waiting_for = None
        if self.search_panel is not None:
            self.search_panel.set_open_document(None)
        self.reader_column.close_document(message)

    def _on_lock(self) -> None:
        """Purged or past its offline lease: no page stays on screen or in the search index."""
        text = self.model.locked_text
        if not text:
            if self._locked:  # welcomed again: the documents come back as they download
                self._locked = False
                self.message_label.hide()
                self.reader.show_message(self.tr("Đã kết nối lại với phòng họp. Tài liệu đang được tải về máy; "
                                                 "hãy chọn tài liệu để đọc."))
            return
        self._locked = True
        if self.indexer is not None:
            self.indexer.forget_all()
        if self.search_panel is not None:
            self.search_panel.refresh_if_searching()
        self._close_document(text)
        # In the header too: on a narrow screen the agenda may be what is showing.
        (self.header.show_notice if self.model.state.purged_at is not None else self.header.show_message)(text)

    def _on_documents(self) -> None:
        # The open document was replaced by a new version, or withdrawn.
        current = self.open_document_id or self._waiting_for
        if current is None:
            return
        document = self.model.document(current)
        if document is None:
            self._close_document(self.model.locked_text or self.tr("Tài liệu này đã được rút khỏi kỳ họp."))
        elif current == self.open_document_id and document.version != self._open_version:
            self.open_document(current)

    # -- printing -----------------------------------------------------------------------------

    def refuse_print(self) -> None:
        """Ctrl+P: the seat does not print; an internal document says why it never may."""
        document = self.model.document(self.open_document_id) if self.open_document_id else None
        if document is not None and self.model.is_internal(document):
            self.header.show_message(self.tr("Tài liệu «Lưu hành nội bộ» không được in hay xuất ra tệp."))
        else:
            self.header.show_notice(self.tr("Phòng họp không giấy: máy tại ghế không in tài liệu. "
                                      "Cần bản giấy, xin liên hệ Văn phòng."))

    # -- voting --------------------------------------------------------------------------------

    def _show_vote(self) -> None:
        # Connected after the panel's own refresh: the panel is up to date when it is shown.
        shown = self.vote_panel.wants_screen
        if shown == self.vote_panel.isHidden() or shown != self._columns.isHidden():
            self._columns.setVisible(not shown)
            self.vote_panel.setVisible(shown)
            # Following the chair's pages means nothing while the panel covers them; the
            # header keeps its room for the meeting's title on a narrow screen.
            self.follow_button.setVisible(not shown)
            self._apply_width()
            if shown:
                self.vote_panel.refresh()  # takes the keyboard focus now that it can

    # -- narrow screens ------------------------------------------------------------------------

    @property
    def is_compact(self) -> bool:
        # Larger text needs the room sooner: at 200 % every screen shows one column at a time.
        return self.width() < theme.px(COMPACT_BELOW)

    def _apply_width(self) -> None:
        """One column at a time below COMPACT_BELOW (ui.seat_layout), with a header to match."""
        compact = self.is_compact
        self.header.fit(compact)
        self._columns.switch(compact, voting=not self.vote_panel.isHidden(),
                             has_document=(self.open_document_id or self._waiting_for) is not None)

    # -- lifetime ------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._painted and not self._first_frame.isActive():
            # A window shown but never painted (no screen to paint on) still gets on with its work.
            self._first_frame.start(FIRST_PAINT_WAIT_MS)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # Right after this first frame (children included) is on screen, not while the
            # window is built: the indexer's worker holds the GIL for long stretches.
            self._first_frame.start(0)

    def _after_first_paint(self) -> None:
        if self._painted:
            return
        self._painted = True
        if self.indexer is not None:
            self.indexer.start()
        self.window_did_paint.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_width()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._first_frame.stop()
        if self.indexer is not None:
            self.indexer.shutdown()
        self.reader_column.shutdown()
        super().closeEvent(event)
        self.window_did_close.emit()
