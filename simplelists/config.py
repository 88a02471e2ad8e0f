"""Configuration, read once from environment variables."""

from __future__ import annotations

import dataclasses
import datetime
import re
import sqlite3
import urllib.parse
import zoneinfo
from collections.abc import Mapping
from typing import Any

from simplelists import locales
from simplelists.db import Database
from simplelists.notify_schedule import Timings

# Each setting: environment variable, default, and what it means (the CLI's --help
# is built from this table, so the documentation cannot drift from the code).
ENVIRONMENT_VARIABLES: list[tuple[str, str, str]] = [
    ("PORT", "8080", "TCP port the web server listens on"),
    ("SIMPLELISTS_DB", "simplelists.sqlite", "path of the SQLite database file (created if missing)"),
    ("SIMPLELISTS_LISTS", "false", "1 or true: show every list on the home page"),
    ("SIMPLELISTS_TIMEZONE", "the server's local zone", "IANA time zone for dates, e.g. Europe/London"),
    ("SIMPLELISTS_LANGUAGE", "en", "language for browsers that ask for none of the app's: "
     + ", ".join(locales.available_codes())),
    ("SIMPLELISTS_USERNAME", "(none: sign-in off)", "username; turns sign-in on"),
    ("SIMPLELISTS_PASSHASH", "(none)", "bcrypt hash of the password (from --genpass); required with a username"),
    ("SIMPLELISTS_BACKUP_DIR", "(none: no scheduled backups)", "folder for daily automatic backups"),
    ("SIMPLELISTS_BACKUP_KEEP", "10", "how many automatic backups to keep"),
    # Notifications (docs/notifications.md); times in seconds, fractions allowed.
    ("SIMPLELISTS_NOTIFY_PRIVATE", "false", "1 or true: notifications may go to private addresses "
     "(your own ntfy or Home Assistant at home); off, only public ones"),
    ("SIMPLELISTS_NOTIFY_WINDOW", "60", "seconds a notification waits after a list's last change, to tell a burst at once"),
    ("SIMPLELISTS_NOTIFY_MAX_HOLD", "600", "the longest a change waits to be told, however busy the list"),
    ("SIMPLELISTS_NOTIFY_CAP", "10", "most messages a destination gets an hour; past it they wait and merge"),
    ("SIMPLELISTS_NOTIFY_BACKOFF", "30", "seconds before a failed message is tried again; doubles each time"),
    ("SIMPLELISTS_NOTIFY_PAUSE_AFTER", "10", "failures in a row that pause a destination until resumed"),
    ("SIMPLELISTS_NOTIFY_TIMEOUT", "30", "seconds the sending of one batch may take before it is stopped"),
    ("FORWARDED_ALLOW_IPS", "127.0.0.1,::1", "proxies whose X-Forwarded-Proto / Fly-Client-IP are believed "
     "(X-Forwarded-For too); * trusts every peer, right only where a proxy is the sole way in"),
    # Read by web_server.py, not by the app: where the server listens, and its size.
    ("SIMPLELISTS_ADDRESS", "0.0.0.0", "the IPv4 address the server listens on; 127.0.0.1: only a proxy on this machine"),
    ("WEB_CONCURRENCY", "1", "web server worker processes"),
    ("SIMPLELISTS_THREADS", "4", "threads per worker process"),
]

