"""The simplelists command: run the web server, make a password hash, back up or restore,
and say how off-site replication stands."""

from __future__ import annotations

import argparse
import datetime
import getpass
import logging
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TextIO

from simplelists import __version__, backup, replication
from simplelists.config import ENVIRONMENT_VARIABLES, REPLICA_VARIABLES, Config, ConfigError, check_database

log = logging.getLogger("simplelists")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, whose --help documents every option and variable."""
    lines = ["environment variables (default in brackets):"]
    for name, default, meaning in ENVIRONMENT_VARIABLES:
        lines.append(f"  {name:<24} {meaning} [{default}]")
    lines += ["", "off-site replication with Litestream (docs/backups.md; off unless a replica is named):"]
    for name, default, meaning in REPLICA_VARIABLES:
        lines.append(f"  {name:<24} {meaning} [{default}]")
    lines += [
        "",
        "examples:",
        "  simplelists                         serve on http://localhost:8080 (the same as: simplelists serve)",
        "  simplelists --genpass               make SIMPLELISTS_PASSHASH for sign-in",
        "  printf '%s\\n' \"$PW\" | simplelists --genpass | head -n 1   the same, scripted",
        "  simplelists backup                  copy the database (safe while serving)",
        "  simplelists backup /mnt/usb/        ... into a folder, with a timestamped name",
        "  simplelists restore FILE            put a backup back (stop the server first)",
        "  simplelists status                  is replication on, and is the replica up to date?",
        "  simplelists restore --from-replica --timestamp 2025-01-02T18:00:00Z --output then.sqlite",
        "                                      the lists as they were then, in a file of their own",
    ]
    parser = argparse.ArgumentParser(
        prog="simplelists",
        description="Simple Lists: a small family to-do and shopping list web app. "
                    "With no arguments, runs the web server on $PORT.",
        epilog="\n".join(lines),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--genpass", action="store_true",
                        help="ask for a password (twice; or read it from standard input when that is "
                             "not a terminal) and print its bcrypt hash for SIMPLELISTS_PASSHASH")
    parser.add_argument("--version", action="version", version=f"simplelists {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND",
                                     description="with no command, serve the web app")
    commands.add_parser(
        "serve", help="run the web server (with Litestream when a replica is set)",
        description="Run the web server on $PORT: granian with the package's settings. With a replica "
                    "set, first restore a missing database from it, then run the server under Litestream, "
                    "which streams every change to the replica.")
    backup_parser = commands.add_parser(
        "backup", help="copy the database safely, even while the server runs",
        description="Write a consistent copy of $SIMPLELISTS_DB, check it, and print where it went.")
    backup_parser.add_argument(
        "dest", nargs="?", metavar="DEST",
        help="a folder (the copy gets a timestamped name) or a file name; default "
             "$SIMPLELISTS_BACKUP_DIR, else the database's folder")
    restore_parser = commands.add_parser(
        "restore", help="replace the database with a backup, or restore from the replica",
        description="Check BACKUP, then put it in place of $SIMPLELISTS_DB. The database it "
                    "replaces is renamed to <db>.replaced-<time>, not deleted. Stop the server first. "
                    "With --from-replica, write the database as the replica holds it to a new file instead.")
    restore_parser.add_argument("backup", nargs="?", metavar="BACKUP", help="the backup file to restore")
    restore_parser.add_argument("--force", action="store_true",
                                help="restore even though the database looks in use "
                                     "(restart the server straight afterwards)")
    restore_parser.add_argument("--from-replica", action="store_true",
                                help="restore from the off-site replica into a new file (the live "
                                     "database is left alone)")
    restore_parser.add_argument("--timestamp", metavar="TIME",
                                help="with --from-replica: the lists as they were at TIME, e.g. "
                                     "2025-01-02T18:00:00Z (without a zone: $SIMPLELISTS_TIMEZONE)")
    restore_parser.add_argument("--output", metavar="FILE",
                                help="with --from-replica: the new file (default <db>.restored-<time> "
                                     "beside the database)")
    commands.add_parser(
        "status", help="say whether replication is on and how far behind the replica is",
        description="Ask Litestream on this machine and the replica itself how replication stands. "
                    "Exits 1 when replication is on but not up to date or the replica cannot be read.")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad configuration). Serving
    does not return: this process becomes the server."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.genpass:
        return generate_password_hash(sys.stdin, sys.stdout, sys.stderr)
    if arguments.command == "restore" and bool(arguments.backup) == bool(arguments.from_replica):
        parser.error("restore needs a BACKUP file, or --from-replica (not both)")
    if arguments.command == "restore" and not arguments.from_replica and (arguments.timestamp or arguments.output):
        parser.error("--timestamp and --output go with --from-replica")
    try:
        config = Config.from_env(os.environ)
    except ConfigError as error:
        print(f"simplelists: {error}", file=sys.stderr)
        return 2
    if arguments.command in ("backup", "restore"):
        return run_backup_command(config, arguments, sys.stdout, sys.stderr)
    if arguments.command == "status":
        return show_status(config, os.environ, sys.stdout, sys.stderr)
    return serve(config, os.environ)


def run_backup_command(config: Config, arguments: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """`backup` and `restore`: say what was done on stdout, or why not in one line on
    stderr (exit status 1)."""
    try:
        if arguments.command == "backup":
            written = backup.backup(config.db_path, arguments.dest, backup_dir=config.backup_dir)
            print(f"backed up {config.db_path} to {written}", file=stdout)
        elif arguments.from_replica:
            return restore_from_replica(config, arguments, stdout, stderr)
        else:
            if config.replica is not None:
                # Litestream follows the file's changes; a file put in its place would split the
                # replica's history from the database's, and the next restore would mix the two.
                raise backup.BackupError(
                    "replication is on, and putting a file in place of the database would break the "
                    "replica: restore a moment into a file of its own with `simplelists restore "
                    "--from-replica --timestamp TIME` and import its lists (see docs/backups.md)")
            replaced = backup.restore(arguments.backup, config.db_path, force=arguments.force)
            print(f"restored {config.db_path} from {arguments.backup}", file=stdout)
            if replaced is not None:
                print(f"the database it replaced is kept at {replaced}", file=stdout)
    except backup.BackupError as error:
        print(f"simplelists: {error}", file=stderr)
        return 1
    return 0


def restore_from_replica(config: Config, arguments: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """`restore --from-replica [--timestamp T] [--output FILE]`: a checked copy in a new file."""
    try:
        moment = parse_moment(arguments.timestamp, config.timezone) if arguments.timestamp else None
    except ValueError:
        print(f"simplelists: --timestamp: not a date and time like 2025-01-02T18:00:00Z: {arguments.timestamp!r}",
              file=stderr)
        return 2
    now = datetime.datetime.now(datetime.timezone.utc)
    output = arguments.output or f"{config.db_path}.restored-{(moment or now):%Y%m%dT%H%M%SZ}"
    try:
        replication.restore_copy(config, os.environ, output, moment)
        problem = backup.check_database(output)
        if problem:
            raise replication.ReplicationError(f"the restored copy in {output} failed its check: {problem}")
    except replication.ReplicationError as error:
        print(f"simplelists: {error}", file=stderr)
        return 1
    as_of = f"as of {moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "as it is now"
    print(f"restored the replica {as_of} to {output}", file=stdout)
    print(f"look at it with: SIMPLELISTS_DB={output} simplelists serve (another PORT), "
          "then download a list and import it into the live app", file=stdout)
    return 0


def parse_moment(text: str, zone: datetime.tzinfo) -> datetime.datetime:
    """An ISO 8601 date and time in UTC; without a zone, in the family's (SIMPLELISTS_TIMEZONE)."""
    moment = datetime.datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(datetime.timezone.utc)


