"""A real `trainer serve` for the HTTP benchmarks: a throwaway instance, one trainee and
their API token, a free port, and the server stopped again afterwards."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(env: dict, *args: str) -> str:
    """Run a `trainer` command; its stdout."""
    done = subprocess.run([str(BIN / "trainer"), *args], env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


def wait_up(port: int, server: subprocess.Popen, timeout: float = 90.0) -> None:
    """Poll until the server answers; fail early if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("trainer serve exited before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/openapi.json")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("trainer serve did not answer in time")


@contextmanager
def live_server(*serve_args: str, prepare: Callable[[dict], None] | None = None,
                **env_overrides: str) -> Iterator[tuple[int, str]]:
    """(port, token) of a running `trainer serve` on SQLite (or the DATABASE_URL given in
    env_overrides) and the SQLite queue; `prepare(env)` runs after init-db, before serving."""
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as folder:
        env = dict(os.environ, TRAINER_INSTANCE_PATH=str(Path(folder) / "instance"),
                   TRAINER_RECORDINGS_DIR=str(Path(folder) / "recordings"),
                   TRAINER_SECRET_KEY="bench")
        for name in ("DATABASE_URL", "TRAINER_REDIS_URL", "REDIS_URL"):
            env.pop(name, None)
        env.update(env_overrides)
        cli(env, "init-db")
        if prepare is not None:
            prepare(env)
        cli(env, "users", "create", "--email", "bench@example.com", "--role", "trainee",
            "--password", "bench-password")
        token = cli(env, "users", "token", "bench@example.com")
        port = free_port()
        server = subprocess.Popen([str(BIN / "trainer"), "serve", "--port", str(port),
                                   *serve_args], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_up(port, server)
            yield port, token
        finally:
            server.terminate()
            server.wait(timeout=30)
