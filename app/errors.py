"""The domain's one error type: a stable code for programs and a Vietnamese message for people."""

from __future__ import annotations

from typing import Any

# Default Vietnamese messages per stable code; specific errors pass their own message.
MESSAGES: dict[str, str] = {
    "bad_request": "Yêu cầu không hợp lệ.",
    "unauthorized": "Không xác thực được thiết bị hoặc chữ ký.",
    "forbidden": "Thiết bị này không có quyền thực hiện thao tác này.",
    "not_found": "Không tìm thấy mục được yêu cầu.",
    "conflict": "Thao tác xung đột với trạng thái hiện tại của cuộc họp.",
    "vote_closed": "Biểu quyết đã kết thúc.",
    "not_eligible": "Đại biểu chưa điểm danh nên chưa thể biểu quyết.",
    "already_voted": "Đại biểu đã biểu quyết.",
    "rate_limited": "Quá nhiều yêu cầu, vui lòng thử lại sau ít phút.",
    "too_large": "Dữ liệu gửi lên quá lớn.",
    "unsupported_version": "Phiên bản giao thức không được hỗ trợ.",
    "internal": "Máy chủ gặp sự cố, vui lòng thử lại.",
}


class DomainError(Exception):
    """A refusal with a stable English code, a Vietnamese message and optional detail."""

    def __init__(self, code: str, message: str | None = None, detail: dict[str, Any] | None = None):
        self.code = code
        self.message = message or MESSAGES.get(code, MESSAGES["bad_request"])
        self.detail = detail
        super().__init__(f"{code}: {self.message}")

    def to_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.detail is not None:
            body["detail"] = self.detail
        return body
