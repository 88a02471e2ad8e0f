"""The model's operations for signing in: sessions and the failed sign-in throttle.

Mixed into db.Model, so every operation still goes through the one model.
"""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

from simplelists.timestamps import format_sqlite_time, utc_now

SESSION_LIFETIME = datetime.timedelta(days=90)


class SignInsMixin:
    """Sessions (only a hash of each token is stored) and failed sign-ins per client."""

    connection: Callable[[], sqlite3.Connection]
    _write: Callable[[], AbstractContextManager[sqlite3.Connection]]

    # -- sign-in sessions ------------------------------------------------------------

    def create_session(self, session_id: str) -> None:
        """Store a new sign-in session (the caller passes a hash of the cookie's token),
        and purge sessions past their lifetime."""
        now = utc_now()
        with self._write() as connection:
            connection.execute(
                "DELETE FROM sign_ins WHERE time_created < ?", (format_sqlite_time(now - SESSION_LIFETIME),)
            )
            connection.execute(
                "INSERT INTO sign_ins (id, time_created) VALUES (?, ?)", (session_id, format_sqlite_time(now))
            )

    def session_valid(self, session_id: str) -> bool:
        """True if the session exists and is younger than its 90-day lifetime."""
        cutoff = format_sqlite_time(utc_now() - SESSION_LIFETIME)
        row = self.connection().execute(
            "SELECT 1 FROM sign_ins WHERE id = ? AND time_created >= ?", (session_id, cutoff)
        ).fetchone()
        return row is not None

    def delete_session(self, session_id: str) -> None:
        """Forget a session (sign-out), so a copied cookie stops working."""
        with self._write() as connection:
            connection.execute("DELETE FROM sign_ins WHERE id = ?", (session_id,))

    # -- sign-in throttling ----------------------------------------------------------

    def recent_sign_in_failures(self, client: str, window_seconds: float, now: float) -> list[float]:
        """Times (Unix seconds, oldest first) of the client's failed sign-ins in the window."""
        rows = self.connection().execute(
            "SELECT time_failed FROM sign_in_failures WHERE client = ? AND time_failed > ? ORDER BY time_failed",
            (client, now - window_seconds),
        ).fetchall()
        return [row[0] for row in rows]

    def record_sign_in_failure(self, client: str, window_seconds: float, now: float) -> None:
        """Count a failed sign-in, and drop every failure older than the window so the
        table never grows without bound."""
        with self._write() as connection:
            connection.execute("DELETE FROM sign_in_failures WHERE time_failed <= ?", (now - window_seconds,))
            connection.execute("INSERT INTO sign_in_failures (client, time_failed) VALUES (?, ?)", (client, now))

    def clear_sign_in_failures(self, client: str) -> None:
        """Forget a client's failures (after it signed in)."""
        with self._write() as connection:
            connection.execute("DELETE FROM sign_in_failures WHERE client = ?", (client,))
