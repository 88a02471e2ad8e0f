"""GET /healthz, which Fly's proxy asks every 30 seconds (fly.toml's http_service.checks)."""

from __future__ import annotations

import dataclasses
import logging
import pathlib
import sqlite3

import pytest
import webtest

from simplelists.config import Config
from simplelists.db import Database


def test_healthy_answers_ok_and_logs_nothing(app: webtest.TestApp, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    response = app.get("/healthz")
    assert response.status_int == 200
    assert response.content_type == "text/plain"
    assert response.text == "ok"
    assert response.headers["Cache-Control"] == "no-store"
    assert [record for record in caplog.records if record.levelno >= logging.WARNING] == []


def test_needs_no_sign_in(signed_in_app: webtest.TestApp) -> None:
    # Fly's checker has no session: with sign-in on, the check must still pass...
    response = signed_in_app.get("/healthz")
    assert response.status_int == 200
    assert response.text == "ok"
    # ...while the pages themselves still ask for it.
    assert "Sign in" in signed_in_app.get("/lists/bcdfghjklm", status="*").maybe_follow().text


def test_head_request_works(app: webtest.TestApp) -> None:
    assert app.head("/healthz").status_int == 200


def test_database_not_answering_gives_503_with_a_reason(app: webtest.TestApp, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, db) -> None:
    def broken_connection() -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db, "connection", broken_connection)
    response = app.get("/healthz", status=503)
    # A short reason, for whoever reads the check's result in `fly checks list`.
    assert "disk I/O error" in response.text and len(response.text) < 200
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert "health check failed" in caplog.records[0].getMessage()


def test_database_file_not_a_database_gives_503(tmp_path: pathlib.Path, config: Config, make_test_app) -> None:
    # A real failure, not a stand-in: the file turns out not to be a database at all.
    db_path = tmp_path / "broken.sqlite"
    db = Database(str(db_path))
    the_app = make_test_app(dataclasses.replace(config, db_path=str(db_path)), db)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"broken.sqlite{suffix}").unlink(missing_ok=True)
    db_path.write_bytes(b"this is not a database" * 100)
    response = the_app.get("/healthz", status=503)
    assert "not a database" in response.text