# Off-site replication with Litestream (docs/backups.md), off unless a replica is named: the
# variables `fly storage create` sets as secrets, or one replica URL for any other storage.
# simplelists/replication.py runs Litestream with these; Litestream itself reads the two
# keys from the environment, so they are never written anywhere.
REPLICA_VARIABLES: list[tuple[str, str, str]] = [
    ("SIMPLELISTS_REPLICA_URL", "(none)", "where Litestream replicates the database: s3://BUCKET/PATH?endpoint=HOST "
     "(MinIO, Backblaze B2, Cloudflare R2...), or file:///FOLDER; wins over BUCKET_NAME"),
    ("BUCKET_NAME", "(none: replication off)", "an S3 bucket for the replica (set by `fly storage create`)"),
    ("AWS_ENDPOINT_URL_S3", "(AWS S3)", "the bucket's S3 endpoint (set by `fly storage create`)"),
    ("AWS_REGION", "(the endpoint's)", "the bucket's region (`auto` on Tigris)"),
    ("AWS_ACCESS_KEY_ID", "(none)", "the key Litestream signs in to S3 with; required with an S3 replica"),
    ("AWS_SECRET_ACCESS_KEY", "(none)", "its secret; required with an S3 replica"),
    ("SIMPLELISTS_REPLICA_RETENTION_DAYS", "7", "days of history the replica keeps, to restore any moment of them"),
]
# What the bucket's objects are kept under, with BUCKET_NAME (so the bucket can hold other things).
REPLICA_PATH = "simplelists"
# The kinds of replica Litestream can write to; each needs its own credentials (Litestream's docs).
_REPLICA_SCHEMES = {"s3", "file", "gs", "abs", "sftp", "webdav", "nats", "oss"}

_BCRYPT_HASH = re.compile(r"^\$2[abxy]?\$\d\d\$[./A-Za-z0-9]{53}$")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


class ConfigError(ValueError):
    """A setting has a bad value; the message names the variable."""


@dataclasses.dataclass(frozen=True)
class Replica:
    """Where Litestream replicates the database, and how long the replica keeps its history."""

    url: str  # a Litestream replica URL, e.g. s3://bucket/simplelists?endpoint=...&region=auto
    retention_days: int = 7

    def describe(self) -> str:
        """The URL without its query (where, not how): fit for the log."""
        return self.url.split("?", 1)[0]


@dataclasses.dataclass(frozen=True)
class Config:
    """Everything the app needs to know about how it is run."""

    db_path: str = "simplelists.sqlite"
    port: int = 8080
    show_lists: bool = False
    timezone: datetime.tzinfo = dataclasses.field(default_factory=lambda: _local_zone())
    language: str = locales.SOURCE_LANGUAGE  # a code of locales.available_codes()
    username: str = ""
    password_hash: str = ""
    backup_dir: str = ""
    backup_keep: int = 10
    trusted_proxies: tuple[str, ...] = ("127.0.0.1", "::1")
    replica: Replica | None = None  # None: no off-site replication (no Litestream runs)
    notify_private: bool = False  # notifications may go to private addresses (network_rule.py)
    notify: Timings = Timings()  # when notifications are sent (notify_schedule.py)

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
            replica=_parse_replica(environ),
            notify_private=_parse_bool("SIMPLELISTS_NOTIFY_PRIVATE", environ.get("SIMPLELISTS_NOTIFY_PRIVATE", "")),
            notify=_parse_timings(environ),
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
            "replica": self.replica.describe() if self.replica else "off",
            "notify_private": self.notify_private,
        }


def check_database(config: Config) -> None:
    """Open the database and bring its schema up to date, or raise ConfigError naming
    SIMPLELISTS_DB when that cannot be done (missing folder, not a database, no access)."""
    db = Database(config.db_path, checkpoints=config.replica is None)
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


def _parse_timings(environ: Mapping[str, str]) -> Timings:
    """The notification timings; ConfigError naming a variable that is not a positive number."""
    def number(name: str, default: float, whole: bool = False) -> float:
        text = environ.get(name, "").strip()
        if not text:
            return default
        try:
            value = int(text) if whole else float(text)
        except ValueError:
            value = -1
        if not 0 < value < 10 ** 7:
            kind = "a whole number of at least 1" if whole else "a number of seconds above 0, such as 60 or 0.5"
            raise ConfigError(f"{name} must be {kind}, not {text!r}")
        return value

    defaults = Timings()
    return Timings(
        window=number("SIMPLELISTS_NOTIFY_WINDOW", defaults.window),
        max_hold=number("SIMPLELISTS_NOTIFY_MAX_HOLD", defaults.max_hold),
        cap=int(number("SIMPLELISTS_NOTIFY_CAP", defaults.cap, whole=True)),
        backoff=number("SIMPLELISTS_NOTIFY_BACKOFF", defaults.backoff),
        pause_after=int(number("SIMPLELISTS_NOTIFY_PAUSE_AFTER", defaults.pause_after, whole=True)),
        send_timeout=number("SIMPLELISTS_NOTIFY_TIMEOUT", defaults.send_timeout),
    )


