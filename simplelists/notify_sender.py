"""The sender: a background thread of the web process that sends what the outbox holds
when it is due (notify_schedule.py), never inside a request.

- One sender per server: it holds an flock on a lock file of its own beside the
  database (`<database>.notify.lock`; the backup folder may not exist), so of several
  worker processes one sends; the others try for the lock now and then, and one takes
  over if it dies.
- It wakes when a change was queued in this process (outbox.queued), when the next
  destination is due, and every IDLE_LOOK seconds for changes other processes made.
- Each batch (every destination due at that moment) is sent by ONE short-lived process,
  `python -m simplelists.notify_child` (JSON in and out), killed if it takes longer than
  SIMPLELISTS_NOTIFY_TIMEOUT: Apprise never loads into the web worker, and a hanging
  service never holds anything up for long.
- A destination's rows are deleted only once its message was delivered; a failure is
  noted (retried later with backoff, or the destination paused: its page says why).
- At shutdown (SIGTERM: once the workers have stopped, the server's main process calls
  flush_at_shutdown) whatever is waiting is sent at once, ignoring the window and the
  cap, within a time limit.

URLs are never logged: a failure is logged with the destination's ID and the error,
which the sending process has stripped of the URL's parts.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import subprocess
import sys
import threading
import time
from typing import IO, Any

from simplelists import outbox
from simplelists.db import Database
from simplelists.destinations import Batch, DestinationStore
from simplelists.notify_messages import compose
from simplelists.notify_schedule import Timings, due_time

log = logging.getLogger("simplelists")

LOCK_SUFFIX = ".notify.lock"
IDLE_LOOK = 5.0  # seconds between looks at the outbox when nothing is due sooner
LOCK_RETRY = 5.0  # seconds between tries for the lock another process holds
WAKE_DELAY = 0.05
CHILD_COMMAND = (sys.executable, "-m", "simplelists.notify_child")


class Sender:
    """Sends the outbox of one database."""

    def __init__(self, db: Database, timings: Timings, allow_private: bool,
                 command: tuple[str, ...] = CHILD_COMMAND) -> None:
        self.db = db
        self.store = DestinationStore(db)
        self.timings = timings
        self.allow_private = allow_private
        self.command = command
        self.lock_path = db.path + LOCK_SUFFIX
        self._lock_file: IO[str] | None = None
        self._lock_warned = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._sending = threading.Lock()  # one batch at a time: the thread's, or the final flush

    def start(self) -> None:
        """Run in a daemon thread of this process."""
        self._thread = threading.Thread(target=self._run, name="simplelists-notify", daemon=True)
        self._thread.start()

    def stop(self, timeout: float) -> None:
        """Stop the thread, waiting up to timeout seconds for a batch it is sending."""
        self._stop.set()
        outbox.queued.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def take_lock(self) -> bool:
        """True if this process is (now) the server's sender."""
        if self._lock_file is not None:
            return True
        try:
            lock_file = open(self.lock_path, "a", encoding="utf-8")  # noqa: SIM115 - held while the sender runs
        except OSError as error:
            if not self._lock_warned:  # a read-only folder: say so once, not every few seconds
                log.warning("notifications cannot be sent: no lock file %s: %s", self.lock_path, error)
                self._lock_warned = True
            return False
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock_file.close()
            return False
        self._lock_file = lock_file
        return True

    def release_lock(self) -> None:
        """Let another process be the sender."""
        if self._lock_file is not None:
            self._lock_file.close()  # closing the file releases the flock
            self._lock_file = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if not self.take_lock():
                    self._stop.wait(LOCK_RETRY)
                    continue
                wait = self.send_due()
            except Exception:  # noqa: BLE001 - the thread must go on (a full disk, a locked database)
                log.exception("the notification sender failed; trying again in %.0f s", IDLE_LOOK)
                wait = IDLE_LOOK
            if wait > 0 and outbox.queued.wait(wait) and not self._stop.is_set():
                # Woken by a change of this process, maybe before its transaction committed:
                # a moment for the commit, so this look sees it.
                time.sleep(WAKE_DELAY)
            outbox.queued.clear()

    def send_due(self, flush: bool = False, timeout: float | None = None) -> float:
        """Send every destination that is due (flush: every one that is not paused), as one
        batch; the seconds until the next is due (at most IDLE_LOOK; 0: look again at once)."""
        now = time.time()
        due: list[int] = []
        next_due = now + IDLE_LOOK
        for destination_id, (pending, sent) in self.store.pending(now).items():
            when = now if flush and not pending.paused else due_time(pending, sent, now, self.timings)
            if when is None:
                continue
            if when <= now:
                due.append(destination_id)
            else:
                next_due = min(next_due, when)
        if due:
            self.send(due, self.timings.send_timeout if timeout is None else timeout)
            return 0.0
        return max(next_due - now, 0.01)

    def send(self, destination_ids: list[int], timeout: float) -> None:
        """Send these destinations' waiting changes in one sending process, and note how
        each went."""
        with self._sending:
            batches = [batch for batch in map(self.store.batch, destination_ids) if batch is not None]
            if not batches:
                return
            results = self._run_child(batches, timeout)
            sent_at = time.time()
            for batch, result in zip(batches, results):
                if result.get("ok"):
                    self.store.delivered(batch.destination_id, batch.last_id, sent_at)
                    continue
                error = str(result.get("error") or "not sent")
                paused = self.store.failed(batch.destination_id, error, sent_at, self.timings)
                log.warning("notification to destination %d failed%s: %s", batch.destination_id,
                            " (paused until resumed on its page)" if paused else "", error)

    def _run_child(self, batches: list[Batch], timeout: float) -> list[dict[str, Any]]:
        messages = []
        for batch in batches:
            title, body = compose(batch.language, batch.list_name, batch.changes)
            messages.append({"url": batch.url, "title": title, "body": body})
        request = json.dumps({"allow_private": self.allow_private, "messages": messages})
        try:
            # Its output is read only as JSON, never logged: Apprise's own log lines may hold a URL.
            done = subprocess.run(self.command, input=request, capture_output=True, text=True,
                                  timeout=max(timeout, 0.1), check=False)
            results = json.loads(done.stdout)["results"]
            if not isinstance(results, list) or len(results) != len(batches):
                raise ValueError("a result per message")
            return results
        except subprocess.TimeoutExpired:
            error = f"no answer within {timeout:g} seconds"
        except (OSError, ValueError, KeyError, TypeError):
            error = "the sending process failed"
        return [{"ok": False, "error": error}] * len(batches)

    def flush(self, budget: float) -> None:
        """Send everything waiting now (the window and the cap ignored), taking at most
        about budget seconds: at shutdown."""
        deadline = time.monotonic() + budget
        self.stop(timeout=budget / 2)
        if not self.take_lock():
            return
        remaining = deadline - time.monotonic()
        if remaining > 0.5:
            try:
                self.send_due(flush=True, timeout=min(self.timings.send_timeout, remaining))
            except Exception:  # noqa: BLE001 - shutting down: log, and let the process end
                log.exception("could not send the waiting notifications at shutdown")


def start(db: Database, timings: Timings, allow_private: bool) -> Sender:
    """Start this process's sender (wsgi.py, once per worker)."""
    sender = Sender(db, timings, allow_private)
    sender.start()
    return sender


def flush_at_shutdown(db_path: str, timings: Timings, allow_private: bool, budget: float,
                      checkpoints: bool = True, command: tuple[str, ...] = CHILD_COMMAND) -> None:
    """At a graceful shutdown, once the web workers have stopped (the server's main
    process: web_server.py): send what the outbox holds, within budget seconds, through the
    same lock and sending process the workers' sender uses (a worker still holding the lock
    sends instead). Nothing to do without a database."""
    if not os.path.exists(db_path):
        return
    db = Database(db_path, checkpoints=checkpoints)
    sender = Sender(db, timings, allow_private, command)
    try:
        sender.flush(budget)
    finally:
        sender.release_lock()
        db.close()
