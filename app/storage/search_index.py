"""Full-text search over a meeting's documents on one device, Vietnamese with or without diacritics."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.storage.connection import open_database, write_transaction

# Bump when `fold` changes: an index folded the old way is refolded on open.
_FOLD_VERSION = 1

# Caps that keep a pasted novel from becoming a slow query; what is cut only widens the result.
_MAX_QUERY_CHARS = 1000
_MAX_TERMS = 32
_MAX_PHRASE_TOKENS = 32

# Characters of original text shown on each side of the first match in a snippet.
_CONTEXT = 60

# What unicode61 treats as a token: letters and digits; everything else separates.
_WORD_CHAR = r"[^\W_]"
_TOKEN = re.compile(_WORD_CHAR + "+")
_ENDS_IN_WORD = re.compile(_WORD_CHAR + r"\Z")
# A quoted phrase (its closing quote may not be typed yet) or a bare word.
_UNIT = re.compile(r'"([^"]*)("?)|[^\s"]+')


class _FoldTable(dict[int, str]):
    """`str.translate` table from a code point to its folded form, filled in on first sight."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


def _fold_char(ch: str) -> str:
    # Đ/đ have no decomposition, so NFD leaves them alone; legacy Vietnamese fonts and PDF
    # text layers often give Đ as the look-alike Ð (U+00D0, eth), so that folds to d as well.
    if ch in "đĐÐð":
        return "d"
    base = unicodedata.normalize("NFD", unicodedata.normalize("NFD", ch).casefold())
    return "".join(c for c in base if not "\u0300" <= c <= "\u036f")


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, unaccented text: "Nghị Quyết ĐẤT ĐAI" -> "nghi quyet dat dai".

    Per character: NFD, casefold, drop combining marks U+0300-U+036F, đ/Đ -> d. Nearly every
    character folds to exactly one; a lone combining mark folds to none and "ß" to "ss", which
    is why snippets map positions back character by character rather than assume equal offsets.
    """
    return text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One page that matches a query.

    Attributes:
        document_id, version: the document and the version of it that was indexed.
        page: 1-based page number.
        snippet: the original (accented) text around the first match, whitespace collapsed,
            "…" where it was cut.
        rank: FTS5's bm25 rank; more negative is more relevant (hits come sorted by it).
        highlights: (start, end) character ranges of the matches within `snippet`.
    """

    document_id: str
    version: int
    page: int
    snippet: str
    rank: float
    highlights: tuple[tuple[int, int], ...] = ()


