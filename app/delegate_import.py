"""Importing a delegate list: a preview of what each row would do, then the commands to send.

Pure: `read_table` turns the bytes of a CSV or .xlsx file into rows (app/delegate_file.py),
`preview` compares them with the meeting, `commands` gives the `delegate.add`/`delegate.update`
(and the `meeting.update` that makes N follow the mandates) to send. A preview with errors sends nothing. An update keeps the
delegate_id, so the seat (Seat.delegate_id) and the devices enrolled for the delegate stay bound.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.delegate_file import DelegateTable, ImportIssue, SourceRow, fold, read_table
from app.delegate_values import (
    GENDER_LABELS,
    GENDERS,
    ID_PATTERN,
    MANDATE_HELP,
    MAX_TEXT,
    ROLE_HELP,
    ROLE_LABELS,
    Roles,
    committees_of,
    group_aliases,
    group_text_key,
    mandate_of,
    name_key,
    roles_of,
    yes_no,
)
from app.model import MANDATE_LABELS, Delegate, MeetingState

__all__ = ["Change", "DelegateTable", "ImportIssue", "ImportPreview", "RowAction", "commands",
           "import_file", "preview", "read_table"]

_BAD_ID = "không hợp lệ; chỉ dùng chữ không dấu, số và các dấu . _ -."


@dataclass(frozen=True, slots=True)
class Change:
    """One field an update changes, as shown to people."""

    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RowAction:
    """What one row does. kind: add, update, unchanged, or skip (a new name whose mandate has
    ended is not added). args: the command's arguments (an update: delegate_id and what differs)."""

    row: int
    kind: str
    name: str
    group_name: str
    delegate_id: str | None
    args: Mapping[str, Any] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class ImportPreview:
    """Everything the person sees before anything is sent. missing: the meeting's delegates the
    file does not name (kept, never removed by an import); n_total: (N now, N after) when N
    follows the mandates (the meeting's n_from_mandates, or a file with a «Tình trạng» column)
    and the import changes the number of delegates holding one; follow_mandates: the import
    turns n_from_mandates on (a file with a «Tình trạng» column manages the list from then on)."""

    table: DelegateTable
    actions: tuple[RowAction, ...] = ()
    errors: tuple[ImportIssue, ...] = ()
    warnings: tuple[ImportIssue, ...] = ()
    missing: tuple[Delegate, ...] = ()
    n_total: tuple[int, int] | None = None
    follow_mandates: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, kind: str) -> int:
        return sum(a.kind == kind for a in self.actions)


def import_file(filename: str, data: bytes, state: MeetingState) -> ImportPreview:
    return preview(read_table(filename, data), state)


def commands(preview: ImportPreview) -> list[tuple[str, dict[str, Any]]]:
    """The commands to send, in row order; none at all while the preview has errors."""
    if preview.errors:
        return []
    out: list[tuple[str, dict[str, Any]]] = []
    for action in preview.actions:
        if action.kind in ("add", "update"):
            args = {k: list(v) if isinstance(v, tuple) else v for k, v in action.args.items()}
            out.append((f"delegate.{action.kind}", args))
    if preview.follow_mandates:  # last: the server counts the list the rows above have just made
        out.append(("meeting.update", {"n_from_mandates": True}))
    return out


@dataclass(slots=True)
class _Row:
    number: int
    name: str | None = None
    title: str | None = None
    group: tuple[str, str] | None = None
    gender: str | None = None
    roles: Roles | None = None
    full_time: bool | None = None
    committees: tuple[str, ...] | None = None
    mandate: str | None = None
    delegate_id: str | None = None


