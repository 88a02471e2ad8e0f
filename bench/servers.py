"""Starting and stopping the servers under test, and measuring their start time and memory."""

from __future__ import annotations

import http.client
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
from typing import IO

from loadgen import pinned

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_command() -> list[str]:
    """gunicorn from the same environment as this Python (the project's venv)."""
    script = pathlib.Path(sys.executable).parent / "gunicorn"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gunicorn"]


class Server:
    """A gunicorn master started pinned to one CPU; stopped (with its workers) on exit."""

    def __init__(self, command: list[str], port: int, cwd: pathlib.Path, env: dict[str, str],
                 log: IO[bytes], cpu: int | None) -> None:
        self.port = port
        self.started = time.perf_counter()
        # taskset execs gunicorn, so this pid is the gunicorn master's.
        self.process = subprocess.Popen(pinned(cpu, command), cwd=cwd, env=env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)

    def wait_first_200(self, path: str = "/", timeout: float = 30.0) -> float:
        """Seconds from starting the process to its first 200 response on path."""
        deadline = self.started + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode} before answering")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", path)
                status = connection.getresponse().status
                connection.close()
                if status == 200:
                    return time.perf_counter() - self.started
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f"no 200 from {path} within {timeout} s")

    def pids(self) -> list[int]:
        """The master and every process below it (the workers)."""
        parents: dict[int, int] = {}
        for entry in pathlib.Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                # The command name may hold spaces or ')': the fields start after the last ')'.
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree = [self.process.pid]
        for pid in tree:
            tree.extend(child for child, parent in parents.items() if parent == pid)
        return tree

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the master and its live workers.

        CPU time per request does not grow when other programs compete for the CPU, as
        requests per second do, so it cross-checks the ratios on a busy machine.
        """
        ticks = 0
        for pid in self.pids():
            try:
                fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def memory_mb(self) -> dict[str, float]:
        """Total RSS and PSS of all the server's processes, in MB (10**6 bytes).

        RSS counts pages shared between the master and forked workers once per process
        (the number the target is set on); PSS shares them out, so it is closer to what
        the processes really take from a small VM.
        """
        totals = {"rss_mb": 0.0, "pss_mb": 0.0}
        for pid in self.pids():
            totals["rss_mb"] += _proc_kb(pid, "status", "VmRSS:") * 1024 / 1e6
            totals["pss_mb"] += _proc_kb(pid, "smaps_rollup", "Pss:") * 1024 / 1e6
        return totals

    def stop(self) -> None:
        """Quick shutdown (SIGINT to the master), then SIGKILL the group if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _proc_kb(pid: int, name: str, key: str) -> float:
    try:
        for line in pathlib.Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(key):
                return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def start_reference(log: IO[bytes], cpu: int | None, workdir: pathlib.Path) -> Server:
    """The hello-world app on `gunicorn -w 2` (sync workers, no access log), run from a
    folder without a gunicorn.conf.py so that none of the app's settings apply."""
    port = free_port()
    command = [*gunicorn_command(), "-w", "2", "--bind", f"127.0.0.1:{port}",
               "--pythonpath", str(BENCH_DIR), "hello:app"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUNICORN")}
    return Server(command, port, workdir, env, log, cpu)


def start_app(log: IO[bytes], cpu: int | None, app_env: dict[str, str],
              gunicorn_args: str = "") -> Server:
    """Simple Lists exactly as the Procfile runs it (`gunicorn simplelists.wsgi:app`, from
    the repository so gunicorn.conf.py applies). gunicorn_args, if any, override settings
    of that file through GUNICORN_CMD_ARGS (only for the worker comparison)."""
    port = free_port()
    procfile = (REPO_DIR / "Procfile").read_text().split("web:", 1)[1].strip().splitlines()[0]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GUNICORN", "SIMPLELISTS"))}
    env.update(app_env, PORT=str(port))
    # The project's venv first on PATH, as the buildpack's is on the VM.
    env["PATH"] = f"{pathlib.Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    if gunicorn_args:
        env["GUNICORN_CMD_ARGS"] = gunicorn_args
    # A Procfile line is run by a shell; exec keeps the gunicorn master's pid ours.
    return Server(["sh", "-c", f"exec {procfile}"], port, REPO_DIR, env, log, cpu)
