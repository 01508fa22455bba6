"""Room servers on the LAN, announced and found by mDNS/DNS-SD (the home of zeroconf).

A room server announces `_phonghop._tcp.local.`: the instance is the room's name, SRV the port,
TXT `v=1`, `fp` (its certificate's SHA-256, 64 lowercase hex, as enrollment links carry it) and
`name` (the room's whole name: an instance label is cut at 63 bytes).

Nothing announced is trusted. Anyone on the LAN can announce any fingerprint; it only says
which address to try, and the pinned TLS handshake decides (sync/client/finder.py). A manual
address (the enrollment link) always works without any of this: announcing and browsing fail
softly, with a warning, where multicast is missing or blocked.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from zeroconf import InterfaceChoice, IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from sync.tls import normalize_fingerprint

log = logging.getLogger(__name__)

SERVICE_TYPE = "_phonghop._tcp.local."
TXT_VERSION = "1"
BROWSE_S = 3.0
RESOLVE_MS = 1500
# An instance label is at most 63 bytes; zeroconf appends "-2" and so on when two rooms share a
# name, so room is left for that. A TXT string is at most 255 bytes, "name=" included.
_LABEL_BYTES = 56
_TXT_NAME_BYTES = 200
_WILDCARD = ("", "0.0.0.0", "::")
_GOODBYE_S = 2.0
# How often a server bound to every interface checks whether DHCP gave it another address.
FOLLOW_S = 30.0


@dataclass(frozen=True, slots=True)
class FoundRoom:
    """A room server that answered on the LAN: its name, addresses, port and fingerprint."""

    name: str
    addresses: tuple[str, ...]
    port: int
    fingerprint: str

    def urls(self) -> list[str]:
        """The room's base URLs, the likeliest first: LAN IPv4, then IPv6, loopback last."""
        def rank(address: str) -> int:
            ip = ipaddress.ip_address(address)
            return 2 if ip.is_loopback else 0 if ip.version == 4 else 1

        usable = [a for a in self.addresses if not ipaddress.ip_address(a).is_link_local]
        return [_url(a, self.port) for a in sorted(usable, key=rank)]


def _url(host: str, port: int) -> str:
    return f"https://[{host}]:{port}" if ":" in host else f"https://{host}:{port}"


def _cut(text: str, limit: int) -> str:
    """text in at most `limit` UTF-8 bytes, never splitting a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore").strip()


def _host_label(port: int) -> str:
    """The SRV target: this machine's name made a DNS label, with the port so that two room
    servers on one machine (a rehearsal beside the real one) never claim each other's name."""
    base = re.sub(r"[^a-z0-9-]+", "-", socket.gethostname().lower()).strip("-")[:40] or "phonghop"
    return f"phonghop-{base}-{port}.local."


def _where(host: str, public_host: str) -> tuple[list[str] | InterfaceChoice, list[str]]:
    """Where to announce, and which addresses: only where the server listens. A server bound
    to loopback (the default, the demo, tests) is announced on loopback only, never the LAN."""
    if host in _WILDCARD:
        return InterfaceChoice.All, [public_host]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:  # a host name: announce what it resolves to
        address = ipaddress.ip_address(socket.getaddrinfo(host, None, socket.AF_INET)[0][4][0])
    if address.is_loopback:
        return ["127.0.0.1"], [str(address)]
    # mDNS runs over IPv4 here; an IPv6 address still travels in an AAAA record.
    return ([str(address)] if address.version == 4 else InterfaceChoice.All), [str(address)]


def room_name(councils: Iterable[str]) -> str:
    """The name a room is announced under when none is given: the council of the newest
    meeting, shortened as people say it ("HĐND tỉnh Ninh Bình"), else this machine's name."""
    council = next((c.strip() for c in reversed(list(councils)) if c.strip()), "")
    if council:
        return re.sub(r"^hội đồng nhân dân\b", "HĐND", council, flags=re.IGNORECASE)
    return f"PhòngHọp {socket.gethostname()}"


