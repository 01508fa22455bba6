"""A delegate list's bytes (CSV or Excel .xlsx) read into rows of text under known columns."""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final, NamedTuple

MAX_ROWS: Final = 10_000
HEADER_SEARCH_ROWS: Final = 10
SEPARATORS: Final = (",", ";", "\t")

# The columns we know, by their label for people.
LABELS: Final = {
    "name": "Họ và tên",
    "title": "Chức vụ",
    "group_name": "Tổ đại biểu",
    "group_id": "Mã tổ",
    "gender": "Giới tính",
    "roles": "Vai trò",
    "committee": "Ban",
    "full_time": "Chuyên trách",
    "mandate": "Tình trạng",
    "delegate_id": "Mã đại biểu",
}
_IGNORED: Final = "-"
# Header spellings, folded (see `fold`): with or without diacritics, any case or punctuation.
_ALIASES: Final = {
    "name": ("ho va ten", "ho ten", "ho va ten dai bieu", "ho ten dai bieu", "ten dai bieu"),
    "title": ("chuc vu", "chuc danh", "chuc vu don vi cong tac", "chuc vu noi cong tac",
              "chuc vu co quan don vi cong tac"),
    "group_name": ("to dai bieu", "to", "ten to", "ten to dai bieu", "thuoc to dai bieu"),
    "group_id": ("ma to", "ma to dai bieu"),
    "gender": ("gioi tinh", "gioi"),
    "roles": ("vai tro", "vai tro trong hdnd"),
    "committee": ("ban", "ban hdnd", "ban cua hdnd", "thanh vien ban"),
    "full_time": ("chuyen trach", "dai bieu chuyen trach", "hoat dong chuyen trach"),
    "mandate": ("tinh trang", "tinh trang dai bieu", "tinh trang nhiem vu", "trang thai"),
    "delegate_id": ("ma dai bieu", "ma db", "ma so dai bieu"),
    _IGNORED: ("stt", "tt", "so tt", "so thu tu"),
}
HEADERS: Final = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem for a person: a stable code, the Vietnamese message, the file's row (None:
    the whole file)."""

    code: str
    message: str
    row: int | None = None


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One data row: its number as the spreadsheet or text editor shows it, and its non-empty
    cells by column (NFC, whitespace collapsed)."""

    row: int
    cells: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class DelegateTable:
    """What a file held. `errors` are about the whole file (nothing else can be trusted then);
    `encoding` and `separator` say how a CSV was read; `fields` are the known columns found."""

    filename: str
    kind: str
    rows: tuple[SourceRow, ...] = ()
    fields: tuple[str, ...] = ()
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    errors: tuple[ImportIssue, ...] = ()
    warnings: tuple[ImportIssue, ...] = ()

    def describe(self) -> str:
        if self.kind == "xlsx":
            return f"Excel (.xlsx), trang «{self.sheet}»"
        if self.encoding is None:
            return "CSV"
        shown = {",": "dấu phẩy", ";": "dấu chấm phẩy", "\t": "dấu tab"}.get(self.separator or "", "?")
        return f"CSV, bảng mã {self.encoding}, phân cách bằng {shown}"


@functools.lru_cache(maxsize=4096)  # a list repeats the same few words (Nam, Có, Tổ 3) on every row
def fold(text: str) -> str:
    """Lowercase, without diacritics, punctuation as single spaces: «Họ và tên:» → "ho va ten"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def header_field(header: str) -> str | None:
    """The column a header names; a note in brackets is ignored: «Giới tính (Nam/Nữ)»."""
    return HEADERS.get(fold(re.sub(r"\(.*?\)", " ", header)))


_CONTROLS: Final = dict.fromkeys([*range(32), 127], " ")


def clean(text: str) -> str:
    """NFC, control characters and runs of whitespace as one space, trimmed."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_CONTROLS).split())


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: how Excel names the column people look at."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(filename: str, data: bytes) -> DelegateTable:
    """The rows of a CSV or .xlsx file (told apart by their first bytes, then by the name)."""
    lower = filename.lower()
    if data.startswith(b"PK\x03\x04"):
        return _from_xlsx(filename, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _refused(filename, "xls", "bad_file", f"Tệp «{filename}» là tệp Excel 97–2003 (.xls) hoặc tệp "
                        "có mật khẩu; hãy mở bằng Excel và lưu lại dạng .xlsx hoặc «CSV UTF-8».")
    if lower.endswith((".xlsx", ".xlsm")):
        return _refused(filename, "xlsx", "bad_file", f"Tệp «{filename}» không phải tệp Excel .xlsx đọc được; "
                        "hãy mở bằng Excel và lưu lại dạng .xlsx hoặc «CSV UTF-8».")
    return _from_csv(filename, data)


def _refused(filename: str, kind: str, code: str, message: str) -> DelegateTable:
    return DelegateTable(filename, kind, errors=(ImportIssue(code, message),))


# -- CSV --------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str] | ImportIssue:
    """The text and the name of its encoding: UTF-8 strictly first (with or without BOM), then
    Windows-1258, whose tone marks are combining characters (composed here, NFC)."""
    reason = "Tệp không đọc được bằng UTF-8 hay Windows-1258"
    advice = "Hãy mở tệp bằng Excel và lưu lại dạng «CSV UTF-8»."
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return unicodedata.normalize("NFC", data.decode("utf-16")), "UTF-16"
        except UnicodeDecodeError:
            return ImportIssue("bad_encoding", f"{reason}: tệp ghi là UTF-16 nhưng bị hỏng. {advice}")
    if data.startswith(codecs.BOM_UTF8):
        try:
            return unicodedata.normalize("NFC", data[3:].decode("utf-8")), "UTF-8 có BOM"
        except UnicodeDecodeError as exc:
            line = data[: exc.start + 3].count(b"\n") + 1
            return ImportIssue("bad_encoding", f"{reason}: tệp mở đầu bằng dấu hiệu UTF-8 (BOM) nhưng byte "
                               f"0x{data[exc.start + 3]:02X} ở dòng {line} không phải UTF-8. {advice}")
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "UTF-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258")), "Windows-1258"
    except UnicodeDecodeError as exc:
        if not data[:utf8_error].isascii():  # valid UTF-8 letters before the break: a damaged UTF-8 file
            line = data[:utf8_error].count(b"\n") + 1
            return ImportIssue("bad_encoding", f"{reason}: tệp có vẻ là UTF-8 nhưng byte 0x{data[utf8_error]:02X} "
                               f"ở dòng {line} sai. {advice}")
        line = data[: exc.start].count(b"\n") + 1
        return ImportIssue("bad_encoding", f"{reason}: byte 0x{data[exc.start]:02X} ở dòng {line} không thuộc "
                           f"bảng mã nào. {advice}")


