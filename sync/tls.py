"""The room's self-signed TLS certificate and pinned client contexts (the home of ssl).

How clients pin (PROTOCOL.md, Transport): the certificate is self-signed, so no CA says who the
room is; the device instead trusts exactly the certificate whose DER SHA-256 it learned at
enrollment. Python's ssl has no verification callback, so:

- `client_ssl_context_pinned(fp)` returns a context whose handshake itself checks the pin: its
  SSLObject/SSLSocket classes compare the peer certificate right after the handshake and fail
  it with `ssl.SSLCertVerificationError` on a mismatch, before any application byte is sent.
  It works wherever ssl is used through the context: aiohttp (`ssl=context`), asyncio streams,
  blocking sockets. Prefer it.
- `pinned_fingerprint(fp)` gives aiohttp's own `aiohttp.Fingerprint` (`ssl=` of a request or
  `ws_connect`); aiohttp then raises `aiohttp.ServerFingerprintMismatch` on a mismatch.
- `check_pin(transport_or_ssl_object, fp)` is for IO code that makes its own context: call it
  right after the handshake completes and before writing anything; it raises `PinMismatch`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import logging
import re
import socket
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from app.keys import write_private_file

# A seat only needs the pinned context: x509 (the room's certificate, ~20 ms to import) and
# aiohttp (~150 ms) are imported where they are used, so a seat paints its agenda first.
if TYPE_CHECKING:
    import aiohttp
    from cryptography import x509

log = logging.getLogger(__name__)

COMMON_NAME = "PhòngHọp room server"
VALIDITY = dt.timedelta(days=3652)  # ten years: a room is set up once and left alone
_FINGERPRINT_RE = re.compile(r"[0-9a-f]{64}")
# Forward-secret AEAD suites only for TLS 1.2 (TLS 1.3 suites are fixed and all fine).
_TLS12_CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20"


class PinMismatch(Exception):
    """The server's certificate is not the one pinned at enrollment."""


class RoomCertError(Exception):
    """The stored certificate or key can't be used; not silently replaced (devices pin it)."""


@dataclass(frozen=True)
class RoomCert:
    """The room's certificate on disk. Attributes: cert_path, key_path, fingerprint (64 hex)."""

    cert_path: Path
    key_path: Path
    fingerprint: str


def fingerprint_of_der(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def fingerprint_of_pem(pem_bytes: bytes) -> str:
    """SHA-256 of the certificate's DER bytes as 64 lowercase hex digits."""
    from cryptography import x509  # here, not at the top: see above TYPE_CHECKING

    cert = x509.load_pem_x509_certificate(pem_bytes)
    return fingerprint_of_der(cert.public_bytes(serialization.Encoding.DER))


def normalize_fingerprint(fingerprint_hex: str) -> str:
    """The fingerprint as 64 lowercase hex; ValueError for anything else."""
    fp = fingerprint_hex.strip().lower()
    if not _FINGERPRINT_RE.fullmatch(fp):
        raise ValueError("a certificate fingerprint is 64 hex digits (SHA-256)")
    return fp


def ensure_room_certificate(
    data_dir: Path, hostnames: list[str], *, now: dt.datetime | None = None
) -> RoomCert:
    """The room certificate under data_dir/tls, created on first start and reused after.

    An existing certificate is reused even if hostnames changed: every enrolled device pins
    its fingerprint, and clients don't check names, so a new one would only lock them out.
    """
    tls_dir = Path(data_dir) / "tls"
    cert_path, key_path = tls_dir / "cert.pem", tls_dir / "key.pem"
    if cert_path.exists() and key_path.exists():
        return RoomCert(cert_path, key_path, _check_pair(cert_path, key_path))
    if cert_path.exists() or key_path.exists():
        # Half a pair can't serve TLS; a cert without its key was never usable anyway.
        log.warning("incomplete room certificate in %s, making a new one", tls_dir)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _self_signed(key, _subject_alt_names(hostnames), now or dt.datetime.now(dt.UTC))
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Key first: a crash between the two writes leaves no certificate, so the next start
    # makes a fresh pair instead of serving a certificate whose key is gone.
    write_private_file(key_path, key_pem)
    write_private_file(cert_path, cert.public_bytes(serialization.Encoding.PEM))
    fp = fingerprint_of_der(cert.public_bytes(serialization.Encoding.DER))
    log.info("created room certificate %s", fp)
    return RoomCert(cert_path, key_path, fp)


def _check_pair(cert_path: Path, key_path: Path) -> str:
    from cryptography import x509  # here, not at the top: see above TYPE_CHECKING

    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    except ValueError as exc:
        raise RoomCertError(f"unreadable room certificate or key in {cert_path.parent}") from exc
    if cert.public_key() != key.public_key():
        raise RoomCertError(f"room certificate and key in {cert_path.parent} do not match")
    return fingerprint_of_der(cert.public_bytes(serialization.Encoding.DER))


def _subject_alt_names(hostnames: list[str]) -> list[x509.GeneralName]:
    from cryptography import x509  # here, not at the top: see above TYPE_CHECKING

    names: list[x509.GeneralName] = []
    seen: set[str] = set()
    for name in ["localhost", "127.0.0.1", *hostnames, socket.gethostname()]:
        name = name.strip().rstrip(".")
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(name)))
            continue
        except ValueError:
            pass
        try:
            # IDNA so a Vietnamese host name still becomes a valid ASCII dNSName.
            names.append(x509.DNSName(name.encode("idna").decode("ascii")))
        except UnicodeError:
            log.warning("skipping host name %r: not a valid DNS name", name)
    return names


