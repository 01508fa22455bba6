"""The protocol's errors: the peer misbehaved (remote) or we misused the API (local)."""

from __future__ import annotations

from typing import Any

from app.errors import MESSAGES

# Vietnamese messages for frame-level problems, keyed by the `reason` carried in `detail`;
# more precise than the generic message of the code, which is the fallback.
REASONS: dict[str, str] = {
    "too_large": "Khung dữ liệu vượt quá giới hạn 1 MiB.",
    "invalid_utf8": "Khung dữ liệu không phải văn bản UTF-8 hợp lệ.",
    "invalid_json": "Khung dữ liệu không phải JSON hợp lệ.",
    "not_object": "Khung dữ liệu phải là một đối tượng JSON.",
    "unknown_type": "Loại thông điệp không được hỗ trợ.",
    "missing_field": "Thông điệp thiếu trường bắt buộc.",
    "unknown_field": "Thông điệp có trường không được phép.",
    "invalid_value": "Thông điệp có trường sai kiểu hoặc giá trị không hợp lệ.",
    "float": "Dữ liệu không được chứa số thập phân.",
    "too_deep": "Dữ liệu lồng nhau quá sâu.",
    "unexpected_message": "Thông điệp không đúng thứ tự trong phiên kết nối.",
    "wrong_meeting": "Sự kiện không thuộc cuộc họp của phiên kết nối này.",
    "unsupported_version": "Phiên bản giao thức không được hỗ trợ.",
}


class ProtocolError(Exception):
    """A protocol failure: `code` (stable, English), `message` (Vietnamese), `detail` (or None)."""

    def __init__(self, code: str, message: str | None = None, detail: dict[str, Any] | None = None) -> None:
        self.code = code
        reason = detail.get("reason") if detail else None
        self.message = (
            message
            or (REASONS.get(reason) if isinstance(reason, str) else None)
            or MESSAGES.get(code, MESSAGES["bad_request"])
        )
        self.detail = detail
        super().__init__(f"{code}: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.detail is not None:
            body["detail"] = self.detail
        return body


class RemoteProtocolError(ProtocolError):
    """The peer sent something the protocol does not allow."""


class LocalProtocolError(ProtocolError):
    """Our own code asked the protocol for something it does not allow."""


def bad_frame(reason: str, info: str | None = None) -> RemoteProtocolError:
    """A `bad_request` for a malformed frame; `info` is a short technical hint for programs."""
    detail: dict[str, Any] = {"reason": reason}
    if info:
        # The hint may quote a peer-chosen field name: keep what we echo back small.
        detail["info"] = info[:200]
    return RemoteProtocolError("bad_request", detail=detail)
