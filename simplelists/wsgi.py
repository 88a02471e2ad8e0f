"""The WSGI entry point the web server loads in its worker (web_server.py): the one place
the app reads the environment. A bad setting stops the worker at start with one clear line.

`app` is the Bottle app wrapped for serving: behind a trusted proxy (FORWARDED_ALLOW_IPS)
the request's scheme is the proxy's X-Forwarded-Proto (security.forwarded_scheme), and
each request gets a line in the access log (access_log.py)."""

from __future__ import annotations

import logging
import os
import sys

from simplelists import backup, notify_sender, security
from simplelists.access_log import AccessLog
from simplelists.app import create_app
from simplelists.config import Config, ConfigError, check_database
from simplelists.db import Database

log = logging.getLogger("simplelists")


def _build():  # type: ignore[no-untyped-def]
    # The app's own messages go to stderr beside the server's (no-op: web_server.py set it up).
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s")
    try:
        config = Config.from_env(os.environ)
        check_database(config)
    except ConfigError as error:
        print(f"simplelists: {error}", file=sys.stderr)
        # 4: the app could not load (the server starts a worker once more, then stops).
        sys.exit(4)
    db = Database(config.db_path, checkpoints=config.replica is None)
    app = create_app(config, db)
    # Daily backups when SIMPLELISTS_BACKUP_DIR is set: every worker asks, one gets the job.
    backup.start_scheduler(config.db_path, config.backup_dir, config.backup_keep)
    # Notifications: every worker runs a sender; the one holding its lock sends.
    notify_sender.start(db, config.notify, config.notify_private)
    log.info("simplelists running with %s", config.describe())
    return AccessLog(security.forwarded_scheme(app, config.trusted_proxies))


app = _build()
