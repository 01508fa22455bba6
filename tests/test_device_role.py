"""Each window opens only a device enrolled for it, and says which link to use instead."""

from __future__ import annotations

import pytest

from app.errors import DomainError
from phonghop import chair, display, technician
from sync.client.enroll import Identity


def device(role: str) -> Identity:
    return Identity("dev-1", role, "ky-hop-1", "db-001" if role == "delegate" else None, "A01" if role == "delegate"
                    else None, "https://127.0.0.1:8443", "ab" * 32, "Máy ghế A01")


@pytest.mark.parametrize(("check", "allowed", "words"), [
    (chair.check_role, ("chair", "secretary"), "không phải «Chủ tọa» hay «Thư ký kỳ họp». Hãy dùng thư mục khác và "
                                               "liên kết đăng ký của bàn chủ tọa."),
    (display.check_role, ("display",), "không phải «Màn hình hội trường». Hãy dùng thư mục khác và liên kết đăng ký "
                                       "của màn hình hội trường."),
    (technician.check_role, ("technician",), "không phải «Kỹ thuật viên». Hãy dùng thư mục khác và liên kết đăng ký "
                                             "của máy kỹ thuật viên."),
])
def test_a_window_refuses_a_device_of_another_role(check: object, allowed: tuple[str, ...], words: str) -> None:
    for role in ("delegate", "chair", "secretary", "technician", "display"):
        if role in allowed:
            check(device(role))  # type: ignore[operator]
            continue
        with pytest.raises(DomainError) as refused:
            check(device(role))  # type: ignore[operator]
        assert refused.value.code == "forbidden" and refused.value.detail == {"role": role}
        assert refused.value.message.endswith(words)
    with pytest.raises(DomainError) as seat:
        technician.check_role(device("delegate"))
    assert seat.value.message.startswith("Thiết bị trong thư mục này được đăng ký làm «Đại biểu»")