def show_status(config: Config, environ: Mapping[str, str], stdout: TextIO, stderr: TextIO) -> int:
    """`status`: replication off (exit 0), or how it stands (exit 1 unless up to date)."""
    if config.replica is None:
        print("replication: off (no replica set: see docs/backups.md)", file=stdout)
        return 0
    try:
        state = replication.status(config, environ)
    except replication.ReplicationError as error:
        print(f"simplelists: {error}", file=stderr)
        return 1
    for line in state.lines(datetime.datetime.now(datetime.timezone.utc)):
        print(line, file=stdout)
    return 0 if state.healthy else 1


def read_new_password(stdin: TextIO, stderr: TextIO) -> str | None:
    """The new password: asked twice without echo on a terminal, else read from stdin
    (one line, or two identical lines). None, after saying why on stderr, if unusable."""
    if stdin.isatty():
        first = getpass.getpass("Password: ")
        second = getpass.getpass("Repeat the password: ")
    else:
        lines = stdin.read().splitlines()
        if not lines:
            print("simplelists: no password given on standard input", file=stderr)
            return None
        first = lines[0]
        second = lines[1] if len(lines) > 1 and lines[1] != "" else first
    if first != second:
        print("simplelists: the two passwords do not match", file=stderr)
        return None
    from simplelists import auth  # here, not at the top: see generate_password_hash

    if len(first) < auth.MIN_PASSWORD_LENGTH:
        print(f"simplelists: the password must be at least {auth.MIN_PASSWORD_LENGTH} characters", file=stderr)
        return None
    return first


