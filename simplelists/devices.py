"""Device passwords: what a phone's Reminders or Tasks app (any CalDAV client) signs in
with, over HTTP Basic, instead of the family password. Checking bcrypt on every request
would cost 100+ ms of CPU each, and a phone would hold the master password.

Each password is named ("Mum's iPhone"), works for one list or (list_id None) for every
list, including lists made later, and is a long random secret kept only as its SHA-256,
like the API tokens (secret.secret_digest): shown once, listed with its last use (written at
most once a minute), and revoked by deleting its row, so the next request is refused.
Passwords of a list purged for good go with it (trash.purge).
"""

from __future__ import annotations

import dataclasses
import datetime

from simplelists import secret as secrets_
from simplelists.changes import list_is_active
from simplelists.db import Database
from simplelists.timestamps import format_sqlite_time, parse_timestamp, utc_now

MAX_DEVICES = 100  # per list, and for every list: far more than a family has phones


class TooManyDevices(Exception):
    """There are MAX_DEVICES passwords for that list (or for every list) already."""


@dataclasses.dataclass(frozen=True)
class Device:
    """A device password as the pages show it (never its secret)."""

    id: int
    list_id: str | None  # None: every list
    name: str
    time_created: datetime.datetime  # aware, UTC
    time_last_used: datetime.datetime | None  # aware, UTC; None if never used

    @property
    def all_lists(self) -> bool:
        return self.list_id is None


class DeviceStore:
    """Every read and write of the devices table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, list_id: str | None, name: str) -> str | None:
        """Make a password for the list (None: every list); its secret, to show once, or
        None if the list does not exist (or is deleted). TooManyDevices past MAX_DEVICES."""
        secret = secrets_.new_secret()
        with self.db.transaction() as connection:
            if list_id is not None and not list_is_active(connection, list_id):
                return None
            count = connection.execute("SELECT count(*) FROM devices WHERE list_id IS ?", (list_id,)).fetchone()[0]
            if count >= MAX_DEVICES:
                raise TooManyDevices
            connection.execute(
                "INSERT INTO devices (list_id, name, secret_hash, time_created) VALUES (?, ?, ?, ?)",
                (list_id, name, secrets_.secret_digest(secret), format_sqlite_time(utc_now())))
        return secret

    def devices(self, list_id: str | None) -> list[Device]:
        """The passwords of the list (None: those for every list), newest first."""
        rows = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM devices WHERE list_id IS ? ORDER BY id DESC", (list_id,)).fetchall()
        return [_device(row) for row in rows]

    def revoke(self, list_id: str | None, device_id: int) -> Device | None:
        """Delete a password of the list (None: of every list), so it stops working at
        once; the device, or None if there was no such password there."""
        with self.db.transaction() as connection:
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM devices WHERE id = ? AND list_id IS ?", (device_id, list_id)).fetchone()
            if row is None:
                return None
            connection.execute("DELETE FROM devices WHERE id = ?", (device_id,))
        return _device(row)

    def find(self, secret: str | None) -> Device | None:
        """The device a password belongs to, or None for one malformed, unknown or revoked."""
        if not secrets_.is_secret(secret):
            return None
        row = self.db.connection().execute(
            f"SELECT {_COLUMNS} FROM devices WHERE secret_hash = ?",
            (secrets_.secret_digest(secret),)).fetchone()  # type: ignore[arg-type]
        return None if row is None else _device(row)

    def record_use(self, device: Device) -> None:
        """Note that the device was used now (at most once a minute: Database.note_use)."""
        self.db.note_use("devices", device.id, device.time_last_used)


_COLUMNS = "id, list_id, name, time_created, time_last_used"


def _device(row: tuple) -> Device:
    return Device(row[0], row[1], row[2], parse_timestamp(row[3]),
                  None if row[4] is None else parse_timestamp(row[4]))