class _Groups:
    """The meeting's Tổ đại biểu (id → name) and those the file defines with a new «Mã tổ»."""

    def __init__(self, state: MeetingState):
        names: dict[str, Counter[str]] = {}
        for d in state.delegates.values():
            names.setdefault(d.group_id, Counter())[d.group_name] += 1
        self.names = {gid: counts.most_common(1)[0][0] for gid, counts in names.items()}
        owners: dict[str, set[str]] = {}
        for gid, name in self.names.items():
            for alias in group_aliases(gid, name):
                owners.setdefault(alias, set()).add(gid)
        self.alias = {alias: next(iter(ids)) for alias, ids in owners.items() if len(ids) == 1}
        self.defined: dict[str, int] = {}  # new group id → the row that defined it
        self.new: list[ImportIssue] = []

    def resolve(self, n: int, cells: Mapping[str, str], errors: list[ImportIssue]) -> tuple[str, str] | None:
        gid, gname = cells.get("group_id"), cells.get("group_name")
        if gid is None:
            if gname is None:
                errors.append(ImportIssue("missing_group", f"Dòng {n}: thiếu tổ đại biểu.", n))
                return None
            found = self.alias.get(group_text_key(gname))
            if found is None:
                errors.append(ImportIssue("unknown_group", f"Dòng {n}: không có tổ đại biểu «{gname}» trong kỳ họp.", n))
                return None
            return found, self.names[found]
        if not ID_PATTERN.match(gid):
            errors.append(ImportIssue("bad_value", f"Dòng {n}: mã tổ «{gid}» {_BAD_ID}", n))
            return None
        if gid in self.names:
            name = self.names[gid]
            if gname is not None and group_text_key(gname) not in group_aliases(gid, name):
                where = f"ở dòng {self.defined[gid]}" if gid in self.defined else "trong kỳ họp"
                errors.append(ImportIssue("bad_value", f"Dòng {n}: mã tổ «{gid}» là «{name}» {where}, "
                                          f"không phải «{gname}».", n))
                return None
            return gid, name
        if gname is None:
            errors.append(ImportIssue("unknown_group", f"Dòng {n}: không có tổ đại biểu «{gid}» trong kỳ họp.", n))
            return None
        other = self.alias.get(group_text_key(gname))
        if other is not None:
            errors.append(ImportIssue("bad_value", f"Dòng {n}: «{gname}» có mã «{other}», không phải «{gid}».", n))
            return None
        if len(gname) > MAX_TEXT:
            errors.append(ImportIssue("bad_value", f"Dòng {n}: tên tổ đại biểu dài quá {MAX_TEXT} ký tự.", n))
            return None
        # The file defines a group: both its id and its name are given.
        self.names[gid], self.defined[gid] = gname, n
        for alias in group_aliases(gid, gname):
            self.alias.setdefault(alias, gid)
        self.new.append(ImportIssue("new_group", f"Dòng {n}: tổ đại biểu mới «{gname}» (mã {gid}) sẽ được "
                                    "tạo theo tệp.", n))
        return gid, gname


