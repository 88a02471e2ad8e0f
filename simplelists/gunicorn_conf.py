"""gunicorn settings for Simple Lists.

The Procfile's command (`gunicorn --config python:simplelists.gunicorn_conf
simplelists.wsgi:app`) and the `simplelists` command both load this module, from
wherever the package is installed. gunicorn
binds 0.0.0.0:$PORT by itself when PORT is set, so the Procfile needs no shell. Binding
0.0.0.0 (IPv4 only) also keeps the server off Fly's private IPv6 network: only Fly's
proxy reaches it, which is why fly.toml can trust the proxy's headers from any address.

Sized for Fly's smallest machine (1 shared CPU, 256 MB); fly.toml's concurrency limits
and kill_timeout are checked against the values here (tests/test_fly_toml.py).
"""

import os
import re
import sys

from gunicorn.glogging import Logger


def _env_int(name: str, default: int, minimum: int = 1) -> int:
    """A whole number from the environment; a bad value stops gunicorn with one line naming it."""
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < minimum:
        sys.exit(f"simplelists: {name} must be a whole number of at least {minimum}, not {text!r}")
    return int(text)


# -- workers -------------------------------------------------------------------------------
# Threaded workers (gthread): a page takes about a millisecond of Python, but a request can
# also wait on the disk (SQLite commits are synced) or on a slow phone connection, and a
# thread waiting there must not hold up the others. One process: on Fly's single shared CPU
# a second one serves no more requests (the two only take turns on the core: measured, it
# used more CPU per page and answered fewer a second), and it would cost another 35 MB of
# the machine's 256. If the worker dies, gunicorn starts a new one within a second, and
# requests wait in the socket's queue meanwhile rather than fail.
#
# Four threads, measured (BENCHMARKS.md): one, two, four or eight threads, or the sync
# worker, cost about the same CPU per page; with one thread, a load where every tenth request
# ticks an item got 11% fewer answers a second, each commit's sync holding up the pages behind it.
#
# To change the size, edit the two defaults below (fly.toml's [http_service.concurrency] must
# follow; a test checks it), or set WEB_CONCURRENCY (processes) / SIMPLELISTS_THREADS (threads
# each) in fly.toml's [env]; `make bench` measures the effect.
DEFAULT_WORKERS = 1
DEFAULT_THREADS = 4

worker_class = "gthread"
workers = _env_int("WEB_CONCURRENCY", DEFAULT_WORKERS)
threads = _env_int("SIMPLELISTS_THREADS", DEFAULT_THREADS)

# Never preload: the app opens SQLite when it is built, and a connection must not cross a
# fork. Each worker builds its own app (and connections) after forking.
preload_app = False

# -- timeouts and shutdown -------------------------------------------------------------------
# A worker silent for this long is killed and replaced (no request here takes near a second).
timeout = 30
# On SIGTERM (fly.toml's kill_signal) gunicorn stops accepting, lets requests in flight
# finish for up to this long, then exits 0. fly.toml's kill_timeout must stay above it,
# or Fly kills the machine while requests are still being answered.
graceful_timeout = 20
# What the outbox holds is sent at once when a worker stops gracefully (SIGTERM), within
# this part of graceful_timeout, so a machine Fly's auto-stop stops sends it before it sleeps.
NOTIFY_FLUSH_SECONDS = graceful_timeout / 2


def worker_int(worker):  # type: ignore[no-untyped-def]
    """gunicorn's hook for a quick shutdown (SIGINT, SIGQUIT): no time to send anything."""
    from simplelists import notify_sender

    notify_sender.quick_exit()


def worker_exit(server, worker):  # type: ignore[no-untyped-def]
    """gunicorn's hook as a worker process ends (run in the worker, and in the master for a
    worker that died): send what the outbox holds (notify_sender.flush_at_exit does nothing
    where no sender runs)."""
    from simplelists import notify_sender

    notify_sender.flush_at_exit(NOTIFY_FLUSH_SECONDS)


# Keep idle connections from Fly's proxy open a little, to spare a new TCP handshake per page.
keepalive = 5

# No runtime control socket (gunicornc): nothing here uses it, and its default path is per
# user, so two servers on one box (a test run beside `make run`) would take each other's.
control_socket_disable = True

# -- behind a proxy -------------------------------------------------------------------------
# Believe X-Forwarded-Proto (https) only from these addresses: gunicorn then sets
# wsgi.url_scheme, so cookies get Secure and HSTS is sent. The app reads the same variable to
# believe Fly-Client-IP. The default trusts only this machine; fly.toml sets "*".
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# -- logs ----------------------------------------------------------------------------------
accesslog = "-"  # stdout, one line per request
errorlog = "-"  # stderr: gunicorn's own messages and the app's warnings and errors
loglevel = "info"
# Client (Fly-Client-IP when behind Fly, else "-"), request line, status, bytes, milliseconds.
access_log_format = '%(h)s %({fly-client-ip}i)s "%(r)s" %(s)s %(b)s %(M)sms'

HEALTH_CHECK_PATH = "/healthz"
# A read-only share link's secret is part of its path; the log keeps only its first letters.
SHARED_LINK = re.compile(r"(/shared/[A-Za-z0-9_-]{4})[A-Za-z0-9_-]*")


class QuietHealthChecksLogger(Logger):
    """gunicorn's logger, minus the access lines of successful health checks, and with
    share links' secrets left out.

    Fly's proxy asks GET /healthz every few seconds; thousands of identical "200" lines a
    day would bury the requests people made. A failing check (503) is still logged, and
    the app itself logs why at WARNING. A share link (/shared/<secret>) is a key to its
    list, so its access line shows only its first four characters, enough to tell two
    apart; API tokens travel in a header, which is never logged.
    """

    def access(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        if environ.get("PATH_INFO") == HEALTH_CHECK_PATH and getattr(resp, "status_code", None) == 200:
            return
        if "/shared/" in environ.get("RAW_URI", "") + environ.get("PATH_INFO", ""):
            environ = {**environ, **{key: SHARED_LINK.sub(r"\1…", environ[key])
                                     for key in ("RAW_URI", "PATH_INFO") if key in environ}}
        super().access(resp, req, environ, request_time)


logger_class = QuietHealthChecksLogger
