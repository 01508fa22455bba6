"""Creating a vote from a template: the question, the agenda item, the rule in words, N, the time
allowed, and for secret ballots the people on the ballot and the Ban kiểm phiếu."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.model import RESOLUTION_KINDS, SECRET_KINDS, MeetingState
from app.vote_rules import CONFIDENCE_LEVELS, NO_CONFIDENCE_OPTIONS, RESOLUTION_OPTIONS, RESOLUTION_RULES
from ui import theme
from ui.chair_panel_kit import action_notes, make_primary, send
from ui.chair_vote_form import TEMPLATE_KEYS, TEMPLATES, QuestionEdit, Template, last_committee
from ui.chair_vote_people import CommitteePicker, PeoplePicker
from ui.chair_vote_words import kind_words, n_words, rule_words, threshold_words

WIDE_PX: Final = 1180
NARROW_PX: Final = 780
TALL_PX: Final = 760
DEFAULT_DURATION_S: Final = 60
MIN_DURATION_S: Final = 10  # app.voting.MIN_DURATION_S
MAX_DURATION_S: Final = 3600


def _tr(text: str) -> str:
    return QCoreApplication.translate("VoteCreateDialog", text)


class VoteCreateDialog(QDialog):
    """"Tạo biểu quyết": the dialog sends `vote.create` itself, shows a refusal inline (the
    server's Vietnamese message) and closes once the vote exists.

    Attributes: template_buttons ({key: QRadioButton}), item_box, title_edit, kind_label, rule_box,
    rule_label, n_label, duration_box, allow_change_box, people (subjects or candidates), seats_box,
    committee, sealed_label (secret kinds are always sealed: docs/sealed.md), hint_label, error_label,
    create_button, close_button, sent (the args sent last).
    Methods: choose(template_key), template(), args(), submit().
    Signals: vote_did_get_created(vote_id).
    """

    vote_did_get_created = Signal(str)

    def __init__(self, model: Any, item_id: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.sent: dict[str, Any] | None = None
        self._suggested = ""
        state: MeetingState = model.state
        self.n_total = state.meeting.n_total if state.meeting is not None else 0
        self.setWindowTitle(self.tr("Tạo biểu quyết"))
        self.setModal(True)

        heading = QLabel(self.tr("Tạo biểu quyết"), self)
        heading.setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.template_buttons: dict[str, QRadioButton] = {}
        group = QButtonGroup(self)
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for n, template in enumerate(TEMPLATES):
            button = QRadioButton(_tr(template.name), self)
            button.setMinimumHeight(36)
            group.addButton(button)
            self.template_buttons[template.key] = button
            grid.addWidget(button, n // 2, n % 2)
            button.toggled.connect(self._template_toggled)

        self.item_box = QComboBox(self)
        self.item_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.item_box.setMinimumContentsLength(20)
        for item in state.agenda_in_order():
            self.item_box.addItem(f"{item.position}. {item.title}", item.item_id)
            self.item_box.setItemData(self.item_box.count() - 1, item.title, Qt.ItemDataRole.ToolTipRole)
        chosen = item_id or state.active_item
        if chosen is not None and self.item_box.findData(chosen) >= 0:
            self.item_box.setCurrentIndex(self.item_box.findData(chosen))
        self.title_edit = QuestionEdit(self)
        self.kind_label = QLabel(self)
        # Every secret kind is sealed: an option few chairs could weigh, so a plain line says what it means.
        self.sealed_label = QLabel(
            self.tr("Phiếu kín được mã hóa: chỉ Ban kiểm phiếu cùng nhau mới mở được kết quả. Máy tại chỗ "
                    "ngồi của các thành viên tự tạo khóa trước khi mở biểu quyết."), self)
        self.sealed_label.setWordWrap(True)
        self.sealed_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
        kind_field = QWidget(self)
        kind_lines = QVBoxLayout(kind_field)
        kind_lines.setContentsMargins(0, 0, 0, 0)
        kind_lines.addWidget(self.kind_label)
        kind_lines.addWidget(self.sealed_label)
        rule_field = QWidget(self)
        rule_lines = QVBoxLayout(rule_field)
        rule_lines.setContentsMargins(0, 0, 0, 0)
        self.kind_label.setStyleSheet("font-weight: bold;")
        self.rule_box = QComboBox(self)
        for rule in RESOLUTION_RULES:
            self.rule_box.addItem(rule_words(rule), rule)
        self.rule_label = QLabel(self)
        self.rule_label.setWordWrap(True)
        self.rule_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
        rule_lines.addWidget(self.rule_box)
        rule_lines.addWidget(self.rule_label)
        self.n_label = QLabel(n_words(self.n_total), self)
        self.n_label.setToolTip(self.tr("Do thư ký kỳ họp thiết lập; biểu quyết giữ N này đến khi kết thúc."))
        self.duration_box = QSpinBox(self)
        self.duration_box.setRange(0, MAX_DURATION_S)
        self.duration_box.setSingleStep(10)
        self.duration_box.setSuffix(self.tr(" giây"))
        self.duration_box.setSpecialValueText(self.tr("Không giới hạn"))
        self.duration_box.setValue(DEFAULT_DURATION_S)
        self.duration_box.setMaximumWidth(260)
        self.duration_box.setToolTip(self.tr("0 = không giới hạn: chủ tọa kết thúc biểu quyết."))
        self.allow_change_box = QCheckBox(self.tr("Cho phép sửa phiếu đến khi kết thúc"), self)
        settings = state.meeting.settings if state.meeting is not None else None
        self._allow_default = bool(settings.allow_change) if settings is not None else False

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Nội dung:"), self.item_box)
        form.addRow(self.tr("Hình thức:"), kind_field)
        form.addRow(self.tr("Cách tính:"), rule_field)
        form.addRow(self.tr("Tổng số:"), self.n_label)
        form.addRow(self.tr("Thời gian:"), self.duration_box)
        form.addRow("", self.allow_change_box)
        self.form = form

        self.people = PeoplePicker(self.tr("Người được lấy phiếu"), free_entry=True, parent=self)
        self.seats_box = QSpinBox(self)
        self.seats_box.setRange(1, 1)
        self.seats_label = QLabel(self.tr("Số người được bầu (k):"), self)
        seats = QHBoxLayout()
        seats.addWidget(self.seats_label)
        seats.addWidget(self.seats_box)
        seats.addStretch(1)
        self.committee = CommitteePicker(self)
        self.people.fill(state)
        self.committee.fill(state)
        known = last_committee(state)
        if known is not None:
            self.committee.set_committee(*known)

        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Mẫu:"), self))
        left.addLayout(grid)
        left.addSpacing(8)
        left.addWidget(QLabel(self.tr("Câu hỏi biểu quyết (chủ tọa đọc trước khi mở):"), self))
        left.addWidget(self.title_edit)
        left.addLayout(form)
        left.addStretch(1)
        self.people_column = QWidget(self)
        right = QVBoxLayout(self.people_column)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.people, 3)
        right.addLayout(seats)
        right.addSpacing(8)
        right.addWidget(self.committee, 3)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addWidget(self.people_column, 1)
        inner = QWidget(self)
        inner.setLayout(columns)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)

        self.hint_label, self.error_label = action_notes(self)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.create_button = make_primary(QPushButton(self.tr("Tạo biểu quyết"), self))
        self.create_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hint_label, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.addWidget(heading)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        self.item_box.currentIndexChanged.connect(self._suggest)
        self.title_edit.textChanged.connect(self._check)
        self.rule_box.currentIndexChanged.connect(self._check)
        self.duration_box.valueChanged.connect(self._check)
        self.people.people_did_change.connect(self._people_changed)
        self.seats_box.valueChanged.connect(self._check)
        self.committee.committee_did_change.connect(self._check)
        self.close_button.clicked.connect(self.reject)
        self.create_button.clicked.connect(self.submit)
        self.choose("resolution")

    # -- the template --------------------------------------------------------------------------

    def template(self) -> Template:
        key = next((k for k, b in self.template_buttons.items() if b.isChecked()), "resolution")
        return TEMPLATE_KEYS[key]

    def choose(self, key: str) -> None:
        self.template_buttons[key].setChecked(True)
        self._template_changed()

    def _template_toggled(self, on: bool) -> None:
        if on:  # the button chosen, not the one left
            self._template_changed()

    def _template_changed(self) -> None:
        template = self.template()
        kind = template.kind
        self.kind_label.setText(kind_words(kind, template.rule))
        resolution = kind in RESOLUTION_KINDS
        self.rule_box.setVisible(resolution)
        if resolution:
            self.rule_box.setCurrentIndex(self.rule_box.findData(template.rule))
        self.duration_box.setEnabled(kind != "hands")
        self.duration_box.setToolTip(
            self.tr("Giơ tay không tính giờ: biểu quyết kết thúc khi thư ký ghi kết quả đếm.") if kind == "hands"
            else self.tr("0 = không giới hạn: chủ tọa kết thúc biểu quyết.")
        )
        self.allow_change_box.setEnabled(kind == "open")
        self.allow_change_box.setChecked(kind == "open" and self._allow_default)
        self.allow_change_box.setToolTip(
            "" if kind == "open" else self.tr("Chỉ biểu quyết công khai cho phép sửa phiếu.")
        )
        self.sealed_label.setVisible(kind in SECRET_KINDS)
        if self.people_column.isVisibleTo(self) != (kind in SECRET_KINDS):
            self.people_column.setVisible(kind in SECRET_KINDS)
            self.fit()
        self.people.setVisible(kind in ("confidence", "election"))
        self.people.heading_label.setText(
            self.tr("Ứng cử viên") if kind == "election" else self.tr("Người được lấy phiếu")
        )
        for widget in (self.seats_label, self.seats_box):
            widget.setVisible(kind == "election")
        self.title_edit.setPlaceholderText(_tr(template.example) if template.example and not template.suggest else "")
        self._suggest()

    def fit(self) -> None:
        """Wide with the lists of people, narrower without; never wider or taller than the console."""
        parent = self.parentWidget()
        room = parent.window().size() if parent is not None else self.size()
        width = WIDE_PX if self.people_column.isVisibleTo(self) else NARROW_PX
        self.resize(min(width, room.width() - 40), min(TALL_PX, room.height() - 40))

    def _suggest(self) -> None:
        """The question starts as the item's title (or the template's words) until the chair types."""
        template = self.template()
        if template.suggest == "item":
            suggestion = str(self.item_box.currentData(Qt.ItemDataRole.ToolTipRole) or "")
        else:
            # Not translated: the question becomes the vote's title in the log and the records.
            suggestion = template.suggest
        if self.title_edit.text() in ("", self._suggested):
            self.title_edit.setText(suggestion)
        self._suggested = suggestion
        self._check()

    def _people_changed(self) -> None:
        count = len(self.people.chosen_ids())
        self.seats_box.setRange(1, max(1, count))
        self._check()

    # -- the command ---------------------------------------------------------------------------

    def rule(self) -> str:
        template = self.template()
        if template.kind in RESOLUTION_KINDS:
            return str(self.rule_box.currentData())
        return template.rule

    def args(self) -> dict[str, Any]:
        template = self.template()
        kind = template.kind
        rule = self.rule()
        args: dict[str, Any] = {
            "item_id": self.item_box.currentData(),
            "title": self.title_edit.text().strip(),
            "kind": kind,
            "rule": rule,
            "duration_s": 0 if kind == "hands" else self.duration_box.value(),
        }
        people = self.people.chosen()
        if kind == "confidence":
            args["options"] = list(NO_CONFIDENCE_OPTIONS if rule == "no_confidence" else CONFIDENCE_LEVELS)
            args["subjects"] = people
        elif kind == "election":
            args["options"] = [p["id"] for p in people]
            args["candidates"] = people
            args["seats"] = self.seats_box.value()
        else:
            args["options"] = list(RESOLUTION_OPTIONS)
        if kind == "open":
            args["allow_change"] = self.allow_change_box.isChecked()
        if kind in SECRET_KINDS:
            args["committee"] = self.committee.committee()
            args["sealed"] = True
        return args

    def problem(self) -> str:
        """Why the vote cannot be created yet, or ""."""
        args = self.args()
        kind = args["kind"]
        if not self.model.can("vote.create"):
            return self.tr("Chỉ chủ tọa và thư ký kỳ họp được tạo biểu quyết.")
        if args["item_id"] is None:
            return self.tr("Chưa có nội dung nào trong chương trình.")
        if not args["title"]:
            return self.tr("Nhập câu hỏi biểu quyết.")
        if 0 < args["duration_s"] < MIN_DURATION_S:
            return self.tr("Thời gian ít nhất {s} giây (hoặc không giới hạn).").format(s=MIN_DURATION_S)
        if kind == "confidence" and not args["subjects"]:
            return self.tr("Chọn người được lấy phiếu.")
        if kind == "election" and not args["candidates"]:
            return self.tr("Chọn ứng cử viên.")
        if kind in SECRET_KINDS:
            return self.committee.problem()
        return ""

    def _check(self) -> None:
        self.rule_label.setText(threshold_words(self.rule(), self.n_total))
        problem = self.problem()
        self.hint_label.setText(problem)
        self.hint_label.setVisible(bool(problem))
        self.create_button.setEnabled(not problem and self.sent is None)

    def submit(self) -> None:
        if self.problem() or self.sent is not None:
            return
        self.sent = self.args()
        self.error_label.hide()
        self.create_button.setEnabled(False)
        self.create_button.setText(self.tr("Đang gửi…"))
        send(self, self.model, "vote.create", self.sent, self._answered)

    def _answered(self, answer: dict[str, Any]) -> None:
        self.create_button.setText(self.tr("Tạo biểu quyết"))
        if answer.get("type") == "error":
            self.sent = None
            self.error_label.setText(str(answer.get("message") or self.tr("Máy chủ từ chối thao tác.")))
            self.error_label.show()
            self._check()
            return
        # The vote's id is the number of the event that created it (app.voting.decide_create).
        self.vote_did_get_created.emit(f"vote-{answer.get('seq')}")
        self.accept()
