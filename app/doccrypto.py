"""End-to-end document encryption: chunked AES-256-GCM blobs and per-device wrapped keys."""

from __future__ import annotations

import hashlib
import os
import struct
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import DomainError
from app.keys import DeviceKeys, b64d, b64e
from app.plaintext_memory import plaintext_buffer

# Blob format (all integers big-endian):
#
#   header  = b"PHDOC1" | chunk_size u32 | plaintext_length u64 | chunk_count u64     (26 bytes)
#   chunk i = nonce (12 random bytes) | AES-256-GCM ciphertext | tag (16)
#
# Chunk i starts at HEADER_LEN + i * (12 + chunk_size + 16); every chunk holds chunk_size
# plaintext bytes except the last, which holds the rest (an empty document is one empty chunk,
# so even it carries a tag and cannot be forged without the key). Each chunk's associated data
# binds the document, the version, the chunk's index, the chunk count and the whole header, so a
# chunk moved, swapped, dropped or replayed from another document, and any header edit, fails
# its tag; the exact blob length follows from the header and is checked too.
#
# Nonces are random and stored with each chunk rather than derived from (key, index): a derived
# nonce is safe only while a key encrypts one plaintext ever, and a caller re-encrypting a
# version with the same key (a retried import, a fixed typo) would reuse nonces, which for GCM
# leaks both plaintexts' XOR and the authentication key. Twelve bytes per 64 KiB chunk (0.02%)
# buys safety that does not depend on the caller; 96-bit random nonces stay far below the
# collision bound for the few thousand chunks one key ever sees.

MAGIC = b"PHDOC1"
_HEADER = struct.Struct(">6sIQQ")
HEADER_LEN = _HEADER.size
NONCE_LEN = 12
TAG_LEN = 16
KEY_LEN = 32
DEFAULT_CHUNK_SIZE = 64 * 1024
MIN_CHUNK_SIZE = 16
MAX_CHUNK_SIZE = 16 * 1024 * 1024
MAX_PLAINTEXT = 1 << 40

_DOC_AAD = b"phonghop/doc/v1|"
_WRAP_INFO = b"phonghop/wrap/v1|"
_SEAL_INFO = b"phonghop/seal/v1|"
_X25519_LEN = 32
_BODY_AT = _X25519_LEN + NONCE_LEN
_SEALED_MIN = _BODY_AT + TAG_LEN

_MESSAGES = {
    "unauthorized": "Tài liệu đã bị thay đổi hoặc khóa không đúng.",
    "bad_request": "Tệp tài liệu mã hóa không đúng định dạng.",
}
_WRAP_REFUSED = "Khóa tài liệu không dành cho thiết bị này hoặc đã bị thay đổi."

# decrypt_into/encrypt_into (cryptography >= 45) write straight into the caller's buffer, which
# saves a copy of the whole document; older versions take the copying path.
_HAS_INTO = hasattr(AESGCM, "decrypt_into")


class DocumentCryptoError(DomainError):
    """A document that cannot be decrypted: "unauthorized" when a tag fails (tampered blob or
    wrong key, document, version or device), "bad_request" when the input is malformed.

    Messages and details never hold key material.
    """

    def __init__(self, code: str, message: str | None = None, detail: dict[str, Any] | None = None):
        super().__init__(code, message or _MESSAGES.get(code), detail)