def _read(src: SourceRow, groups: _Groups, committees: Mapping[str, str], errors: list[ImportIssue]) -> _Row:
    n, cells = src.row, src.cells
    row = _Row(n, name=cells.get("name"), title=cells.get("title"))
    if row.name is None:
        errors.append(ImportIssue("missing_name", f"Dòng {n}: thiếu họ và tên.", n))
    elif len(row.name) > MAX_TEXT:
        errors.append(ImportIssue("bad_value", f"Dòng {n}: họ và tên dài quá {MAX_TEXT} ký tự.", n))
    if row.title is not None and len(row.title) > MAX_TEXT:
        errors.append(ImportIssue("bad_value", f"Dòng {n}: chức vụ dài quá {MAX_TEXT} ký tự.", n))
    row.group = groups.resolve(n, cells, errors)
    if (text := cells.get("gender")) is not None:
        row.gender = GENDERS.get(fold(text))
        if row.gender is None:
            errors.append(ImportIssue("bad_value", f"Dòng {n}: giới tính «{text}» không rõ; ghi Nam hoặc Nữ.", n))
    if (text := cells.get("roles")) is not None:
        roles = roles_of(text)
        if isinstance(roles, str):
            errors.append(ImportIssue("bad_value", f"Dòng {n}: vai trò «{roles}» không rõ; dùng: {ROLE_HELP}.", n))
        else:
            row.roles = roles
    if (text := cells.get("full_time")) is not None:
        row.full_time = yes_no(text)
        if row.full_time is None:
            errors.append(ImportIssue("bad_value", f"Dòng {n}: cột «Chuyên trách» ghi «{text}»; ghi Có hoặc Không.", n))
    if (text := cells.get("mandate")) is not None:
        status = mandate_of(text)
        if status is None:
            errors.append(ImportIssue("bad_value", f"Dòng {n}: tình trạng «{text}» không rõ; ghi {MANDATE_HELP}.", n))
        else:
            row.mandate = status
    if (text := cells.get("committee")) is not None:
        found = committees_of(text, committees)
        if isinstance(found, str):
            errors.append(ImportIssue("unknown_committee", f"Dòng {n}: không có ban «{found}» trong kỳ họp.", n))
        else:
            row.committees = found
    if (text := cells.get("delegate_id")) is not None:
        if ID_PATTERN.match(text):
            row.delegate_id = text
        else:
            errors.append(ImportIssue("bad_value", f"Dòng {n}: mã đại biểu «{text}» {_BAD_ID}", n))
    return row


def _roles_text(roles: tuple[str, ...]) -> str:
    return ", ".join(ROLE_LABELS.get(r, r) for r in roles)


def _diff(d: Delegate, row: _Row, names: Mapping[str, str]) -> tuple[dict[str, Any], tuple[Change, ...]]:
    """Only what the row gives and differs: an empty cell keeps what the meeting has."""
    args: dict[str, Any] = {"delegate_id": d.delegate_id}
    changes: list[Change] = []
    if row.name is not None and row.name != d.name:
        args["name"] = row.name
        changes.append(Change("Họ và tên", d.name, row.name))
    if row.title is not None and row.title != d.title:
        args["title"] = row.title
        changes.append(Change("Chức vụ", d.title, row.title))
    if row.group is not None and row.group != (d.group_id, d.group_name):
        if row.group[0] != d.group_id:
            args["group_id"] = row.group[0]
        if row.group[1] != d.group_name:
            args["group_name"] = row.group[1]
        changes.append(Change("Tổ đại biểu", d.group_name, row.group[1]))
    if row.gender is not None and row.gender != d.gender:
        args["gender"] = row.gender
        changes.append(Change("Giới tính", GENDER_LABELS.get(d.gender, d.gender), GENDER_LABELS[row.gender]))
    if row.roles is not None and set(row.roles.roles) != set(d.roles):
        args["roles"] = row.roles.roles
        changes.append(Change("Vai trò", _roles_text(d.roles), _roles_text(row.roles.roles)))
    if row.full_time is not None and row.full_time != d.full_time:
        args["full_time"] = row.full_time
        changes.append(Change("Chuyên trách", "Có" if d.full_time else "Không", "Có" if row.full_time else "Không"))
    if row.roles is not None and row.roles.posts != d.posts:
        args["posts"] = row.roles.posts
        changes.append(Change("Chức danh", ", ".join(d.posts), ", ".join(row.roles.posts)))
    if row.roles is not None and row.roles.standing != d.standing:
        args["standing"] = row.roles.standing
        changes.append(Change("Thường trực HĐND", "Có" if d.standing else "Không", "Có" if row.roles.standing else "Không"))
    if row.committees is not None and set(row.committees) != set(d.committees):
        args["committees"] = row.committees
        changes.append(Change("Ban", ", ".join(names[c] for c in d.committees if c in names),
                              ", ".join(names[c] for c in row.committees)))
    if row.mandate is not None and row.mandate != d.mandate:
        args["mandate"] = row.mandate
        changes.append(Change("Tình trạng", MANDATE_LABELS.get(d.mandate, d.mandate), MANDATE_LABELS[row.mandate]))
    return args, tuple(changes)


