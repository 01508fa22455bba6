"""The chair's speaking queue: waiting requests in calling order, dragged to reorder, called or removed."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDropEvent, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.model import MeetingState, SpeechRequest
from app.speaking import default_limit_s
from ui import theme
from ui.chair_model import ChairViewModel
from ui.speaker_timer import KIND_COLOURS, kind_label, minutes_text

REQUEST_ID = Qt.ItemDataRole.UserRole
DETAIL = Qt.ItemDataRole.UserRole + 1
KIND = Qt.ItemDataRole.UserRole + 2
ROW_HEIGHT = 64

Row = tuple[str, str, str, str]
"""A row as shown: (request_id, kind, name, detail)."""


class RequestDelegate(QStyledItemDelegate):
    """Paints a request as the chair reads it across the desk: the place in a disc coloured by
    kind, the name large, then the kind, the group and the time the floor would be given."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(option.rect.width(), ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        painter.save()
        rect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(rect, QColor("#d7e6fa" if selected else theme.PAPER))
        painter.setPen(QPen(QColor("#d5d9de")))
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        colour = QColor(KIND_COLOURS.get(str(index.data(KIND)), theme.INK))
        disc = QRect(rect.left() + 8, rect.top() + (rect.height() - 40) // 2, 40, 40)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(disc)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#ffffff"))
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(index.row() + 1))
        text = rect.adjusted(58, 4, -8, -4)
        painter.setPen(QColor(theme.INK))
        # Elided, never wrapped: every row keeps one height, so a drag lands where it looks.
        name = painter.fontMetrics().elidedText(str(index.data()), Qt.TextElideMode.ElideRight, text.width())
        painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, name)
        small = QFont(option.font)
        small.setPointSize(max(9, small.pointSize() - 3))
        painter.setFont(small)
        painter.setPen(colour)
        detail = painter.fontMetrics().elidedText(str(index.data(DETAIL)), Qt.TextElideMode.ElideRight, text.width())
        painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, detail)
        painter.restore()