@dataclass(frozen=True, slots=True)
class BlobHeader:
    """The public header of an encrypted blob.

    Attributes: chunk_size, plaintext_length, chunk_count; derived: raw (the header bytes),
    stride (bytes per full chunk in the blob), blob_length (the exact blob size).
    """

    chunk_size: int
    plaintext_length: int
    chunk_count: int

    @classmethod
    def for_plaintext(cls, plaintext_length: int, chunk_size: int = DEFAULT_CHUNK_SIZE) -> BlobHeader:
        _check_layout(chunk_size, plaintext_length)
        return cls(chunk_size, plaintext_length, _count(plaintext_length, chunk_size))

    @property
    def raw(self) -> bytes:
        return _HEADER.pack(MAGIC, self.chunk_size, self.plaintext_length, self.chunk_count)

    @property
    def stride(self) -> int:
        return NONCE_LEN + self.chunk_size + TAG_LEN

    def plain_length_of(self, index: int) -> int:
        """Plaintext bytes in chunk `index` (chunk_size for all but the last)."""
        self._check_index(index)
        if index < self.chunk_count - 1:
            return self.chunk_size
        return self.plaintext_length - self.chunk_size * (self.chunk_count - 1)

    @property
    def blob_length(self) -> int:
        last = self.plain_length_of(self.chunk_count - 1)
        return HEADER_LEN + (self.chunk_count - 1) * self.stride + NONCE_LEN + last + TAG_LEN

    def _check_index(self, index: int) -> None:
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < self.chunk_count:
            raise DocumentCryptoError(
                "bad_request", "Số thứ tự phần tài liệu không hợp lệ.", {"chunk": index}
            )


