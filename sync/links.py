"""Enrollment links: phonghop://HOST:PORT/enroll?code=CODE&fp=HEX (text, file or QR)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from app.errors import DomainError

_FP = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class EnrollmentLink:
    host: str
    port: int
    code: str
    fingerprint: str

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"


def enrollment_link(host: str, port: int, code: str, fingerprint: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"phonghop://{shown}:{port}/enroll?code={quote(code)}&fp={fingerprint}"


def parse_link(text: str) -> EnrollmentLink:
    bad = DomainError(
        "bad_request", "Liên kết đăng ký thiết bị không hợp lệ. Hãy quét lại mã QR trên thẻ ghế."
    )
    try:
        parts = urlsplit(text.strip())
        query = parse_qs(parts.query)
        port = parts.port
    except ValueError:
        raise bad from None
    if parts.scheme != "phonghop" or parts.path != "/enroll" or not parts.hostname or port is None:
        raise bad
    code = query.get("code", [""])[0]
    fingerprint = query.get("fp", [""])[0].lower()
    if not code or not _FP.match(fingerprint):
        raise bad
    return EnrollmentLink(parts.hostname, port, code, fingerprint)