def generate_password_hash(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """--genpass: print a bcrypt hash of a new password, and how to store it on Fly."""
    # auth is imported only for this: it brings the web side (Bottle), which `simplelists
    # serve` must not spend its start on before it becomes the server.
    from simplelists import auth

    password = read_new_password(stdin, stderr)
    if password is None:
        return 1
    password_hash = auth.hash_password(password)
    print(password_hash, file=stdout)
    print(file=stdout)
    print("Set it as a secret on Fly.io (single quotes keep the shell off the $ signs):", file=stdout)
    print(f"  fly secrets set SIMPLELISTS_USERNAME=family SIMPLELISTS_PASSHASH='{password_hash}'", file=stdout)
    print("Elsewhere, set the same two environment variables before starting simplelists.", file=stdout)
    return 0


def serve(config: Config, environ: Mapping[str, str]) -> int:
    """Become the web server: granian with the settings in simplelists.web_server, as the
    Procfile's command; with a replica set, Litestream running that server, after a
    missing database has been restored from the replica. Returns only on failure (2: bad
    configuration, 1: the replica could not be read)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        if config.replica is not None and replication.restore_if_missing(config, environ):
            log.info("restored %s from the replica", config.db_path)
        # Before any fork: create the database or bring its schema up to date, or stop with
        # one line on a bad SIMPLELISTS_DB. Not on an existing database that Litestream
        # replicates: closing the last connection would checkpoint it while Litestream is not
        # yet watching; the worker brings its schema up to date with Litestream running.
        if config.replica is None or not os.path.exists(config.db_path):
            check_database(config)
        command = replication.server_command(config)
        env = replication.litestream_env(config, environ) if config.replica is not None else dict(environ)
    except ConfigError as error:
        print(f"simplelists: {error}", file=sys.stderr)
        return 2
    except replication.ReplicationError as error:
        print(f"simplelists: {error}", file=sys.stderr)
        return 1
    log.info("simplelists %s starting with %s", __version__, config.describe())
    for handler in logging.getLogger().handlers:
        handler.flush()
    # This process becomes the server (no shell, no parent left waiting), so the platform's
    # SIGTERM reaches the server, or Litestream, which passes it on to the server.
    os.execve(command[0], command, env)
    return 1  # not reached
