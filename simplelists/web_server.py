"""The web server: granian serving the app (simplelists.wsgi:app) over HTTP/1.

An entry point, like cli.py and wsgi.py: `simplelists serve` becomes `python -m
simplelists.web_server` (or Litestream runs that command, with a replica), and this module
reads the server's size and the app's settings from the environment. granian's main
process binds the socket and forks one worker process, which imports simplelists.wsgi and
answers requests in its threads; a worker that dies is started again.

It binds 0.0.0.0:$PORT (IPv4 only): that keeps the server off Fly's private IPv6 network,
so only Fly's proxy reaches it, which is why fly.toml can trust the proxy's headers from
any address. SIMPLELISTS_ADDRESS=127.0.0.1 keeps it to a proxy on the same machine.
Sized for Fly's smallest machine (1 shared CPU, 256 MB); fly.toml's concurrency limits
and kill_timeout are checked against the values here (tests/test_fly_toml.py).
"""

from __future__ import annotations

import ipaddress
import logging
import os
import signal
import socket
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from granian import Granian
from granian.constants import HTTPModes, Interfaces
from granian.http import HTTP1Settings

from simplelists.config import Config, ConfigError

TARGET = "simplelists.wsgi:app"

# -- workers -------------------------------------------------------------------------------
# One worker process with four threads. A page takes about a millisecond of Python, but a
# request can also wait on the disk (SQLite commits are synced) or on a slow phone, and a
# thread waiting there must not hold up the others. One process: on Fly's single shared CPU
# a second one serves no more requests (the two only take turns on the core), and it would
# cost another 35 MB of the machine's 256. Four threads, measured (BENCHMARKS.md): one,
# two, four or eight cost about the same CPU per page; with one, a load where every tenth
# request ticks an item got 11% fewer answers a second, each commit's sync holding up the
# pages behind it.
#
# To change the size, edit the two defaults below (fly.toml's [http_service.concurrency] must
# follow; a test checks it), or set WEB_CONCURRENCY (processes) / SIMPLELISTS_THREADS (threads
# each) in fly.toml's [env]; `make bench` measures the effect.
DEFAULT_WORKERS = 1
DEFAULT_THREADS = 4
# granian's network side (Rust) needs one thread: it only moves bytes; more would cost memory.
RUNTIME_THREADS = 1
# Connections the kernel holds while every thread is busy (granian's minimum). Fly's proxy
# sends at most fly.toml's hard_limit requests at once, far fewer.
BACKLOG = 128

# -- stopping ------------------------------------------------------------------------------
# On SIGTERM (fly.toml's kill_signal) the server stops accepting, and within STOP_TIMEOUT it
# has let the requests in flight finish (a worker still busy after WORKERS_KILL_TIMEOUT is
# killed) and then sent what the outbox holds (NOTIFY_FLUSH_SECONDS), so a machine Fly's
# auto-stop stops tells its news before it sleeps. fly.toml's kill_timeout must stay above
# STOP_TIMEOUT plus Litestream's final sync. SIGINT is the quick stop: nothing is sent.
STOP_TIMEOUT = 20
NOTIFY_FLUSH_SECONDS = STOP_TIMEOUT / 2
WORKERS_KILL_TIMEOUT = int(STOP_TIMEOUT - NOTIFY_FLUSH_SECONDS)

# -- logs ----------------------------------------------------------------------------------

class NoFalseKillWarning(logging.Filter):
    """Leaves out granian's "Killing worker-N after it refused to gracefully stop" when it
    comes sooner than WORKERS_KILL_TIMEOUT after the server began to stop (or to replace a
    worker): such a worker did stop gracefully, and nothing was killed that was running.

    granian waits for each worker to exit and then asks whether it is still alive, while a
    thread of its own reaps the same worker the moment it exits. On a busy machine that
    thread can be slow to record the exit, and granian then takes the worker for alive and
    warns. A worker that truly refuses to stop is only reported once the whole timeout has
    passed, and that warning is kept.
    """

    def __init__(self) -> None:
        super().__init__()
        self.stopping_since: float | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(("Shutting down granian", "Stopping old worker")):
            self.stopping_since = record.created
        elif "refused to gracefully stop" in message and self.stopping_since is not None:
            return record.created - self.stopping_since >= WORKERS_KILL_TIMEOUT
        return True


# granian configures logging with this in its main process and again in each worker: its
# own messages and the app's (the root logger) on stderr. The access log is the app's own
# (access_log.py, wrapped around the app by wsgi.py), on stdout.
LOG_CONFIG: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "message": {"format": "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"},
    },
    "filters": {
        "no_false_kill_warning": {"()": NoFalseKillWarning},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "message"},
    },
    "loggers": {
        "_granian": {"handlers": ["stderr"], "level": "INFO", "propagate": False,
                     "filters": ["no_false_kill_warning"]},
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
}


