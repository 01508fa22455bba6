"""Device key stores: the passphrase file store on real files, the keyring store in memory."""

from __future__ import annotations

import json
import logging
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest
from keyring.backends import chainer, fail, null

from app.keys import DeviceKeys, b64d, b64e
from app.keystore import (
    KeyringStore,
    KeyStore,
    KeyStoreError,
    PassphraseFileStore,
    keyring_available,
    open_keystore,
)

PASSPHRASE = "mật khẩu phòng họp"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend that keeps passwords in a dict."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.entries[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


# Every backend subclass registers itself for auto-detection; left there, this one would be
# "found" on the real machine and hide that no true keyring exists here.
keyring.backend.KeyringBackend._classes.discard(MemoryKeyring)


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring(restore_keyring: None) -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_passphrase_store_round_trip(tmp_path: Path) -> None:
    store: KeyStore = PassphraseFileStore(tmp_path / "keys", PASSPHRASE)
    keys = DeviceKeys.generate()
    assert store.load("đại biểu 12") is None
    store.save("đại biểu 12", keys)
    loaded = PassphraseFileStore(tmp_path / "keys", PASSPHRASE).load("đại biểu 12")
    assert loaded is not None
    assert loaded.to_private_bytes() == keys.to_private_bytes()
    store.delete("đại biểu 12")
    assert store.load("đại biểu 12") is None
    store.delete("đại biểu 12")  # deleting twice is fine


def test_passphrase_file_format_and_permissions(tmp_path: Path) -> None:
    store = PassphraseFileStore(tmp_path, PASSPHRASE)
    keys = DeviceKeys.generate()
    store.save("seat-1", keys)
    files = list(tmp_path.iterdir())
    assert files == [store.path_for("seat-1")]  # no temp file left behind
    assert _mode(files[0]) == 0o600
    doc = json.loads(files[0].read_text())
    assert set(doc) == {"v", "kdf", "n", "r", "p", "salt", "nonce", "ct"}
    assert (doc["v"], doc["kdf"], doc["n"], doc["r"], doc["p"]) == (1, "scrypt", 2**15, 8, 1)
    assert len(b64d(doc["nonce"])) == 12
    raw = keys.to_private_bytes()
    text = files[0].read_text()
    assert b64e(raw) not in text and raw.hex() not in text


def test_wrong_passphrase_is_unauthorized_in_vietnamese(tmp_path: Path) -> None:
    PassphraseFileStore(tmp_path, PASSPHRASE).save("seat-1", DeviceKeys.generate())
    with pytest.raises(KeyStoreError) as info:
        PassphraseFileStore(tmp_path, "sai mật khẩu").load("seat-1")
    assert info.value.code == "unauthorized"
    assert info.value.message == "Mật khẩu thiết bị không đúng."
    assert "sai mật khẩu" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_passphrase_unicode_normalization(tmp_path: Path) -> None:
    import unicodedata

    keys = DeviceKeys.generate()
    PassphraseFileStore(tmp_path, unicodedata.normalize("NFC", PASSPHRASE)).save("s", keys)
    loaded = PassphraseFileStore(tmp_path, unicodedata.normalize("NFD", PASSPHRASE)).load("s")
    assert loaded is not None and loaded.sign_pub_b64 == keys.sign_pub_b64


@pytest.mark.parametrize("field", ["ct", "nonce", "salt"])
def test_tampered_file_is_refused(tmp_path: Path, field: str) -> None:
    store = PassphraseFileStore(tmp_path, PASSPHRASE)
    store.save("seat-1", DeviceKeys.generate())
    path = store.path_for("seat-1")
    doc = json.loads(path.read_text())
    raw = bytearray(b64d(doc[field]))
    raw[0] ^= 1
    doc[field] = b64e(bytes(raw))
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyStoreError) as info:
        store.load("seat-1")
    assert info.value.code == "unauthorized"


