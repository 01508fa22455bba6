"""Device keys, room key, signatures, base64 and enrollment codes."""

from __future__ import annotations

import base64
import hashlib
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.keys import (
    DeviceKeys,
    RoomKey,
    b64d,
    b64e,
    code_hash,
    new_code,
    new_token,
    verify,
)


def test_device_keys_round_trip_through_private_bytes() -> None:
    keys = DeviceKeys.generate()
    raw = keys.to_private_bytes()
    assert len(raw) == 64
    again = DeviceKeys.from_private_bytes(raw)
    assert again.sign_pub_b64 == keys.sign_pub_b64
    assert again.kex_pub_b64 == keys.kex_pub_b64
    assert again.to_private_bytes() == raw


def test_public_keys_are_padded_base64_of_32_raw_bytes() -> None:
    keys = DeviceKeys.generate()
    for pub in (keys.sign_pub_b64, keys.kex_pub_b64):
        assert len(base64.b64decode(pub, validate=True)) == 32
        assert pub.endswith("=")


@pytest.mark.parametrize("size", [0, 32, 63, 65])
def test_from_private_bytes_refuses_wrong_length(size: int) -> None:
    with pytest.raises(ValueError):
        DeviceKeys.from_private_bytes(b"\x01" * size)


def test_repr_hides_private_key_material() -> None:
    keys = DeviceKeys.generate()
    raw = keys.to_private_bytes()
    text = repr(keys) + str(keys)
    for secret in (raw[:32], raw[32:]):
        assert b64e(secret) not in text
        assert secret.hex() not in text
    assert keys.sign_pub_b64 in text
    room = RoomKey.generate()
    assert "PRIVATE" not in repr(room)


def test_sign_and_verify() -> None:
    keys = DeviceKeys.generate()
    sig = b64e(keys.sign(b"auth|nonce"))
    assert verify(keys.sign_pub_b64, b"auth|nonce", sig)
    assert not verify(keys.sign_pub_b64, b"auth|nonce2", sig)
    assert not verify(DeviceKeys.generate().sign_pub_b64, b"auth|nonce", sig)


@pytest.mark.parametrize(
    ("pub", "msg", "sig"),
    [
        ("", b"m", ""),
        ("not base64!", b"m", "AAAA"),
        (b64e(b"\x00" * 31), b"m", b64e(b"\x00" * 64)),
        (b64e(b"\x00" * 32), b"m", b64e(b"\x00" * 63)),
        (None, b"m", None),
        (12, "text", 3.5),
    ],
)
def test_verify_is_false_for_malformed_input(pub: object, msg: object, sig: object) -> None:
    assert verify(pub, msg, sig) is False  # type: ignore[arg-type]


@given(st.binary(max_size=200), st.binary(max_size=100))
def test_verify_never_raises(pub: bytes, sig: bytes) -> None:
    assert verify(b64e(pub), b"message", b64e(sig)) is False


def test_exchange_agrees_both_ways() -> None:
    a, b = DeviceKeys.generate(), DeviceKeys.generate()
    assert a.exchange(b64d(b.kex_pub_b64)) == b.exchange(b64d(a.kex_pub_b64))


@given(st.binary(max_size=100))
def test_b64_round_trip(data: bytes) -> None:
    assert b64d(b64e(data)) == data


@pytest.mark.parametrize("bad", ["QQ", "QQ=", "Q Q==", "QQ==\n", "-_8=", "QR==", "é", "!!!!"])
def test_b64d_is_strict(bad: str) -> None:
    with pytest.raises(ValueError):
        b64d(bad)


def test_b64d_refuses_non_strings_with_value_error() -> None:
    with pytest.raises(ValueError):
        b64d(None)  # type: ignore[arg-type]


def test_room_key_load_or_create(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "room.pem"
    first = RoomKey.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert [p.name for p in path.parent.iterdir()] == ["room.pem"]  # no temp file left
    second = RoomKey.load_or_create(path)
    assert second.public_b64 == first.public_b64
    sig = b64e(second.sign(b"checkpoint"))
    assert verify(first.public_b64, b"checkpoint", sig)


def test_room_key_refuses_a_non_ed25519_file(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "room.pem"
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(ValueError):
        RoomKey.load_or_create(path)


def test_new_code_shape_and_uniqueness() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)


def test_code_hash_normalizes() -> None:
    code = new_code()
    expected = hashlib.sha256(code.replace("-", "").encode()).hexdigest()
    assert code_hash(code) == expected
    assert code_hash(code.lower()) == expected
    assert code_hash(" " + code.replace("-", " ") + " ") == expected
    assert code_hash(code.replace("-", "")) == expected
    assert re.fullmatch(r"[0-9a-f]{64}", expected)


def test_code_hash_forgives_crockford_look_alikes() -> None:
    assert code_hash("0011-2222-3333-4444") == code_hash("oOiL-2222-3333-4444")
    assert code_hash("AAAA-AAAA-AAAA-AAAA") != code_hash("AAAA-AAAA-AAAA-AAAB")


def test_new_token() -> None:
    token = new_token()
    assert len(base64.urlsafe_b64decode(token + "=")) == 32
    assert new_token() != token
