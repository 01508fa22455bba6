"""The seat's voting panel: one question over the whole window, big buttons, a confirmation, the result."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.model import Person
from ui import theme
from ui.confirm_sound import ConfirmSound
from ui.seat_model import SeatViewModel
from ui.seat_speaking import TwoLineButton, clock_text
from ui.seat_vote_model import BUTTON_KINDS, Phase, SeatVoteModel, option_label

TICK_MS = 1000
OPTION_HEIGHT = 170
OPTION_MIN_WIDTH = 220
# "Không / biểu quyết" on a third of a 1366-pixel screen, at the 200 % text size.
OPTION_MAX_PT = 44
LEVEL_PT = 15
# Distinct without relying on red against green: blue, dark orange, slate. The words are the key.
def option_colour(key: str) -> str:
    """The colour of an option's button in the current look (theme.set_look)."""
    return {
        "tan_thanh": theme.ACCENT,
        "khong_tan_thanh": "#9c4300",
        "khong_bieu_quyet": "#4a525a",
        "tin_nhiem_cao": theme.ACCENT,
        "tin_nhiem": "#4a525a",
        "tin_nhiem_thap": "#9c4300",
        "khong_tin_nhiem": "#9c4300",
    }.get(key, theme.ACCENT)


BAND = "#0b2f5c"


def panel_css() -> str:
    """Each page's sheet: one place for the sizes (the theme's QPushButton would otherwise win)."""
    return f"""
QFrame#votePanel {{ background: {theme.PAPER}; }}
QWidget#voteBand {{ background: {theme.INK if theme.LOOK.high_contrast else BAND}; }}
QWidget#voteBand QLabel {{ color: white; font-weight: bold; }}
QLabel#voteTitle {{ font-size: {theme.pt(22)}pt; font-weight: bold; }}
QLabel#voteNote {{ font-size: {theme.pt(17)}pt; font-weight: bold; color: {theme.ACCENT}; }}
QLabel#voteNotice {{ font-size: {theme.pt(16)}pt; font-weight: bold; color: {theme.DANGER};
    background: {theme.DANGER_BG}; border: 2px solid {theme.DANGER}; border-radius: 8px; padding: 8px 12px; }}
QLabel#voteHint {{ font-size: {theme.pt(15)}pt; color: {theme.MUTED}; }}
QLabel#voteBig {{ font-size: {theme.pt(22)}pt; font-weight: bold; }}
QPushButton#votePrimary {{ background: {theme.ACCENT}; color: {theme.ON_ACCENT}; font-size: {theme.pt(20)}pt; min-height: {theme.px(84)}px;
    padding: 4px 36px; }}
QPushButton#votePrimary:focus, QPushButton#voteCheckIn:focus {{ background: {theme.FOCUS_BG}; color: {theme.INK};
    border: 5px solid {theme.INK}; }}
QPushButton#votePrimary:disabled {{ background: #eceff2; color: #4d545b; border-color: #9aa3ad; }}
QPushButton#voteSecondary {{ font-size: {theme.pt(18)}pt; min-height: {theme.px(84)}px; padding: 4px 30px; }}
QPushButton#voteCheckIn {{ background: {theme.ACCENT}; color: {theme.ON_ACCENT}; font-size: {theme.pt(22)}pt;
    min-height: {theme.px(96)}px;
    padding: 4px 48px; }}
QPushButton#voteCheckIn:disabled {{ background: {theme.LIVE_BG}; color: {theme.LIVE}; border-color: {theme.LIVE}; }}
QScrollArea#voteScroll, QWidget#voteRows {{ background: {theme.PAPER}; border: none; }}
QFrame#voteRow {{ border-bottom: 1px solid {theme.LINE}; }}
"""


