"""A closed vote's result as the seat shows it: the line of totals, the columns, one row per
option or person, and the outcome. The words stay under the model's translation context."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.model import Vote
from app.vote_labels import (
    CONSEQUENCE_LABELS,
    ELECTED_LABEL,
    NOT_VOTED_LABEL,
    OPTION_LABELS,
    OUTCOME_LABELS,
    TIE_LABEL,
)
from app.vote_rules import percent
from ui.vote_words import label


def option_label(key: str) -> str:
    return label(OPTION_LABELS.get(key, key))


@dataclass(frozen=True, slots=True)
class ResultRow:
    """One line of a result: what (an option, or a person with their position), the figures in
    the columns of `header`, and a mark (Trúng cử…); strong lines are the ones that decide."""

    name: str
    detail: str = ""
    cells: tuple[str, ...] = ()
    mark: str = ""
    strong: bool = False


def summary(vote: Vote | None) -> str:
    """The line of totals above the rows."""
    result = vote.result if vote is not None else None
    if vote is None or result is None:
        return ""
    if vote.kind == "confidence":
        return QCoreApplication.translate(
            "SeatVoteModel", "Số phiếu phát ra: {issued} · Số phiếu thu về: {collected}"
        ).format(issued=result.get("issued", 0), collected=result.get("collected", 0))
    if vote.kind == "election":
        return QCoreApplication.translate(
            "SeatVoteModel", "Tổng số đại biểu HĐND: {n} · Số phiếu thu về: {collected} · hợp lệ: {valid} · "
                             "không hợp lệ: {invalid}"
        ).format(n=vote.n_total, collected=result.get("collected", 0), valid=result.get("valid", 0),
                 invalid=result.get("invalid", 0))
    return QCoreApplication.translate(
        "SeatVoteModel", "Tổng số đại biểu HĐND: {n} · Số đại biểu có mặt: {present} · "
                         "Số đại biểu tham gia biểu quyết: {participated}"
    ).format(n=vote.n_total, present=result.get("present", 0), participated=result.get("participated", 0))


def header(vote: Vote | None) -> list[str]:
    """The names of the figures' columns (percentages of N, or of B for confidence)."""
    if vote is None or vote.result is None:
        return []
    if vote.kind == "confidence":
        return [option_label(level) for level in vote.options]
    share = QCoreApplication.translate("SeatVoteModel", "Tỷ lệ")
    if vote.kind == "election":
        return [QCoreApplication.translate("SeatVoteModel", "Số phiếu"), share]
    return [QCoreApplication.translate("SeatVoteModel", "Số đại biểu"), share]


def rows(vote: Vote | None) -> list[ResultRow]:
    result = vote.result if vote is not None else None
    if vote is None or result is None:
        return []
    n = vote.n_total
    if vote.kind == "confidence":
        collected = int(result.get("collected", 0))
        out: list[ResultRow] = []
        for person in vote.subjects:
            counts = result.get("results", {}).get(person.person_id, {})
            marks = counts.get("counts", {})
            cells = tuple(f"{marks.get(level, 0)} ({percent(int(marks.get(level, 0)), collected)})"
                          for level in vote.options)
            consequence = counts.get("consequence", "none")
            mark = label(CONSEQUENCE_LABELS[consequence]) if consequence != "none" else ""
            out.append(ResultRow(person.name, person.position, cells, mark))
        return out
    if vote.kind == "election":
        elected, tie = result.get("elected", []), result.get("tie", [])
        out: list[ResultRow] = []
        for person in vote.candidates:
            votes = int(result.get("results", {}).get(person.person_id, {}).get("votes", 0))
            mark = label(ELECTED_LABEL) if person.person_id in elected else (
                label(TIE_LABEL) if person.person_id in tie else "")
            out.append(ResultRow(person.name, person.position, (str(votes), percent(votes, n)), mark,
                                  strong=person.person_id in elected))
        return out
    tally = result.get("tally", {})
    out = [
        ResultRow(option_label(key), cells=(str(tally.get(key, 0)), percent(int(tally.get(key, 0)), n)),
                  strong=key == "tan_thanh")
        for key in vote.options
    ]
    not_voted = int(result.get("not_voted", 0))
    out.append(ResultRow(label(NOT_VOTED_LABEL), cells=(str(not_voted), percent(not_voted, n))))
    return out


def outcome(vote: Vote | None) -> str:
    """THÔNG QUA / KHÔNG THÔNG QUA for a resolution; empty for people."""
    result = vote.result if vote is not None else None
    if result is None or "outcome" not in result:
        return ""
    return label(OUTCOME_LABELS[result["outcome"]]).upper()

