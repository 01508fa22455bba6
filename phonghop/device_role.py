"""Which window a device's folder may open: each console and the hall display checks the role the
device was enrolled with before anything connects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.errors import DomainError
from app.keys import DeviceKeys
from app.model import ROLE_LABELS
from app.storage.replica import Replica
from sync.client.device import open_device
from sync.client.enroll import Identity


def require_role(identity: Identity, roles: tuple[str, ...], expected: str, link: str) -> None:
    """Refuses a device enrolled as anything but `roles`: a seat's folder opened as a console would
    send as a delegate and be refused at every click (or show its documents to the hall).
    expected: the roles in words («Kỹ thuật viên»); link: whose enrollment link to use instead."""
    if identity.role not in roles:
        role = ROLE_LABELS.get(identity.role, identity.role)
        raise DomainError(
            "forbidden",
            f"Thiết bị trong thư mục này được đăng ký làm «{role}», không phải {expected}. "
            f"Hãy dùng thư mục khác và liên kết đăng ký của {link}.",
            {"role": identity.role},
        )


def open_checked(data_dir: Path, passphrase: str | None,
                 check: Callable[[Identity], None]) -> tuple[Identity, DeviceKeys, Replica]:
    """The device of `data_dir` once `check` accepts its role; its replica is closed on a refusal."""
    identity, keys, replica = open_device(data_dir, passphrase)
    try:
        check(identity)
    except DomainError:
        replica.close()
        raise
    return identity, keys, replica
