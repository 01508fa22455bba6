"""A delegate's annotation backup, sealed so only that delegate's own devices can open it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated

import msgspec
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.doccrypto import KEY_LEN, NONCE_LEN, TAG_LEN, DocumentCryptoError, open_sealed, seal_for
from app.errors import DomainError
from app.keys import DeviceKeys, b64d, b64e

# Envelope (msgspec JSON, binary values standard padded base64):
#
#   {"v": 1, "meeting_id": "...", "delegate_id": "...",
#    "keys": {device_id: seal_for(device kex_pub, K, context)}, "nonce": b64(12), "ct": b64(...)}
#
# ct = AES-256-GCM(K, nonce, payload, aad = CONTEXT), K a fresh random key per backup and
# CONTEXT = b"phonghop/v1/annotations|" + meeting_id + "|" + delegate_id. The same CONTEXT is the
# seal_for context, so neither the body nor a sealed key opens under another delegate's name.
# Delegate ids are unique only within a meeting (each meeting log adds its own delegates), so
# the meeting is bound too: "db-001" of the plenary and "db-001" of a group room stay apart.
#
# The header fields travel in clear (the server needs none of them, but a reader must know which
# sealed key is its own); editing meeting_id or delegate_id only makes the tag fail.

VERSION = 1
MAX_BACKUP = 8 * 1024 * 1024
"""The largest sealed backup the room server keeps (its PUT limit); seal_backup refuses more."""
MAX_RECIPIENTS = 64
_AAD_PREFIX = b"phonghop/v1/annotations|"

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._-]+$")]
B64 = Annotated[str, msgspec.Meta(min_length=1, max_length=2 * MAX_BACKUP)]

_MALFORMED = "Bản sao lưu ghi chú không đúng định dạng."
_TAMPERED = "Bản sao lưu ghi chú đã bị thay đổi hoặc không mở được bằng khóa của thiết bị này."
_OTHER_OWNER = "Bản sao lưu này thuộc về đại biểu khác, thiết bị không được mở."
_NOT_FOR_DEVICE = "Bản sao lưu ghi chú chưa được mã hóa cho thiết bị này."


class Envelope(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    v: int
    meeting_id: Id
    delegate_id: Id
    keys: Annotated[dict[Id, B64], msgspec.Meta(min_length=1, max_length=MAX_RECIPIENTS)]
    nonce: B64
    ct: B64


class _Versioned(msgspec.Struct):
    # Read first, ignoring everything else, so a newer format says "unsupported version"
    # rather than looking malformed.
    v: int


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Envelope)
_version_decoder = msgspec.json.Decoder(_Versioned)


def backup_context(meeting_id: str, delegate_id: str) -> bytes:
    """The associated data of the body and the seal_for context of each sealed key."""
    for value in (meeting_id, delegate_id):
        if not isinstance(value, str) or not value or "|" in value:
            raise DomainError("bad_request", "Mã cuộc họp hoặc mã đại biểu không hợp lệ.")
    return _AAD_PREFIX + meeting_id.encode("utf-8") + b"|" + delegate_id.encode("utf-8")


def seal_backup(
    payload: bytes, meeting_id: str, delegate_id: str, recipients: Mapping[str, bytes]
) -> bytes:
    """The envelope of `payload` for the given devices (device id -> raw X25519 public key).

    Raises DomainError: bad_request without recipients or with a bad key, too_large when the
    envelope would pass the server's limit.
    """
    context = backup_context(meeting_id, delegate_id)
    if not recipients or len(recipients) > MAX_RECIPIENTS:
        raise DomainError("bad_request", "Không có thiết bị nào để mã hóa bản sao lưu ghi chú.")
    key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_LEN)
    ct = AESGCM(key).encrypt(nonce, bytes(payload), context)
    envelope = Envelope(
        v=VERSION,
        meeting_id=meeting_id,
        delegate_id=delegate_id,
        keys={device_id: seal_for(pub, key, context) for device_id, pub in sorted(recipients.items())},
        nonce=b64e(nonce),
        ct=b64e(ct),
    )
    blob = _encoder.encode(envelope)
    if len(blob) > MAX_BACKUP:
        raise DomainError(
            "too_large", "Ghi chú quá lớn để sao lưu lên máy chủ (tối đa 8 MiB).", {"size": len(blob)}
        )
    return blob


def parse_envelope(blob: bytes) -> Envelope:
    """The envelope's clear header and fields, validated; DomainError bad_request or
    unsupported_version otherwise. Opens nothing."""
    if not isinstance(blob, bytes | bytearray | memoryview) or len(blob) > MAX_BACKUP:
        raise DomainError("bad_request", _MALFORMED)
    try:
        version = _version_decoder.decode(blob).v
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        raise DomainError("bad_request", _MALFORMED) from None
    if version != VERSION:
        raise DomainError(
            "unsupported_version", "Bản sao lưu ghi chú có phiên bản mới hơn chương trình này.", {"v": version}
        )
    try:
        return _decoder.decode(blob)
    except (msgspec.DecodeError, msgspec.ValidationError, RecursionError):
        raise DomainError("bad_request", _MALFORMED) from None


def sealed_for(blob: bytes) -> frozenset[str]:
    """The device ids a backup is sealed for (to know whether a new device still lacks it)."""
    return frozenset(parse_envelope(blob).keys)


def open_backup(blob: bytes, device_id: str, keys: DeviceKeys, delegate_id: str, meeting_id: str) -> bytes:
    """The payload of a backup made for this delegate of this meeting, opened with this device's key.

    Raises DomainError (never with key material): bad_request or unsupported_version for a
    malformed envelope, forbidden when it belongs to another delegate or meeting, not_found when
    it was not sealed for this device, unauthorized when anything was changed.
    """
    envelope = parse_envelope(blob)
    expected = backup_context(meeting_id, delegate_id)
    if (envelope.meeting_id, envelope.delegate_id) != (meeting_id, delegate_id):
        raise DomainError(
            "forbidden", _OTHER_OWNER, {"meeting_id": envelope.meeting_id, "delegate_id": envelope.delegate_id}
        )
    sealed = envelope.keys.get(device_id)
    if sealed is None:
        raise DomainError("not_found", _NOT_FOR_DEVICE, {"device_id": device_id})
    try:
        nonce, ct = b64d(envelope.nonce), b64d(envelope.ct)
    except ValueError:
        raise DomainError("bad_request", _MALFORMED) from None
    if len(nonce) != NONCE_LEN or len(ct) < TAG_LEN:
        raise DomainError("bad_request", _MALFORMED)
    try:
        key = open_sealed(keys, sealed, expected)
    except DocumentCryptoError:
        raise DomainError("unauthorized", _TAMPERED) from None
    if len(key) != KEY_LEN:
        raise DomainError("unauthorized", _TAMPERED)
    try:
        return AESGCM(key).decrypt(nonce, ct, expected)
    except InvalidTag:
        raise DomainError("unauthorized", _TAMPERED) from None