def _count(plaintext_length: int, chunk_size: int) -> int:
    return max(1, -(-plaintext_length // chunk_size))


def _check_layout(chunk_size: int, plaintext_length: int) -> None:
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE or not 0 <= plaintext_length <= MAX_PLAINTEXT:
        raise DocumentCryptoError("bad_request")


def parse_header(first_bytes: bytes | bytearray | memoryview) -> BlobHeader:
    """The header at the start of a blob; needs at least HEADER_LEN bytes (more are ignored)."""
    if len(first_bytes) < HEADER_LEN:
        raise DocumentCryptoError("bad_request")
    magic, chunk_size, plaintext_length, chunk_count = _HEADER.unpack_from(first_bytes)
    if magic != MAGIC:
        raise DocumentCryptoError("bad_request")
    _check_layout(chunk_size, plaintext_length)
    if chunk_count != _count(plaintext_length, chunk_size):
        raise DocumentCryptoError("bad_request")
    return BlobHeader(chunk_size, plaintext_length, chunk_count)


def chunk_range(header: BlobHeader, index: int) -> tuple[int, int]:
    """Byte range [start, end) of chunk `index` in the blob (HTTP: bytes=start-(end-1))."""
    start = HEADER_LEN + index * header.stride
    return start, start + NONCE_LEN + header.plain_length_of(index) + TAG_LEN


def new_document_key() -> bytes:
    """A fresh random 256-bit key for one version of one document."""
    return AESGCM.generate_key(bit_length=256)


def blob_id(blob: bytes | bytearray | memoryview) -> str:
    """SHA-256 hex of the whole blob: the name it is stored and served under."""
    return hashlib.sha256(blob).hexdigest()


def _context(document_id: str, version: int) -> bytes:
    # "|" separates the fields of the associated data and the KDF info; refusing it inside the
    # id (ids are [A-Za-z0-9._-] in the catalog anyway) keeps every encoding unambiguous.
    if not isinstance(document_id, str) or not document_id or "|" in document_id:
        raise DocumentCryptoError("bad_request", "Mã tài liệu không hợp lệ.")
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise DocumentCryptoError("bad_request", "Phiên bản tài liệu không hợp lệ.")
    return document_id.encode("utf-8") + b"|" + str(version).encode("ascii")


def _aes(key: bytes) -> AESGCM:
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_LEN:
        raise DocumentCryptoError("bad_request", "Khóa tài liệu không hợp lệ.")
    return AESGCM(bytes(key))


class _ChunkCipher:
    """One AESGCM object and the associated-data pieces for one (key, document, version, header)."""

    __slots__ = ("_aes", "_prefix", "_suffix", "header")

    def __init__(self, key: bytes, document_id: str, version: int, header: BlobHeader):
        self._aes = _aes(key)
        self._prefix = _DOC_AAD + _context(document_id, version) + b"|"
        self._suffix = b"|" + header.chunk_count.to_bytes(8, "big") + b"|" + header.raw
        self.header = header

    def aad(self, index: int) -> bytes:
        return self._prefix + index.to_bytes(8, "big") + self._suffix

    def encrypt_into(self, index: int, nonce: memoryview, plain: memoryview, out: memoryview) -> None:
        if _HAS_INTO:
            self._aes.encrypt_into(nonce, plain, self.aad(index), out)
        else:  # pragma: no cover - cryptography < 45
            out[:] = self._aes.encrypt(bytes(nonce), bytes(plain), self.aad(index))

    def decrypt_into(self, index: int, chunk: memoryview, out: memoryview) -> None:
        """Decrypt one whole chunk (nonce | ciphertext | tag) into out (its exact plaintext size)."""
        try:
            if _HAS_INTO:
                self._aes.decrypt_into(chunk[:NONCE_LEN], chunk[NONCE_LEN:], self.aad(index), out)
            else:  # pragma: no cover - cryptography < 45
                out[:] = self._aes.decrypt(
                    bytes(chunk[:NONCE_LEN]), bytes(chunk[NONCE_LEN:]), self.aad(index)
                )
        except InvalidTag:
            raise DocumentCryptoError("unauthorized", detail={"chunk": index}) from None

    def decrypt(self, index: int, chunk: bytes | bytearray | memoryview) -> bytes:
        if len(chunk) != NONCE_LEN + self.header.plain_length_of(index) + TAG_LEN:
            raise DocumentCryptoError("unauthorized", detail={"chunk": index})
        view = memoryview(chunk)
        try:
            return self._aes.decrypt(view[:NONCE_LEN], view[NONCE_LEN:], self.aad(index))
        except InvalidTag:
            raise DocumentCryptoError("unauthorized", detail={"chunk": index}) from None

    def decrypt_all_into(self, blob: memoryview, out: memoryview) -> None:
        header = self.header
        if len(blob) != header.blob_length:
            # Truncated, extended or a chunk dropped: the header says how long the blob must be.
            raise DocumentCryptoError("unauthorized")
        if len(out) != header.plaintext_length:
            raise ValueError("output buffer must be exactly plaintext_length bytes")
        if blob[:HEADER_LEN] != header.raw:
            raise DocumentCryptoError("unauthorized")
        size, stride, last = header.chunk_size, header.stride, header.chunk_count - 1
        pos = HEADER_LEN
        try:
            for i in range(last):
                self.decrypt_into(i, blob[pos : pos + stride], out[i * size : (i + 1) * size])
                pos += stride
            self.decrypt_into(last, blob[pos:], out[last * size :])
        except DocumentCryptoError:
            # decrypt_into may leave unauthenticated plaintext behind; never hand it out.
            out[:] = bytes(len(out))
            raise


def encrypt_document(
    key: bytes,
    document_id: str,
    version: int,
    plaintext: bytes | bytearray | memoryview,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> bytearray:
    """Encrypt a whole document into one blob (header + chunks); see the format above.

    Returns a bytearray written in place by AES-GCM: turning it into bytes would copy the whole
    blob again; hashlib, files and HTTP clients all take it as it is.
    """
    plain = memoryview(plaintext).cast("B")
    header = BlobHeader.for_plaintext(len(plain), chunk_size)
    cipher = _ChunkCipher(key, document_id, version, header)
    count, stride = header.chunk_count, header.stride
    nonces = memoryview(os.urandom(NONCE_LEN * count))
    out = bytearray(header.blob_length)
    view = memoryview(out)
    view[:HEADER_LEN] = header.raw
    pos = HEADER_LEN
    for i in range(count):
        piece = plain[i * chunk_size : (i + 1) * chunk_size]
        end = pos + NONCE_LEN + len(piece) + TAG_LEN
        view[pos : pos + NONCE_LEN] = nonces[i * NONCE_LEN : (i + 1) * NONCE_LEN]
        cipher.encrypt_into(i, view[pos : pos + NONCE_LEN], piece, view[pos + NONCE_LEN : end])
        pos += stride
    view.release()
    return out


def decrypt_document_into(
    key: bytes,
    document_id: str,
    version: int,
    blob: bytes | bytearray | memoryview,
    out: bytearray | memoryview,
) -> BlobHeader:
    """Decrypt a whole blob into a caller's buffer of exactly plaintext_length bytes (reused
    buffers skip the allocation); on failure the buffer is zeroed and the error raised."""
    view = memoryview(blob).cast("B")
    cipher = _ChunkCipher(key, document_id, version, parse_header(view))
    cipher.decrypt_all_into(view, memoryview(out).cast("B"))
    return cipher.header


def decrypt_document(
    key: bytes, document_id: str, version: int, blob: bytes | bytearray | memoryview
) -> memoryview:
    """Decrypt and authenticate a whole blob.

    Returns a view of memory written in place by AES-GCM (see app/plaintext_memory.py): no copy
    of the document is made, and PyMuPDF opens a memoryview without copying it either (it does
    copy a bytearray).
    """
    view = memoryview(blob).cast("B")
    header = parse_header(view)
    out = plaintext_buffer(header.plaintext_length)
    _ChunkCipher(key, document_id, version, header).decrypt_all_into(view, out)
    return out


def decrypt_chunk(
    key: bytes,
    header: BlobHeader,
    document_id: str,
    version: int,
    index: int,
    chunk_bytes: bytes | bytearray | memoryview,
) -> bytes:
    """Decrypt chunk `index` alone, given exactly the bytes of chunk_range(header, index)."""
    return _ChunkCipher(key, document_id, version, header).decrypt(index, chunk_bytes)


class EncryptedFile:
    """Random access to an encrypted blob through `fetch(start, end) -> bytes` (end exclusive,
    e.g. an HTTP range request or a slice of a local file); only the chunks a read touches are
    fetched and decrypted, and the last few decrypted chunks are kept in a small LRU.

    Attributes: header, size (plaintext bytes), document_id, version. Not thread-safe.
    """

    def __init__(
        self,
        key: bytes,
        document_id: str,
        version: int,
        fetch: Callable[[int, int], bytes],
        *,
        header: BlobHeader | None = None,
        cache_chunks: int = 8,
    ):
        self._fetch = fetch
        if header is None:
            header = parse_header(self._get(0, HEADER_LEN))
        self.header = header
        self.document_id = document_id
        self.version = version
        self._cipher = _ChunkCipher(key, document_id, version, header)
        self._cache: OrderedDict[int, bytes] = OrderedDict()
        self._cache_chunks = max(1, cache_chunks)

    @property
    def size(self) -> int:
        return self.header.plaintext_length

    def __len__(self) -> int:
        return self.header.plaintext_length

    def __repr__(self) -> str:
        return (
            f"EncryptedFile(document_id={self.document_id!r}, version={self.version}, "
            f"size={self.size}, chunks={self.header.chunk_count})"
        )

    def _get(self, start: int, end: int) -> bytes:
        data = self._fetch(start, end)
        if len(data) != end - start:
            # The blob is shorter than its header says: truncated on the way or on disk.
            raise DocumentCryptoError("unauthorized")
        return data

    def chunk(self, index: int) -> bytes:
        """The plaintext of chunk `index`, fetched and authenticated (or from the cache)."""
        cached = self._cache.get(index)
        if cached is not None:
            self._cache.move_to_end(index)
            return cached
        start, end = chunk_range(self.header, index)
        plain = self._cipher.decrypt(index, self._get(start, end))
        self._cache[index] = plain
        if len(self._cache) > self._cache_chunks:
            self._cache.popitem(last=False)
        return plain

    def read(self, offset: int, n: int) -> bytes:
        """Up to n plaintext bytes from offset (fewer at the end, b"" past it)."""
        if offset < 0 or n < 0:
            raise ValueError("offset and n must be non-negative")
        end = min(offset + n, self.size)
        if offset >= end:
            return b""
        size = self.header.chunk_size
        first, last = offset // size, (end - 1) // size
        if first == last:
            base = first * size
            return self.chunk(first)[offset - base : end - base]
        parts = [self.chunk(first)[offset - first * size :]]
        parts.extend(self.chunk(i) for i in range(first + 1, last))
        parts.append(self.chunk(last)[: end - last * size])
        return b"".join(parts)

    def decrypt_all(self) -> memoryview:
        """The whole document in one fetch and one pass (the fast path for PyMuPDF, as
        decrypt_document)."""
        blob = memoryview(self._get(0, self.header.blob_length)).cast("B")
        out = plaintext_buffer(self.size)
        self._cipher.decrypt_all_into(blob, out)
        return out


# Key wrapping: ephemeral-static X25519, HKDF-SHA256, AES-256-GCM. The sealed form is
# b64(ephemeral_pub 32 | nonce 12 | ciphertext | tag 16). The KDF salt is the ephemeral public
# key and the info ends with the recipient's public key, so the derived key belongs to this one
# exchange and this one device; the info's context (document and version, or the caller's) means
# a wrapped key moved to another document or version does not open.


def _seal(recipient_pub: bytes, plaintext: bytes, info: bytes) -> str:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_pub = ephemeral.public_key().public_bytes_raw()
    try:
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_pub))
    except ValueError:  # wrong length or a low-order point
        raise DocumentCryptoError("bad_request", "Khóa công khai của thiết bị không hợp lệ.") from None
    wrapping = HKDF(hashes.SHA256(), KEY_LEN, salt=ephemeral_pub, info=info).derive(shared)
    nonce = os.urandom(NONCE_LEN)
    return b64e(ephemeral_pub + nonce + AESGCM(wrapping).encrypt(nonce, plaintext, None))


def _open(sealed: str, device: DeviceKeys, info_prefix: bytes) -> bytes:
    try:
        raw = b64d(sealed)
        if len(raw) < _SEALED_MIN:
            raise ValueError("too short")
        ephemeral_pub, nonce, body = raw[:_X25519_LEN], raw[_X25519_LEN:_BODY_AT], raw[_BODY_AT:]
        shared = device.exchange(ephemeral_pub)
        info = info_prefix + device.kex_key.public_key().public_bytes_raw()
        wrapping = HKDF(hashes.SHA256(), KEY_LEN, salt=ephemeral_pub, info=info).derive(shared)
        return AESGCM(wrapping).decrypt(nonce, body, None)
    except (ValueError, TypeError, InvalidTag):
        raise DocumentCryptoError("unauthorized", _WRAP_REFUSED) from None


def _pub(recipient_kex_pub: bytes) -> bytes:
    if not isinstance(recipient_kex_pub, bytes | bytearray) or len(recipient_kex_pub) != _X25519_LEN:
        raise DocumentCryptoError("bad_request", "Khóa công khai của thiết bị không hợp lệ.")
    return bytes(recipient_kex_pub)


def wrap_key(document_key: bytes, recipient_kex_pub: bytes, document_id: str, version: int) -> str:
    """The document key sealed for one device's X25519 public key (32 raw bytes)."""
    if not isinstance(document_key, bytes | bytearray) or len(document_key) != KEY_LEN:
        raise DocumentCryptoError("bad_request", "Khóa tài liệu không hợp lệ.")
    pub = _pub(recipient_kex_pub)
    info = _WRAP_INFO + _context(document_id, version) + b"|" + pub
    return _seal(pub, bytes(document_key), info)


def unwrap_key(wrapped: str, device: DeviceKeys, document_id: str, version: int) -> bytes:
    """The document key from wrap_key, for this device, document and version only."""
    key = _open(wrapped, device, _WRAP_INFO + _context(document_id, version) + b"|")
    if len(key) != KEY_LEN:
        raise DocumentCryptoError("unauthorized", _WRAP_REFUSED)
    return key


def seal_for(device_kex_pub: bytes, plaintext: bytes, context: bytes) -> str:
    """Arbitrary bytes sealed for one device (annotation backups); `context` must match to open."""
    pub = _pub(device_kex_pub)
    return _seal(pub, bytes(plaintext), _SEAL_INFO + bytes(context) + b"|" + pub)


def open_sealed(device: DeviceKeys, sealed: str, context: bytes) -> bytes:
    """Inverse of seal_for with this device's key and the same context."""
    return _open(sealed, device, _SEAL_INFO + bytes(context) + b"|")