def test_file_moved_to_another_label_is_refused(tmp_path: Path) -> None:
    store = PassphraseFileStore(tmp_path, PASSPHRASE)
    store.save("seat-1", DeviceKeys.generate())
    store.path_for("seat-1").rename(store.path_for("seat-2"))
    with pytest.raises(KeyStoreError) as info:
        store.load("seat-2")
    assert info.value.code == "unauthorized"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not json",
        b"[]",
        b'{"v": 2}',
        json.dumps({"v": 1, "kdf": "scrypt", "n": 2**30, "r": 8, "p": 1}).encode(),
    ],
)
def test_corrupt_file_is_a_bad_request(tmp_path: Path, content: bytes) -> None:
    store = PassphraseFileStore(tmp_path, PASSPHRASE)
    store.path_for("seat-1").write_bytes(content)
    with pytest.raises(KeyStoreError) as info:
        store.load("seat-1")
    assert info.value.code == "bad_request"


def test_scrypt_cost_out_of_bounds_is_refused_before_deriving(tmp_path: Path) -> None:
    store = PassphraseFileStore(tmp_path, PASSPHRASE)
    store.save("seat-1", DeviceKeys.generate())
    path = store.path_for("seat-1")
    doc = json.loads(path.read_text())
    doc["n"] = 2**24
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyStoreError) as info:
        store.load("seat-1")
    assert info.value.code == "bad_request"


def test_empty_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyStoreError) as info:
        PassphraseFileStore(tmp_path, "")
    assert info.value.code == "bad_request"


def test_reprs_hide_secrets(tmp_path: Path) -> None:
    store = PassphraseFileStore(tmp_path, PASSPHRASE)
    assert PASSPHRASE not in repr(store)
    assert PASSPHRASE.encode() not in repr(store).encode()
    assert not hasattr(store, "__dict__")
    assert "KeyringStore" in repr(KeyringStore())


def test_nothing_secret_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    store = PassphraseFileStore(tmp_path, PASSPHRASE)
    keys = DeviceKeys.generate()
    store.save("seat-1", keys)
    store.load("seat-1")
    with pytest.raises(KeyStoreError):
        PassphraseFileStore(tmp_path, "khác").load("seat-1")
    raw = keys.to_private_bytes()
    assert PASSPHRASE not in caplog.text and b64e(raw) not in caplog.text


def test_keyring_unavailable_on_this_machine() -> None:
    assert keyring_available() is False


def test_keyring_available_judges_backends(restore_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    assert keyring_available() is False
    keyring.set_keyring(null.Keyring())
    assert keyring_available() is False
    keyring.set_keyring(MemoryKeyring())
    assert keyring_available() is True


def test_empty_chainer_is_unavailable(
    restore_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [], raising=False)
    keyring.set_keyring(chainer.ChainerBackend())
    assert keyring_available() is False
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [MemoryKeyring()], raising=False)
    assert keyring_available() is True


def test_open_keystore_without_keyring(tmp_path: Path) -> None:
    store = open_keystore(tmp_path, PASSPHRASE)
    assert isinstance(store, PassphraseFileStore)
    with pytest.raises(KeyStoreError) as info:
        open_keystore(tmp_path, None)
    assert info.value.code == "bad_request"
    assert "mật khẩu" in info.value.message


def test_keyring_store_round_trip(memory_keyring: MemoryKeyring, tmp_path: Path) -> None:
    store = open_keystore(tmp_path, None)
    assert isinstance(store, KeyringStore)
    keys = DeviceKeys.generate()
    assert store.load("seat-1") is None
    store.save("seat-1", keys)
    assert memory_keyring.entries[("phonghop", "seat-1")] == b64e(keys.to_private_bytes())
    loaded = store.load("seat-1")
    assert loaded is not None and loaded.to_private_bytes() == keys.to_private_bytes()
    store.delete("seat-1")
    assert store.load("seat-1") is None
    store.delete("seat-1")
    assert list(tmp_path.iterdir()) == []


def test_keyring_store_corrupt_entry(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[("phonghop", "seat-1")] = "garbage"
    with pytest.raises(KeyStoreError) as info:
        KeyringStore().load("seat-1")
    assert info.value.code == "bad_request"
    assert "garbage" not in str(info.value)