class SearchIndex:
    """One SQLite file: `pages` (document_id, version, page, text, folded) with an FTS5 index
    `pages_fts` over `folded` kept in step by triggers, and `documents` (the version held).

    Safe to call from several threads: calls are serialised on one connection.
    """

    def __init__(self, path: Path):
        self._db = open_database(path)
        self._conn = self._db.conn
        self._lock = threading.Lock()
        db = self._db
        db.create_table(
            "documents", {"document_id": str, "version": int}, pk="document_id",
            not_null=("version",), if_not_exists=True, strict=True,
        )
        db.create_table(
            "pages",
            {"id": int, "document_id": str, "version": int, "page": int, "text": str, "folded": str},
            pk="id",
            not_null=("document_id", "version", "page", "text", "folded"),
            if_not_exists=True,
            strict=True,
        )
        pages = db.table("pages")
        pages.create_index(["document_id", "page"], unique=True, if_not_exists=True)
        # External content: the index holds no second copy of the text, only its terms.
        # remove_diacritics 2 also strips marks FTS5 might see; đ is ours to fold (it is no mark).
        pages.enable_fts(
            ["folded"], tokenize="unicode61 remove_diacritics 2", create_triggers=True, replace=True
        )
        self._refold_if_stale()

    def index_document(self, document_id: str, version: int, page_texts: Sequence[str]) -> bool:
        """Make `version` the searchable text of the document, replacing what was held, in one
        transaction. A version older than the one held is ignored (a slow indexing job that
        finishes after a newer one must not bring old text back); returns whether it was stored.
        """
        rows = [
            (document_id, version, number, text, fold(text))
            for number, text in enumerate(page_texts, start=1)
        ]
        with write_transaction(self._conn, self._lock) as conn:
            row = conn.execute("SELECT version FROM documents WHERE document_id = ?", (document_id,)).fetchone()
            if row is not None and row[0] > version:
                return False
            conn.execute("DELETE FROM pages WHERE document_id = ?", (document_id,))
            conn.executemany(
                "INSERT INTO pages (document_id, version, page, text, folded) VALUES (?, ?, ?, ?, ?)", rows
            )
            conn.execute(
                "INSERT INTO documents (document_id, version) VALUES (?, ?) "
                "ON CONFLICT (document_id) DO UPDATE SET version = excluded.version",
                (document_id, version),
            )
        return True

    def remove_document(self, document_id: str) -> None:
        with write_transaction(self._conn, self._lock) as conn:
            conn.execute("DELETE FROM pages WHERE document_id = ?", (document_id,))
            conn.execute("DELETE FROM documents WHERE document_id = ?", (document_id,))

    def indexed_version(self, document_id: str) -> int | None:
        """The version held for the document, so a caller can skip indexing it again."""
        with self._lock:
            row = self._conn.execute(
                "SELECT version FROM documents WHERE document_id = ?", (document_id,)
            ).fetchone()
        return None if row is None else int(row[0])

    def search(self, query: str, document_id: str | None = None, limit: int = 50) -> list[SearchHit]:
        """Pages matching every word of `query` (see `Query.parse`), most relevant first, then
        by document and page. Any text is a valid query; one with no words finds nothing."""
        parsed = Query.parse(query)
        if parsed is None or limit <= 0:
            return []
        where = "" if document_id is None else "AND p.document_id = ?"
        expression = parsed.expression()
        params: tuple[object, ...] = (expression,) if document_id is None else (expression, document_id)
        with self._lock:
            ranked = self._conn.execute(
                f"""SELECT p.id, p.document_id, p.version, p.page, h.rank
                    FROM (SELECT rowid AS id, rank FROM pages_fts WHERE pages_fts MATCH ?) AS h
                    JOIN pages AS p ON p.id = h.id
                    WHERE 1 {where}
                    ORDER BY h.rank, p.document_id, p.page
                    LIMIT ?""",
                (*params, limit),
            ).fetchall()
            # The text only of the pages that made the cut, not of every page that matched.
            ids = [row[0] for row in ranked]
            texts = {
                row_id: (text, folded)
                for row_id, text, folded in self._conn.execute(
                    f"SELECT id, text, folded FROM pages WHERE id IN ({', '.join('?' * len(ids))})", ids
                )
            }
        pattern = parsed.pattern()
        hits = []
        for row_id, doc, version, page, rank in ranked:
            snippet, highlights = _snippet(*texts[row_id], pattern)
            hits.append(SearchHit(doc, version, page, snippet, rank, highlights))
        return hits

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _refold_if_stale(self) -> None:
        with write_transaction(self._conn, self._lock) as conn:
            (held,) = conn.execute("PRAGMA user_version").fetchone()
            if held == _FOLD_VERSION:
                return
            rows = conn.execute("SELECT id, text FROM pages").fetchall()
            # The update trigger replaces each page's terms in the index.
            conn.executemany("UPDATE pages SET folded = ? WHERE id = ?", [(fold(t), i) for i, t in rows])
            conn.execute(f"PRAGMA user_version = {_FOLD_VERSION}")