class QueueList(QListWidget):
    """The waiting requests; a drop reports where a request landed (1-based) and leaves the
    order on screen until the server's event redraws it, or a refusal puts it back.

    Signals: request_did_move(request_id, position).
    """

    request_did_move = Signal(str, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setItemDelegate(RequestDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setUniformItemSizes(True)
        self.setObjectName("speakingQueue")

    def dropEvent(self, event: QDropEvent) -> None:
        moving = self.currentItem()
        request_id = moving.data(REQUEST_ID) if moving is not None else None
        before = self.row(moving) if moving is not None else -1
        super().dropEvent(event)
        if request_id is not None:
            self.dropped(str(request_id), before)

    def dropped(self, request_id: str, before: int) -> None:
        """After a move on screen: tells where the request now stands, if it moved."""
        after = self.row_of(request_id)
        if after >= 0 and after != before:
            self.request_did_move.emit(request_id, after + 1)

    def row_of(self, request_id: str) -> int:
        return next((n for n in range(self.count()) if self.item(n).data(REQUEST_ID) == request_id), -1)

    def request_ids(self) -> list[str]:
        return [str(self.item(n).data(REQUEST_ID)) for n in range(self.count())]


class QueuePanel(QFrame):
    """The queue with its actions. Attributes: list, count_label, grant_button, next_button,
    up_button, down_button, remove_button.
    Signals: grant_requested(request_id), next_requested, move_requested(request_id, position),
    remove_requested(request_id).
    """

    grant_requested = Signal(str)
    next_requested = Signal()
    move_requested = Signal(str, int)
    remove_requested = Signal(str)

    def __init__(self, model: ChairViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._shown: tuple[object, ...] | None = None
        self._limit_memo: dict[tuple[object, ...], int] = {}
        self._on_screen: dict[str, Row] = {}  # what each request's row was last filled with
        title = QLabel(self.tr("Đăng ký phát biểu"), self)
        title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet(f"color: {theme.MUTED};")
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 13pt; padding: 12px;")
        self.list = QueueList(self)
        self.list.request_did_move.connect(self.move_requested.emit)
        self.list.itemSelectionChanged.connect(self._enable)
        self.list.itemDoubleClicked.connect(lambda item: self._grant())

        self.next_button = QPushButton(self.tr("Mời người tiếp theo (F5)"), self)
        self.next_button.setObjectName("grantNext")
        self.grant_button = QPushButton(self.tr("Mời người đã chọn"), self)
        self.up_button = QPushButton("▲", self)
        self.down_button = QPushButton("▼", self)
        self.remove_button = QPushButton(self.tr("Xóa"), self)
        self.remove_button.setObjectName("removeRequest")
        self.next_button.clicked.connect(self.next_requested.emit)
        self.grant_button.clicked.connect(self._grant)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.remove_button.clicked.connect(self._remove)

        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        self.next_button.setStyleSheet(
            f"QPushButton#grantNext {{ background: {theme.ACCENT}; color: white; font-size: 16pt; }}"
            "QPushButton#grantNext:disabled { background: #eceff2; color: #6b737c; }"
        )
        edits = QHBoxLayout()
        edits.addWidget(self.grant_button, 3)
        edits.addWidget(self.up_button, 1)
        edits.addWidget(self.down_button, 1)
        edits.addWidget(self.remove_button, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.next_button)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(edits)
        self.refresh()

    # -- what is shown -------------------------------------------------------------------------

    def waiting(self) -> list[SpeechRequest]:
        return self.model.state.speaking.waiting()

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(REQUEST_ID)) if item is not None and item.isSelected() else None

    def refresh(self) -> None:
        """Redraws only when the queue itself changed: a check-in elsewhere in the hall must not
        drop the chair's selection or scroll position."""
        state = self.model.state
        rows = self._rows(state, self.waiting())
        key = (tuple(rows), state.active_item, self.model.role)
        if key != self._shown:
            self._shown = key
            self._show(rows)
        self._enable()

    def _rows(self, state: MeetingState, waiting: list[SpeechRequest]) -> list[Row]:
        """What each row shows: (request_id, kind, name, detail), in calling order."""
        limits = self._limits(state, waiting)
        details: dict[tuple[str, int, bool, str], str] = {}
        rows = []
        delegates = state.delegates
        for request in waiting:
            delegate = delegates.get(request.delegate_id)
            name = delegate.name if delegate is not None else request.delegate_id
            group = delegate.group_name if delegate is not None else ""
            look = (request.kind, limits[request.request_id], request.answer_to is not None, group)
            detail = details.get(look)
            if detail is None:
                # The kind and the time the floor would be given first: what the chair calls by.
                parts = [kind_label(request.kind), minutes_text(look[1])]
                if look[2]:
                    parts[0] += " " + self.tr("(ưu tiên: tranh luận câu trả lời)")
                if group:
                    parts.append(group)
                detail = details[look] = " · ".join(parts)
            rows.append((request.request_id, request.kind, name, detail))
        return rows

    def _limits(self, state: MeetingState, waiting: list[SpeechRequest]) -> dict[str, int]:
        """default_limit_s of every waiting request. It reads the meeting's settings, the request's
        kind and the delegate's requests on the item that no longer wait (how often they have had
        the floor), and each call walks every request of the meeting: with 200 waiting that was
        most of a refresh. So a limit is asked of the domain again only when one of those changed."""
        settings = state.meeting.settings if state.meeting is not None else None
        past: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
        for request in state.speaking.requests.values():
            if request.status != "waiting":
                past.setdefault((request.delegate_id, request.item_id), []).append(
                    (request.request_id, request.kind, request.status))
        memo: dict[tuple[object, ...], int] = {}
        limits = {}
        for request in waiting:
            key = (settings, request.request_id, request.kind, request.delegate_id, request.item_id,
                   tuple(past.get((request.delegate_id, request.item_id), ())))
            limit = self._limit_memo.get(key)
            if limit is None:
                limit = default_limit_s(state, request)
            memo[key] = limits[request.request_id] = limit
        self._limit_memo = memo  # only what is still waiting stays
        return limits

    def _show(self, rows: list[Row]) -> None:
        """Brings the rows on screen to `rows` touching only what changed: rebuilding 200 items
        on every event kept the chair waiting, and this way the scroll position stays too."""
        state = self.model.state
        keep = self.selected_id()
        self._align([row[0] for row in rows])
        before = self._on_screen
        for n, row in enumerate(rows):
            item = self.list.item(n)
            if before.get(row[0]) != row or item.data(REQUEST_ID) != row[0]:
                self._fill(item, row)
        self._on_screen = {row[0]: row for row in rows}
        at = self.list.row_of(keep) if keep is not None else -1
        if at >= 0:
            self.list.setCurrentRow(at)
            self.list.item(at).setSelected(True)
        else:
            self.list.clearSelection()
            self.list.setCurrentRow(-1)
        n = len(rows)
        self.count_label.setText(self.tr("{n} người chờ").format(n=n) if n else "")
        if state.active_item is None:
            self.empty_label.setText(self.tr("Chưa bắt đầu nội dung nào nên chưa nhận đăng ký phát biểu."))
        else:
            self.empty_label.setText(self.tr("Chưa có đại biểu đăng ký phát biểu về nội dung này."))
        self.empty_label.setVisible(n == 0)
        self.list.setVisible(n > 0)

    def _align(self, wanted: list[str]) -> None:
        """Moves items so the rows hold the `wanted` requests in order, for what usually happens
        (one request added, removed or moved: one item taken or put); anything else leaves the
        rows to be relabelled in place by _fill. Afterwards there are as many rows as wanted."""
        shown = self.list.request_ids()
        if shown == wanted:
            return
        head, most = 0, min(len(shown), len(wanted))
        while head < most and shown[head] == wanted[head]:
            head += 1
        tail = 0
        while tail < most - head and shown[-1 - tail] == wanted[-1 - tail]:
            tail += 1
        old, new = shown[head:len(shown) - tail], wanted[head:len(wanted) - tail]
        if len(old) == 1 and not new:  # withdrawn, granted, lapsed
            self.list.takeItem(head)
        elif not old and len(new) == 1:  # a new request
            self.list.insertItem(head, self._new_item())
        elif len(old) == len(new) > 1 and old[0] == new[-1] and old[1:] == new[:-1]:  # moved down
            self.list.insertItem(head + len(old) - 1, self.list.takeItem(head))
        elif len(old) == len(new) > 1 and old[-1] == new[0] and old[:-1] == new[1:]:  # moved up
            self.list.insertItem(head, self.list.takeItem(head + len(old) - 1))
        while self.list.count() > len(wanted):
            self.list.takeItem(self.list.count() - 1)
        while self.list.count() < len(wanted):
            self.list.addItem(self._new_item())

    def _new_item(self) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setToolTip(self.tr("Kéo thả để đổi thứ tự; nhấp đúp để mời phát biểu."))
        return item

    @staticmethod
    def _fill(item: QListWidgetItem, row: Row) -> None:
        request_id, kind, name, detail = row
        for role, value in ((REQUEST_ID, request_id), (Qt.ItemDataRole.DisplayRole, name), (DETAIL, detail),
                            (KIND, kind)):
            if item.data(role) != value:
                item.setData(role, value)

    def _enable(self) -> None:
        chair_only = self.tr("Chỉ chủ tọa được mời phát biểu hoặc xóa yêu cầu.")
        selected = self.selected_id() is not None
        n = self.list.count()
        row = self.list.currentRow() if selected else -1
        for button, name, enabled, tip in (
            (self.next_button, "speak.grant", n > 0,
             self.tr("Mời đại biểu đứng đầu danh sách phát biểu (phím F5)")),
            (self.grant_button, "speak.grant", selected,
             self.tr("Mời đại biểu đang chọn phát biểu, không theo thứ tự (nhấp đúp cũng được)")),
            (self.remove_button, "speak.withdraw", selected, self.tr("Xóa yêu cầu đang chọn khỏi danh sách (sẽ hỏi lại trước khi xóa)")),
            (self.up_button, "speak.reorder", selected and row > 0,
             self.tr("Đưa yêu cầu đang chọn lên trước (hoặc kéo thả)")),
            (self.down_button, "speak.reorder", selected and 0 <= row < n - 1,
             self.tr("Đưa yêu cầu đang chọn xuống sau (hoặc kéo thả)")),
        ):
            allowed = self.model.can(name)
            button.setEnabled(allowed and enabled)
            button.setToolTip(tip if allowed else chair_only)
        # The secretary may reorder (the permissions allow it), so dragging stays on for both.
        self.list.setDragEnabled(self.model.can("speak.reorder"))

    # -- actions -------------------------------------------------------------------------------

    def _grant(self) -> None:
        request_id = self.selected_id()
        if request_id is not None and self.model.can("speak.grant"):
            self.grant_requested.emit(request_id)

    def _remove(self) -> None:
        request_id = self.selected_id()
        if request_id is not None:
            self.remove_requested.emit(request_id)

    def _move(self, step: int) -> None:
        request_id = self.selected_id()
        if request_id is None:
            return
        before = self.list.row_of(request_id)
        after = before + step
        if 0 <= after < self.list.count():
            item = self.list.takeItem(before)
            self.list.insertItem(after, item)
            self.list.setCurrentItem(item)
            item.setSelected(True)
            self.list.dropped(request_id, before)

    def revert(self) -> None:
        """A move the server refused: back to the state's order."""
        self._shown = None
        self.refresh()