def env_int(environ: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    """A whole number from the environment; a bad value stops the server with one line naming it."""
    text = environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < minimum:
        sys.exit(f"simplelists: {name} must be a whole number of at least {minimum}, not {text!r}")
    return int(text)


def env_address(environ: Mapping[str, str]) -> str:
    """SIMPLELISTS_ADDRESS, the IPv4 address to listen on (default 0.0.0.0: all of them);
    a bad value stops the server with one line naming it."""
    text = environ.get("SIMPLELISTS_ADDRESS", "").strip() or "0.0.0.0"
    try:
        return str(ipaddress.IPv4Address(text))
    except ValueError:
        sys.exit(f"simplelists: SIMPLELISTS_ADDRESS must be an IPv4 address such as 127.0.0.1, not {text!r}")


def settings(environ: Mapping[str, str], target: str = TARGET) -> dict[str, Any]:
    """granian's arguments for this environment (PORT, SIMPLELISTS_ADDRESS, WEB_CONCURRENCY,
    SIMPLELISTS_THREADS), serving target (module:attribute)."""
    return {
        "target": target,
        "address": env_address(environ),
        "port": env_int(environ, "PORT", 8080),
        "interface": Interfaces.WSGI,
        "workers": env_int(environ, "WEB_CONCURRENCY", DEFAULT_WORKERS),
        "blocking_threads": env_int(environ, "SIMPLELISTS_THREADS", DEFAULT_THREADS),
        "runtime_threads": RUNTIME_THREADS,
        "http": HTTPModes.http1,
        "websockets": False,
        # Keep idle connections from Fly's proxy open, to spare a new TCP handshake per page.
        "http1_settings": HTTP1Settings(keep_alive=True),
        "backlog": BACKLOG,
        "respawn_failed_workers": True,
        "workers_kill_timeout": WORKERS_KILL_TIMEOUT,
        "log_dictconfig": LOG_CONFIG,
        "log_access": False,
    }


class Shutdown:
    """What happens as the server stops: on SIGTERM, the outbox is sent from the main
    process once the workers have stopped (they may have held changes back for the
    notification window); on SIGINT (the quick stop) nothing is sent, and the next start
    sends it."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.quick = False

    def watch_for_quick_stop(self) -> None:
        """granian's startup hook, run once granian has set its own signal handlers: note
        a SIGINT, then let granian's handler stop the server as before."""
        server_handler = signal.getsignal(signal.SIGINT)

        def quick_stop(signum: int, frame: Any) -> None:
            self.quick = True
            if callable(server_handler):
                server_handler(signum, frame)

        signal.signal(signal.SIGINT, quick_stop)

    def send_waiting_notifications(self) -> None:
        """granian's shutdown hook (main process, after the workers have stopped)."""
        # Imported only now: the main process lives as long as the server, and the sender
        # (the database, the stores) would cost it 4 MB for the few seconds it is used.
        from simplelists import notify_sender

        if not self.quick:
            notify_sender.flush_at_shutdown(self.config.db_path, self.config.notify, self.config.notify_private,
                                            NOTIFY_FLUSH_SECONDS, checkpoints=self.config.replica is None)


def build_server(options: dict[str, Any], config: Config) -> Granian:
    """granian with these arguments (settings()), with the shutdown hooks for the app's config."""
    server = Granian(**options)
    shutdown = Shutdown(config)
    server.on_startup(shutdown.watch_for_quick_stop)
    server.on_shutdown(shutdown.send_waiting_notifications)
    return server


def port_in_use(address: str, port: int) -> bool:
    """True if another program listens on the port. granian binds with SO_REUSEPORT, so a
    second server on a port would not fail: it would share the requests with the first."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed connection's port is free
        try:
            probe.bind((address, port))
        except OSError:
            return True
    return False


def main(argv: Sequence[str] | None = None) -> None:
    """Serve until stopped (exit 0 after a graceful stop); a bad setting, or a port another
    program listens on, exits 2 with one line. An argument names another WSGI app
    (module:attribute) to serve the same way: the benchmark's hello-world."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    options = settings(os.environ, arguments[0] if arguments else TARGET)
    try:
        config = Config.from_env(os.environ)
    except ConfigError as error:
        print(f"simplelists: {error}", file=sys.stderr)
        sys.exit(2)
    if port_in_use(options["address"], options["port"]):
        print(f"simplelists: port {options['port']} is in use by another program (set PORT)", file=sys.stderr)
        sys.exit(2)
    build_server(options, config).serve()


if __name__ == "__main__":
    main()