class Announcer:
    """Announces one room server while it runs. `start` returns at once and never raises: a
    machine without a network or multicast logs a warning and serves by address as before.

    `public_host` gives the address seats dial (sync/server/main.py's advertised_host); a server
    bound to every interface asks it again every `follow_s`, so the announcement follows a new
    address from DHCP. `interfaces` overrides where it is announced (tests: loopback only)."""

    def __init__(
        self, name: str, host: str, public_host: Callable[[], str], port: int, fingerprint: str,
        *, interfaces: list[str] | None = None, follow_s: float = FOLLOW_S,
    ):
        self.name = name
        self.host = host
        self.public_host = public_host
        self.port = port
        self.fingerprint = fingerprint
        self.interfaces = interfaces
        self.follow_s = follow_s
        self.announced: asyncio.Event = asyncio.Event()
        self.addresses: list[str] = []
        self._zc: AsyncZeroconf | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        # Probing the name takes about a second: the server must not wait for it to listen.
        self._task = asyncio.create_task(self._announce(), name="mdns-announce")

    def _info(self, instance: str, addresses: list[str]) -> AsyncServiceInfo:
        return AsyncServiceInfo(
            SERVICE_TYPE,
            instance,
            port=self.port,
            parsed_addresses=addresses,
            properties={"v": TXT_VERSION, "fp": self.fingerprint, "name": _cut(self.name, _TXT_NAME_BYTES)},
            server=_host_label(self.port),
        )

    async def _announce(self) -> None:
        try:
            interfaces, self.addresses = _where(self.host, self.public_host())
            self._zc = AsyncZeroconf(interfaces=self.interfaces or interfaces, ip_version=IPVersion.V4Only)
            info = self._info(f"{_cut(self.name, _LABEL_BYTES) or 'PhongHop'}.{SERVICE_TYPE}", self.addresses)
            sent = await self._zc.async_register_service(info, allow_name_change=True)
            await sent
        except Exception as exc:  # whatever the network says, the room still serves by address
            log.warning("not announcing the room on the LAN (%s: %s); devices connect by address",
                        type(exc).__name__, exc)
            await self._close()
            return
        log.info("announced %r on the LAN as %s at %s port %d", self.name, info.name, self.addresses, self.port)
        self.announced.set()
        while self.host in _WILDCARD:
            await asyncio.sleep(self.follow_s)
            await self._follow(info.name)

    async def _follow(self, instance: str) -> None:
        addresses = [self.public_host()]
        if addresses == self.addresses or self._zc is None:
            return
        try:
            if self.interfaces is None:
                await self._zc.async_update_interfaces()  # the new address's interface may be new too
            await (await self._zc.async_update_service(self._info(instance, addresses)))
        except Exception as exc:  # tried again at the next check
            log.warning("could not announce the room's new address %s (%s: %s)", addresses, type(exc).__name__, exc)
            return
        log.info("the room's address changed from %s to %s; announced", self.addresses, addresses)
        self.addresses = addresses

    async def stop(self) -> None:
        """Says goodbye (devices forget the room at once) and closes the sockets."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._close()

    async def _close(self) -> None:
        zc, self._zc = self._zc, None
        if zc is not None:
            try:
                async with asyncio.timeout(_GOODBYE_S):
                    await zc.async_close()
            except Exception as exc:  # the server is stopping: nothing to do but say so
                log.warning("closing the LAN announcement failed: %s", exc)


def _room_of(info: AsyncServiceInfo) -> FoundRoom | None:
    props = {k.decode("utf-8", "replace"): (v or b"").decode("utf-8", "replace") for k, v in info.properties.items()}
    try:
        fingerprint = normalize_fingerprint(props.get("fp", ""))
    except ValueError:
        return None  # not a room that could ever be pinned: not ours, or broken
    if info.port is None or not info.parsed_addresses():
        return None
    name = props.get("name") or info.name.removesuffix("." + SERVICE_TYPE)
    return FoundRoom(name, tuple(info.parsed_addresses()), info.port, fingerprint)


async def browse(seconds: float = BROWSE_S, until: Callable[[FoundRoom], bool] | None = None) -> list[FoundRoom]:
    """The rooms that answer within `seconds`, by name; it returns early once `until` holds for
    one. No network or no multicast: a warning and no rooms, never an exception."""
    try:
        zc = AsyncZeroconf(interfaces=InterfaceChoice.All, ip_version=IPVersion.V4Only)
    except Exception as exc:  # no interface, no multicast: nothing on the LAN can be found
        log.warning("cannot look for rooms on the LAN (%s: %s)", type(exc).__name__, exc)
        return []
    found: dict[str, FoundRoom] = {}
    enough = asyncio.Event()
    resolving: set[asyncio.Task[None]] = set()

    async def resolve(name: str) -> None:
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        try:
            answered = await info.async_request(zc.zeroconf, RESOLVE_MS)
        except Exception as exc:  # one odd announcement must not hide the other rooms
            log.info("ignoring %r on the LAN: %s", name, exc)
            return
        if answered and (room := _room_of(info)) is not None:
            found[name] = room
            if until is not None and until(room):
                enough.set()

    def changed(zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange) -> None:
        if state_change is ServiceStateChange.Removed:
            found.pop(name, None)
        else:
            task = asyncio.create_task(resolve(name))
            resolving.add(task)
            task.add_done_callback(resolving.discard)

    browser = AsyncServiceBrowser(zc.zeroconf, [SERVICE_TYPE], handlers=[changed])
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(enough.wait(), seconds)
    finally:
        for task in tuple(resolving):
            task.cancel()
        await asyncio.gather(*resolving, return_exceptions=True)
        await browser.async_cancel()
        await zc.async_close()
    return sorted(found.values(), key=lambda room: (room.name, room.port))
