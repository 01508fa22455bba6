"""The words a delegate list uses for gender, roles and posts, committees, full-time work and
mandate status."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from app.delegate_file import fold

ID_PATTERN: Final = re.compile(r"^[A-Za-z0-9._-]{1,64}$")  # app.fields.Id
MAX_TEXT: Final = 200  # app.fields.Name and ShortText

GENDERS: Final = {"nam": "male", "nam gioi": "male", "male": "male",
                  "nu": "female", "nu gioi": "female", "female": "female"}
GENDER_LABELS: Final = {"male": "Nam", "female": "Nữ"}

# The domain's roles (app.preparation.DelegateRole); the council's posts are kept as written.
ROLE_ORDER: Final = ("delegate", "chair", "secretary")
ROLE_LABELS: Final = {"delegate": "Đại biểu", "chair": "Chủ tọa", "secretary": "Thư ký kỳ họp"}
_ROLES: Final = {
    "dai bieu": "delegate",
    # The Chủ tịch HĐND presides over the sessions (Chủ tọa): the demo gives them the chair role.
    "chu tich": "chair",
    "chu toa": "chair",
    "chu toa ky hop": "chair",
    "thu ky": "secretary",
    "thu ky ky hop": "secretary",
}
# The council's posts a «Vai trò» cell may name (a prefix of the folded word), and whether the
# post makes its holder a member of the Standing Committee (Thường trực HĐND: Chủ tịch, Phó Chủ
# tịch and the heads of the committees, DOMAIN.md).
POSTS: Final = (
    ("pho chu tich", True),
    ("pho truong ban", False),
    ("truong ban", True),
    ("uy vien thuong truc", True),
    ("thuong truc", True),
    ("uy vien ban", False),
    ("uy vien", False),
    ("to truong", False),
    ("to pho", False),
)
_COUNCIL_SUFFIXES: Final = (" hoi dong nhan dan tinh", " hoi dong nhan dan", " hdnd tinh", " hdnd xa",
                            " hdnd phuong", " hdnd")
ROLE_HELP: Final = ("Đại biểu, Chủ tịch, Phó Chủ tịch, Trưởng Ban, Phó Trưởng Ban, Thường trực, "
                    "Thư ký kỳ họp")

_YES: Final = ("co", "x", "1", "yes", "true", "chuyen trach", "dai bieu chuyen trach")
_NO: Final = ("khong", "0", "no", "false", "khong chuyen trach", "kiem nhiem")

# Mandate status (app.model.MANDATES): active and suspended count in N (a suspended delegate
# still holds the mandate), ended does not. Matched by prefix of the folded text.
_ACTIVE: Final = ("dang thuc hien nhiem vu", "thuc hien nhiem vu", "dang giu quyen", "giu quyen", "dang hoat dong",
                  "hoat dong", "dang lam nhiem vu", "duong nhiem", "binh thuong", "con nhiem vu")
_SUSPENDED: Final = ("tam dinh chi", "bi tam dinh chi")
_ENDED: Final = ("thoi", "da thoi", "bai nhiem", "bi bai nhiem", "mat quyen", "bi mat quyen", "da mat",
                 "tu tran", "da tu tran", "qua doi", "chuyen cong tac")
MANDATE_HELP: Final = "«Đang thực hiện nhiệm vụ», «Tạm đình chỉ» hoặc «Đã thôi nhiệm vụ»"


@dataclass(frozen=True, slots=True)
class Roles:
    """What a «Vai trò» cell says: the domain's roles, the council posts as written, and
    whether one of them belongs to the Standing Committee."""

    roles: tuple[str, ...]
    posts: tuple[str, ...] = ()
    standing: bool = False


def roles_of(text: str) -> Roles | str:
    """The roles of a cell, or the first word that means nothing (for the message)."""
    found = {"delegate"}  # everyone on the list is a delegate of the council
    posts: list[str] = []
    standing = False
    for word in (w.strip() for w in re.split(r"[;,]", text)):
        key = fold(word)
        if not key:
            continue
        for suffix in _COUNCIL_SUFFIXES:
            key = key.removesuffix(suffix)
        if key in _ROLES:
            found.add(_ROLES[key])
            if key != "chu tich":  # the Chủ tịch HĐND is a post too; Chủ tọa and Thư ký only roles
                continue
            member = True
        else:
            matches = [(prefix, member) for prefix, member in POSTS if key == prefix or key.startswith(prefix + " ")]
            if not matches:
                return word
            member = max(matches, key=lambda m: len(m[0]))[1]  # «Ủy viên Thường trực» is not «Ủy viên»
        standing = standing or member
        if word not in posts:
            posts.append(word)
    return Roles(tuple(r for r in ROLE_ORDER if r in found), tuple(posts), standing)


def yes_no(text: str) -> bool | None:
    key = fold(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None


def mandate_of(text: str) -> str | None:
    """active, suspended or ended; None for words that mean nothing here."""
    key = fold(text)
    for status, prefixes in (("suspended", _SUSPENDED), ("ended", _ENDED), ("active", _ACTIVE)):
        if any(key == p or key.startswith(p + " ") for p in prefixes):
            return status
    return None


_TONES: Final = frozenset("\u0300\u0301\u0303\u0309\u0323")


def name_key(name: str) -> str:
    """A name as compared: case, spacing and where a tone mark sits do not count («Thủy» is
    «Thuỷ», «Hòa» is «Hoà»), every other letter does («Hà» is not «Hạ»)."""
    words = []
    for word in name.casefold().split():
        nfd = unicodedata.normalize("NFD", word)
        tones = "".join(sorted(c for c in nfd if c in _TONES))
        words.append(unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES)) + tones)
    return " ".join(words)


def group_aliases(group_id: str, group_name: str) -> set[str]:
    """How a file may name a group: its id, its name, «Tổ 3», «3», or the place in brackets:
    «Tổ đại biểu số 3 (Phủ Lý)»."""
    aliases = {group_text_key(group_id), group_text_key(group_name)}
    number = re.match(r"^to(?: dai bieu)?(?: so)? (\d+)\b", group_text_key(group_name))
    if number:
        n = int(number.group(1))
        aliases |= {str(n), f"to {n}", f"to so {n}", f"to dai bieu {n}", f"to dai bieu so {n}"}
    place = re.search(r"\(([^)]*)\)", group_name)
    if place:
        aliases.add(group_text_key(place.group(1)))
    return aliases - {""}


def group_text_key(text: str) -> str:
    """A group as written in a file, folded the same way as its aliases («Tổ 03» → "to 3")."""
    return re.sub(r"\b0+(\d)", r"\1", fold(text))


def committee_key(text: str) -> str:
    """A committee as a file may write it, folded: «Ban Pháp chế HĐND tỉnh», «Pháp chế» and the
    id «ban-phap-che» all give "phap che"; «Kinh tế - Ngân sách» is «Kinh tế – Ngân sách»."""
    key = fold(text)
    for suffix in _COUNCIL_SUFFIXES:
        key = key.removesuffix(suffix)
    return key.removeprefix("ban ")


def committees_of(text: str, committees: Mapping[str, str]) -> tuple[str, ...] | str:
    """The committee ids a «Ban» cell names (several apart with ; or ,), or the first name the
    meeting does not have (for the message)."""
    known = {committee_key(k): k for k in committees} | {committee_key(v): k for k, v in committees.items()}
    whole = known.get(committee_key(text))
    if whole is not None:  # a name with a comma in it
        return (whole,)
    found: list[str] = []
    for word in (w.strip() for w in re.split(r"[;,]", text)):
        if not word:
            continue
        committee = known.get(committee_key(word))
        if committee is None:
            return word
        if committee not in found:
            found.append(committee)
    return tuple(found)
