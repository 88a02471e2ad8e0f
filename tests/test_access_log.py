"""The access log: one line per request on stdout, the same text gunicorn would write."""

from __future__ import annotations

import datetime
import pathlib
import runpy

import pytest
from gunicorn.config import Config as GunicornConfig

ROOT = pathlib.Path(__file__).resolve().parent.parent
SETTINGS = runpy.run_path(str(ROOT / "simplelists" / "gunicorn_conf.py"))


class Response:
    status_code = 303
    status = "303 See Other"
    sent = 0
    headers: list[tuple[str, str]] = []


class Request:
    headers = [("FLY-CLIENT-IP", "203.0.113.9")]


@pytest.fixture
def logger():
    config = GunicornConfig()
    config.set("accesslog", "-")
    config.set("access_log_format", SETTINGS["access_log_format"])
    return SETTINGS["logger_class"](config)


ENVIRON = {"REMOTE_ADDR": "172.16.0.2", "HTTP_FLY_CLIENT_IP": "203.0.113.9", "REQUEST_METHOD": "POST",
           "RAW_URI": "/add-item?x=1", "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/add-item"}


def test_fast_line_matches_gunicorns_format(logger, capfd):
    elapsed = datetime.timedelta(milliseconds=12.7)
    logger.access(Response(), Request(), ENVIRON, elapsed)
    line = capfd.readouterr().out
    atoms = logger.atoms_wrapper_class(logger.atoms(Response(), Request(), ENVIRON, elapsed))
    assert line == (SETTINGS["access_log_format"] % atoms) + "\n"
    assert line == '172.16.0.2 203.0.113.9 "POST /add-item?x=1 HTTP/1.1" 303 0 12ms\n'


def test_a_forged_client_header_cannot_forge_log_lines(logger, capfd):
    logger.access(Response(), Request(), {**ENVIRON, "HTTP_FLY_CLIENT_IP": "1.2.3.4\n5.6.7.8 fake"},
                  datetime.timedelta(milliseconds=1))
    line = capfd.readouterr().out
    assert line.count("\n") == 1 and " ? " in line
