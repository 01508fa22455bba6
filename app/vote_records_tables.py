"""The results of a closed vote as blocks: yes/no figures, confidence and election tables, conclusions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.documents_compose import Align, Block, Paragraph, Spacer, Table
from app.model import RESOLUTION_KINDS
from app.vote_labels import NOT_VOTED_LABEL
from app.vote_records_parts import (
    CONSEQUENCE_LABELS,
    center,
    line,
    option_label,
)
from app.vote_rules import CONFIDENCE_LEVELS, NO_CONFIDENCE_OPTIONS, RESOLUTION_OPTIONS, percent


def yes_no_lines(closed: Mapping[str, Any]) -> list[str]:
    """Tổng số đại biểu HĐND ... Chưa biểu quyết, each option with its share of N."""
    n = int(closed["n_total"])
    tally: Mapping[str, int] = closed.get("tally", {})
    participated = int(closed.get("participated", sum(int(v) for v in tally.values())))
    not_voted = int(closed.get("not_voted", 0))
    lines = [
        f"Tổng số đại biểu HĐND: {n}",
        f"Số đại biểu có mặt: {int(closed.get('present', 0))}",
        f"Số đại biểu tham gia biểu quyết: {participated} ({percent(participated, n)})",
    ]
    keys = [*RESOLUTION_OPTIONS, *(k for k in tally if k not in RESOLUTION_OPTIONS)]
    lines += [f"{option_label(k)}: {int(tally.get(k, 0))} ({percent(int(tally.get(k, 0)), n)})" for k in keys]
    lines.append(f"{NOT_VOTED_LABEL}: {not_voted} ({percent(not_voted, n)})")
    return lines


def passed(closed: Mapping[str, Any]) -> bool:
    return closed.get("outcome") == "passed"


def rule_words(created: Mapping[str, Any], n: int) -> str:
    """The majority the vote needed, in words and in delegates."""
    if created.get("rule") == "two_thirds_of_all":
        return (
            "Điều kiện thông qua: ít nhất hai phần ba tổng số đại biểu HĐND tán thành "
            f"(ít nhất {-(-2 * n // 3)}/{n} đại biểu)."
        )
    return f"Điều kiện thông qua: quá nửa tổng số đại biểu HĐND tán thành (ít nhất {n // 2 + 1}/{n} đại biểu)."


def confidence_levels(created: Mapping[str, Any]) -> tuple[str, ...]:
    return NO_CONFIDENCE_OPTIONS if created.get("rule") == "no_confidence" else CONFIDENCE_LEVELS


def confidence_rule_words(created: Mapping[str, Any], collected: int) -> str:
    base = f"Tỷ lệ tính trên tổng số phiếu thu về (B = {collected})."
    if created.get("rule") == "no_confidence":
        return base + " Người có quá nửa tổng số phiếu không tín nhiệm thì trình miễn nhiệm, bãi nhiệm."
    return base + (
        " Người có quá nửa đến dưới hai phần ba tổng số phiếu đánh giá tín nhiệm thấp có thể xin từ chức;"
        " từ hai phần ba trở lên thì trình miễn nhiệm, bãi nhiệm."
    )


def _people(entries: Any) -> dict[str, tuple[str, str]]:
    people: dict[str, tuple[str, str]] = {}
    for entry in entries or ():
        people[str(entry["id"])] = (str(entry.get("name", entry["id"])), str(entry.get("position", "")))
    return people


def subjects_in_order(created: Mapping[str, Any], results: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(id, name, position) of the people assessed or the candidates, in the ballot's order."""
    people = _people(created.get("subjects") or created.get("candidates"))
    order = [*people, *(key for key in created.get("options", ()) if key not in people)]
    order += [key for key in results if key not in order]
    return [(key, *people.get(key, (key, ""))) for key in order if key in results or key in people]


def _count_cell(count: int, denominator: int) -> str:
    return f"{count}\n({percent(count, denominator)})"


def confidence_table(created: Mapping[str, Any], closed: Mapping[str, Any]) -> Table:
    """Per person: valid and invalid ballots, each level's count and share of B, the conclusion."""
    levels = confidence_levels(created)
    collected = int(closed.get("collected", 0))
    results: Mapping[str, Any] = closed.get("results", {})
    rows: list[tuple[str, ...]] = [
        ("STT", "Họ và tên, chức vụ", "Phiếu hợp lệ", "Phiếu không hợp lệ", *(option_label(k) for k in levels), "Kết luận")
    ]
    for number, (key, name, position) in enumerate(subjects_in_order(created, results), start=1):
        result = results.get(key, {})
        b = int(result.get("collected", collected))
        valid = int(result.get("valid", 0))
        counts = result.get("counts", {})
        consequence = str(result.get("consequence", "none"))
        rows.append(
            (
                str(number),
                f"{name}\n{position}" if position else name,
                str(valid),
                str(b - valid),
                *(_count_cell(int(counts.get(k, 0)), b) for k in levels),
                CONSEQUENCE_LABELS.get(consequence, consequence),
            )
        )
    widths = (5, 28, 8, 9, *(33 / len(levels) for _ in levels), 17)
    center_: Align = "center"
    align: tuple[Align, ...] = (center_, "left", *(center_ for _ in range(len(levels) + 3)))
    return Table(tuple(rows), widths, align, size=10)


def election_outcome(closed: Mapping[str, Any], key: str) -> str:
    if key in closed.get("tie", ()):
        return "Bằng phiếu – bầu lại"
    return "Trúng cử" if key in closed.get("elected", ()) else "Không trúng cử"


