"""Enrolls this device with a one-time link: makes its keys and registers them, pinned."""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any

from app.errors import DomainError
from app.keys import DeviceKeys
from sync.links import parse_link
from sync.tls import client_ssl_context_pinned

log = logging.getLogger(__name__)

UNREACHABLE = "Không kết nối được máy chủ phòng họp. Kiểm tra mạng và thử lại."


@dataclass(frozen=True, slots=True)
class Identity:
    """What a device knows of itself after enrollment; stored in its replica."""

    device_id: str
    role: str
    meeting_id: str | None
    delegate_id: str | None
    seat: str | None
    url: str
    fingerprint: str
    device_name: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Identity:
        return cls(**data)


async def enroll(link_text: str, device_name: str, keys: DeviceKeys, timeout_s: float = 15.0) -> Identity:
    """Raises DomainError (forbidden for a used, expired or unknown code) with Vietnamese text."""
    import aiohttp  # here, not at the top: a seat needs the Identity long before (~150 ms)

    link = parse_link(link_text)
    body = {
        "code": link.code,
        "device_name": device_name,
        "sign_pub": keys.sign_pub_b64,
        "kex_pub": keys.kex_pub_b64,
    }
    ssl_ctx = client_ssl_context_pinned(link.fingerprint)
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s)) as http,
            http.post(f"{link.base_url}/v1/enroll", json=body, ssl=ssl_ctx) as resp,
        ):
            answer: dict[str, Any] = await resp.json(content_type=None)
            status = resp.status
    except aiohttp.ClientConnectorCertificateError:
        raise DomainError(
            "unauthorized", "Chứng chỉ của máy chủ không khớp với thẻ đăng ký. Hãy báo kỹ thuật viên."
        ) from None
    except (aiohttp.ClientError, TimeoutError, ValueError):
        raise DomainError("not_found", UNREACHABLE) from None
    if status != 200:
        raise DomainError(str(answer.get("code", "bad_request")), answer.get("message"), answer.get("detail"))
    log.info("enrolled as %s (%s)", answer["device_id"], answer["role"])
    return Identity(
        device_id=answer["device_id"],
        role=answer["role"],
        meeting_id=answer["meeting_id"],
        delegate_id=answer["delegate_id"],
        seat=answer["seat"],
        url=link.base_url,
        fingerprint=link.fingerprint,
        device_name=device_name,
    )
