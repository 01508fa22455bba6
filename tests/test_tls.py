"""The room certificate and certificate pinning, over real TLS connections on loopback."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import ipaddress
import socket
import ssl
import stat
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync.tls import (
    PinMismatch,
    RoomCert,
    RoomCertError,
    check_pin,
    client_ssl_context_pinned,
    ensure_room_certificate,
    fingerprint_of_pem,
    normalize_fingerprint,
    pinned_fingerprint,
    server_ssl_context,
)

WRONG_FP = "ab" * 32


def _load(cert: RoomCert) -> x509.Certificate:
    return x509.load_pem_x509_certificate(cert.cert_path.read_bytes())


def test_certificate_is_created_once_and_reused(tmp_path: Path) -> None:
    cert = ensure_room_certificate(tmp_path, ["phonghop.local", "192.168.1.20"])
    assert cert.cert_path == tmp_path / "tls" / "cert.pem"
    assert cert.key_path == tmp_path / "tls" / "key.pem"
    assert stat.S_IMODE(cert.key_path.stat().st_mode) == 0o600
    assert sorted(p.name for p in (tmp_path / "tls").iterdir()) == ["cert.pem", "key.pem"]
    der = _load(cert).public_bytes(serialization.Encoding.DER)
    assert cert.fingerprint == hashlib.sha256(der).hexdigest()
    assert cert.fingerprint == fingerprint_of_pem(cert.cert_path.read_bytes())
    assert len(cert.fingerprint) == 64 and cert.fingerprint == cert.fingerprint.lower()

    again = ensure_room_certificate(tmp_path, ["another-name.local"])
    assert again == cert  # enrolled devices pin it, so a restart must not change it


def test_certificate_contents(tmp_path: Path) -> None:
    now = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    cert = _load(ensure_room_certificate(tmp_path, ["phonghop.local", "10.0.0.5", "::1"], now=now))
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert cn == "PhòngHọp room server"
    assert cert.issuer == cert.subject
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dns = san.get_values_for_type(x509.DNSName)
    ips = san.get_values_for_type(x509.IPAddress)
    assert {"localhost", "phonghop.local", socket.gethostname().rstrip(".")} <= set(dns)
    assert {
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("10.0.0.5"),
        ipaddress.ip_address("::1"),
    } <= set(ips)
    assert len(dns) == len(set(dns))
    lifetime = cert.not_valid_after_utc - now
    assert dt.timedelta(days=3650) <= lifetime <= dt.timedelta(days=3653)
    assert cert.not_valid_before_utc <= now


def test_idn_host_names_become_ascii(tmp_path: Path) -> None:
    cert = _load(ensure_room_certificate(tmp_path, ["hộiđồng.vn"]))
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "hộiđồng.vn".encode("idna").decode() in san.get_values_for_type(x509.DNSName)


def test_missing_key_makes_a_new_pair(tmp_path: Path) -> None:
    first = ensure_room_certificate(tmp_path, [])
    first.key_path.unlink()
    second = ensure_room_certificate(tmp_path, [])
    assert second.fingerprint != first.fingerprint
    assert stat.S_IMODE(second.key_path.stat().st_mode) == 0o600


def test_mismatched_pair_is_refused_not_replaced(tmp_path: Path) -> None:
    first = ensure_room_certificate(tmp_path / "a", [])
    other = ensure_room_certificate(tmp_path / "b", [])
    first.key_path.write_bytes(other.key_path.read_bytes())
    with pytest.raises(RoomCertError):
        ensure_room_certificate(tmp_path / "a", [])
    assert fingerprint_of_pem(first.cert_path.read_bytes()) == first.fingerprint


@pytest.mark.parametrize("bad", ["", "ab" * 31, "zz" * 32, "ab:" * 32, "ab" * 33])
def test_fingerprint_format(bad: str) -> None:
    with pytest.raises(ValueError):
        normalize_fingerprint(bad)
    with pytest.raises(ValueError):
        client_ssl_context_pinned(bad)
    assert normalize_fingerprint(" " + "AB" * 32 + "\n") == "ab" * 32


# --- real TLS on loopback -------------------------------------------------------------------


@pytest.fixture
def room_cert(tmp_path: Path) -> RoomCert:
    return ensure_room_certificate(tmp_path, [])


@pytest.fixture
async def server(room_cert: RoomCert) -> AsyncIterator[str]:
    async def health(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def ws(request: web.Request) -> web.WebSocketResponse:
        sock = web.WebSocketResponse()
        await sock.prepare(request)
        async for msg in sock:
            await sock.send_str(msg.data)
        return sock

    app = web.Application()
    app.router.add_get("/v1/health", health)
    app.router.add_get("/v1/ws", ws)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=server_ssl_context(room_cert))
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"https://{host}:{port}"
    finally:
        await runner.cleanup()


async def test_aiohttp_with_pinned_context(server: str, room_cert: RoomCert) -> None:
    async with aiohttp.ClientSession() as session:
        ctx = client_ssl_context_pinned(room_cert.fingerprint)
        async with session.get(f"{server}/v1/health", ssl=ctx) as resp:
            assert await resp.json() == {"status": "ok"}
        async with session.ws_connect(f"{server}/v1/ws", ssl=ctx) as ws:
            await ws.send_str('{"type":"hello"}')
            assert await ws.receive_str() == '{"type":"hello"}'


async def test_aiohttp_with_pinned_context_wrong_pin_fails(server: str) -> None:
    async with aiohttp.ClientSession() as session:
        ctx = client_ssl_context_pinned(WRONG_FP)
        with pytest.raises(aiohttp.ClientConnectorCertificateError) as info:
            await session.get(f"{server}/v1/health", ssl=ctx)
        assert "pinned fingerprint" in str(info.value)
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            await session.ws_connect(f"{server}/v1/ws", ssl=ctx)


async def test_aiohttp_fingerprint(server: str, room_cert: RoomCert) -> None:
    async with aiohttp.ClientSession() as session:
        pin = pinned_fingerprint(room_cert.fingerprint)
        async with session.get(f"{server}/v1/health", ssl=pin) as resp:
            assert resp.status == 200
        async with session.ws_connect(f"{server}/v1/ws", ssl=pin) as ws:
            await ws.send_str("x")
            assert await ws.receive_str() == "x"


async def test_aiohttp_fingerprint_wrong_pin_fails(server: str) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ServerFingerprintMismatch) as info:
            await session.get(f"{server}/v1/health", ssl=pinned_fingerprint(WRONG_FP))
        assert info.value.expected == bytes.fromhex(WRONG_FP)


async def test_default_verification_rejects_the_self_signed_cert(server: str) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientConnectorCertificateError):
            await session.get(f"{server}/v1/health")


async def test_asyncio_streams_and_check_pin(server: str, room_cert: RoomCert) -> None:
    host, port = server.removeprefix("https://").split(":")
    ctx = client_ssl_context_pinned(room_cert.fingerprint)
    _, writer = await asyncio.open_connection(host, int(port), ssl=ctx)
    try:
        check_pin(writer.transport, room_cert.fingerprint)
        check_pin(writer.get_extra_info("ssl_object"), room_cert.fingerprint.upper())
        with pytest.raises(PinMismatch):
            check_pin(writer.transport, WRONG_FP)
        assert writer.get_extra_info("ssl_object").version() == "TLSv1.3"
    finally:
        writer.close()
        await writer.wait_closed()

    with pytest.raises(ssl.SSLCertVerificationError):
        await asyncio.open_connection(host, int(port), ssl=client_ssl_context_pinned(WRONG_FP))


async def test_check_pin_refuses_plain_connections(server: str) -> None:
    host, port = server.removeprefix("https://").split(":")
    _, writer = await asyncio.open_connection(host, int(port))
    try:
        with pytest.raises(PinMismatch):
            check_pin(writer.transport, WRONG_FP)
    finally:
        writer.close()


def _blocking_connect(host: str, port: int, ctx: ssl.SSLContext) -> bytes | None:
    with (
        socket.create_connection((host, port), timeout=10) as raw,
        ctx.wrap_socket(raw) as tls,
    ):
        return tls.getpeercert(binary_form=True)


async def test_blocking_socket_with_pinned_context(server: str, room_cert: RoomCert) -> None:
    host, port = server.removeprefix("https://").split(":")
    ctx = client_ssl_context_pinned(room_cert.fingerprint)
    der = await asyncio.to_thread(_blocking_connect, host, int(port), ctx)
    assert der is not None and hashlib.sha256(der).hexdigest() == room_cert.fingerprint
    with pytest.raises(ssl.SSLCertVerificationError):
        await asyncio.to_thread(
            _blocking_connect, host, int(port), client_ssl_context_pinned(WRONG_FP)
        )


def test_server_context_settings(room_cert: RoomCert) -> None:
    ctx = server_ssl_context(room_cert)
    assert ctx.minimum_version == ssl.TLSVersion.TLSv1_2
    client = client_ssl_context_pinned(room_cert.fingerprint)
    assert client.minimum_version == ssl.TLSVersion.TLSv1_2
    assert client.verify_mode == ssl.CERT_NONE and not client.check_hostname
