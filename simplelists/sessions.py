"""Sign-in sessions and failed attempts, as stored in the database.

Only a hash of each session's token is stored (auth.py makes it), so a copy of the
database, a backup say, hands out no working session. Failed attempts are counted per
client in a table rather than in memory, so every worker process sees the same count.
"""

from __future__ import annotations

import datetime

from simplelists.db import Database
from simplelists.timestamps import format_sqlite_time, utc_now

SESSION_LIFETIME = datetime.timedelta(days=90)


class SessionStore:
    """Sessions (by the hash of their token) and failed attempts per client."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # -- sessions --------------------------------------------------------------------

    def create_session(self, session_id: str) -> None:
        """Store a new session, and purge sessions past their lifetime."""
        now = utc_now()
        with self.db.transaction() as connection:
            connection.execute(
                "DELETE FROM sign_ins WHERE time_created < ?", (format_sqlite_time(now - SESSION_LIFETIME),))
            connection.execute(
                "INSERT INTO sign_ins (id, time_created) VALUES (?, ?)", (session_id, format_sqlite_time(now)))

    def session_valid(self, session_id: str) -> bool:
        """True if the session exists and is younger than its 90-day lifetime."""
        # The cutoff worked out by SQLite, in the form CURRENT_TIMESTAMP writes (as
        # time_created is): every page checks a session, and Python takes as long to
        # format the cutoff as SQLite takes to answer.
        row = self.db.connection().execute(
            "SELECT 1 FROM sign_ins WHERE id = ? AND time_created >= datetime('now', ?)",
            (session_id, f"-{int(SESSION_LIFETIME.total_seconds())} seconds")).fetchone()
        return row is not None

    def delete_session(self, session_id: str) -> None:
        """Forget a session (sign-out), so a copied cookie stops working."""
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM sign_ins WHERE id = ?", (session_id,))

    # -- failed attempts -------------------------------------------------------------

    def recent_failures(self, client: str, window_seconds: float, now: float) -> list[float]:
        """Times (Unix seconds, oldest first) of the client's failures in the window."""
        rows = self.db.connection().execute(
            "SELECT time_failed FROM sign_in_failures WHERE client = ? AND time_failed > ? ORDER BY time_failed",
            (client, now - window_seconds)).fetchall()
        return [row[0] for row in rows]

    def record_failure(self, client: str, window_seconds: float, now: float) -> None:
        """Count a failure, and drop every failure older than the window so the table
        never grows without bound."""
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM sign_in_failures WHERE time_failed <= ?", (now - window_seconds,))
            connection.execute("INSERT INTO sign_in_failures (client, time_failed) VALUES (?, ?)", (client, now))

    def clear_failures(self, client: str) -> None:
        """Forget a client's failures (after it signed in)."""
        with self.db.transaction() as connection:
            connection.execute("DELETE FROM sign_in_failures WHERE client = ?", (client,))