@dataclass(frozen=True, slots=True)
class Query:
    """What a person typed, folded and split into terms that must all match.

    Attributes:
        terms: each a tuple of tokens that must appear in this order (one token: a word).
        typing: the last term's last token is a prefix (the person is still typing it).
    """

    terms: tuple[tuple[str, ...], ...]
    typing: bool

    @classmethod
    def parse(cls, text: str) -> Query | None:
        """The query in `text`, or None when it has no words.

        All words must match; text in double quotes must match as a phrase and an unclosed
        quote is a phrase being typed. The last word (or open phrase) is a prefix when the text
        ends in it, with no space, quote or punctuation after: "nghi quy" finds "nghị quyết"
        while typing. A word like "01/2025/NQ-HĐND" is a phrase of its parts. Everything
        else (AND, OR, NEAR, *, -, ^, parentheses, colons) is plain text between words.
        """
        folded = fold(text[:_MAX_QUERY_CHARS])
        terms: list[tuple[str, ...]] = []
        typing = False
        for match in _UNIT.finditer(folded):
            inside, closing = match.group(1), match.group(2)
            tokens = _TOKEN.findall(match.group(0) if inside is None else inside)[:_MAX_PHRASE_TOKENS]
            if tokens:
                terms.append(tuple(tokens))
                at_end = match.end() == len(folded) and not closing
                typing = at_end and _ENDS_IN_WORD.search(folded) is not None
        if not terms:
            return None
        if len(terms) > _MAX_TERMS:
            terms, typing = terms[:_MAX_TERMS], False
        return cls(tuple(terms), typing)

    def expression(self) -> str:
        """The FTS5 MATCH expression: every term a quoted string, so none of it is syntax.

        Tokens hold only letters and digits, so no quote ever needs escaping inside them.
        """
        quoted = ['"' + " ".join(tokens) + '"' for tokens in self.terms]
        if self.typing:
            quoted[-1] += "*"
        return " ".join(quoted)

    def pattern(self) -> re.Pattern[str]:
        """A regex finding the terms in folded text the way FTS5 matched them, to place
        snippets and highlights without asking FTS5 to re-tokenise whole pages."""
        last = len(self.terms) - 1
        alternatives = []
        # Longer phrases first, so a phrase is highlighted whole rather than as its first word.
        for index, tokens in sorted(enumerate(self.terms), key=lambda item: -len(item[1])):
            parts = [re.escape(token) for token in tokens]
            if self.typing and index == last:
                parts[-1] += _WORD_CHAR + "*"
            alternatives.append(r"[\W_]+".join(parts))
        return re.compile(rf"(?<!{_WORD_CHAR})(?:{'|'.join(alternatives)})(?!{_WORD_CHAR})")


def match_expression(query: str) -> str | None:
    """The FTS5 expression searched for `query`, or None when it has no words."""
    parsed = Query.parse(query)
    return None if parsed is None else parsed.expression()


def _origins(text: str) -> list[int] | None:
    """For each folded character, the index of the original character it came from;
    None when folding kept one character per character (nearly always), offsets then agree."""
    if all(len(_FOLD[ord(ch)]) == 1 for ch in set(text)):
        return None
    origins: list[int] = []
    for index, ch in enumerate(text):
        origins.extend([index] * len(_FOLD[ord(ch)]))
    return origins


def _snippet(text: str, folded: str, pattern: re.Pattern[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The original text around the first match, whitespace collapsed, cut at word boundaries,
    and where each match inside it lies."""
    origins = _origins(text)

    def original(start: int, end: int) -> tuple[int, int]:
        if origins is None:
            return start, end
        first, last = origins[start], origins[end - 1] + 1
        # Marks that fold to nothing after the match belong to its last letter.
        while last < len(text) and not _FOLD[ord(text[last])]:
            last += 1
        return first, last

    found = pattern.search(folded)
    first, last = original(*found.span()) if found else (0, 0)
    left = max(0, first - _CONTEXT)
    right = min(len(text), last + _CONTEXT)
    # Do not cut a word in two: move the cuts outwards to the nearest space, within reason.
    while left > 0 and not text[left - 1].isspace() and first - left < _CONTEXT + 20:
        left -= 1
    while right < len(text) and not text[right].isspace() and right - last < _CONTEXT + 20:
        right += 1
    spans = []
    if found:
        for match in pattern.finditer(folded, found.start()):
            start, end = original(*match.span())
            if end > right:
                break
            spans.append((start, end))
    out: list[str] = []
    at: list[int] = []  # index in `out` of each character of text[left:right], and of its end
    space = True  # drops leading whitespace
    for ch in text[left:right]:
        at.append(len(out))
        if not ch.isspace():
            out.append(ch)
            space = False
        elif not space:
            out.append(" ")
            space = True
    at.append(len(out))
    while out and out[-1] == " ":
        out.pop()
    lead = "…" if left > 0 else ""
    tail = "…" if right < len(text) else ""
    shift = len(lead)
    highlights = tuple((at[s - left] + shift, at[e - left] + shift) for s, e in spans)
    return lead + "".join(out) + tail, highlights
