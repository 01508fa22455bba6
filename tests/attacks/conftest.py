from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support import ServerProcess


@pytest.fixture(scope="module")
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One room server per drill module (its attacks must leave it as they found it); a module
    tunes the server's timeouts through SERVER_ENV."""
    proc = ServerProcess(tmp_path_factory.mktemp("attack") / "room", env=getattr(request.module, "SERVER_ENV", {}))
    proc.start()
    yield proc
    proc.kill9()
