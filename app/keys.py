"""Device and room keys, signatures, enrollment codes, tokens: the home of cryptography."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

_RAW = serialization.Encoding.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_NO_ENC = serialization.NoEncryption()

# Crockford's alphabet leaves out I, L, O and U so a code read aloud or copied from paper is
# never ambiguous; the aliases below forgive the usual misreadings when it is typed back.
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CROCKFORD_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def b64e(data: bytes) -> str:
    """Standard padded base64, the protocol's encoding of every binary value."""
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    """Strict inverse of b64e: ValueError for anything b64e would not have produced."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (AttributeError, TypeError, UnicodeEncodeError, binascii.Error):
        raise ValueError("not standard padded base64") from None
    # Non-zero padding bits decode too; refusing them gives every value one spelling, so a
    # signature or key can't be re-encoded into a "different" string that still verifies.
    if b64e(raw) != text:
        raise ValueError("not canonical base64")
    return raw


@dataclass(frozen=True, eq=False)
class DeviceKeys:
    """A device's identity: an Ed25519 signing key and an X25519 key-agreement key.

    Attributes: signing_key, kex_key (private keys; repr shows only the public halves).
    """

    signing_key: Ed25519PrivateKey
    kex_key: X25519PrivateKey

    @classmethod
    def generate(cls) -> DeviceKeys:
        return cls(Ed25519PrivateKey.generate(), X25519PrivateKey.generate())

    @classmethod
    def from_private_bytes(cls, data: bytes) -> DeviceKeys:
        """Inverse of to_private_bytes; ValueError unless exactly 64 bytes."""
        if not isinstance(data, bytes | bytearray) or len(data) != 64:
            raise ValueError("device keys are 64 raw bytes")
        return cls(
            Ed25519PrivateKey.from_private_bytes(bytes(data[:32])),
            X25519PrivateKey.from_private_bytes(bytes(data[32:])),
        )

    def to_private_bytes(self) -> bytes:
        """32-byte Ed25519 seed followed by the 32-byte X25519 private key."""
        return self.signing_key.private_bytes(_RAW, _RAW_PRIV, _NO_ENC) + self.kex_key.private_bytes(
            _RAW, _RAW_PRIV, _NO_ENC
        )

    @property
    def sign_pub_b64(self) -> str:
        return b64e(self.signing_key.public_key().public_bytes(_RAW, _RAW_PUB))

    @property
    def kex_pub_b64(self) -> str:
        return b64e(self.kex_key.public_key().public_bytes(_RAW, _RAW_PUB))

    def sign(self, message: bytes) -> bytes:
        return self.signing_key.sign(message)

    def exchange(self, peer_kex_pub: bytes) -> bytes:
        """Raw X25519 shared secret with a peer's 32-byte public key (feed it to a KDF)."""
        return self.kex_key.exchange(X25519PublicKey.from_public_bytes(peer_kex_pub))

    def __repr__(self) -> str:
        return f"DeviceKeys(sign_pub={self.sign_pub_b64!r}, kex_pub={self.kex_pub_b64!r})"


def verify(sign_pub_b64: str, message: bytes, sig_b64: str) -> bool:
    """True only for a valid Ed25519 signature; any malformed input is simply False."""
    try:
        pub = b64d(sign_pub_b64)
        sig = b64d(sig_b64)
        if len(pub) != 32 or len(sig) != 64 or not isinstance(message, bytes | bytearray):
            return False
        Ed25519PublicKey.from_public_bytes(pub).verify(sig, bytes(message))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


@dataclass(frozen=True, eq=False)
class RoomKey:
    """The room server's Ed25519 key that signs log checkpoints. Attribute: private_key."""

    private_key: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> RoomKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def load_or_create(cls, path: Path) -> RoomKey:
        """Load the PKCS8 PEM key at path, or create it (0600) on first start."""
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, Ed25519PrivateKey):
                raise ValueError(f"{path} is not an Ed25519 key")
            return cls(key)
        room = cls.generate()
        pem = room.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, _NO_ENC
        )
        write_private_file(path, pem)
        return room

    @property
    def public_b64(self) -> str:
        return b64e(self.private_key.public_key().public_bytes(_RAW, _RAW_PUB))

    def sign(self, message: bytes) -> bytes:
        return self.private_key.sign(message)

    def __repr__(self) -> str:
        return f"RoomKey(public={self.public_b64!r})"


def write_private_file(path: Path, data: bytes) -> None:
    """Write a secret file atomically with mode 0600.

    The temp file is created 0600 from the start (mkstemp), so the secret is never readable by
    others even for a moment, and os.replace means a crash leaves the old file or the new one,
    never half a key.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(directory: Path) -> None:
    # The rename itself is durable only once the directory entry is flushed (POSIX only).
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_code() -> str:
    """A one-time enrollment code: 80 random bits as 16 Crockford base32 chars, XXXX-XXXX-..."""
    value = secrets.randbits(80)
    chars = "".join(_CROCKFORD[(value >> (5 * i)) & 31] for i in range(15, -1, -1))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def normalize_code(code: str) -> str:
    """Uppercase, dashes and whitespace removed, Crockford look-alikes (O, I, L) mapped."""
    return "".join(code.upper().replace("-", "").split()).translate(_CROCKFORD_ALIASES)


def code_hash(code: str) -> str:
    """SHA-256 hex of the normalized code: the server stores only this, never the code."""
    return hashlib.sha256(normalize_code(code).encode("utf-8")).hexdigest()


def new_token() -> str:
    """A bearer token: 32 random bytes, urlsafe base64."""
    return secrets.token_urlsafe(32)
