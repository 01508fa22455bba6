"""The orchestrator's side of the worker processes: start them, give orders, merge the answers."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from sync.rehearsal import worker


@dataclass
class Merged:
    """Per-seat times (ms) and failures (seat index, cause) of one order over every worker."""

    ms: dict[int, float] = field(default_factory=dict)
    failures: list[tuple[int, str]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


class Pool:
    def __init__(self, url: str, fingerprint: str, meeting_id: str, links: list[str], processes: int):
        # spawn everywhere: a fork would copy the orchestrator's running event loop and sockets.
        context = multiprocessing.get_context("spawn")
        self.pipes: list[Connection] = []
        self.procs: list[BaseProcess] = []
        shares = [[(i, link) for i, link in enumerate(links) if i % processes == k] for k in range(processes)]
        for share in shares:
            if not share:
                continue
            mine, theirs = context.Pipe()
            proc = context.Process(target=worker.main, args=(theirs, url, fingerprint, meeting_id, share),
                                   daemon=True, name="phonghop-rehearsal-seats")
            proc.start()
            theirs.close()
            self.pipes.append(mine)
            self.procs.append(proc)

    async def ask(self, order: dict[str, Any]) -> list[dict[str, Any]]:
        def one(pipe: Connection) -> dict[str, Any]:
            pipe.send(order)
            answer: dict[str, Any] = pipe.recv()
            return answer

        return list(await asyncio.gather(*(asyncio.to_thread(one, p) for p in self.pipes)))

    async def merged(self, order: dict[str, Any]) -> Merged:
        result = Merged()
        for answer in await self.ask(order):
            result.ms.update(answer.get("ms", {}))
            result.failures += [(int(i), str(cause)) for i, cause in answer.get("failures", [])]
            for key, value in answer.items():
                if key not in ("ms", "failures"):
                    result.extra.setdefault(key, []).append(value)
        result.failures.sort()
        return result

    async def close(self) -> None:
        with contextlib.suppress(TimeoutError, EOFError, OSError):
            await asyncio.wait_for(self.ask({"op": "close"}), 15.0)
        for proc in self.procs:
            await asyncio.to_thread(proc.join, 5.0)
            if proc.is_alive():
                proc.kill()
        for pipe in self.pipes:
            pipe.close()
