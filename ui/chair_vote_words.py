"""The words of a vote on the presidium's console: app.vote_labels in the interface language, and
the figures (thresholds, durations, counts with their share) as the law words them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.model import MeetingState, Vote
from app.vote_labels import OPTION_LABELS, RULE_LABELS, STATUS_LABELS, kind_label
from app.vote_rules import percent
from ui.vote_words import label


def kind_words(kind: str, rule: str) -> str:
    return label(kind_label(kind, rule))


def rule_words(rule: str) -> str:
    return label(RULE_LABELS.get(rule, rule))


def option_words(option: str) -> str:
    return label(OPTION_LABELS.get(option, option))


def status_words(status: str) -> str:
    if status == "counting":  # a sealed vote between its close and its result (docs/sealed.md)
        return QCoreApplication.translate("ChairVotes", "Đang kiểm phiếu")
    return label(STATUS_LABELS.get(status, status))


def needed(rule: str, n_total: int) -> int | None:
    """The fewest votes in favour that carry the rule, of N; None when B (ballots collected) decides."""
    if rule in ("majority_of_all", "election"):
        return n_total // 2 + 1
    if rule == "two_thirds_of_all":
        return -(-2 * n_total // 3)
    return None


def threshold_words(rule: str, n_total: int) -> str:
    """The rule with its figure: "Quá nửa tổng số đại biểu: cần ít nhất 43/85 đại biểu tán thành"."""
    least = needed(rule, n_total)
    if least is None:
        return rule_words(rule)
    if rule == "election":
        text = QCoreApplication.translate("ChairVotes", "{rule}: người trúng cử cần ít nhất {k}/{n} phiếu bầu")
    else:
        text = QCoreApplication.translate("ChairVotes", "{rule}: cần ít nhất {k}/{n} đại biểu tán thành")
    return text.format(rule=rule_words(rule), k=least, n=n_total)


def duration_words(seconds: int) -> str:
    if seconds <= 0:
        return QCoreApplication.translate("ChairVotes", "Không giới hạn (chủ tọa kết thúc)")
    minutes, rest = divmod(seconds, 60)
    if minutes and rest:
        return QCoreApplication.translate("ChairVotes", "{m} phút {s} giây").format(m=minutes, s=rest)
    if minutes:
        return QCoreApplication.translate("ChairVotes", "{m} phút").format(m=minutes)
    return QCoreApplication.translate("ChairVotes", "{s} giây").format(s=rest)


def share(count: int, denominator: int) -> str:
    """ "43 (50,59%)": the count and its share, as DOMAIN.md writes percentages."""
    return f"{count} ({percent(count, denominator)})"


def n_words(n_total: int) -> str:
    return QCoreApplication.translate("ChairVotes", "N = {n} (tổng số đại biểu đang giữ quyền)").format(n=n_total)


def hopeless_warning(present: int, n_total: int) -> str:
    return QCoreApplication.translate(
        "ChairVotes",
        "Số đại biểu có mặt ({x}) không quá nửa tổng số ({n}): không nghị quyết nào có thể được thông qua.",
    ).format(x=present, n=n_total)


def hopeless_question(present: int, n_total: int) -> str:
    return hopeless_warning(present, n_total) + " " + QCoreApplication.translate("ChairVotes", "Vẫn mở?")


def confirming_title(vote: Vote) -> str:
    """The resolution that confirms a secret ballot's result, as the hall will read it. Never
    translated: it becomes the vote's title in the log, the seats and the records."""
    lead = "Thông qua Nghị quyết xác nhận kết quả"
    if vote.kind == "confidence":
        what = "bỏ phiếu tín nhiệm" if vote.rule == "no_confidence" else "lấy phiếu tín nhiệm"
        rest = _without_prefix(vote.title, what)
        # "Lấy phiếu tín nhiệm đối với …" reads "… kết quả lấy phiếu tín nhiệm đối với …".
        text = f"{lead} {what}: {vote.title}" if rest is None else f"{lead} {what} {rest}"
    elif vote.kind == "election":
        # "Bầu Chủ tịch UBND tỉnh" reads "kết quả bầu Chủ tịch UBND tỉnh", not "bầu Bầu …".
        rest = _without_prefix(vote.title, "bầu")
        text = f"{lead} bầu {vote.title if rest is None else rest}"
    else:
        text = f"{lead} bỏ phiếu kín: {vote.title}"
    return text.strip()[:200]  # app.fields.Name


def _without_prefix(title: str, words: str) -> str | None:
    """The rest of `title` after `words` (any case), or None when it does not start with them."""
    head = title[: len(words)]
    if head.casefold() == words.casefold() and title[len(words): len(words) + 1] in (" ", ""):
        return title[len(words):].strip()
    return None


def person_line(name: str, position: str) -> str:
    return f"{name} – {position}" if position else name


def delegate_line(state: MeetingState, delegate_id: str) -> str:
    delegate = state.delegates.get(delegate_id)
    return delegate.name if delegate is not None else delegate_id
