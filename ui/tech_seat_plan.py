"""The technician's seat plan editor: the hall drawn as a grid, delegates dragged onto seats, groups
seated by block, the seat map printed."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import DomainError
from app.model import MeetingState
from app.seat_plan import (
    Command,
    Hall,
    assign_all,
    assign_groups,
    blocks_in,
    group_colours,
    plan_hall,
    rebind_commands,
)
from ui import theme
from ui.chair_model import spawn
from ui.tech_seat_plan_canvas import PlanCanvas, UnseatedList
from ui.tech_seat_plan_dialogs import AssignDialog, HallDialog
from ui.tech_seat_plan_model import (
    current_hall,
    tiles,
    unseated_by_group,
)

Send = Callable[[str, dict[str, Any]], Awaitable[dict[str, Any]]]


class SeatPlanPanel(QWidget):
    """The seat plan editor, for the technician's console to embed.

    Collaborators, explicit: `send(name, args)` is a coroutine function sending one command to the
    meeting and returning the server's answer dict ({"type": "ack", …} or {"type": "error",
    "message": …}); `state()` returns the meeting's current MeetingState. The console calls
    `refresh()` whenever that state changes (cheap when seats and delegates did not).

    What the technician does: drag a name from «Đại biểu chưa có ghế» onto a seat; drag a seat onto
    another (the two delegates swap: the server lets a delegate hold one seat, so one is freed
    first) or back onto the list (freed); right-click a seat for «Bỏ xếp ghế»; «Vẽ hội trường…»,
    «Xếp tổ vào khối…», «In sơ đồ…». A refusal shows in red above the hall, in Vietnamese.

    Attributes: canvas (PlanCanvas), unseated (UnseatedList), count_label, message, force_button,
    hall_button, assign_button, print_button, dialog (the open dialog), task (the last action's).
    Methods: place(delegate_id, seat_id), move(from_seat, to_seat), free(seat_id),
    draw_hall(hall, force), seat_groups(group_id or None, block, presidium), print_to(path):
    each starts the action and returns its task.
    """

    def __init__(self, send: Send, state: Callable[[], MeetingState], parent: QWidget | None = None):
        super().__init__(parent)
        self.send = send
        self.state = state
        self.busy = False
        self.dialog: QDialog | None = None
        self.task: asyncio.Task[Any] | None = None
        self._pending: Hall | None = None
        self._seen: tuple[Any, ...] = ()
        self.hall_button = QPushButton(self.tr("Vẽ hội trường…"), self)
        self.assign_button = QPushButton(self.tr("Xếp tổ vào khối…"), self)
        self.print_button = QPushButton(self.tr("In sơ đồ…"), self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.hide()
        self.force_button = QPushButton(self.tr("Vẫn vẽ lại"), self)
        self.force_button.hide()
        self.canvas = PlanCanvas(self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.canvas)
        scroll.setWidgetResizable(True)
        self.count_label = QLabel(self)
        self.count_label.setStyleSheet("font-weight: bold;")
        self.count_label.setWordWrap(True)
        hint = QLabel(self.tr("Kéo tên đại biểu vào ghế. Kéo ghế sang ghế khác để đổi chỗ, kéo về đây để bỏ xếp."),
                      self)
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
        self.unseated = UnseatedList(self)
        side = QVBoxLayout()
        for widget in (self.count_label, hint):
            side.addWidget(widget)
        side.addWidget(self.unseated, 1)
        side_box = QWidget(self)
        side_box.setLayout(side)
        side_box.setFixedWidth(280)
        tools = QHBoxLayout()
        for button in (self.hall_button, self.assign_button, self.print_button):
            tools.addWidget(button)
        tools.addStretch(1)
        notice = QHBoxLayout()
        notice.addWidget(self.message, 1)
        notice.addWidget(self.force_button)
        body = QHBoxLayout()
        body.addWidget(scroll, 1)
        body.addWidget(side_box)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(notice)
        layout.addLayout(body, 1)
        self.hall_button.clicked.connect(self.open_hall_dialog)
        self.assign_button.clicked.connect(self.open_assign_dialog)
        self.print_button.clicked.connect(self.choose_print_file)
        self.force_button.clicked.connect(lambda: self._pending and self.draw_hall(self._pending, force=True))
        self.canvas.drop_did_happen.connect(self._dropped)
        self.canvas.free_did_get_asked.connect(self.free)
        self.unseated.seat_did_get_dropped.connect(self.free)
        self.refresh()

    def refresh(self) -> None:
        state = self.state()
        seen = (state.seats, state.delegates)
        if len(self._seen) == 2 and all(a is b for a, b in zip(seen, self._seen, strict=True)):
            return
        self._seen = seen
        self.canvas.set_tiles(tiles(state))
        self.unseated.fill(unseated_by_group(state), group_colours(state))
        waiting = sum(len(people) for _, _, people in unseated_by_group(state))
        self.count_label.setText(self.tr("Đại biểu chưa có ghế: {0}/{1}").format(waiting, len(state.delegates)))
        self._enable()

    def _enable(self) -> None:
        state = self.state()
        self.hall_button.setEnabled(not self.busy and state.meeting is not None)
        self.assign_button.setEnabled(not self.busy and bool(blocks_in(state)))
        self.print_button.setEnabled(not self.busy and bool(state.seats))

    # -- what the technician does --------------------------------------------------------------

    def _dropped(self, kind: str, ident: str, seat_id: str) -> None:
        if kind == "delegate":
            self.place(ident, seat_id)
        else:
            self.move(ident, seat_id)

    def place(self, delegate_id: str, seat_id: str) -> asyncio.Task[Any]:
        state = self.state()
        old = state.seat_of(delegate_id)
        wanted = {seat_id: delegate_id} | ({old.seat_id: None} if old and old.seat_id != seat_id else {})
        label = state.seats[seat_id].label if seat_id in state.seats else seat_id
        return self._start(lambda: rebind_commands(state, wanted), self.tr("Đã xếp ghế {0}.").format(label))

    def move(self, from_seat: str, to_seat: str) -> asyncio.Task[Any]:
        state = self.state()
        if from_seat == to_seat or from_seat not in state.seats or to_seat not in state.seats:
            return self._start(lambda: [], "")
        wanted = {to_seat: state.seats[from_seat].delegate_id, from_seat: state.seats[to_seat].delegate_id}
        labels = (state.seats[from_seat].label, state.seats[to_seat].label)
        return self._start(lambda: rebind_commands(state, wanted), self.tr("Đã đổi chỗ ghế {0} và {1}.").format(*labels))

    def free(self, seat_id: str) -> asyncio.Task[Any]:
        state = self.state()
        label = state.seats[seat_id].label if seat_id in state.seats else seat_id
        return self._start(lambda: rebind_commands(state, {seat_id: None}), self.tr("Đã bỏ xếp ghế {0}.").format(label))

    def draw_hall(self, hall: Hall, force: bool = False) -> asyncio.Task[Any]:
        state = self.state()
        self._pending = hall
        return self._start(lambda: list(plan_hall(state, hall, force=force).commands),
                           self.tr("Đã vẽ hội trường: {0} ghế.").format(hall.size))

    def seat_groups(self, group_id: str | None, block: str | None, presidium: bool) -> asyncio.Task[Any]:
        state = self.state()

        def commands() -> list[Command]:
            if group_id is None:
                return list(assign_all(state, presidium=presidium).commands)
            return list(assign_groups(state, [group_id], block, presidium=presidium).commands)
        return self._start(commands, self.tr("Đã xếp chỗ ngồi theo tổ."))

    def _start(self, decide: Callable[[], list[Command]], done: str) -> asyncio.Task[Any]:
        self.task = spawn(self._run(decide, done))
        return self.task

    async def _run(self, decide: Callable[[], list[Command]], done: str) -> bool:
        if self.busy:
            self._say(self.tr("Đang gửi thay đổi trước, vui lòng chờ."), error=True)
            return False
        self.force_button.hide()
        try:
            commands = decide()
        except DomainError as exc:
            self._say(exc.message, error=True)
            self.force_button.setVisible(exc.code == "seat_taken")
            return False
        if not commands:
            self._say(self.tr("Không có gì cần thay đổi.") if done else "", error=False)
            return True
        self.busy = True
        self._enable()
        try:
            for name, args in commands:
                answer = await self.send(name, args)
                if answer.get("type") != "ack":
                    reason = str(answer.get("message") or self.tr("không rõ lý do"))
                    self._say(self.tr("Máy chủ từ chối: {0}").format(reason), error=True)
                    return False
            self._say(done, error=False)
            return True
        finally:
            self.busy = False
            self._enable()
            self.refresh()

    def _say(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {theme.DANGER if error else theme.LIVE}; font-weight: bold;")
        self.message.setVisible(bool(text))

    # -- dialogs and printing ------------------------------------------------------------------

    def open_hall_dialog(self) -> None:
        dialog = HallDialog(current_hall(self.state()), self)
        dialog.accepted.connect(lambda: self.draw_hall(dialog.hall()))
        self._open(dialog)

    def open_assign_dialog(self) -> None:
        dialog = AssignDialog(self.state(), self)
        dialog.accepted.connect(lambda: self.seat_groups(dialog.group.currentData(), dialog.block.currentData(),
                                                         dialog.presidium.isChecked()))
        self._open(dialog)

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def choose_print_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu sơ đồ chỗ ngồi"), "so-do-cho-ngoi.pdf",
                                              self.tr("Tệp PDF (*.pdf)"))
        if path:
            self.print_to(Path(path))

    def print_to(self, path: Path) -> asyncio.Task[Any]:
        self.task = spawn(self._print(path, self.state()))
        return self.task

    async def _print(self, path: Path, state: MeetingState) -> bool:
        from app.documents_seat_map import paper_of, seat_map_pdf

        loop = asyncio.get_running_loop()
        try:
            pdf = await loop.run_in_executor(None, seat_map_pdf, state)
            await loop.run_in_executor(None, path.write_bytes, pdf)
        except DomainError as exc:
            self._say(exc.message, error=True)
            return False
        except OSError as exc:
            self._say(self.tr("Không ghi được tệp {0}: {1}").format(str(path), exc.strerror or str(exc)), error=True)
            return False
        self._say(self.tr("Đã lưu sơ đồ chỗ ngồi ({0} ghế, khổ {1} ngang) vào {2}.").format(
            len(state.seats), paper_of(state), str(path)), error=False)
        return True
