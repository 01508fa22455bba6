"""Test support: the room server as a real subprocess, enrolled clients, patient waiting."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.keys import DeviceKeys
from app.storage.replica import Replica
from sync.client.connection import Connection
from sync.client.enroll import enroll
from sync.client.status import Backoff

FACTOR = float(os.environ.get("PHONGHOP_TIMEOUT_FACTOR", "1"))


def patience(seconds: float) -> float:
    return seconds * FACTOR


class ServerProcess:
    """`phonghop server` in a subprocess; `start` waits for its listening line."""

    def __init__(self, data_dir: Path, port: int = 0, seed: bool = True, env: dict[str, str] | None = None,
                 announce: bool = False):
        self.data_dir = data_dir
        self.announce = announce  # on the LAN (mDNS) only when a test asks: never the CI's network
        self.port = port
        self.seed = seed
        self.env = env or {}
        self.proc: subprocess.Popen[str] | None = None
        self.listening: dict[str, Any] = {}
        self.stderr_path = data_dir.parent / f"{data_dir.name}-server.log"

    def start(self, timeout: float = 20.0) -> dict[str, Any]:
        args = [sys.executable, "-m", "phonghop", "server", "--data", str(self.data_dir), "--port", str(self.port)]
        if self.seed:
            args.append("--seed-demo")
        if not self.announce:
            args.append("--no-announce")
        stderr = open(self.stderr_path, "a")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=stderr, text=True, env={**os.environ, **self.env}
        )
        lines: queue.Queue[str] = queue.Queue()
        proc = self.proc
        assert proc.stdout is not None
        threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
        try:
            line = lines.get(timeout=patience(timeout))
        except queue.Empty:
            self.kill9()
            raise RuntimeError(f"server did not start: {self.stderr_path.read_text()[-2000:]}") from None
        self.listening = json.loads(line)
        self.port = int(self.listening["url"].rsplit(":", 1)[1])
        return self.listening

    @property
    def url(self) -> str:
        return str(self.listening["url"])

    @property
    def fingerprint(self) -> str:
        return str(self.listening["fingerprint"])

    def cards(self) -> list[dict[str, Any]]:
        return json.loads((self.data_dir / "enrollment.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    def card(self, role: str, delegate_id: str | None = None) -> dict[str, Any]:
        return next(c for c in self.cards() if c["role"] == role and (delegate_id is None or c["delegate_id"] == delegate_id))

    def kill9(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def terminate(self, timeout: float = 10.0) -> int:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=patience(timeout))


async def enrolled_client(
    workdir: Path, link: str, name: str, log_id: str | None = None, start: bool = True
) -> Connection:
    """A device enrolled through the real HTTP route, with its own replica file."""
    keys = DeviceKeys.generate()
    identity = await enroll(link, name, keys)
    workdir.mkdir(parents=True, exist_ok=True)
    replica = Replica(workdir / "replica.db")
    replica.set_identity(identity.to_dict())
    conn = Connection(identity, keys, replica, backoff=Backoff(base_s=0.05, cap_s=0.5), log_id=log_id)
    if start:
        conn.start()
    return conn


async def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
    deadline = asyncio.get_running_loop().time() + patience(timeout)
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)
