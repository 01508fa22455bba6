"""The seat's choosing pages: a resolution's three buttons (with the keys that press them), and the
list of a confidence vote or an election. Their words keep the "SeatVotePanel" context they are
translated under (resources/translations)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.model import Person
from ui import theme
from ui.seat_speaking import TwoLineButton
from ui.seat_vote_model import SeatVoteModel
from ui.seat_vote_phase import BUTTON_KINDS
from ui.seat_vote_results import option_label
from ui.seat_vote_style import (
    LEVEL_PT,
    OPTION_HEIGHT,
    OPTION_MAX_PT,
    OPTION_MIN_WIDTH,
    option_colour,
    option_css,
    page_layout,
    vote_button,
    vote_label,
)


class OptionButton(QPushButton):
    """One of a resolution's three buttons. Its words stay on one line when they fit, else break
    after the first word ("Không / tán thành"), so the type stays as big on a 1024-pixel tablet.
    Attributes: words (the label, whatever the lines)."""

    def __init__(self, words: str, name: str, parent: QWidget | None = None):
        super().__init__(words, parent)
        self.words = words
        self.setObjectName(name)
        self.setAutoDefault(True)
        # Reached with Tab, never focused by a tap or by the panel: a focus frame on one of the
        # three would look like a choice made or suggested.
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setAccessibleName(words)
        self.setMinimumHeight(theme.px(OPTION_HEIGHT))
        # Not the width of the words: they break over two lines instead (see resizeEvent).
        self.setMinimumWidth(OPTION_MIN_WIDTH)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        # One width for the three, so none looks more important than another.
        return QSize(OPTION_MIN_WIDTH, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        room = self.width() - 40  # the border and padding of option_css
        one_line = self.fontMetrics().horizontalAdvance(self.words) <= room
        text = self.words if one_line or " " not in self.words else self.words.replace(" ", "\n", 1)
        if self.text() != text:
            self.setText(text)


class ConfidenceRow(QFrame):
    """One person on a confidence ballot: name and position, one toggle per level.

    Attributes: person, name_label, position_label, buttons (by level).
    """

    def __init__(self, person: Person, levels: tuple[str, ...], model: SeatVoteModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("voteRow")
        self.person = person
        self.name_label = vote_label(self)
        self.name_label.setText(person.name)
        self.name_label.setStyleSheet(f"font-size: {theme.pt(18)}pt; font-weight: bold;")
        self.position_label = vote_label(self)
        self.position_label.setText(person.position)
        self.position_label.setStyleSheet(f"font-size: {theme.pt(14)}pt; color: {theme.MUTED};")
        self.position_label.setVisible(bool(person.position))
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.name_label)
        who.addWidget(self.position_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.setSpacing(12)
        row.addLayout(who, 1)
        # One width for every level, ticked or not, so the columns line up from row to row.
        type_ = QFont(self.font())
        type_.setPointSize(theme.pt(LEVEL_PT))
        type_.setBold(True)
        metrics = QFontMetrics(type_)
        width = max(metrics.horizontalAdvance("✓ " + option_label(level)) for level in levels) + 40
        self.buttons: dict[str, QPushButton] = {}
        for level in levels:
            button = vote_button("", f"level_{level}", self)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a tap leaves no frame that looks like a mark
            button.setFixedWidth(width)
            button.clicked.connect(lambda _=False, lv=level: model.mark(person.person_id, lv))
            row.addWidget(button)
            self.buttons[level] = button

    def show_mark(self, mark: str | None) -> None:
        for level, button in self.buttons.items():
            on = level == mark
            button.setChecked(on)
            button.setText(("✓ " if on else "") + option_label(level))
            button.setAccessibleName(f"{self.person.name}: {option_label(level)}")
            theme.restyle(button, option_css(f"level_{level}", option_colour(level),
                                             filled=on, size_pt=LEVEL_PT, height=52))


class SeatChoicePage(QWidget):
    """A resolution's page: its three buttons and, while changing a recorded choice, the way back
    to it. Attributes: choose_hint, option_buttons (by option), keep_button."""

    def __init__(self, model: SeatVoteModel, parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the theme paints it as a plain QWidget
        self.model = model
        layout = page_layout(self)
        self.choose_hint = vote_label(self, "voteHint")
        self.choose_hint.setText(QCoreApplication.translate(
            "SeatVotePanel",
            "Xin bấm một trong ba nút (hoặc phím 1, 2, 3). Sau đó bạn sẽ được hỏi lại để xác nhận."))
        row = QHBoxLayout()
        row.setSpacing(24)
        self.option_buttons: dict[str, OptionButton] = {}
        for key in ("tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"):
            button = OptionButton(option_label(key), f"option_{key}", self)
            button.setStyleSheet(option_css(f"option_{key}", option_colour(key), filled=True, size_pt=26, max_pt=OPTION_MAX_PT,
                                         height=OPTION_HEIGHT))
            button.clicked.connect(lambda _=False, k=key: self.model.choose(k))
            row.addWidget(button)
            self.option_buttons[key] = button
        # While changing a recorded choice (allow_change), the way back to it without a change.
        self.keep_button = vote_button(QCoreApplication.translate("SeatVotePanel", "Giữ lựa chọn đã ghi nhận"),
                                       "voteSecondary", self)
        self.keep_button.clicked.connect(self.model.keep)
        self.keep_button.hide()
        # Under the buttons, not over them: the confirmation's frame then covers all of their place.
        layout.addLayout(row)
        layout.addWidget(self.choose_hint)
        layout.addWidget(self.keep_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def choose_by_key(self, key: int) -> bool:
        """On a resolution's three buttons: 1, 2 and 3 press them, the arrows move between them
        (the buttons pass both on to the panel). Nothing is sent before «Xác nhận»."""
        vote = self.model.vote
        if vote is None or vote.kind not in BUTTON_KINDS or self.model.phase() != "choosing":
            return False
        buttons = [b for b in self.option_buttons.values() if b.isVisible() and b.isEnabled()]
        by_digit = dict(zip((Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3), buttons, strict=False))
        if key in by_digit:
            by_digit[Qt.Key(key)].click()
            return True
        step = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}.get(Qt.Key(key))
        if step is None or not buttons:
            return False
        focused = next((i for i, b in enumerate(buttons) if b.hasFocus()), -1 if step > 0 else len(buttons))
        buttons[max(0, min(len(buttons) - 1, focused + step))].setFocus(Qt.FocusReason.TabFocusReason)
        return True


class SeatListPage(QWidget):
    """The page of a confidence vote or an election: the people, then what is left to do.

    `after_toggle` refreshes the whole panel once a candidate is ticked: a refused tick must not
    stay checked. Attributes: list_hint, limit_label, people_scroll, rows_widget, rows_layout,
    confidence_rows and candidate_buttons (by person id), remaining_label, review_button.
    """

    def __init__(self, model: SeatVoteModel, after_toggle: Callable[[], None], parent: QWidget):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)  # the theme paints it as a plain QWidget
        self.model = model
        self._after_toggle = after_toggle
        self._built_for: str | None = None
        layout = page_layout(self)
        self.list_hint = vote_label(self, "voteBig")
        self.limit_label = vote_label(self, "voteNotice")
        self.people_scroll = QScrollArea(self)
        self.people_scroll.setObjectName("voteScroll")
        self.people_scroll.setWidgetResizable(True)
        self.people_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_widget = QWidget()
        self.rows_widget.setObjectName("voteRows")
        self.rows_layout = QVBoxLayout(self.rows_widget)
        self.rows_layout.setContentsMargins(0, 0, 8, 0)
        self.rows_layout.setSpacing(8)
        self.people_scroll.setWidget(self.rows_widget)
        self.confidence_rows: dict[str, ConfidenceRow] = {}
        self.candidate_buttons: dict[str, TwoLineButton] = {}
        self.remaining_label = vote_label(self, "voteBig")
        self.review_button = vote_button(QCoreApplication.translate("SeatVotePanel", "Xem lại và gửi phiếu"),
                                         "votePrimary", self)
        self.review_button.clicked.connect(self.model.review)
        # The note on a full election ballot takes the count's place, beside the button.
        footer = QHBoxLayout()
        footer.setSpacing(16)
        footer.addWidget(self.remaining_label, 1)
        footer.addWidget(self.limit_label, 1)
        footer.addWidget(self.review_button)
        layout.addWidget(self.list_hint)
        layout.addWidget(self.people_scroll, 1)
        layout.addLayout(footer)

    def build_people(self) -> None:
        """The rows of the vote now shown (once per vote: ticking must not rebuild them)."""
        vote = self.model.vote
        vote_id = vote.vote_id if vote is not None else None
        if vote_id == self._built_for:
            return
        self._built_for = vote_id
        while self.rows_layout.count():
            item = self.rows_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.confidence_rows.clear()
        self.candidate_buttons.clear()
        if vote is None:
            return
        if vote.kind == "confidence":
            for person in vote.subjects:
                row = ConfidenceRow(person, vote.options, self.model, self.rows_widget)
                self.rows_layout.addWidget(row)
                self.confidence_rows[person.person_id] = row
        elif vote.kind == "election":
            for person in vote.candidates:
                button = TwoLineButton(self.rows_widget, Qt.AlignmentFlag.AlignLeft)
                button.setObjectName(f"candidate_{person.person_id}")
                button.setCheckable(True)
                button.setAutoDefault(True)
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                button.clicked.connect(lambda _=False, p=person.person_id: self._toggle(p))
                self.rows_layout.addWidget(button)
                self.candidate_buttons[person.person_id] = button
        self.rows_layout.addStretch(1)

    def _toggle(self, candidate_id: str) -> None:
        self.model.toggle(candidate_id)
        self._after_toggle()  # a refused tick must not stay checked

    def refresh(self) -> None:
        model = self.model
        vote = model.vote
        assert vote is not None
        if vote.kind == "confidence":
            self.list_hint.setText(QCoreApplication.translate(
                "SeatVotePanel", "Mỗi người chọn một mức. Bấm lại mức đã chọn để bỏ."))
            self.list_hint.setStyleSheet(f"font-size: {theme.pt(17)}pt; font-weight: bold;")
            marks = model.draft if isinstance(model.draft, dict) else {}
            for person_id, row in self.confidence_rows.items():
                row.show_mark(marks.get(person_id))
            missing = model.missing_marks()
            self.remaining_label.setText(
                QCoreApplication.translate("SeatVotePanel", "Còn {n} người chưa đánh giá").format(n=missing)
                if missing else QCoreApplication.translate(
                    "SeatVotePanel", "Đã đánh giá đủ {n} người").format(n=len(self.confidence_rows)))
            self.remaining_label.setStyleSheet(f"color: {theme.WARN if missing else theme.LIVE};")
            self.limit_label.hide()
            self.remaining_label.show()
        else:
            seats = model.seats()
            self.list_hint.setText(QCoreApplication.translate(
                "SeatVotePanel", "Chọn tối đa {k} người").format(k=seats))
            self.list_hint.setStyleSheet("")
            picked = model.chosen()
            for person in model.people():
                button = self.candidate_buttons[person.person_id]
                on = person.person_id in picked
                button.setChecked(on)
                button.set_lines(("✓ " if on else "○ ") + person.name, person.position)
                theme.restyle(button, option_css(button.objectName(), theme.ACCENT, filled=on, size_pt=14, height=56))
                button.paint_lines(theme.ON_ACCENT if on else theme.INK, 19, 14)
            self.remaining_label.setText(QCoreApplication.translate(
                "SeatVotePanel", "Đã chọn {n}/{k} người").format(n=len(picked), k=seats))
            self.remaining_label.setStyleSheet(f"color: {theme.INK};")
            self.limit_label.setText(QCoreApplication.translate(
                "SeatVotePanel", "Bạn đã chọn đủ {k} người. Muốn chọn người khác, xin bỏ chọn "
                                 "một người trước.").format(k=seats))
            self.limit_label.setVisible(model.over_limit)
            self.remaining_label.setVisible(not model.over_limit)
        self.review_button.setEnabled(model.can_review())