def _parse_timezone(name: str) -> datetime.tzinfo:
    if not name:
        return _local_zone()
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"SIMPLELISTS_TIMEZONE: unknown time zone {name!r} (use an IANA name like Europe/London)") from None


def _parse_language(value: str) -> str:
    if not value:
        return locales.SOURCE_LANGUAGE
    code = locales.parse_language(value)
    if code is None:
        raise ConfigError(f"SIMPLELISTS_LANGUAGE: no language {value!r} here "
                          f"(use one of {', '.join(locales.available_codes())})")
    return code


def _parse_replica(environ: Mapping[str, str]) -> Replica | None:
    """The replica the variables name, or None; ConfigError naming the variable at fault."""
    def get(name: str) -> str:
        return environ.get(name, "").strip()

    days_text = get("SIMPLELISTS_REPLICA_RETENTION_DAYS") or "7"
    if not days_text.isdigit() or not 1 <= int(days_text) <= 3650:
        raise ConfigError(f"SIMPLELISTS_REPLICA_RETENTION_DAYS must be a whole number of days from 1 to 3650, "
                          f"not {days_text!r}")
    if url := get("SIMPLELISTS_REPLICA_URL"):
        name = "SIMPLELISTS_REPLICA_URL"
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in _REPLICA_SCHEMES:
            raise ConfigError(f"{name} must start with s3:// (or file://, gs://, abs://, sftp://...), not {url!r}")
        if parts.scheme == "file" and (parts.netloc or not parts.path.startswith("/")):
            raise ConfigError(f"{name}: a file:// replica needs an absolute folder, like file:///backups/lists")
        if parts.scheme != "file" and not parts.netloc:
            raise ConfigError(f"{name}: name the bucket, like s3://my-bucket/simplelists, not {url!r}")
    elif bucket := get("BUCKET_NAME"):
        name = "BUCKET_NAME"
        if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", bucket):
            raise ConfigError(f"BUCKET_NAME is not an S3 bucket name: {bucket!r}")
        endpoint, region = get("AWS_ENDPOINT_URL_S3"), get("AWS_REGION")
        if endpoint and urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
            raise ConfigError(f"AWS_ENDPOINT_URL_S3 must be an http:// or https:// address, not {endpoint!r}")
        # The endpoint goes into Litestream's own setting (not only the AWS SDK's variable),
        # so it recognises Tigris and turns on Tigris's consistency and signing settings.
        query = urllib.parse.urlencode({key: value for key, value in (("endpoint", endpoint), ("region", region))
                                        if value})
        url = f"s3://{bucket}/{REPLICA_PATH}" + (f"?{query}" if query else "")
        parts = urllib.parse.urlsplit(url)
    else:
        return None
    if parts.scheme == "s3":
        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            if not get(key):
                raise ConfigError(f"{key} is required with the S3 replica that {name} names")
        # Litestream cannot load a custom certificate bundle: its S3 client would fail at start.
        if get("AWS_CA_BUNDLE"):
            raise ConfigError("AWS_CA_BUNDLE is set, but Litestream's S3 client cannot use a custom "
                              "certificate bundle: unset it for Simple Lists")
    return Replica(url=url, retention_days=int(days_text))


def _local_zone() -> datetime.tzinfo:
    local = datetime.datetime.now().astimezone().tzinfo
    return local if local is not None else datetime.timezone.utc
