"""The technician's "Kỳ họp" tab: the meetings on the room server, creating one, its settings, copying it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clock import parse_iso, vn_date
from app.meeting_template import copied, template
from app.model import MEETING_KINDS, Meeting, MeetingState, Settings
from ui import theme
from ui.ask import ask
from ui.chair_model import spawn
from ui.tech_model import TechViewModel
from ui.tech_panel_parts import list_table

# Speaking limits the form edits, in minutes: (field, label).
TIMES = (
    ("speak_first_s", QT_TRANSLATE_NOOP("MeetingsPanel", "Phát biểu lần đầu (phút)")),
    ("speak_second_s", QT_TRANSLATE_NOOP("MeetingsPanel", "Phát biểu lần hai (phút)")),
    ("debate_s", QT_TRANSLATE_NOOP("MeetingsPanel", "Tranh luận (phút)")),
    ("question_s", QT_TRANSLATE_NOOP("MeetingsPanel", "Chất vấn (phút)")),
    ("point_of_order_s", QT_TRANSLATE_NOOP("MeetingsPanel", "Ý kiến về trình tự, thủ tục (phút)")),
)
# app.model.KIND_LABELS, spelled out so that lupdate finds them under this panel.
KIND_WORDS = {
    "regular": QT_TRANSLATE_NOOP("MeetingsPanel", "Kỳ họp thường lệ"),
    "thematic": QT_TRANSLATE_NOOP("MeetingsPanel", "Kỳ họp chuyên đề"),
    "extraordinary": QT_TRANSLATE_NOOP("MeetingsPanel", "Kỳ họp giải quyết công việc phát sinh đột xuất"),
    "standing_committee": QT_TRANSLATE_NOOP("MeetingsPanel", "Phiên họp Thường trực HĐND"),
}


class MeetingsPanel(QWidget):
    """The server's meetings (newest first) beside the chosen one's form.

    "Tạo kỳ họp mới" creates from the form; "Lưu thay đổi" updates the chosen meeting;
    "Tạo kỳ họp theo mẫu này" makes a new meeting with the chosen one's settings, delegates, seats
    and agenda (not its documents, votes, attendance or devices) on the form's title and date.
    Attributes: table, form fields (kind, title, date, venue, council, term, n_total, quorum_num,
    quorum_den, times), create_button, save_button, copy_button, message (the last outcome).
    """

    def __init__(self, model: TechViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self._ids: list[str] = []
        self.table = list_table(self, [self.tr("Ngày họp"), self.tr("Tên kỳ họp"), self.tr("Loại")], 1)
        self.table.itemSelectionChanged.connect(self._selected)

        self.kind = QComboBox(self)
        for kind in MEETING_KINDS:
            self.kind.addItem(self.tr(KIND_WORDS[kind]), kind)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("Ví dụ: Kỳ họp thứ Mười hai, HĐND tỉnh khóa XV"))
        self.date = QDateEdit(QDate.currentDate(), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.venue = QLineEdit(self)
        self.council = QLineEdit(self)
        self.term = QLineEdit(self)
        self.term.setPlaceholderText("2026–2031")
        self.n_total = QSpinBox(self)
        self.n_total.setRange(1, 10_000)
        self.n_total.setValue(85)
        self.quorum_num = QSpinBox(self)
        self.quorum_num.setRange(0, 100)
        self.quorum_den = QSpinBox(self)
        self.quorum_den.setRange(1, 100)
        self.from_list = QCheckBox(self.tr("N tính theo danh sách đại biểu"), self)
        self.from_list.setToolTip(self.tr("N tự cập nhật khi danh sách đại biểu thay đổi; biểu quyết giữ N lúc tạo."))
        self.from_list.toggled.connect(lambda on: self.n_total.setEnabled(not on))
        self.lease = QSpinBox(self)
        self.lease.setRange(1, 720)
        self.lease.setSuffix(self.tr(" giờ"))
        self.lease.setToolTip(self.tr("Thiết bị mất kết nối lâu hơn thời hạn này sẽ xóa tài liệu đã tải cho đến khi "
                                      "kết nối lại."))
        self.committees = QPlainTextEdit(self)
        self.committees.setPlaceholderText(self.tr("Mỗi dòng một ban, ví dụ:\nBan Pháp chế\nBan Kinh tế – Ngân sách"))
        self.committees.setFixedHeight(72)
        self.times: dict[str, QSpinBox] = {}
        form = QFormLayout()
        form.addRow(self.tr("Loại kỳ họp"), self.kind)
        form.addRow(self.tr("Tên kỳ họp"), self.title)
        form.addRow(self.tr("Ngày họp"), self.date)
        form.addRow(self.tr("Địa điểm"), self.venue)
        form.addRow(self.tr("Hội đồng nhân dân"), self.council)
        form.addRow(self.tr("Nhiệm kỳ"), self.term)
        form.addRow(self.tr("Tổng số đại biểu (N)"), self.n_total)
        form.addRow("", self.from_list)
        form.addRow(self.tr("Các ban của HĐND"), self.committees)
        rules = QFormLayout()
        quorum = QHBoxLayout()
        quorum.addWidget(self.quorum_num)
        quorum.addWidget(QLabel("/", self))
        quorum.addWidget(self.quorum_den)
        quorum.addWidget(QLabel(self.tr("của N"), self), 1)
        rules.addRow(self.tr("Có mặt tối thiểu"), quorum)
        for name, label in TIMES:
            spin = QSpinBox(self)
            spin.setRange(1, 60)
            self.times[name] = spin
            rules.addRow(self.tr(label), spin)
        rules.addRow(self.tr("Dùng tài liệu khi mất kết nối"), self.lease)
        box = QGroupBox(self.tr("Thông tin kỳ họp"), self)
        box.setLayout(form)
        rules_box = QGroupBox(self.tr("Quy định của kỳ họp"), self)
        rules_box.setLayout(rules)

        self.create_button = QPushButton(self.tr("Tạo kỳ họp mới"), self)
        self.save_button = QPushButton(self.tr("Lưu thay đổi"), self)
        self.copy_button = QPushButton(self.tr("Tạo kỳ họp theo mẫu này"), self)
        self.copy_button.setToolTip(self.tr("Kỳ họp mới với tên và ngày trong ô bên trên, chép cài đặt, đại biểu, "
                                            "ghế và chương trình; không chép tài liệu, biểu quyết, điểm danh."))
        self.create_button.clicked.connect(lambda: spawn(self.create()))
        self.save_button.clicked.connect(lambda: spawn(self.save()))
        self.copy_button.clicked.connect(lambda: spawn(self.copy()))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.purge_button = QPushButton(self.tr("Kết thúc kỳ họp: xóa tài liệu khỏi mọi thiết bị…"), self)
        self.purge_button.setToolTip(self.tr("Khóa tài liệu và tệp đã tải trên mọi ghế bị xóa; biên bản, kết quả "
                                             "biểu quyết và nhật ký vẫn được giữ. Không hoàn tác được."))
        self.purge_button.setStyleSheet(f"QPushButton {{ color: {theme.DANGER}; border-color: {theme.DANGER}; }}")
        self.purge_button.clicked.connect(lambda: spawn(self.purge()))
        self.purged = QLabel(self)
        self.purged.setWordWrap(True)
        self.confirm = self._ask
        buttons = QHBoxLayout()
        for button in (self.create_button, self.save_button, self.copy_button):
            buttons.addWidget(button)

        forms = QHBoxLayout()
        forms.addWidget(box, 3)
        forms.addWidget(rules_box, 2)
        after = QGroupBox(self.tr("Sau kỳ họp"), self)
        after_layout = QHBoxLayout(after)
        after_layout.addWidget(self.purged, 1)
        after_layout.addWidget(self.purge_button)
        heading = QLabel(self.tr("Các kỳ họp trên máy chủ (chọn để chuẩn bị)"), self)
        heading.setStyleSheet("font-weight: bold;")
        self.table.setMaximumHeight(170)
        self.table.setMinimumHeight(110)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table)
        layout.addLayout(forms)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(after)
        self._fill_form(None)
        model.server_did_change.connect(self.refresh)
        model.state_did_change.connect(self._meeting_changed)
        self.refresh()

    # -- showing -------------------------------------------------------------------------------

    def refresh(self) -> None:
        meetings = sorted(self.model.server_state.meetings.values(), key=lambda m: (m.date, m.meeting_id),
                          reverse=True)
        self._ids = [m.meeting_id for m in meetings]
        self.table.blockSignals(True)
        self.table.setRowCount(len(meetings))
        for row, m in enumerate(meetings):
            cells = (vn_date(m.date), m.title, self.tr(KIND_WORDS[m.kind]) if m.kind in KIND_WORDS else m.kind)
            for col, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(self.tr("{0}\nMã kỳ họp: {1}").format(m.title, m.meeting_id))
                self.table.setItem(row, col, cell)
            if m.meeting_id == self.model.meeting_id:
                self.table.selectRow(row)
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(2, 300)
        self.table.blockSignals(False)
        self._enable()

    def _meeting_changed(self) -> None:
        self._fill_form(self.model.state.meeting)
        self._enable()

    def _enable(self) -> None:
        state = self.model.state
        chosen = state.meeting is not None
        self.save_button.setEnabled(chosen)
        self.copy_button.setEnabled(chosen)
        self.purge_button.setEnabled(chosen and state.purged_at is None)
        if state.purged_at is not None:
            self.purged.setText(self.tr("Tài liệu của kỳ họp đã được xóa khỏi mọi thiết bị lúc {0}.")
                                .format(_local(state.purged_at)))
        else:
            self.purged.setText(self.tr("Khi kỳ họp kết thúc: xóa khóa tài liệu và tệp đã tải khỏi mọi thiết bị "
                                        "(thiết bị đang tắt sẽ xóa khi kết nối lại)."))

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            spawn(self.model.choose(self._ids[rows[0].row()]))

    def _fill_form(self, meeting: Meeting | None) -> None:
        settings = meeting.settings if meeting is not None else Settings()
        if meeting is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(meeting.kind)))
            self.title.setText(meeting.title)
            self.date.setDate(QDate.fromString(meeting.date, "yyyy-MM-dd"))
            self.venue.setText(meeting.venue)
            self.council.setText(meeting.council)
            self.term.setText(meeting.term)
            self.n_total.setValue(meeting.n_total)
            self.from_list.setChecked(meeting.n_from_mandates)
            self.committees.setPlainText("\n".join(meeting.committees.values()))
        self.lease.setValue(settings.offline_lease_h)
        self.quorum_num.setValue(settings.quorum_num)
        self.quorum_den.setValue(settings.quorum_den)
        for name, spin in self.times.items():
            spin.setValue(max(1, round(getattr(settings, name) / 60)))

    # -- reading the form ----------------------------------------------------------------------

    def _settings(self, base: Settings) -> dict[str, Any]:
        values = asdict(base)
        values.update(quorum_num=self.quorum_num.value(), quorum_den=self.quorum_den.value(),
                      offline_lease_h=self.lease.value())
        for name, spin in self.times.items():
            if round(getattr(base, name) / 60) != spin.value():  # an untouched field keeps its seconds
                values[name] = spin.value() * 60
        return values

    def _typed(self) -> dict[str, Any] | None:
        title = self.title.text().strip()
        if not title:
            self._say(self.tr("Hãy nhập tên kỳ họp."), error=True)
            return None
        if self.quorum_num.value() > self.quorum_den.value():
            self._say(self.tr("Số có mặt tối thiểu không được lớn hơn N (tử không lớn hơn mẫu)."), error=True)
            return None
        return {"title": title, "date": self.date.date().toString("yyyy-MM-dd"), "venue": self.venue.text().strip()}

    def _committees(self, current: Mapping[str, str]) -> dict[str, str]:
        """The committees typed, one per line: a name already known keeps its id, a new one gets an
        id from its name («Ban Pháp chế» → ban-phap-che)."""
        by_name = {name: committee_id for committee_id, name in current.items()}
        out: dict[str, str] = {}
        for line in self.committees.toPlainText().splitlines():
            name = " ".join(line.split())
            if name and name not in out.values():
                committee_id = by_name.get(name) or committee_slug(name)
                out[committee_id if committee_id not in out else f"{committee_id}-{len(out) + 1}"] = name
        return out

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {theme.DANGER if error else theme.LIVE}; font-weight: bold;")

    # -- acting --------------------------------------------------------------------------------

    async def create(self) -> str | None:
        typed = self._typed()
        if typed is None:
            return None
        create = {**typed, "kind": self.kind.currentData(), "n_total": self.n_total.value(),
                  "council": self.council.text().strip(), "term": self.term.text().strip(),
                  "settings": self._settings(Settings())}
        if committees := self._committees({}):
            create["committees"] = committees
        return await self._create(create, None)

    async def _create(self, create: dict[str, Any], source: MeetingState | None) -> str | None:
        answer = await self.model.command("meeting.create", create, to_server=True)
        if answer.get("type") != "ack":
            self._say(self.tr("Máy chủ không tạo kỳ họp: {0}").format(answer.get("message", "")), error=True)
            return None
        event = next(e for e in self.model.server.replica.events(int(answer["seq"]) - 1) if e.seq == answer["seq"])
        meeting_id = str(event.data["meeting_id"])
        await self.model.choose(meeting_id)
        if source is not None:
            if not await self.model.caught_up():
                self._say(self.tr("Đã tạo kỳ họp {0} nhưng chưa kết nối được để chép đại biểu, ghế và chương "
                                  "trình; hãy thử lại.").format(meeting_id), error=True)
                return meeting_id
            answers = await self.model.commands(copied(source))
            failed = sum(1 for a in answers if a.get("type") != "ack")
            if failed:
                self._say(self.tr("Đã tạo kỳ họp {0} nhưng {1} mục không chép được; xem thông báo lỗi.")
                          .format(meeting_id, failed), error=True)
                return meeting_id
        self._say(self.tr("Đã tạo kỳ họp «{0}» ({1}).").format(create["title"], meeting_id))
        self.refresh()
        return meeting_id

    async def save(self) -> bool:
        before = self.model.state.meeting
        typed = self._typed()
        if before is None or typed is None:
            return False
        changes: dict[str, Any] = {**typed}
        if self.from_list.isChecked() != before.n_from_mandates:
            changes["n_from_mandates"] = self.from_list.isChecked()
        if not self.from_list.isChecked():
            changes["n_total"] = self.n_total.value()
        committees = self._committees(before.committees)
        if committees != dict(before.committees):
            changes["committees"] = committees
        settings = self._settings(before.settings)
        if settings != asdict(before.settings):
            changes["settings"] = settings
        changes = {k: v for k, v in changes.items() if k in ("settings", "committees") or v != getattr(before, k)}
        if not changes:
            self._say(self.tr("Không có gì thay đổi."))
            return True
        answer = await self.model.command("meeting.update", changes)
        if answer.get("type") != "ack":
            self._say(self.tr("Máy chủ không lưu: {0}").format(answer.get("message", "")), error=True)
            return False
        self._say(self.tr("Đã lưu thay đổi của kỳ họp."))
        return True

    async def purge(self) -> bool:
        meeting = self.model.state.meeting
        if meeting is None:
            return False
        question = self.tr("Xóa tài liệu của «{0}» khỏi mọi thiết bị?\n\nĐại biểu sẽ không mở được tài liệu nữa; "
                           "biên bản, kết quả biểu quyết và nhật ký vẫn được giữ. Không hoàn tác được.").format(meeting.title)
        if not self.confirm(question):
            return False
        answer = await self.model.command("meeting.purge", {"confirm": True})
        if answer.get("type") != "ack":
            self._say(self.tr("Máy chủ không xóa: {0}").format(answer.get("message", "")), error=True)
            return False
        self._say(self.tr("Đã xóa tài liệu khỏi mọi thiết bị của kỳ họp."))
        return True

    def _ask(self, question: str) -> bool:
        return ask(self, self.tr("Kết thúc kỳ họp"), question, self.tr("Xóa tài liệu khỏi mọi thiết bị"),
                   self.tr("Không xóa"), QMessageBox.Icon.Warning)

    async def copy(self) -> str | None:
        source = self.model.state
        typed = self._typed()
        if source.meeting is None or typed is None:
            return None
        if typed["title"] == source.meeting.title and typed["date"] == source.meeting.date:
            self._say(self.tr("Hãy sửa tên và ngày họp của kỳ họp mới trong ô bên trên trước khi tạo theo mẫu."),
                      error=True)
            return None
        create = template(source, title=typed["title"], date=typed["date"], venue=typed["venue"] or None)
        return await self._create(create, source)


def committee_slug(name: str) -> str:
    """An id for a committee from its name, ASCII and dashed: «Ban Kinh tế – Ngân sách» → ban-kinh-te-ngan-sach."""
    plain = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[0-9a-z]+", plain))[:60] or "ban"


def _local(iso_time: str) -> str:
    return f"{parse_iso(iso_time).astimezone():%H:%M %d/%m/%Y}"
