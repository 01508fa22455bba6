"""What the hall display shows of a closed vote (DOMAIN.md, "Result display and record"): the
shapes ui/display_vote.py draws and how a result becomes them. The words keep the translation
context they had in the display's view-model (DisplayViewModel), where the English file has them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from PySide6.QtCore import QCoreApplication

from app.model import Person, Vote
from app.vote_labels import (
    CONSEQUENCE_LABELS,
    ELECTED_LABEL,
    NOT_VOTED_LABEL,
    OPTION_LABELS,
    OUTCOME_LABELS,
    RULE_LABELS,
    TIE_LABEL,
)
from app.vote_rules import passes, percent
from ui.vote_words import label

translate = QCoreApplication.translate  # lupdate reads translate("Context", "source") as it is


def _word(words: Mapping[str, str], key: str) -> str:
    return label(words[key]) if key in words else key


Mark = Literal["plain", "good", "warn", "bad"]
CONSEQUENCE_MARKS: Final[Mapping[str, Mark]] = {"may_resign": "warn", "dismissal": "bad"}


@dataclass(frozen=True, slots=True)
class OptionCount:
    """An option (or a level, or a candidate's votes) with its count and share of the denominator."""

    key: str
    label: str
    count: int
    percent: str

    @property
    def line(self) -> str:
        return f"{self.label}: {self.count} ({self.percent})"


@dataclass(frozen=True, slots=True)
class ResolutionResult:
    """A closed resolution vote as the law words it (DOMAIN.md, "Result display and record").

    stats: Tổng số đại biểu HĐND, có mặt, tham gia biểu quyết; options: each option, then Chưa
    biểu quyết (key "not_voted"), each a share of N; marker: the threshold as a fraction of N
    (1/2 or 2/3) and marker_text its words; verdict: THÔNG QUA or KHÔNG THÔNG QUA.
    """

    vote_id: str
    kind_label: str
    title: str
    item_text: str
    n_total: int
    stats: tuple[str, ...]
    options: tuple[OptionCount, ...]
    passed: bool
    verdict: str
    marker: tuple[int, int]
    marker_text: str
    rule_text: str


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One person of a confidence vote or an election: counts (each level's share of B, or the
    votes' share of N), the mark (consequence, Trúng cử, Bằng phiếu) and how loud it is, and
    `fraction` (election: votes / N, for the bar; None for confidence)."""

    number: int
    name: str
    position: str
    counts: tuple[OptionCount, ...]
    mark: str
    level: Mark
    fraction: float | None = None


@dataclass(frozen=True, slots=True)
class PeopleResult:
    """A closed confidence vote or election: a row per person, in the ballot's order.

    columns: the count columns' headings; mark_heading: the last column's; conclusion (with its
    level) is said large under the table (elections); note: the denominator in words."""

    vote_id: str
    kind: str
    kind_label: str
    title: str
    item_text: str
    stats: tuple[str, ...]
    columns: tuple[str, ...]
    mark_heading: str
    rows: tuple[PersonRow, ...]
    conclusion: str
    conclusion_level: Mark
    note: str


def _count(key: str, text: str, count: int, denominator: int) -> OptionCount:
    return OptionCount(key, text, count, percent(count, denominator))


def _common_stats(result: Mapping[str, Any]) -> list[str]:
    return [
        translate("DisplayViewModel", "Tổng số đại biểu HĐND: {n}").format(n=int(result.get("n_total", 0))),
        translate("DisplayViewModel", "Số đại biểu có mặt: {n}").format(n=int(result.get("present", 0))),
    ]


def resolution_result(
    vote: Vote, result: Mapping[str, Any], kind_text: str, item_text: str
) -> ResolutionResult:
    """A closed resolution vote as the law words it."""
    n = int(result.get("n_total", vote.n_total))
    tally: Mapping[str, int] = result.get("tally", {})
    participated = int(result.get("participated", sum(int(c) for c in tally.values())))
    options = [_count(k, _word(OPTION_LABELS, k), int(tally.get(k, 0)), n) for k in vote.options]
    options.append(_count("not_voted", label(NOT_VOTED_LABEL), int(result.get("not_voted", 0)), n))
    passed = result.get("outcome") == "passed"
    needed = next((yes for yes in range(n + 1) if passes(vote.rule, yes, n)), n + 1)
    if vote.rule == "two_thirds_of_all":
        marker, marker_text = (
            (2, 3),
            translate("DisplayViewModel", "Hai phần ba: {needed}/{n}").format(needed=needed, n=n),
        )
    else:
        marker, marker_text = (
            (1, 2),
            translate("DisplayViewModel", "Quá nửa: {needed}/{n}").format(needed=needed, n=n),
        )
    rule_text = translate(
        "DisplayViewModel", "Điều kiện thông qua: {rule} (ít nhất {needed}/{n} đại biểu tán thành)"
    ).format(rule=_word(RULE_LABELS, vote.rule), needed=needed, n=n)
    stats = [
        *_common_stats(result),
        translate("DisplayViewModel", "Số đại biểu tham gia biểu quyết: {n}").format(n=participated),
    ]
    verdict = _word(OUTCOME_LABELS, "passed" if passed else "failed").upper()
    return ResolutionResult(
        vote.vote_id,
        kind_text,
        vote.title,
        item_text,
        n,
        tuple(stats),
        tuple(options),
        passed,
        verdict,
        marker,
        marker_text,
        rule_text,
    )


def _people(people: Iterable[Person], keys: Iterable[str]) -> list[Person]:
    """The ballot's people in its order, then any key the result names that the ballot did not."""
    known = {p.person_id: p for p in people}
    order = [*known.values()]
    order += [Person(k, k) for k in keys if k not in known]
    return order


def confidence_result(vote: Vote, result: Mapping[str, Any], kind_text: str, item_text: str) -> PeopleResult:
    """A closed confidence vote: a row per official, each level's share of the ballots collected."""
    collected = int(result.get("collected", 0))
    results: Mapping[str, Any] = result.get("results", {})
    levels = tuple(vote.options)
    rows = []
    for number, person in enumerate(_people(vote.subjects, results), start=1):
        entry = results.get(person.person_id, {})
        b = int(entry.get("collected", collected))
        counts = entry.get("counts", {})
        consequence = str(entry.get("consequence", "none"))
        rows.append(
            PersonRow(
                number,
                person.name,
                person.position,
                tuple(_count(k, _word(OPTION_LABELS, k), int(counts.get(k, 0)), b) for k in levels),
                _word(CONSEQUENCE_LABELS, consequence),
                CONSEQUENCE_MARKS.get(consequence, "plain"),
            )
        )
    stats = [
        *_common_stats(result),
        translate("DisplayViewModel", "Số phiếu phát ra: {n}").format(n=int(result.get("issued", 0))),
        translate("DisplayViewModel", "Số phiếu thu về: {n}").format(n=collected),
    ]
    note = translate("DisplayViewModel", "Tỷ lệ tính trên số phiếu thu về (B = {b})").format(b=collected)
    return PeopleResult(
        vote.vote_id,
        "confidence",
        kind_text,
        vote.title,
        item_text,
        tuple(stats),
        tuple(_word(OPTION_LABELS, k) for k in levels),
        # "Hệ quả: Không", not "Kết quả: Không": nobody may read it as distrust.
        translate("DisplayViewModel", "Hệ quả"),
        tuple(rows),
        "",
        "plain",
        note,
    )


def election_result(vote: Vote, result: Mapping[str, Any], kind_text: str, item_text: str) -> PeopleResult:
    """A closed election: a row per candidate, votes as a share of N, and who is elected."""
    n = int(result.get("n_total", vote.n_total))
    results: Mapping[str, Any] = result.get("results", {})
    elected, tie = list(result.get("elected", ())), list(result.get("tie", ()))
    rows = []
    people = _people(vote.candidates, results)
    for number, person in enumerate(people, start=1):
        votes = int(results.get(person.person_id, {}).get("votes", 0))
        level: Mark
        if person.person_id in tie:
            mark, level = label(TIE_LABEL), "warn"
        elif person.person_id in elected:
            mark, level = label(ELECTED_LABEL), "good"
        else:
            mark, level = translate("DisplayViewModel", "Không trúng cử"), "plain"
        rows.append(
            PersonRow(
                number,
                person.name,
                person.position,
                (_count("votes", translate("DisplayViewModel", "Số phiếu bầu"), votes, n),),
                mark,
                level,
                votes / n if n else 0.0,
            )
        )
    names = {p.person_id: p.name for p in people}
    conclusion_level: Mark
    if tie:
        conclusion = f"{label(TIE_LABEL)}: {', '.join(names[k] for k in tie)}"
        if elected:  # those above the tie are elected all the same
            won = translate("DisplayViewModel", "Trúng cử: {names}").format(
                names=", ".join(names[k] for k in elected)
            )
            conclusion = f"{won} · {conclusion}"
        conclusion_level = "warn"
    elif elected:
        conclusion = translate("DisplayViewModel", "Trúng cử: {names}").format(
            names=", ".join(names[k] for k in elected)
        )
        conclusion_level = "good"
    else:
        conclusion = translate(
            "DisplayViewModel", "Không có ứng cử viên nào được quá nửa tổng số đại biểu HĐND bầu"
        )
        conclusion_level = "bad"
    stats = [
        *_common_stats(result),
        translate("DisplayViewModel", "Số phiếu phát ra: {n}").format(n=int(result.get("issued", 0))),
        translate("DisplayViewModel", "Số phiếu thu về: {n}").format(n=int(result.get("collected", 0))),
        translate("DisplayViewModel", "Số phiếu hợp lệ: {n}").format(n=int(result.get("valid", 0))),
        translate("DisplayViewModel", "Số phiếu không hợp lệ: {n}").format(n=int(result.get("invalid", 0))),
    ]
    note = translate(
        "DisplayViewModel",
        "Số chức danh cần bầu: {seats}. Tỷ lệ tính trên tổng số đại biểu HĐND (N = {n}); "
        "trúng cử khi được quá nửa (ít nhất {needed} phiếu)",
    ).format(seats=int(result.get("seats", vote.seats)), n=n, needed=n // 2 + 1)
    return PeopleResult(
        vote.vote_id,
        "election",
        kind_text,
        vote.title,
        item_text,
        tuple(stats),
        (translate("DisplayViewModel", "Số phiếu bầu"),),
        translate("DisplayViewModel", "Kết quả"),
        tuple(rows),
        conclusion,
        conclusion_level,
        note,
    )
