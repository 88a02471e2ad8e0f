"""Off-site replication with Litestream: how `simplelists serve` starts the server, and what
`simplelists status` and `simplelists restore --from-replica` ask Litestream.

With a replica configured (config.Replica), serving is two steps: restore the database
from the replica if the file is missing (a new machine, a lost volume), then replace this
process with `litestream replicate -exec "<the web server's command>"`. Litestream then
streams every change to the replica within a second, passes SIGTERM on to the web server,
and syncs once more after it has stopped. Without a replica, this process becomes the web
server itself, exactly as before, and no Litestream runs.

Litestream's settings are litestream.yml beside this module. It names no database, replica
or secret: Litestream fills in the SIMPLELISTS_LITESTREAM_* variables that litestream_env
sets, and reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from the environment itself.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import os
import pathlib
import shlex
import shutil
import socket
import subprocess
import sys
from collections.abc import Mapping

from simplelists.config import Config, Replica

LITESTREAM_CONFIG = pathlib.Path(__file__).with_name("litestream.yml")
# The web server, with the package's settings (web_server.py), run by this same Python.
WEB_SERVER_MODULE = "simplelists.web_server"
# How long a restore may take before the command gives up (a large list history is a few MB).
RESTORE_TIMEOUT_SECONDS = 600
STATUS_TIMEOUT_SECONDS = 60


class ReplicationError(Exception):
    """Litestream could not do what was asked; the message says why in one line."""


def executable(name: str) -> str:
    """The path of a command installed beside this Python (the venv's bin: the pinned
    Litestream), else found on the PATH."""
    beside = pathlib.Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise ReplicationError(f"cannot find the {name} command (pip install -r requirements.txt installs it)")
    return found


def socket_path(db_path: str) -> str:
    """Litestream's control socket for this database: short (a socket's path has to fit in
    108 bytes), and one per database file, so two servers on one machine never share one."""
    digest = hashlib.sha256(os.path.abspath(db_path).encode()).hexdigest()[:12]
    return f"/tmp/simplelists-litestream-{digest}.sock"


def litestream_env(config: Config, environ: Mapping[str, str]) -> dict[str, str]:
    """The environment Litestream runs in: environ plus the values litestream.yml names."""
    replica = _replica(config)
    return {
        **environ,
        "SIMPLELISTS_LITESTREAM_DB": os.path.abspath(config.db_path),
        "SIMPLELISTS_LITESTREAM_REPLICA": replica.url,
        "SIMPLELISTS_LITESTREAM_RETENTION": f"{replica.retention_days * 24}h",
        "SIMPLELISTS_LITESTREAM_SOCKET": socket_path(config.db_path),
    }


def web_server_command() -> list[str]:
    """The web server's command line: granian with the package's settings, in this Python."""
    return [sys.executable, "-m", WEB_SERVER_MODULE]


def server_command(config: Config) -> list[str]:
    """What `simplelists serve` becomes: the web server, or Litestream running it."""
    if config.replica is None:
        return web_server_command()
    # Litestream splits -exec into arguments as a shell would, without running one.
    return [executable("litestream"), "replicate", "-config", str(LITESTREAM_CONFIG),
            "-exec", shlex.join(web_server_command())]


def restore_if_missing(config: Config, environ: Mapping[str, str]) -> bool:
    """Before serving: bring the database back from the replica when its file is missing.

    True if it was restored; False when the file exists, or the replica holds nothing yet
    (a first start). Raises ReplicationError when the replica cannot be read: starting
    with an empty database then would hide the family's lists, so the caller stops and
    the platform tries again.
    """
    if os.path.exists(config.db_path):
        return False
    _run([executable("litestream"), "restore", "-config", str(LITESTREAM_CONFIG), "-if-db-not-exists",
          "-if-replica-exists", os.path.abspath(config.db_path)], config, environ, RESTORE_TIMEOUT_SECONDS,
         "could not restore the database from the replica")
    return os.path.exists(config.db_path)


def restore_copy(config: Config, environ: Mapping[str, str], output: str,
                 timestamp: datetime.datetime | None = None) -> None:
    """Write the database as the replica holds it (as of timestamp, if given) to output, a
    new file; the live database and Litestream's tracking of it are left alone."""
    if os.path.exists(output):
        raise ReplicationError(f"{output} exists already: choose a new file name")
    command = [executable("litestream"), "restore", "-config", str(LITESTREAM_CONFIG), "-o", os.path.abspath(output),
               "-integrity-check", "full"]
    if timestamp is not None:
        command += ["-timestamp", timestamp.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")]
    _run([*command, os.path.abspath(config.db_path)], config, environ, RESTORE_TIMEOUT_SECONDS,
         "could not restore from the replica")
    if not os.path.exists(output):
        raise ReplicationError("the replica holds no copy of the database yet"
                               + (" from that moment or before" if timestamp else ""))


@dataclasses.dataclass(frozen=True)
class Status:
    """How replication stands: what Litestream on this machine says, and what the replica holds."""

    replica: str  # where (Replica.describe)
    running: bool  # a Litestream process replicates this database now
    last_sync: datetime.datetime | None  # when it last synced (idle or not), if running
    local_txid: int | None  # the newest change Litestream has seen here
    replica_txid: int | None  # the newest change the replica holds
    replica_time: datetime.datetime | None  # when that was written to the replica
    problem: str | None  # why the replica could not be read, if it could not

    @property
    def behind(self) -> int | None:
        """How many changes the replica lacks (0: up to date); None when unknown."""
        if self.local_txid is None or self.replica_txid is None:
            return None
        return max(0, self.local_txid - self.replica_txid)

    def lines(self, now: datetime.datetime) -> list[str]:
        """The status in words, one fact a line."""
        def ago(moment: datetime.datetime) -> str:
            seconds = max(0.0, (now - moment).total_seconds())
            amount = f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.0f} min" if seconds < 7200 \
                else f"{seconds / 3600:.0f} h"
            return f"{moment:%Y-%m-%d %H:%M:%S} UTC, {amount} ago"

        lines = [f"replication: on, to {self.replica}"]
        if self.running:
            synced = f", last synced {ago(self.last_sync)}" if self.last_sync else ""
            lines.append(f"litestream: running{synced}")
        else:
            lines.append("litestream: not running for this database (is the server stopped, "
                         "or was it started without `simplelists serve`?)")
        if self.problem:
            lines.append(f"replica: cannot be read: {self.problem}")
        elif self.replica_txid is None:
            lines.append("replica: holds nothing yet")
        else:
            state = "up to date" if self.behind == 0 else \
                f"{self.behind} changes behind" if self.behind is not None else "this machine's position is unknown"
            written = f", written {ago(self.replica_time)}" if self.replica_time else ""
            lines.append(f"replica: change {self.replica_txid}{written}: {state}")
        return lines

    @property
    def healthy(self) -> bool:
        return self.running and self.problem is None and self.behind == 0


