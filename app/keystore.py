"""Where a device keeps its private keys: the OS keyring, or a passphrase-encrypted file."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import unicodedata
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.errors import DomainError
from app.keys import DeviceKeys, b64d, b64e, write_private_file

log = logging.getLogger(__name__)

SERVICE = "phonghop"
_AAD_PREFIX = b"phonghop/keystore/v1|"
_SCRYPT_N = 2**15
_SCRYPT_R = 8
_SCRYPT_P = 1
# A key file chooses its own scrypt cost; bounding it stops a planted file from making the
# device spend gigabytes of memory before the passphrase is even checked.
_SCRYPT_N_RANGE = (2**14, 2**20)

WRONG_PASSPHRASE = "Mật khẩu thiết bị không đúng."
NEED_PASSPHRASE = "Máy này không có kho khóa của hệ điều hành: hãy đặt mật khẩu thiết bị để bảo vệ khóa."
EMPTY_PASSPHRASE = "Mật khẩu thiết bị không được để trống."
CORRUPT_FILE = "Tệp khóa của thiết bị bị hỏng hoặc không đọc được."
KEYRING_FAILED = "Không truy cập được kho khóa của hệ điều hành."


class KeyStoreError(DomainError):
    """A key store refusal; its text never holds a key or a passphrase."""


class KeyStore(Protocol):
    """Loads, saves and deletes one device's keys by label."""

    def load(self, device_label: str) -> DeviceKeys | None: ...

    def save(self, device_label: str, keys: DeviceKeys) -> None: ...

    def delete(self, device_label: str) -> None: ...


def keyring_available() -> bool:
    """True only when keyring has a real, recommended backend (priority >= 1).

    The fail and null backends, an empty chainer and plaintext file backends (priority < 1)
    all count as unavailable: a passphrase file protects keys better than any of them.
    """
    import keyring  # here, not at the top: keys under a passphrase never need it (~40 ms)

    try:
        backend = keyring.get_keyring()
        backends = getattr(backend, "backends", None)
        if backends is not None:  # the chainer: its own priority says nothing about one backend
            return any(_priority(b) >= 1 for b in backends)
        return _priority(backend) >= 1
    except Exception:  # a broken backend (no D-Bus, locked session) is an absent one
        log.debug("keyring backend unusable", exc_info=True)
        return False


def _priority(backend: Any) -> float:
    return float(type(backend).priority)


class KeyringStore:
    """Device keys in the OS keyring under service "phonghop", one entry per label."""

    def load(self, device_label: str) -> DeviceKeys | None:
        import keyring.errors  # on first use: see keyring_available

        try:
            stored = keyring.get_password(SERVICE, device_label)
        except keyring.errors.KeyringError:
            raise KeyStoreError("internal", KEYRING_FAILED) from None
        if stored is None:
            return None
        try:
            return DeviceKeys.from_private_bytes(b64d(stored))
        except ValueError:
            raise KeyStoreError("bad_request", CORRUPT_FILE) from None

    def save(self, device_label: str, keys: DeviceKeys) -> None:
        import keyring.errors  # on first use: see keyring_available

        try:
            keyring.set_password(SERVICE, device_label, b64e(keys.to_private_bytes()))
        except keyring.errors.KeyringError:
            raise KeyStoreError("internal", KEYRING_FAILED) from None

    def delete(self, device_label: str) -> None:
        import keyring.errors  # on first use: see keyring_available

        # Deleting what isn't there is done, not an error.
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, device_label)

    def __repr__(self) -> str:
        return "KeyringStore()"


class PassphraseFileStore:
    """Device keys in files under a directory: scrypt(passphrase) -> AES-256-GCM, mode 0600."""

    __slots__ = ("_directory", "_passphrase")

    def __init__(self, directory: Path, passphrase: str) -> None:
        if not passphrase:
            raise KeyStoreError("bad_request", EMPTY_PASSPHRASE)
        self._directory = Path(directory)
        # NFC: Vietnamese typed with Telex on one system and VNI/NFD on another must still match.
        self._passphrase = unicodedata.normalize("NFC", passphrase).encode("utf-8")

    def path_for(self, device_label: str) -> Path:
        # Labels may hold any characters; a hash makes a safe, fixed-length file name.
        digest = hashlib.sha256(device_label.encode("utf-8")).hexdigest()[:32]
        return self._directory / f"device-{digest}.key"

    def load(self, device_label: str) -> DeviceKeys | None:
        path = self.path_for(device_label)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        doc = _parse(raw)
        key = self._derive(doc["salt"], doc["n"], doc["r"], doc["p"])
        try:
            plain = AESGCM(key).decrypt(doc["nonce"], doc["ct"], _aad(device_label))
        except InvalidTag:
            # A wrong passphrase and a tampered file look the same to GCM, by design.
            raise KeyStoreError("unauthorized", WRONG_PASSPHRASE) from None
        try:
            return DeviceKeys.from_private_bytes(plain)
        except ValueError:
            raise KeyStoreError("bad_request", CORRUPT_FILE) from None

    def save(self, device_label: str, keys: DeviceKeys) -> None:
        salt = os.urandom(16)
        nonce = os.urandom(12)
        key = self._derive(salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
        ct = AESGCM(key).encrypt(nonce, keys.to_private_bytes(), _aad(device_label))
        doc = {
            "v": 1,
            "kdf": "scrypt",
            "n": _SCRYPT_N,
            "r": _SCRYPT_R,
            "p": _SCRYPT_P,
            "salt": b64e(salt),
            "nonce": b64e(nonce),
            "ct": b64e(ct),
        }
        write_private_file(self.path_for(device_label), json.dumps(doc).encode("utf-8"))

    def delete(self, device_label: str) -> None:
        self.path_for(device_label).unlink(missing_ok=True)

    def _derive(self, salt: bytes, n: int, r: int, p: int) -> bytes:
        return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(self._passphrase)

    def __repr__(self) -> str:
        return f"PassphraseFileStore({str(self._directory)!r})"


def _aad(device_label: str) -> bytes:
    # Binding the label means a key file copied over another label's file fails to open.
    return _AAD_PREFIX + device_label.encode("utf-8")


def _parse(raw: bytes) -> dict[str, Any]:
    """The key file's fields, decoded and bounded; KeyStoreError for anything else."""
    try:
        doc = json.loads(raw)
        if not isinstance(doc, dict) or doc.get("v") != 1 or doc.get("kdf") != "scrypt":
            raise ValueError
        n, r, p = doc["n"], doc["r"], doc["p"]
        if not all(type(x) is int for x in (n, r, p)):
            raise ValueError
        if not (_SCRYPT_N_RANGE[0] <= n <= _SCRYPT_N_RANGE[1]) or n & (n - 1):
            raise ValueError
        if not (1 <= r <= 32 and 1 <= p <= 16):
            raise ValueError
        salt, nonce, ct = b64d(doc["salt"]), b64d(doc["nonce"]), b64d(doc["ct"])
        if len(salt) < 16 or len(nonce) != 12 or len(ct) != 64 + 16:
            raise ValueError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise KeyStoreError("bad_request", CORRUPT_FILE) from None
    return {"n": n, "r": r, "p": p, "salt": salt, "nonce": nonce, "ct": ct}


def open_keystore(directory: Path, passphrase: str | None) -> KeyStore:
    """The OS keyring where a real one exists, else a passphrase file store in directory."""
    if keyring_available():
        return KeyringStore()
    if passphrase is None:
        raise KeyStoreError("bad_request", NEED_PASSPHRASE)
    return PassphraseFileStore(directory, passphrase)
