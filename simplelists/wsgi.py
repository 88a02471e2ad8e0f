"""The WSGI entry point for gunicorn (see Procfile): the one place the app reads the
environment. A bad setting stops the worker at start with one clear line."""

from __future__ import annotations

import logging
import os
import sys

from simplelists import backup, notify_sender
from simplelists.app import create_app
from simplelists.config import Config, ConfigError, check_database
from simplelists.db import Database

log = logging.getLogger("simplelists")


def _build():  # type: ignore[no-untyped-def]
    # The app's own messages go to stderr beside gunicorn's error log (no-op if set up already).
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s")
    try:
        config = Config.from_env(os.environ)
        check_database(config)
    except ConfigError as error:
        print(f"simplelists: {error}", file=sys.stderr)
        # gunicorn treats exit code 4 (APP_LOAD_ERROR) as "do not restart the worker".
        sys.exit(4)
    db = Database(config.db_path, checkpoints=config.replica is None)
    app = create_app(config, db)
    # Daily backups when SIMPLELISTS_BACKUP_DIR is set: every worker asks, one gets the job.
    backup.start_scheduler(config.db_path, config.backup_dir, config.backup_keep)
    # Notifications: every worker runs a sender; the one holding its lock sends.
    notify_sender.start(db, config.notify, config.notify_private)
    log.info("simplelists running with %s", config.describe())
    return app


app = _build()
