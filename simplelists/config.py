"""Configuration, read once from environment variables."""

from __future__ import annotations

import dataclasses
import datetime
import re
import sqlite3
import zoneinfo
from collections.abc import Mapping
from typing import Any

from simplelists import i18n
from simplelists.db import Database

# Each setting: environment variable, default, and what it means (the CLI's --help
# is built from this table, so the documentation cannot drift from the code).
ENVIRONMENT_VARIABLES: list[tuple[str, str, str]] = [
    ("PORT", "8080", "TCP port the web server listens on"),
    ("SIMPLELISTS_DB", "simplelists.sqlite", "path of the SQLite database file (created if missing)"),
    ("SIMPLELISTS_LISTS", "false", "1 or true: show every list on the home page"),
    ("SIMPLELISTS_TIMEZONE", "the server's local zone", "IANA time zone for dates, e.g. Europe/London"),
    ("SIMPLELISTS_LANGUAGE", "en", "language for browsers that ask for none of the app's: "
     + ", ".join(i18n.available_codes())),
    ("SIMPLELISTS_USERNAME", "(none: sign-in off)", "username; turns sign-in on"),
    ("SIMPLELISTS_PASSHASH", "(none)", "bcrypt hash of the password (from --genpass); required with a username"),
    ("SIMPLELISTS_BACKUP_DIR", "(none: no scheduled backups)", "folder for daily automatic backups"),
    ("SIMPLELISTS_BACKUP_KEEP", "10", "how many automatic backups to keep"),
    ("FORWARDED_ALLOW_IPS", "127.0.0.1,::1", "proxies whose X-Forwarded-Proto / Fly-Client-IP are believed "
     "(gunicorn reads it too); * trusts every peer, right only where a proxy is the sole way in"),
    # Read by gunicorn_conf.py, not by the app: the server's size.
    ("WEB_CONCURRENCY", "1", "gunicorn worker processes"),
    ("SIMPLELISTS_THREADS", "4", "threads per worker process"),
]

_BCRYPT_HASH = re.compile(r"^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class ConfigError(ValueError):
    """A setting has a bad value; the message names the variable."""


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything the app needs to know about how it is run."""

    db_path: str = "simplelists.sqlite"
    port: int = 8080
    show_lists: bool = False
    timezone: datetime.tzinfo = dataclasses.field(default_factory=lambda: _local_zone())
    language: str = i18n.SOURCE_LANGUAGE  # a code of i18n.languages()
    username: str = ""
    password_hash: str = ""
    backup_dir: str = ""
    backup_keep: int = 10
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")

    def __post_init__(self) -> None:
        if self.username and not self.password_hash:
            raise ConfigError("SIMPLELISTS_PASSHASH is required when SIMPLELISTS_USERNAME is set "
                              "(make one with: simplelists --genpass)")
        if self.password_hash and not _BCRYPT_HASH.match(self.password_hash):
            raise ConfigError("SIMPLELISTS_PASSHASH is not a bcrypt hash (make one with: simplelists --genpass)")

    @property
    def sign_in_enabled(self) -> bool:
        """True when a username is set and every page needs sign-in."""
        return bool(self.username)

    @property
    def all_lists_reachable(self) -> bool:
        """True when a person using the app may reach every list, so whole-app features
        (search, the JSON export) may look through them all: sign-in is on (only the
        family gets in) or the home page lists them anyway. With both off, a list's link
        is its only key, and nothing may show one list to someone holding another's."""
        return bool(self.sign_in_enabled or self.show_lists)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Config:
        """Build a Config from environment variables; raise ConfigError naming a bad one."""
        # An empty variable counts as unset, as it would in a shell script.
        port_text = environ.get("PORT", "").strip() or "8080"
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise ConfigError(f"PORT must be a number from 1 to 65535, not {port_text!r}")
        keep_text = environ.get("SIMPLELISTS_BACKUP_KEEP", "").strip() or "10"
        if not keep_text.isdigit() or int(keep_text) < 1:
            raise ConfigError(f"SIMPLELISTS_BACKUP_KEEP must be a whole number of at least 1, not {keep_text!r}")
        return cls(
            db_path=environ.get("SIMPLELISTS_DB", "").strip() or "simplelists.sqlite",
            port=int(port_text),
            show_lists=_parse_bool("SIMPLELISTS_LISTS", environ.get("SIMPLELISTS_LISTS", "")),
            timezone=_parse_timezone(environ.get("SIMPLELISTS_TIMEZONE", "").strip()),
            language=_parse_language(environ.get("SIMPLELISTS_LANGUAGE", "").strip()),
            username=environ.get("SIMPLELISTS_USERNAME", "").strip(),
            password_hash=environ.get("SIMPLELISTS_PASSHASH", "").strip(),
            backup_dir=environ.get("SIMPLELISTS_BACKUP_DIR", "").strip(),
            backup_keep=int(keep_text),
            trusted_proxies=tuple(
                entry.strip() for entry in environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1").split(",")
                if entry.strip()
            ),
        )

    def describe(self) -> dict[str, Any]:
        """The settings as a dict fit for the log: never the password hash."""
        return {
            "db": self.db_path,
            "port": self.port,
            "lists": self.show_lists,
            "timezone": str(self.timezone),
            "language": self.language,
            "sign_in": f"on (username {self.username!r})" if self.username else "off",
            "backup_dir": self.backup_dir or "off",
        }


def check_database(config: Config) -> None:
    """Open the database and bring its schema up to date, or raise ConfigError naming
    SIMPLELISTS_DB when that cannot be done (missing folder, not a database, no access)."""
    db = Database(config.db_path)
    try:
        db.migrate()
    except sqlite3.Error as error:
        raise ConfigError(f"SIMPLELISTS_DB: cannot use {config.db_path!r} as the database: {error}") from None
    finally:
        db.close()


def _parse_bool(name: str, value: str) -> bool:
    value = value.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be 1/true or 0/false, not {value!r}")


def _parse_timezone(name: str) -> datetime.tzinfo:
    if not name:
        return _local_zone()
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"SIMPLELISTS_TIMEZONE: unknown time zone {name!r} (use an IANA name like Europe/London)") from None


def _parse_language(value: str) -> str:
    if not value:
        return i18n.SOURCE_LANGUAGE
    code = i18n.parse_language(value)
    if code is None:
        raise ConfigError(f"SIMPLELISTS_LANGUAGE: no language {value!r} here "
                          f"(use one of {', '.join(i18n.available_codes())})")
    return code


def _local_zone() -> datetime.tzinfo:
    local = datetime.datetime.now().astimezone().tzinfo
    return local if local is not None else datetime.timezone.utc