def election_table(created: Mapping[str, Any], closed: Mapping[str, Any]) -> Table:
    """Per candidate: votes, their share of N, and whether elected."""
    n = int(closed["n_total"])
    results: Mapping[str, Any] = closed.get("results", {})
    rows: list[tuple[str, ...]] = [("STT", "Họ và tên", "Chức vụ", "Số phiếu bầu", "Tỷ lệ", "Kết quả")]
    for number, (key, name, position) in enumerate(subjects_in_order(created, results), start=1):
        votes = int(results.get(key, {}).get("votes", 0))
        rows.append((str(number), name, position, str(votes), percent(votes, n), election_outcome(closed, key)))
    return Table(tuple(rows), (6, 26, 28, 11, 11, 18), ("center", "left", "left", "center", "center", "center"),
                 size=10)


def election_rule_words(n: int) -> str:
    return (
        f"Tỷ lệ tính trên tổng số đại biểu HĐND (N = {n}). Người trúng cử phải được quá nửa tổng số "
        f"đại biểu HĐND bầu (ít nhất {n // 2 + 1}/{n} phiếu)."
    )


def election_counts(closed: Mapping[str, Any]) -> list[str]:
    return [
        f"Số chức danh cần bầu: {int(closed.get('seats', 1))}",
        f"Số phiếu phát ra: {int(closed.get('issued', 0))}",
        f"Số phiếu thu về: {int(closed.get('collected', 0))}",
        f"Số phiếu hợp lệ: {int(closed.get('valid', 0))}",
        f"Số phiếu không hợp lệ: {int(closed.get('invalid', 0))}",
    ]


def names(people: Sequence[tuple[str, str, str]], keys: Sequence[str]) -> str:
    known = {key: name for key, name, _ in people}
    return ", ".join(known.get(key, key) for key in keys)


def election_conclusion(created: Mapping[str, Any], closed: Mapping[str, Any]) -> str:
    people = subjects_in_order(created, closed.get("results", {}))
    if closed.get("tie"):
        return (
            f"Các ứng cử viên {names(people, closed['tie'])} có số phiếu bằng nhau ở vị trí cuối cùng: "
            "phải bầu lại giữa những người này."
        ) + (f" Đã trúng cử: {names(people, closed['elected'])}." if closed.get("elected") else "")
    if closed.get("elected"):
        return f"Người trúng cử: {names(people, closed['elected'])}."
    return "Không có ứng cử viên nào được quá nửa tổng số đại biểu HĐND bầu."


def confidence_conclusion(created: Mapping[str, Any], closed: Mapping[str, Any]) -> list[str]:
    results: Mapping[str, Any] = closed.get("results", {})
    flagged = [
        f"{name}: {CONSEQUENCE_LABELS.get(str(results[key].get('consequence')), '')}."
        for key, name, _ in subjects_in_order(created, results)
        if key in results and results[key].get("consequence", "none") != "none"
    ]
    if flagged:
        return flagged
    if created.get("rule") == "no_confidence":
        return ["Không có người nào có quá nửa tổng số phiếu không tín nhiệm."]
    return ["Không có người nào có quá nửa tổng số phiếu đánh giá tín nhiệm thấp."]


def result_blocks(created: Mapping[str, Any], closed: Mapping[str, Any], *, loud: bool) -> list[Block]:
    """The figures and conclusion of one closed vote; `loud` gives the result sheet's large
    THÔNG QUA, the minutes write it in running text."""
    kind = str(closed.get("kind", created.get("kind", "")))
    n = int(closed["n_total"])
    blocks: list[Block] = []
    if kind in RESOLUTION_KINDS:
        blocks += [line(text, left=20) for text in yes_no_lines(closed)]
        verdict = "THÔNG QUA" if passed(closed) else "KHÔNG THÔNG QUA"
        if loud:
            blocks += [Spacer(6), center(f"Kết quả: {verdict}", 15, space_after=6)]
        else:
            blocks.append(line(f"Kết quả: {verdict.capitalize()}", "bold", left=20))
        blocks.append(Paragraph(rule_words(created, n), size=11, style="italic", align="left", left=20, space_after=6))
    elif kind == "confidence":
        collected = int(closed.get("collected", 0))
        blocks += [
            line(f"Tổng số đại biểu HĐND: {n}", left=20),
            line(f"Số đại biểu có mặt: {int(closed.get('present', 0))}", left=20),
            line(f"Số phiếu phát ra: {int(closed.get('issued', 0))}", left=20),
            line(f"Số phiếu thu về: {collected}", left=20, space_after=8),
            confidence_table(created, closed),
            *(line(text, "bold", left=20) for text in confidence_conclusion(created, closed)),
            Paragraph(confidence_rule_words(created, collected), size=11, style="italic", align="left", left=20),
        ]
    elif kind == "election":
        blocks += [
            line(f"Tổng số đại biểu HĐND: {n}", left=20),
            line(f"Số đại biểu có mặt: {int(closed.get('present', 0))}", left=20),
            *(line(text, left=20) for text in election_counts(closed)),
            Spacer(4),
            election_table(created, closed),
            line(election_conclusion(created, closed), "bold", left=20),
            Paragraph(election_rule_words(n), size=11, style="italic", align="left", left=20),
        ]
    else:
        blocks.append(line(f"Không đọc được kết quả của hình thức «{kind}».", "italic"))
    return blocks
