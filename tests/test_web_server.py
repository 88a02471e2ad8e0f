"""The web server's logs: granian's own messages on stderr, without the false warning it
can give when a worker stops gracefully on a busy machine."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from simplelists import web_server

KILL_WARNING = "Killing worker-1 after it refused to gracefully stop"


def granian_record(message: str, created: float, level: int = logging.INFO) -> logging.LogRecord:
    record = logging.LogRecord("_granian", level, __file__, 1, message, None, None)
    record.created = created
    return record


@pytest.mark.parametrize("stop, warned_after, kept", [
    ("Shutting down granian", 0.002, False),
    ("Shutting down granian", web_server.WORKERS_KILL_TIMEOUT - 0.5, False),
    ("Shutting down granian", web_server.WORKERS_KILL_TIMEOUT + 0.01, True),
    ("Stopping old worker-1", 1.1, False),
    ("Stopping old worker-1", web_server.WORKERS_KILL_TIMEOUT, True),
])
def test_a_kill_warning_is_kept_only_once_the_whole_timeout_has_passed(stop: str, warned_after: float,
                                                                       kept: bool) -> None:
    quiet = web_server.NoFalseKillWarning()
    assert quiet.filter(granian_record(stop, 1000.0))
    message = KILL_WARNING.replace("worker", "old worker") if stop.startswith("Stopping old") else KILL_WARNING
    assert quiet.filter(granian_record(message, 1000.0 + warned_after, logging.WARNING)) is kept


def test_granian_s_other_messages_and_a_kill_warning_before_any_stop_are_kept() -> None:
    quiet = web_server.NoFalseKillWarning()
    assert quiet.filter(granian_record(KILL_WARNING, 1000.0, logging.WARNING))
    for message in ("Starting granian (main PID: 7)", "Shutting down granian", "Stopped worker-1",
                    "Granian shutdown completed, see ya!"):
        assert quiet.filter(granian_record(message, 1001.0))


def test_with_granian_s_logging_set_up_an_early_kill_warning_stays_out_of_stderr() -> None:
    # granian sets up logging from web_server.LOG_CONFIG in its main process (and in each
    # worker); a second Python keeps this one's logging as it is.
    script = (
        "import logging\n"
        "from granian.log import LogLevels, configure_logging\n"
        "from simplelists import web_server\n"
        "configure_logging(LogLevels.info, web_server.LOG_CONFIG)\n"
        "log = logging.getLogger('_granian')\n"
        "log.warning('Killing worker-2 after it refused to gracefully stop')\n"
        "log.info('Shutting down granian')\n"
        f"log.warning({KILL_WARNING!r})\n"
        "log.info('Stopped worker-1')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    lines = result.stderr.splitlines()
    assert [line.split("] ")[-1] for line in lines] == [
        "_granian: Killing worker-2 after it refused to gracefully stop",
        "_granian: Shutting down granian",
        "_granian: Stopped worker-1",
    ], result.stderr
    assert "[WARNING] _granian: Killing worker-2" in lines[0]
