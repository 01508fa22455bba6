"""Choosing people for a vote: the persons a ballot names (delegates, or officials typed in) and the
Ban kiểm phiếu with its head and secretary."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.model import ROLE_LABELS, MeetingState
from ui import theme
from ui.chair_attendance_words import fold

PERSON: Final = Qt.ItemDataRole.UserRole
"""The row's person: {"id", "name", "position"}."""
FREE_PREFIX: Final = "ngoai-"
"""Ids of the people typed in (officials who are not delegates): never a delegate's id."""
COMMITTEE_ADVISED: Final = 7  # DOMAIN.md: at least 7 delegates for a provincial council
COMMITTEE_LEAST: Final = 3  # app.voting.MIN_COMMITTEE: the server refuses fewer


def roles_words(roles: tuple[str, ...]) -> str:
    # Translated where lupdate has the role names (as the console's header does).
    named = [QCoreApplication.translate("SeatViewModel", ROLE_LABELS[r])
             for r in roles if r in ROLE_LABELS and r != "delegate"]
    return ", ".join(named)


class PeoplePicker(QWidget):
    """The meeting's delegates with their titles (and roles), each with a box to tick, searched
    without diacritics; with `free_entry`, a line to add a person who is not a delegate (name and
    position, e.g. an official of the UBND).

    Attributes: heading_label, search_edit, list, chosen_label, names_label (the choice in order), name_edit, position_edit, add_button (the last
    three None without free entry).
    Methods: fill(state), chosen() -> [{"id", "name", "position"}] in list order, set_chosen(ids),
    add_person(name, position) -> id.
    Signals: people_did_change.
    """

    people_did_change = Signal()

    def __init__(self, heading: str, free_entry: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._filled: object = None
        self._free = 0
        self.heading_label = QLabel(heading, self)
        self.heading_label.setStyleSheet("font-weight: bold;")
        self.chosen_label = QLabel(self)
        self.chosen_label.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
        top = QHBoxLayout()
        top.addWidget(self.heading_label, 1)
        top.addWidget(self.chosen_label)
        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("Tìm theo tên hoặc chức vụ"))
        self.search_edit.setClearButtonEnabled(True)
        self.list = QListWidget(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setStyleSheet("QListWidget { font-size: 12pt; } QListWidget::item { padding: 3px; }")
        self.list.setMinimumHeight(110)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.names_label = QLabel(self)
        self.names_label.setWordWrap(True)
        self.names_label.setTextFormat(Qt.TextFormat.PlainText)
        self.names_label.setStyleSheet(f"color: {theme.INK}; font-size: 12pt;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.names_label)
        self.name_edit: QLineEdit | None = None
        self.position_edit: QLineEdit | None = None
        self.add_button: QPushButton | None = None
        if free_entry:
            self.name_edit = QLineEdit(self)
            self.name_edit.setMaxLength(200)
            self.name_edit.setPlaceholderText(self.tr("Họ và tên"))
            self.position_edit = QLineEdit(self)
            self.position_edit.setMaxLength(200)
            self.position_edit.setPlaceholderText(self.tr("Chức vụ, ví dụ: Phó Chủ tịch UBND tỉnh"))
            self.add_button = QPushButton(self.tr("Thêm người"), self)
            self.add_button.setToolTip(self.tr("Thêm người không phải đại biểu HĐND (ví dụ thành viên UBND)"))
            self.add_button.setEnabled(False)
            entry = QHBoxLayout()
            entry.addWidget(self.name_edit, 2)
            entry.addWidget(self.position_edit, 3)
            entry.addWidget(self.add_button)
            note = QLabel(self.tr("Người không phải đại biểu:"), self)
            note.setStyleSheet(f"color: {theme.MUTED}; font-size: 12pt;")
            layout.addWidget(note)
            layout.addLayout(entry)
            self.name_edit.textChanged.connect(self._entry_changed)
            self.name_edit.returnPressed.connect(self._add_typed)
            self.position_edit.returnPressed.connect(self._add_typed)
            self.add_button.clicked.connect(self._add_typed)
        self.search_edit.textChanged.connect(self._filter)
        self.list.itemChanged.connect(self._item_changed)
        self._count()

    # -- reading -------------------------------------------------------------------------------

    def chosen(self) -> list[dict[str, str]]:
        return [
            dict(self.list.item(n).data(PERSON))
            for n in range(self.list.count())
            if self.list.item(n).checkState() == Qt.CheckState.Checked
        ]

    def chosen_ids(self) -> list[str]:
        return [p["id"] for p in self.chosen()]

    # -- filling and choosing ------------------------------------------------------------------

    def fill(self, state: MeetingState) -> None:
        """The delegates of the meeting, in protocol order; a choice already made stays."""
        if self._filled is state.delegates:
            return
        self._filled = state.delegates
        kept = set(self.chosen_ids())
        typed = [self.list.item(n) for n in range(self.list.count())
                 if str(self.list.item(n).data(PERSON)["id"]).startswith(FREE_PREFIX)]
        typed_people = [(dict(i.data(PERSON)), i.checkState()) for i in typed]
        self.list.blockSignals(True)
        self.list.clear()
        for delegate in sorted(state.delegates.values(), key=lambda d: d.delegate_id):
            roles = roles_words(delegate.roles)
            position = delegate.title
            self._append({"id": delegate.delegate_id, "name": delegate.name, "position": position},
                         delegate.delegate_id in kept, roles)
        for person, check in typed_people:
            self._append(person, check == Qt.CheckState.Checked, "")
        self.list.blockSignals(False)
        self._filter()
        self._count()

    def _append(self, person: dict[str, str], checked: bool, roles: str) -> QListWidgetItem:
        text = f"{person['name']} – {person['position']}" if person["position"] else person["name"]
        if roles:
            text += f" ({roles})"
        item = QListWidgetItem(text, self.list)
        item.setToolTip(text)
        item.setData(PERSON, person)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    def set_chosen(self, ids: list[str] | tuple[str, ...]) -> None:
        wanted = set(ids)
        self.list.blockSignals(True)
        for n in range(self.list.count()):
            item = self.list.item(n)
            on = item.data(PERSON)["id"] in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._item_changed()

    def add_person(self, name: str, position: str) -> str:
        """A person typed in, ticked at the end of the list; returns the id given to them."""
        self._free += 1
        taken = {self.list.item(n).data(PERSON)["id"] for n in range(self.list.count())}
        while f"{FREE_PREFIX}{self._free}" in taken:
            self._free += 1
        person = {"id": f"{FREE_PREFIX}{self._free}", "name": name.strip(), "position": position.strip()}
        self.list.blockSignals(True)
        item = self._append(person, True, "")
        self.list.blockSignals(False)
        self.list.scrollToItem(item)
        self._item_changed()
        return person["id"]

    def _add_typed(self) -> None:
        if self.name_edit is None or self.position_edit is None or not self.name_edit.text().strip():
            return
        self.search_edit.clear()  # the person added must be in sight
        self.add_person(self.name_edit.text(), self.position_edit.text())
        self.name_edit.clear()
        self.position_edit.clear()
        self.name_edit.setFocus()

    def _entry_changed(self) -> None:
        if self.add_button is not None and self.name_edit is not None:
            self.add_button.setEnabled(bool(self.name_edit.text().strip()))

    def _filter(self) -> None:
        needle = fold(self.search_edit.text())
        for n in range(self.list.count()):
            item = self.list.item(n)
            self.list.setRowHidden(n, bool(needle) and needle not in fold(item.text()))

    def _item_changed(self, *_: Any) -> None:
        self._count()
        self.people_did_change.emit()

    def _count(self) -> None:
        chosen = self.chosen()
        self.chosen_label.setText(self.tr("Đã chọn: {n}").format(n=len(chosen)))
        # The choice in order, whatever the search hides: the ballot lists them this way.
        self.names_label.setText("; ".join(f"{n}. {p['name']}" for n, p in enumerate(chosen, start=1)))
        self.names_label.setVisible(bool(chosen))


class CommitteePicker(QWidget):
    """The Ban kiểm phiếu: members ticked among the delegates, then its Trưởng ban and Thư ký
    among them; a warning (not a refusal) below seven members.

    Attributes: people (PeoplePicker), head_box, secretary_box, warning_label.
    Methods: fill(state), committee() -> {"head", "secretary", "members"} or None, set_committee(...),
    problem() -> why it cannot be sent yet, or "".
    Signals: committee_did_change.
    """

    committee_did_change = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.people = PeoplePicker(self.tr("Ban kiểm phiếu"), free_entry=False, parent=self)
        self.head_box = QComboBox(self)
        self.secretary_box = QComboBox(self)
        for box in (self.head_box, self.secretary_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(14)
        self.warning_label = QLabel(self)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(
            f"color: {theme.WARN}; background: {theme.WARN_BG}; border-radius: 6px; padding: 4px 8px;"
            " font-size: 12pt; font-weight: bold;"
        )
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Trưởng ban:"), self.head_box)
        form.addRow(self.tr("Thư ký:"), self.secretary_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.people, 1)
        layout.addLayout(form)
        layout.addWidget(self.warning_label)
        self.people.people_did_change.connect(self._members_changed)
        self.head_box.currentIndexChanged.connect(self._roles_changed)
        self.secretary_box.currentIndexChanged.connect(self._roles_changed)
        self._members_changed()

    def fill(self, state: MeetingState) -> None:
        self.people.fill(state)

    def set_committee(self, head: str, secretary: str, members: tuple[str, ...] | list[str]) -> None:
        self.people.set_chosen(list(members))
        self._select(self.head_box, head)
        self._select(self.secretary_box, secretary)

    def committee(self) -> dict[str, Any] | None:
        members = self.people.chosen_ids()
        head, secretary = self.head_box.currentData(), self.secretary_box.currentData()
        if not members or head is None or secretary is None:
            return None
        return {"head": head, "secretary": secretary, "members": members}

    def problem(self) -> str:
        members = self.people.chosen_ids()
        if len(members) < COMMITTEE_LEAST:
            return self.tr("Ban kiểm phiếu cần ít nhất {k} thành viên (Trưởng ban, Thư ký và ủy viên).").format(
                k=COMMITTEE_LEAST)
        if self.head_box.currentData() == self.secretary_box.currentData():
            return self.tr("Trưởng ban và Thư ký Ban kiểm phiếu phải là hai người khác nhau.")
        return ""

    def _select(self, box: QComboBox, delegate_id: str) -> None:
        index = box.findData(delegate_id)
        if index >= 0:
            box.setCurrentIndex(index)

    def _members_changed(self) -> None:
        chosen = self.people.chosen()
        head, secretary = self.head_box.currentData(), self.secretary_box.currentData()
        for box in (self.head_box, self.secretary_box):
            box.blockSignals(True)
            box.clear()
            for person in chosen:
                box.addItem(person["name"], person["id"])
            box.blockSignals(False)
        ids = [p["id"] for p in chosen]
        # A choice made stays while its person stays; else the first two members, in order.
        self.head_box.setCurrentIndex(ids.index(head) if head in ids else 0 if ids else -1)
        if secretary in ids and secretary != self.head_box.currentData():
            self.secretary_box.setCurrentIndex(ids.index(secretary))
        else:
            others = [n for n, i in enumerate(ids) if i != self.head_box.currentData()]
            self.secretary_box.setCurrentIndex(others[0] if others else -1)
        count = len(ids)
        self.warning_label.setText(
            self.tr("⚠ Ban kiểm phiếu mới có {n} thành viên: HĐND tỉnh cần ít nhất {k} đại biểu.").format(
                n=count, k=COMMITTEE_ADVISED)
        )
        self.warning_label.setVisible(count < COMMITTEE_ADVISED)
        self.committee_did_change.emit()

    def _roles_changed(self) -> None:
        self.committee_did_change.emit()