def option_css(name: str, colour: str, *, filled: bool, size_pt: int, height: int, max_pt: int = 99) -> str:
    """A choice button: filled with its colour when it is the one (or, on a list, the one ticked),
    white with a border of that colour otherwise; the focus frame stays visible on both."""
    paper, ink = (colour, theme.ON_ACCENT) if filled else (theme.PAPER, colour)
    # The standard look keeps a filled button's colour under the focus frame; high contrast
    # turns whatever has the focus yellow, as everywhere else.
    focus = theme.FOCUS_BG if theme.LOOK.high_contrast else paper
    return (
        f"QPushButton#{name} {{ background: {paper}; color: {ink}; border: 3px solid {colour};"
        f" border-radius: 10px; font-size: {min(theme.pt(size_pt), max_pt)}pt; font-weight: bold; padding: 4px 12px;"
        f" min-height: {theme.px(height)}px; }}"
        f"QPushButton#{name}:focus {{ border: 6px solid {theme.INK}; background: {focus}; color: {theme.INK}; }}"
        f"QPushButton#{name}:disabled {{ background: #eceff2; color: #4d545b; border-color: #9aa3ad; }}"
    )


def _label(parent: QWidget, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(parent)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _big_button(text: str, name: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(True)  # Enter presses the button that has the focus
    return button


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
        self.name_label = _label(self)
        self.name_label.setText(person.name)
        self.name_label.setStyleSheet(f"font-size: {theme.pt(18)}pt; font-weight: bold;")
        self.position_label = _label(self)
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
            button = _big_button("", f"level_{level}", self)
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


class SeatVotePanel(QFrame):
    """Covers the seat's documents while a vote is open, and shows its result after.

    One page at a time (`pages`): the three buttons of a resolution, the list of a confidence
    vote or an election, the confirmation, the ballot's fate (pending, recorded with its receipt,
    refused), the check-in prompt, the show of hands, the result. The countdown ticks by the
    room's clock. Attributes: seat (the seat's view-model, for check-in), model (its voting),
    kind_label, clock_label, title_label, note_label, notice_label, option_buttons (by option),
    confidence_rows and candidate_buttons (by person id), review_button, remaining_label,
    limit_label, choice_label, choice_list, confirm_button, back_button, status_label,
    detail_label, receipt_label, change_button, keep_button, retry_button, check_in_button,
    message_label, summary_label, result_grid, outcome_label, own_label, close_button, timer,
    sound (ui.confirm_sound: the tone when the room records the ballot). Keys: Tab, the arrows or
    1/2/3 choose, Enter confirms, Escape goes back.
    """

    def __init__(self, seat: SeatViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.seat = seat
        self.model: SeatVoteModel = seat.voting
        self.setObjectName("votePanel")
        self.setStyleSheet(panel_css())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # holds the keyboard until Tab picks a button
        self._built_for: str | None = None
        self._phase: Phase = "none"
        self._focused: Phase | None = None  # the page that last took the keyboard focus
        self.sound = ConfirmSound(self)

        band = QWidget(self)
        band.setObjectName("voteBand")
        self.kind_label = _label(band, wrap=False)
        self.kind_label.setStyleSheet(f"font-size: {theme.pt(18)}pt;")
        self.clock_label = _label(band, wrap=False)
        self.clock_label.setStyleSheet(f"font-size: {theme.pt(24)}pt;")
        band_row = QHBoxLayout(band)
        band_row.setContentsMargins(24, 10, 24, 10)
        band_row.addWidget(self.kind_label, 1)
        band_row.addWidget(self.clock_label)

        self.title_label = _label(self, "voteTitle")
        self.note_label = _label(self, "voteNote")
        self.notice_label = _label(self, "voteNotice")
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_resolution())
        self.pages.addWidget(self._build_list())
        self.pages.addWidget(self._build_confirm())
        self.pages.addWidget(self._build_status())
        self.pages.addWidget(self._build_check_in())
        self.pages.addWidget(self._build_message())
        self.pages.addWidget(self._build_result())

        # Scrolled only when it must: at 200 % text on a 768-pixel screen the words need more
        # than the screen, and a clipped choice is worse than a scroll (Tab scrolls to the focus).
        self.body_scroll = QScrollArea(self)
        self.body_scroll.setObjectName("voteScroll")
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        host = QWidget()
        host.setObjectName("voteRows")
        body = QVBoxLayout(host)
        body.setContentsMargins(32, 16, 32, 20)
        body.setSpacing(12)
        for label in (self.title_label, self.note_label, self.notice_label):
            label.setParent(host)
            body.addWidget(label)
        self.pages.setParent(host)
        body.addWidget(self.pages, 1)
        self.body_scroll.setWidget(host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(band)
        layout.addWidget(self.body_scroll, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.model.vote_did_change.connect(self.refresh)
        seat.attendance_did_change.connect(self.refresh)
        self.refresh()

    # -- building ------------------------------------------------------------------------------

    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(16)
        return page, layout

    def _build_resolution(self) -> QWidget:
        page, layout = self._page()
        self.choose_hint = _label(page, "voteHint")
        self.choose_hint.setText(self.tr("Xin bấm một trong ba nút (hoặc phím 1, 2, 3). Sau đó bạn sẽ được hỏi lại để xác nhận."))
        row = QHBoxLayout()
        row.setSpacing(24)
        self.option_buttons: dict[str, OptionButton] = {}
        for key in ("tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"):
            button = OptionButton(option_label(key), f"option_{key}", page)
            button.setStyleSheet(option_css(f"option_{key}", option_colour(key), filled=True, size_pt=26, max_pt=OPTION_MAX_PT,
                                         height=OPTION_HEIGHT))
            button.clicked.connect(lambda _=False, k=key: self.model.choose(k))
            row.addWidget(button)
            self.option_buttons[key] = button
        # While changing a recorded choice (allow_change), the way back to it without a change.
        self.keep_button = _big_button(self.tr("Giữ lựa chọn đã ghi nhận"), "voteSecondary", page)
        self.keep_button.clicked.connect(self.model.keep)
        self.keep_button.hide()
        # Under the buttons, not over them: the confirmation's frame then covers all of their place.
        layout.addLayout(row)
        layout.addWidget(self.choose_hint)
        layout.addWidget(self.keep_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _build_list(self) -> QWidget:
        """The page of a confidence vote or an election: the people, then what is left to do."""
        page, layout = self._page()
        self.list_hint = _label(page, "voteBig")
        self.limit_label = _label(page, "voteNotice")
        self.people_scroll = QScrollArea(page)
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
        self.remaining_label = _label(page, "voteBig")
        self.review_button = _big_button(self.tr("Xem lại và gửi phiếu"), "votePrimary", page)
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
        return page

    def _build_confirm(self) -> QWidget:
        page, layout = self._page()
        # A resolution's choice in a frame taller than the three buttons and where they were:
        # a second tap of an impatient finger lands on these words, never on "Xác nhận".
        self.choice_frame = QFrame(page)
        self.choice_frame.setObjectName("voteChoice")
        self.choice_frame.setMinimumHeight(theme.px(OPTION_HEIGHT) + 24)
        self.confirm_heading = _label(self.choice_frame)
        self.confirm_heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.confirm_heading.setStyleSheet(f"font-size: {theme.pt(18)}pt; font-weight: bold;")
        self.choice_label = _label(self.choice_frame)
        self.choice_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        framed = QVBoxLayout(self.choice_frame)
        framed.addStretch(1)
        framed.addWidget(self.confirm_heading)
        framed.addWidget(self.choice_label)
        framed.addStretch(1)
        self.list_heading = _label(page, "voteBig")
        self.choice_scroll = QScrollArea(page)
        self.choice_scroll.setObjectName("voteScroll")
        self.choice_scroll.setWidgetResizable(True)
        self.choice_list = _label(self.choice_scroll)
        self.choice_list.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.choice_list.setStyleSheet(f"font-size: {theme.pt(17)}pt;")
        self.choice_scroll.setWidget(self.choice_list)
        self.confirm_hint = _label(page, "voteHint")
        self.confirm_button = _big_button(self.tr("Xác nhận"), "votePrimary", page)
        self.confirm_button.clicked.connect(self.model.confirm)
        self.back_button = _big_button(self.tr("Chọn lại"), "voteSecondary", page)
        self.back_button.clicked.connect(self.model.back)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        layout.addWidget(self.choice_frame)
        layout.addWidget(self.list_heading)
        layout.addWidget(self.choice_scroll, 1)
        layout.addWidget(self.confirm_hint)
        layout.addLayout(buttons)
        self._confirm_stretch = QWidget(page)  # takes the height the list does not on a resolution
        layout.addWidget(self._confirm_stretch, 1)
        for widget in (self.list_heading, self.choice_scroll, self.confirm_hint):
            widget.hide()  # a hidden part asks for no room: only one of the two forms shows
        return page

    def _build_status(self) -> QWidget:
        page, layout = self._page()
        self.status_label = _label(page)
        self.detail_label = _label(page)
        self.detail_label.setStyleSheet(f"font-size: {theme.pt(17)}pt;")
        self.receipt_label = _label(page)
        self.receipt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.final_label = _label(page, "voteHint")
        self.change_button = _big_button(self.tr("Đổi lựa chọn"), "voteSecondary", page)
        self.change_button.clicked.connect(self.model.change)
        self.retry_button = _big_button(self.tr("Bỏ phiếu lại"), "votePrimary", page)
        self.retry_button.clicked.connect(self.model.try_again)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        layout.addWidget(self.status_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.receipt_label)
        layout.addWidget(self.final_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        return page

    def _build_check_in(self) -> QWidget:
        page, layout = self._page()
        self.check_in_text = _label(page, "voteBig")
        self.check_in_text.setText(self.tr("Bạn chưa điểm danh nên chưa thể biểu quyết.\n"
                                           "Xin bấm nút «Điểm danh» dưới đây."))
        self.check_in_button = _big_button("", "voteCheckIn", page)
        self.check_in_button.clicked.connect(self.seat.check_in)
        layout.addWidget(self.check_in_text)
        layout.addWidget(self.check_in_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _build_message(self) -> QWidget:
        """The show of hands and the cancelled vote: words, and "Đóng" when there is nothing more."""
        page, layout = self._page()
        self.message_label = _label(page)
        self.message_label.setStyleSheet(f"font-size: {theme.pt(24)}pt; font-weight: bold;")
        self.message_hint = _label(page, "voteHint")
        self.message_close = _big_button(self.tr("Đóng"), "votePrimary", page)
        self.message_close.clicked.connect(self.model.dismiss)
        layout.addWidget(self.message_label)
        layout.addWidget(self.message_hint)
        layout.addWidget(self.message_close, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        return page

    def _build_result(self) -> QWidget:
        page, layout = self._page()
        self.result_heading = _label(page, "voteBig")
        self.summary_label = _label(page, "voteHint")
        self.result_scroll = QScrollArea(page)
        self.result_scroll.setObjectName("voteScroll")
        self.result_scroll.setWidgetResizable(True)
        self.result_grid = QGridLayout()  # replaced with each result (see _refresh_result)
        self._result_for: tuple[str, str | None] | None = None
        self.outcome_label = _label(page)
        self.outcome_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.own_label = _label(page)
        self.own_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = _big_button(self.tr("Đóng – về tài liệu"), "votePrimary", page)
        self.close_button.clicked.connect(self.model.dismiss)
        bottom = QHBoxLayout()
        bottom.addWidget(self.own_label, 1)
        bottom.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addWidget(self.result_heading)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.result_scroll, 1)
        layout.addWidget(self.outcome_label)
        layout.addLayout(bottom)
        return page

    def _build_people(self) -> None:
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Escape from any button of the confirmation (they pass it on to the panel): "Chọn lại".
        if event.key() == Qt.Key.Key_Escape and self.model.phase() == "confirming":
            self.model.back()
            return
        if self._choose_by_key(event.key()):
            return
        super().keyPressEvent(event)

    def _choose_by_key(self, key: int) -> bool:
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

    # -- refresh -------------------------------------------------------------------------------

    @property
    def wants_screen(self) -> bool:
        """Whether the panel should cover the documents now."""
        return self.model.phase() != "none"

    def refresh(self) -> None:
        model = self.model
        vote = model.vote
        phase = model.phase()
        self._build_people()
        if vote is None:
            self.timer.stop()
            self._phase = phase
            self._focused = None
            return
        kind = model.kind_text().upper()
        if phase == "closed":
            kind = self.tr("{kind} – ĐÃ KẾT THÚC").format(kind=kind)
        elif phase == "cancelled":
            kind = self.tr("{kind} – ĐÃ HỦY").format(kind=kind)
        self.kind_label.setText(kind)
        self.title_label.setText(vote.title)
        self.note_label.setText(self._note(phase))
        self.note_label.setVisible(bool(self.note_label.text()))
        notice = model.notice if phase in ("choosing", "check_in", "recorded") else ""
        self.notice_label.setText(notice)
        self.notice_label.setVisible(bool(notice))
        page = {
            "choosing": 1 if vote.kind in ("confidence", "election") else 0,
            "confirming": 2,
            "pending": 3,
            "recorded": 3,
            "refused": 3,
            "check_in": 4,
            "hands": 5,
            "cancelled": 5,
            "closed": 6,
        }.get(phase, 5)
        self.keep_button.setVisible(phase == "choosing" and model.changing)
        if model.changing:
            ballot = model.ballot
            kept = model.choice_lines(ballot.choice) if ballot is not None and ballot.choice is not None else []
            self.keep_button.setText(
                self.tr("Giữ lựa chọn đã ghi nhận: {choice}").format(choice=kept[0][1]) if len(kept) == 1
                else self.tr("Giữ lựa chọn đã ghi nhận"))
        if phase == "choosing" and vote.kind in ("confidence", "election"):
            self._refresh_list()
        elif phase == "confirming":
            self._refresh_confirm()
        elif phase in ("pending", "recorded", "refused"):
            self._refresh_status(phase)
        elif phase == "check_in":
            self._refresh_check_in()
        elif phase in ("hands", "cancelled"):
            self._refresh_message(phase)
        elif phase == "closed":
            self._refresh_result()
        self.pages.setCurrentIndex(page)
        self._tick()
        if model.remaining_s() is not None:
            if not self.timer.isActive():
                self.timer.start()
        else:
            self.timer.stop()
        if phase == "recorded" and self._phase in ("pending", "confirming"):
            self.sound.play()  # the room has it: heard even with the eyes on the chair
        self._phase = phase
        if not self.isVisible():
            self._focused = None
        elif phase != self._focused:
            # Once per page, and only on screen: a hidden widget cannot take the focus.
            self._focused = phase
            self._focus(phase)

    def _note(self, phase: Phase) -> str:
        vote = self.model.vote
        if vote is None or phase in ("closed", "cancelled"):
            return ""
        if vote.secret:
            return self.tr("Bỏ phiếu kín: không ai biết bạn chọn gì.")
        if vote.kind == "open":
            return self.tr("Biểu quyết công khai: lựa chọn của từng đại biểu được công bố.")
        return ""

    def _tick(self) -> None:
        left = self.model.remaining_s()
        phase = self.model.phase()
        if left is None or phase in ("closed", "cancelled"):
            self.clock_label.setText("")
            return
        if left <= 0:
            self.clock_label.setText(self.tr("Hết giờ"))
        else:
            self.clock_label.setText(self.tr("Còn {t}").format(t=clock_text(left)))

    def _focus(self, phase: Phase) -> None:
        """The page's first control takes the keyboard (Tab moves on, Enter or Space presses)."""
        target: QWidget | None = None
        if phase == "choosing":
            # The panel itself, not a choice: Tab then reaches the first button.
            target = self
        elif phase == "confirming":
            target = self.confirm_button
        elif phase == "check_in":
            target = self.check_in_button
        elif phase == "closed":
            target = self.close_button
        elif phase == "cancelled":
            target = self.message_close
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _toggle(self, candidate_id: str) -> None:
        self.model.toggle(candidate_id)
        self.refresh()  # a refused tick must not stay checked

    def _refresh_list(self) -> None:
        model = self.model
        vote = model.vote
        assert vote is not None
        if vote.kind == "confidence":
            self.list_hint.setText(self.tr("Mỗi người chọn một mức. Bấm lại mức đã chọn để bỏ."))
            self.list_hint.setStyleSheet(f"font-size: {theme.pt(17)}pt; font-weight: bold;")
            marks = model.draft if isinstance(model.draft, dict) else {}
            for person_id, row in self.confidence_rows.items():
                row.show_mark(marks.get(person_id))
            missing = model.missing_marks()
            self.remaining_label.setText(
                self.tr("Còn {n} người chưa đánh giá").format(n=missing) if missing
                else self.tr("Đã đánh giá đủ {n} người").format(n=len(self.confidence_rows)))
            self.remaining_label.setStyleSheet(f"color: {theme.WARN if missing else theme.LIVE};")
            self.limit_label.hide()
            self.remaining_label.show()
        else:
            seats = model.seats()
            self.list_hint.setText(self.tr("Chọn tối đa {k} người").format(k=seats))
            self.list_hint.setStyleSheet("")
            picked = model.chosen()
            for person in model.people():
                button = self.candidate_buttons[person.person_id]
                on = person.person_id in picked
                button.setChecked(on)
                button.set_lines(("✓ " if on else "○ ") + person.name, person.position)
                theme.restyle(button, option_css(button.objectName(), theme.ACCENT, filled=on, size_pt=14, height=56))
                button.paint_lines(theme.ON_ACCENT if on else theme.INK, 19, 14)
            self.remaining_label.setText(self.tr("Đã chọn {n}/{k} người").format(n=len(picked), k=seats))
            self.remaining_label.setStyleSheet(f"color: {theme.INK};")
            self.limit_label.setText(self.tr("Bạn đã chọn đủ {k} người. Muốn chọn người khác, xin bỏ chọn "
                                             "một người trước.").format(k=seats))
            self.limit_label.setVisible(model.over_limit)
            self.remaining_label.setVisible(not model.over_limit)
        self.review_button.setEnabled(model.can_review())

    def _refresh_confirm(self) -> None:
        model = self.model
        vote = model.vote
        assert vote is not None
        resolution = vote.kind in BUTTON_KINDS
        if resolution:
            key = str(model.draft)
            colour = option_colour(key)
            self.confirm_heading.setText(self.tr("Bạn chọn:"))
            self.choice_label.setText(option_label(key).upper())
            self.choice_label.setStyleSheet(f"font-size: {theme.pt(34)}pt; font-weight: bold; color: {colour};")
            theme.restyle(self.choice_frame, f"QFrame#voteChoice {{ border: 4px solid {colour}; border-radius: 12px; }}")
        else:
            self.list_heading.setText(self.tr("Phiếu của bạn:"))
            self.choice_list.setText(self._lines_html(model.choice_lines()))
            self.confirm_hint.setText(self.tr("Bấm «Xác nhận» để gửi phiếu. Muốn sửa, bấm «Chọn lại»."))
        self.choice_frame.setVisible(resolution)
        self._confirm_stretch.setVisible(resolution)
        for widget in (self.list_heading, self.choice_scroll, self.confirm_hint):
            widget.setVisible(not resolution)

    @staticmethod
    def _lines_html(lines: list[tuple[str, str]]) -> str:
        rows = "".join(
            f"<tr><td style='padding: 4px 24px 4px 0'>{who}</td><td style='padding: 4px 0'><b>{what}</b></td></tr>"
            if who else f"<tr><td colspan='2' style='padding: 4px 0'><b>{what}</b></td></tr>"
            for who, what in lines
        )
        return f"<table>{rows}</table>"

    def _refresh_status(self, phase: Phase) -> None:
        model = self.model
        vote, ballot = model.vote, model.ballot
        assert vote is not None
        lines = model.choice_lines(ballot.choice) if ballot is not None and ballot.choice is not None else []
        single = len(lines) == 1 and not lines[0][0]
        self.receipt_label.hide()
        self.change_button.hide()
        self.retry_button.hide()
        self.final_label.hide()
        detail = ""
        if phase == "pending":
            if model.online:
                head, colour = self.tr("Đang gửi phiếu…"), theme.ACCENT
            else:
                head, colour = self.tr("Chưa gửi – sẽ tự gửi khi có mạng"), theme.WARN
            what = lines[0][1] if single else ""
            detail = self.tr("Bạn chọn: {choice}").format(choice=f"<b>{what}</b>") if what else self._lines_html(lines)
            self.final_label.setText(self.tr("Phiếu đã ký và lưu trên máy; xin đừng tắt máy."))
            self.final_label.show()
        elif phase == "recorded":
            colour = theme.LIVE
            if single:
                head = self.tr("✓ Đã ghi nhận: {choice}").format(choice=lines[0][1])
            else:
                head = self.tr("✓ Phiếu của bạn đã được ghi nhận")
                detail = self._lines_html(lines) if lines else ""
            self._show_receipt()
            if vote.allow_change:
                self.change_button.show()
                self.final_label.setText(self.tr("Bạn có thể đổi lựa chọn cho đến khi biểu quyết kết thúc."))
            else:
                self.final_label.setText(self.tr("Phiếu đã ghi nhận không thay đổi được. "
                                                 "Xin chờ chủ tọa công bố kết quả."))
            self.final_label.show()
        else:
            colour = theme.DANGER
            head = ballot.message if ballot is not None else ""
            if ballot is not None and ballot.code not in ("vote_closed", "already_voted"):
                self.retry_button.show()
        self.status_label.setText(head)
        self.status_label.setStyleSheet(f"font-size: {theme.pt(26)}pt; font-weight: bold; color: {colour};")
        self.detail_label.setText(detail)
        self.detail_label.setVisible(bool(detail))

    def _show_receipt(self) -> None:
        model = self.model
        vote, ballot = model.vote, model.ballot
        if vote is None or not vote.secret or ballot is None or ballot.status != "recorded":
            return
        code = ballot.receipt
        spaced = f"{code[:5]} {code[5:]}"
        problem = model.receipt_problem()
        listed = model.receipt_listed()
        if listed is True:
            check = self.tr("✓ Mã này có trong danh sách mã biên nhận đã kiểm.")
        elif listed is False:
            check = self.tr("Mã này KHÔNG có trong danh sách mã biên nhận đã công bố. Xin báo Ban kiểm phiếu.")
        else:
            check = self.tr("Ghi lại mã này để đối chiếu với danh sách mã biên nhận công bố sau khi kiểm phiếu.")
        warn = problem or (check if listed is False else "")
        caption = self.tr("Mã biên nhận:")  # outside the f-string, where lupdate finds it
        html = (
            f"<span style='font-size: {theme.pt(17)}pt'>{caption}</span> "
            f"<span style='font-size: {theme.pt(30)}pt; font-weight: bold; font-family: \"DejaVu Sans Mono\", monospace;"
            f" letter-spacing: 2px'>{spaced}</span><br>"
            f"<span style='font-size: {theme.pt(14)}pt; color: {theme.DANGER if warn else theme.MUTED}'>{warn or check}</span>"
        )
        self.receipt_label.setText(html)
        self.receipt_label.setAccessibleName(self.tr("Mã biên nhận: {code}").format(code=code))
        self.receipt_label.show()

    def _refresh_check_in(self) -> None:
        pending = self.seat.check_in_pending
        self.check_in_button.setText(self.tr("Đang điểm danh…") if pending else self.tr("Điểm danh"))
        self.check_in_button.setEnabled(not pending)

    def _refresh_message(self, phase: Phase) -> None:
        vote = self.model.vote
        assert vote is not None
        if phase == "hands":
            self.message_label.setText(self.tr("Biểu quyết giơ tay: xin giơ tay theo hướng dẫn của chủ tọa."))
            self.message_label.setStyleSheet(f"font-size: {theme.pt(26)}pt; font-weight: bold; color: {theme.ACCENT};")
            self.message_close.hide()
            self.message_hint.hide()
        else:
            reason = vote.cancel_reason or self.tr("không nêu lý do")
            self.message_label.setText(self.tr("Cuộc biểu quyết đã bị hủy: {reason}").format(reason=reason))
            self.message_label.setStyleSheet(f"font-size: {theme.pt(24)}pt; font-weight: bold; color: {theme.WARN};")
            self.message_hint.setText(self.tr("Phiếu đã bỏ (nếu có) không được tính. Bấm «Đóng» để trở về tài liệu."))
            self.message_hint.show()
            self.message_close.show()

    def _refresh_result(self) -> None:
        model = self.model
        vote = model.vote
        assert vote is not None
        self.result_heading.setText(self.tr("Kết quả"))
        self.summary_label.setText(model.result_summary())
        key = (vote.vote_id, vote.closed_at)
        if key != self._result_for:  # a result does not change: its table is made once
            self._result_for = key
            self._fill_result_table()
        outcome = model.outcome_text()
        self.outcome_label.setText(outcome)
        passed = vote.result is not None and vote.result.get("outcome") == "passed"
        colour = theme.LIVE if passed else theme.DANGER
        self.outcome_label.setStyleSheet(
            f"font-size: {theme.pt(30)}pt; font-weight: bold; color: {colour}; border: 4px solid {colour};"
            "border-radius: 10px; padding: 6px 18px;")
        self.outcome_label.setVisible(bool(outcome))
        self.own_label.setText(self._own_line())
        self.own_label.setStyleSheet(f"font-size: {theme.pt(16)}pt;")

    def _fill_result_table(self) -> None:
        """Names down the left, one column per figure (counts right-aligned), then the mark."""
        model = self.model
        vote = model.vote
        assert vote is not None
        host = QWidget()
        host.setObjectName("voteRows")
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(10)
        people = vote.kind in ("confidence", "election")
        size = theme.pt(16 if people else 20)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        header = model.result_header()
        for column, title in enumerate(header, start=1):
            cell = _label(host, "voteHint", wrap=False)
            cell.setText(title)
            grid.addWidget(cell, 0, column, right)
        for row, line in enumerate(model.result_rows(), start=1):
            name = _label(host)
            detail = f"<br><span style='font-size: {theme.pt(13)}pt; color: {theme.MUTED}; font-weight: normal'>" \
                     f"{line.detail}</span>" if line.detail else ""
            name.setText(f"{line.name}{detail}")
            name.setStyleSheet(f"font-size: {size}pt; font-weight: bold;")
            grid.addWidget(name, row, 0)  # no alignment: a wrapped position keeps its second line
            for column, figure in enumerate(line.cells, start=1):
                cell = _label(host, wrap=False)
                cell.setText(figure)
                cell.setStyleSheet(f"font-size: {size}pt; font-weight: {'bold' if line.strong else 'normal'};")
                grid.addWidget(cell, row, column, right)
            mark = _label(host, wrap=False)
            mark.setText(line.mark)
            mark.setStyleSheet(f"font-size: {size}pt; font-weight: bold; color: {theme.ACCENT};")
            grid.addWidget(mark, row, len(header) + 1, left)
        # The marks' column takes what is left, so the figures stay beside the names they count.
        grid.setColumnStretch(len(header) + 1, 1)
        grid.setRowStretch(grid.rowCount(), 1)
        self.result_grid = grid
        self.result_scroll.setWidget(host)  # the previous table goes with its host

    def _own_line(self) -> str:
        """What became of this seat's ballot, under the result."""
        model = self.model
        vote, ballot = model.vote, model.ballot
        assert vote is not None
        if ballot is not None and ballot.status == "refused":
            return f"<span style='color: {theme.DANGER}; font-weight: bold'>{ballot.message}</span>"
        if ballot is not None and ballot.status == "pending":
            return f"<span style='color: {theme.WARN}; font-weight: bold'>" + self.tr(
                "Phiếu của bạn chưa đến máy chủ trước khi biểu quyết kết thúc.") + "</span>"
        if vote.kind == "open":
            mine = model.my_recorded_option()
            if mine is None:
                return self.tr("Bạn không biểu quyết nội dung này.")
            return self.tr("Lựa chọn của bạn đã được tính: <b>{choice}</b>").format(choice=option_label(mine))
        if vote.secret and ballot is not None and ballot.status == "recorded":
            code = ballot.receipt
            listed = model.receipt_listed()
            if listed:
                check = f"<span style='color: {theme.LIVE}'>" + self.tr(
                    "✓ có trong danh sách mã biên nhận đã kiểm") + "</span>"
            else:
                check = f"<span style='color: {theme.DANGER}; font-weight: bold'>" + self.tr(
                    "KHÔNG có trong danh sách mã biên nhận đã kiểm. Xin báo Ban kiểm phiếu.") + "</span>"
            return self.tr("Mã biên nhận của bạn: <b style='font-size: 22pt'>{code}</b> – {check}").format(
                code=f"{code[:5]} {code[5:]}", check=check)
        return ""