def _self_signed(
    key: ec.EllipticCurvePrivateKey, sans: list[x509.GeneralName], now: dt.datetime
) -> x509.Certificate:
    from cryptography import x509  # here, not at the top: see above TYPE_CHECKING
    from cryptography.x509.oid import NameOID

    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, COMMON_NAME)])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))  # tolerate clients with a slow clock
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )


def server_ssl_context(cert: RoomCert) -> ssl.SSLContext:
    """Server context: TLS 1.2 minimum; OpenSSL negotiates 1.3 whenever the client can."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers(_TLS12_CIPHERS)
    ctx.load_cert_chain(cert.cert_path, cert.key_path)
    return ctx


class _PinnedContext(ssl.SSLContext):
    pin_sha256: bytes = b""


def _enforce_pin(sslobj: ssl.SSLObject | ssl.SSLSocket) -> None:
    context = sslobj.context
    expected = context.pin_sha256 if isinstance(context, _PinnedContext) else b""
    der = sslobj.getpeercert(binary_form=True)
    if not expected or der is None or hashlib.sha256(der).digest() != expected:
        raise ssl.SSLCertVerificationError("room certificate does not match the pinned fingerprint")


class _PinnedSSLObject(ssl.SSLObject):
    # asyncio (and so aiohttp) drive TLS through SSLObject: the pin is checked the moment the
    # handshake finishes, so no caller can forget it.
    def do_handshake(self) -> None:
        super().do_handshake()
        _enforce_pin(self)


class _PinnedSSLSocket(ssl.SSLSocket):
    def do_handshake(self, block: bool = False) -> None:
        super().do_handshake(block)
        _enforce_pin(self)


def client_ssl_context_pinned(fingerprint_hex: str) -> ssl.SSLContext:
    """A client context that completes a handshake only with the pinned certificate.

    CA and host name checks are off on purpose: the certificate is self-signed and the pin is
    a stronger check than either.
    """
    fp = normalize_fingerprint(fingerprint_hex)
    ctx = _PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.pin_sha256 = bytes.fromhex(fp)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.set_ciphers(_TLS12_CIPHERS)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.sslobject_class = _PinnedSSLObject
    ctx.sslsocket_class = _PinnedSSLSocket
    return ctx


def check_pin(conn: Any, fingerprint_hex: str) -> None:
    """Raise PinMismatch unless the peer certificate of conn has this fingerprint.

    conn is an asyncio transport (its "ssl_object" extra info), an ssl.SSLObject or an
    ssl.SSLSocket, after the handshake and before anything is sent.
    """
    expected = normalize_fingerprint(fingerprint_hex)
    sslobj = conn.get_extra_info("ssl_object") if hasattr(conn, "get_extra_info") else conn
    if not isinstance(sslobj, ssl.SSLObject | ssl.SSLSocket):
        raise PinMismatch("not a TLS connection")
    der = sslobj.getpeercert(binary_form=True)
    if der is None:
        raise PinMismatch("the server sent no certificate")
    got = fingerprint_of_der(der)
    if got != expected:
        raise PinMismatch(f"server certificate {got} is not the pinned {expected}")


def pinned_fingerprint(fingerprint_hex: str) -> aiohttp.Fingerprint:
    """aiohttp's own pin, for `ssl=` of a request or ws_connect."""
    import aiohttp  # here, not at the top: see above TYPE_CHECKING

    return aiohttp.Fingerprint(bytes.fromhex(normalize_fingerprint(fingerprint_hex)))
