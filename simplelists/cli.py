"""The simplelists command: run the web server, make a password hash, back up or restore."""

from __future__ import annotations

import argparse
import getpass
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from simplelists import __version__, auth, backup
from simplelists.config import ENVIRONMENT_VARIABLES, Config, ConfigError, check_database

log = logging.getLogger("simplelists")

# The server settings the Procfile uses (gunicorn --config python:simplelists.gunicorn_conf);
# the command loads the same module, so both run alike.
GUNICORN_CONF_MODULE = "simplelists.gunicorn_conf"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, whose --help documents every option and variable."""
    lines = ["environment variables (default in brackets):"]
    for name, default, meaning in ENVIRONMENT_VARIABLES:
        lines.append(f"  {name:<24} {meaning} [{default}]")
    lines += [
        "",
        "examples:",
        "  simplelists                         serve on http://localhost:8080",
        "  simplelists --genpass               make SIMPLELISTS_PASSHASH for sign-in",
        "  printf '%s\\n' \"$PW\" | simplelists --genpass | head -n 1   the same, scripted",
        "  simplelists backup                  copy the database (safe while serving)",
        "  simplelists backup /mnt/usb/        ... into a folder, with a timestamped name",
        "  simplelists restore FILE            put a backup back (stop the server first)",
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
    backup_parser = commands.add_parser(
        "backup", help="copy the database safely, even while the server runs",
        description="Write a consistent copy of $SIMPLELISTS_DB, check it, and print where it went.")
    backup_parser.add_argument(
        "dest", nargs="?", metavar="DEST",
        help="a folder (the copy gets a timestamped name) or a file name; default "
             "$SIMPLELISTS_BACKUP_DIR, else the database's folder")
    restore_parser = commands.add_parser(
        "restore", help="replace the database with a backup (the old file is kept aside)",
        description="Check BACKUP, then put it in place of $SIMPLELISTS_DB. The database it "
                    "replaces is renamed to <db>.replaced-<time>, not deleted. Stop the server first.")
    restore_parser.add_argument("backup", metavar="BACKUP", help="the backup file to restore")
    restore_parser.add_argument("--force", action="store_true",
                                help="restore even though the database looks in use "
                                     "(restart the server straight afterwards)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2 for bad configuration)."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.genpass:
        return generate_password_hash(sys.stdin, sys.stdout, sys.stderr)
    try:
        config = Config.from_env(os.environ)
        if arguments.command is None:  # backup and restore must not create or change the file
            check_database(config)  # in the parent, before any fork; its connection is closed
    except ConfigError as error:
        print(f"simplelists: {error}", file=sys.stderr)
        return 2
    if arguments.command in ("backup", "restore"):
        return run_backup_command(config, arguments, sys.stdout, sys.stderr)
    return serve(config)


def run_backup_command(config: Config, arguments: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """`backup` and `restore`: say what was done on stdout, or why not in one line on
    stderr (exit status 1)."""
    try:
        if arguments.command == "backup":
            written = backup.backup(config.db_path, arguments.dest, backup_dir=config.backup_dir)
            print(f"backed up {config.db_path} to {written}", file=stdout)
        else:
            replaced = backup.restore(arguments.backup, config.db_path, force=arguments.force)
            print(f"restored {config.db_path} from {arguments.backup}", file=stdout)
            if replaced is not None:
                print(f"the database it replaced is kept at {replaced}", file=stdout)
    except backup.BackupError as error:
        print(f"simplelists: {error}", file=stderr)
        return 1
    return 0


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
    if len(first) < auth.MIN_PASSWORD_LENGTH:
        print(f"simplelists: the password must be at least {auth.MIN_PASSWORD_LENGTH} characters", file=stderr)
        return None
    return first


def generate_password_hash(stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """--genpass: print a bcrypt hash of a new password, and how to store it on Fly."""
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


def serve(config: Config) -> int:
    """Run the web server with gunicorn and the settings in simplelists.gunicorn_conf."""
    from gunicorn.app.base import BaseApplication

    from simplelists.app import create_app

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            settings = vars(importlib.import_module(GUNICORN_CONF_MODULE))
            for name, value in settings.items():
                if name in self.cfg.settings:
                    self.cfg.set(name, value)
            self.cfg.set("bind", [f"0.0.0.0:{config.port}"])

        def load(self) -> Any:
            # Each worker builds its own app (and database connections) after the fork.
            app = create_app(config)
            backup.start_scheduler(config.db_path, config.backup_dir, config.backup_keep)
            return app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.info("simplelists %s starting with %s", __version__, config.describe())
    Server().run()
    return 0