def _records(text: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    """(the line a record starts on, its cells); a quoted cell may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _from_csv(filename: str, data: bytes) -> DelegateTable:
    decoded = decode(data)
    if isinstance(decoded, ImportIssue):
        return DelegateTable(filename, "csv", errors=(decoded,))
    text, encoding = decoded
    if not text.strip():
        return _refused(filename, "csv", "empty", f"Tệp «{filename}» trống, không có đại biểu nào.")
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    try:
        # The separator whose split of the first lines names the most known columns.
        separator = max(SEPARATORS, key=lambda sep: max(
            (len({header_field(c) for c in cells} - {None}) for _, cells in _records(head, sep)), default=0))
        return _table(filename, "csv", _records(text, separator), _How(encoding, separator, None))
    except csv.Error:  # a cell longer than the csv module allows: not a list of delegates
        return _refused(filename, "csv", "bad_file", f"Tệp «{filename}» không phải tệp CSV đọc được; hãy mở "
                        "bằng Excel và lưu lại dạng «CSV UTF-8».")


# -- XLSX -------------------------------------------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _from_xlsx(filename: str, data: bytes) -> DelegateTable:
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # loaded only for Excel files

    unreadable = (f"Tệp «{filename}» không phải tệp Excel .xlsx đọc được; "
                  "hãy mở bằng Excel và lưu lại dạng .xlsx hoặc «CSV UTF-8».")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a file from outside: zip, XML and openpyxl's own errors all mean the same
        return _refused(filename, "xlsx", "bad_file", unreadable)
    try:
        tables = []
        for sheet in book.worksheets:
            rows = ((number, [_text(v) for v in values])
                    for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1))
            table = _table(filename, "xlsx", rows, _How(None, None, sheet.title))
            if "name" in table.fields:
                return table
            tables.append(table)
    except Exception:  # a damaged part shows only while reading rows
        return _refused(filename, "xlsx", "bad_file", unreadable)
    finally:
        book.close()
    return tables[0] if tables else _refused(filename, "xlsx", "empty", f"Tệp «{filename}» không có trang tính nào.")


# -- both -------------------------------------------------------------------------------------


class _How(NamedTuple):
    encoding: str | None
    separator: str | None
    sheet: str | None


def _table(filename: str, kind: str, records: Iterable[tuple[int, list[str]]], how: _How) -> DelegateTable:
    """The header (the first row with a name column among the first rows), then the data rows."""
    it = iter(records)
    for number, cells in itertools.islice(it, HEADER_SEARCH_ROWS):
        if "name" in (header_field(c) for c in cells):
            return _body(filename, kind, number, cells, it, how)
    message = "Không tìm thấy dòng tiêu đề có cột «Họ và tên» trong 10 dòng đầu của tệp."
    return DelegateTable(filename, kind, errors=(ImportIssue("bad_header", message),), **how._asdict())


def _body(filename: str, kind: str, header_row: int, header: list[str],
          it: Iterator[tuple[int, list[str]]], how: _How) -> DelegateTable:
    errors: list[ImportIssue] = []
    warnings: list[ImportIssue] = []
    columns: list[tuple[int, str]] = []
    where: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = clean(cell)
        if not label:
            continue
        name = header_field(label)
        if name is None:
            warnings.append(ImportIssue("ignored_column", f"Cột «{label}» không dùng đến, đã bỏ qua.", header_row))
        elif name == _IGNORED:
            continue
        elif name in where:
            errors.append(ImportIssue("bad_header", f"Cột «{LABELS[name]}» có hai lần trong dòng tiêu đề "
                                      f"(cột {column_letter(where[name])} và cột {column_letter(index)}).",
                                      header_row))
        else:
            where[name] = index
            columns.append((index, name))
    if "group_name" not in where and "group_id" not in where:
        errors.append(ImportIssue("bad_header", "Tệp thiếu cột «Tổ đại biểu» (hoặc «Mã tổ»).", header_row))
    rows: list[SourceRow] = []
    for number, cells in it:
        found = {name: text for index, name in columns if index < len(cells) and (text := clean(cells[index]))}
        if found:
            rows.append(SourceRow(number, found))
            if len(rows) > MAX_ROWS:
                errors.append(ImportIssue("too_large", f"Tệp có hơn {MAX_ROWS} đại biểu; hãy chia nhỏ tệp."))
                break
    if not rows and not errors:
        errors.append(ImportIssue("empty", "Tệp chỉ có dòng tiêu đề, không có đại biểu nào."))
    fields = tuple(name for _, name in columns)
    return DelegateTable(filename, kind, tuple(rows), fields, errors=tuple(errors), warnings=tuple(warnings),
                         **how._asdict())