def preview(table: DelegateTable, state: MeetingState) -> ImportPreview:
    """Each row's action or errors. Matching: by «Mã đại biểu» when given, else by name (case,
    spacing and tone-mark placement aside) within the same Tổ đại biểu."""
    if table.errors:
        return ImportPreview(table, errors=table.errors, warnings=table.warnings)
    groups = _Groups(state)
    committees = state.meeting.committees if state.meeting is not None else {}
    errors: list[ImportIssue] = []
    warnings: list[ImportIssue] = []
    by_name_group: dict[tuple[str, str], str] = {}
    by_name: dict[str, list[Delegate]] = {}
    for d in sorted(state.delegates.values(), key=lambda d: d.delegate_id):
        key = name_key(d.name)
        by_name_group[key, d.group_id] = d.delegate_id
        by_name.setdefault(key, []).append(d)
    seen: dict[tuple[str, ...], tuple[int, str]] = {}
    matched: set[str] = set()
    actions: list[RowAction] = []
    # The mandates after the import, to count N: the meeting's delegates', then the new ones'.
    kept = {d.delegate_id: d.mandate for d in state.delegates.values()}
    added: list[str] = []
    for src in table.rows:
        row_errors: list[ImportIssue] = []
        row = _read(src, groups, committees, row_errors)
        n, nkey = row.number, name_key(row.name or "")
        target = row.delegate_id if row.delegate_id in state.delegates else None
        if row.name is not None and row.group is not None:
            same = by_name_group.get((nkey, row.group[0]))
            if row.delegate_id is None:
                target = same
            elif target is None and same is not None:  # a new id for someone already in the meeting
                row_errors.append(ImportIssue("id_mismatch", f"Dòng {n}: mã đại biểu «{row.delegate_id}» không có "
                                              f"trong kỳ họp, nhưng {row.name} ở {row.group[1]} đã có mã {same}.", n))
        if target is not None:
            matched.add(target)
        keys: list[tuple[str, ...]] = []
        if target is not None or row.delegate_id is not None:
            keys.append(("id", str(target or row.delegate_id)))
        if row.name is not None and row.group is not None:
            keys.append(("name", nkey, row.group[0]))
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            row_errors.append(ImportIssue("duplicate", f"Dòng {n}: trùng với dòng {first[0]} ({first[1]}).", n))
        written = ", ".join(t for t in (src.cells.get("name"), src.cells.get("group_name") or src.cells.get("group_id")) if t)
        for seen_key in keys:
            seen.setdefault(seen_key, (n, written))
        if row.mandate == "ended" and target is None and not row_errors:
            actions.append(RowAction(n, "skip", row.name or "", row.group[1] if row.group else "", row.delegate_id,
                                     note=f"không thêm: «{src.cells['mandate']}»"))
            continue
        if target is None and row.gender is None and "gender" not in src.cells:
            row_errors.append(ImportIssue("missing_value", f"Dòng {n}: thiếu giới tính (ghi Nam hoặc Nữ).", n))
        errors += row_errors
        if row_errors or row.name is None or row.group is None:
            continue
        if target is None:
            actions.append(_add(row, committees))
            added.append(row.mandate or "active")
            namesake = next((d for d in by_name.get(nkey, []) if d.delegate_id not in matched), None)
            if namesake is not None and row.delegate_id is None:
                warnings.append(ImportIssue("same_name", f"Dòng {n}: đã có «{namesake.name}» ở {namesake.group_name} "
                                            f"(mã {namesake.delegate_id}); dòng này sẽ thêm một đại biểu mới. Nếu là "
                                            f"cùng một người, ghi mã đại biểu {namesake.delegate_id}.", n))
            continue
        d = state.delegates[target]
        args, changes = _diff(d, row, committees)
        actions.append(RowAction(n, "update" if changes else "unchanged", row.name, row.group[1], target,
                                 args if changes else {}, changes))
        if row.mandate is not None:
            kept[target] = row.mandate
        if row.mandate == "ended" and d.mandate != "ended":
            warnings.append(ImportIssue("mandate_ended", f"Dòng {n}: {d.name} (mã {target}) «{src.cells['mandate']}»: "
                                        "không còn tính vào Tổng số đại biểu HĐND (N); vẫn giữ trong danh sách kỳ họp "
                                        "(xóa bằng tay nếu cần).", n))
    missing = tuple(d for _, d in sorted(state.delegates.items()) if d.delegate_id not in matched)
    warnings = groups.new + warnings + _notes(errors, committees)
    n_total: tuple[int, int] | None = None
    follow = False
    if state.meeting is not None and not errors:
        now = state.meeting.n_total
        after = sum(m != "ended" for m in [*kept.values(), *added])
        if state.meeting.n_from_mandates or "mandate" in table.fields:
            follow = not state.meeting.n_from_mandates and after >= 1
            n_total = (now, after) if after != now and after >= 1 else None
        elif after != now:
            warnings.append(ImportIssue("n_mismatch", f"Sau khi nhập, kỳ họp có {after} đại biểu nhưng Tổng số đại "
                                        f"biểu HĐND (N) vẫn là {now}; thêm cột «Tình trạng» vào tệp để tính lại N, "
                                        "hoặc sửa N khi chuẩn bị kỳ họp."))
    errors.sort(key=lambda e: e.row or 0)
    return ImportPreview(table, tuple(actions), tuple(errors), tuple(table.warnings) + tuple(warnings), missing,
                         n_total, follow)


