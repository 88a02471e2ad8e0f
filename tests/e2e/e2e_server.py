"""Start the real server for the browser tests: the Procfile's command, run the way the
host runs it (granian with the package's web_server settings), on a free port
with a temporary database."""

from __future__ import annotations

import contextlib
import http.client
import os
import pathlib
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
START_TIMEOUT_SECONDS = 20.0


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def procfile_command(root: pathlib.Path = REPO_ROOT) -> list[str]:
    """The Procfile's web command as an argument list, with its program taken from the
    virtualenv running the tests (so it is the app and server the tests installed)."""
    for line in (root / "Procfile").read_text(encoding="utf-8").splitlines():
        kind, _, command = line.partition(":")
        if kind.strip() == "web":
            argv = shlex.split(command)
            local = pathlib.Path(sys.executable).parent / argv[0]
            if local.exists():
                argv[0] = str(local)
            return argv
    raise RuntimeError("the Procfile has no web: line")


class Server:
    """A running server: its base URL and where its log goes."""

    def __init__(self, url: str, process: subprocess.Popen[bytes], log_path: pathlib.Path) -> None:
        self.url = url
        self.process = process
        self.log_path = log_path

    def log(self) -> str:
        """The server's output so far (for failure messages)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def call(self, method: str, path: str, body: bytes | None = None,
             headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        """One request on a fresh connection, as a script or a phone's app sends it:
        (status, headers with lower-case names, body as text)."""
        host, port = urllib.parse.urlsplit(self.url).netloc.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (response.status, {k.lower(): v for k, v in response.getheaders()},
                    response.read().decode("utf-8"))
        finally:
            connection.close()


@contextlib.contextmanager
def run_server(directory: pathlib.Path, env: Mapping[str, str], cwd: pathlib.Path = REPO_ROOT) -> Iterator[Server]:
    """Run the Procfile command in cwd with env added to ours, on a free port, with its
    database in directory; yield once /healthz answers, stop it afterwards.

    Raises RuntimeError with the server's log if it does not come up in time.
    """
    port = free_port()
    full_env = {
        **os.environ,
        "PORT": str(port),
        "SIMPLELISTS_DB": str(directory / "simplelists.sqlite"),
        "SIMPLELISTS_TIMEZONE": "UTC",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    log_path = directory / "server.log"
    with open(log_path, "wb") as log_file:
        # In a session of its own, so that its worker can be stopped with it (below).
        process = subprocess.Popen(procfile_command(), cwd=cwd, env=full_env, stdout=log_file,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process, log_path)
    try:
        _wait_until_up(server)
        yield server
    finally:
        # INT is the server's quick stop: TERM would also send the notifications waiting.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # A worker left behind by a main process that did not stop in time would keep the
        # port, the database and the notification sender's lock from the next server.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer /healthz within {START_TIMEOUT_SECONDS:.0f} s:\n{server.log()}")