def status(config: Config, environ: Mapping[str, str]) -> Status:
    """Ask the running Litestream (its control socket) and the replica (a listing of its
    files: a few requests to the storage) how replication stands. Never raises for an
    unreachable replica or a stopped Litestream: the Status says so."""
    replica = _replica(config)
    running, last_sync = _daemon_status(socket_path(config.db_path), os.path.abspath(config.db_path))
    local_txid = None
    with contextlib.suppress(ReplicationError, ValueError, KeyError, IndexError):
        local = json.loads(_run([executable("litestream"), "status", "-json", "-config", str(LITESTREAM_CONFIG),
                                 os.path.abspath(config.db_path)], config, environ, STATUS_TIMEOUT_SECONDS, "status"))
        local_txid = int(local[0]["local_txid"], 16) or None
    replica_txid = replica_time = problem = None
    try:
        files = json.loads(_run([executable("litestream"), "ltx", "-json", "-level", "all", "-config",
                                 str(LITESTREAM_CONFIG), os.path.abspath(config.db_path)], config, environ,
                                STATUS_TIMEOUT_SECONDS, "cannot list the replica") or "[]")
        if files:
            newest = max(files, key=lambda entry: int(entry["max_txid"], 16))
            replica_txid = int(newest["max_txid"], 16)
            replica_time = _parse_time(newest.get("timestamp") or newest.get("created", ""))
    except (ReplicationError, ValueError, KeyError) as error:
        problem = str(error)
    return Status(replica.describe(), running, last_sync, local_txid, replica_txid, replica_time, problem)


def _daemon_status(path: str, db_path: str) -> tuple[bool, datetime.datetime | None]:
    """(running, last sync) from Litestream's control socket: GET /list."""
    # Imported here, for `simplelists status` only: `simplelists serve` imports this module
    # on its way to becoming the server, and http.client would be a fifth of that start.
    import http.client

    class UnixHTTPConnection(http.client.HTTPConnection):
        """HTTP over a Unix socket, the way Litestream's control socket speaks it."""

        def connect(self) -> None:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(self.timeout)
            self.sock.connect(path)

    try:
        connection = UnixHTTPConnection("localhost", timeout=5)
        connection.request("GET", "/list")
        body = json.loads(connection.getresponse().read())
        connection.close()
    except (OSError, ValueError, http.client.HTTPException):
        return False, None
    for database in body.get("databases") or []:
        if database.get("path") == db_path:
            return database.get("status") == "replicating", _parse_time(database.get("last_sync_at") or "")
    return False, None


def _parse_time(text: str) -> datetime.datetime | None:
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(datetime.timezone.utc)
    return None


def _replica(config: Config) -> Replica:
    if config.replica is None:
        raise ReplicationError("replication is off: set BUCKET_NAME (fly storage create) or SIMPLELISTS_REPLICA_URL")
    return config.replica


def _run(command: list[str], config: Config, environ: Mapping[str, str], timeout: float, failure: str) -> str:
    """Run a Litestream command; its stdout, or ReplicationError with its last words."""
    try:
        result = subprocess.run(command, env=litestream_env(config, environ), capture_output=True, text=True,
                                timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise ReplicationError(f"{failure}: no answer within {timeout:.0f} s") from None
    if result.returncode != 0:
        words = [line for line in result.stderr.splitlines() if line.strip()]
        reason = words[-1].removeprefix("Error: ") if words else f"litestream exited with {result.returncode}"
        raise ReplicationError(f"{failure}: {reason}")
    return result.stdout