def _add(row: _Row, committees: Mapping[str, str]) -> RowAction:
    assert row.name is not None and row.group is not None
    args: dict[str, Any] = {} if row.delegate_id is None else {"delegate_id": row.delegate_id}
    args |= {
        "name": row.name,
        "title": row.title or "",
        "group_id": row.group[0],
        "group_name": row.group[1],
        "gender": row.gender,
        "roles": row.roles.roles if row.roles is not None else ("delegate",),
        "full_time": bool(row.full_time),
    }
    # The council's side only when the file says something: the command's defaults otherwise.
    shown: list[str] = []
    if row.roles is not None and row.roles.posts:
        args["posts"] = row.roles.posts
        shown.append(", ".join(row.roles.posts))
    if row.roles is not None and row.roles.standing:
        args["standing"] = True
        shown.append("Thường trực HĐND")
    if row.committees:
        args["committees"] = row.committees
        shown.append(", ".join(committees[c] for c in row.committees))
    if row.mandate not in (None, "active"):
        args["mandate"] = row.mandate
        shown.append(MANDATE_LABELS[str(row.mandate)])
    return RowAction(row.number, "add", row.name, row.group[1], row.delegate_id, args, note="; ".join(shown))


def _notes(errors: list[ImportIssue], committees: Mapping[str, str]) -> list[ImportIssue]:
    """Advice said once for the whole file."""
    notes: list[ImportIssue] = []
    if any(e.code == "unknown_group" for e in errors):
        notes.append(ImportIssue("hint", "Để thêm tổ đại biểu mới, ghi cả cột «Mã tổ» (ví dụ to-12) và cột «Tổ đại "
                                 "biểu» cho tổ đó."))
    if any(e.code == "unknown_committee" for e in errors):
        known = ", ".join(f"«{name}»" for name in committees.values()) or "chưa có ban nào"
        notes.append(ImportIssue("hint", f"Các ban của kỳ họp: {known}. Thêm ban: phonghop admin meeting update "
                                 "--committee MÃ=TÊN."))
    return notes
