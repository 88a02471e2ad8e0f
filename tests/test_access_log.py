"""The access log: one line per request (client, Fly's client address, request, status,
size, milliseconds), written by gunicorn's own logger with the format in gunicorn_conf."""

from __future__ import annotations

import datetime

from gunicorn.config import Config as GunicornConfig

from simplelists import gunicorn_conf


class Response:
    status_code = 303
    status = "303 See Other"
    sent = 0
    headers: list[tuple[str, str]] = []


class Request:
    headers = [("FLY-CLIENT-IP", "203.0.113.9")]


def test_one_line_per_request_in_the_configured_format(capsys):
    config = GunicornConfig()
    config.set("accesslog", "-")
    config.set("access_log_format", gunicorn_conf.access_log_format)
    logger = gunicorn_conf.logger_class(config)
    environ = {"REMOTE_ADDR": "172.16.0.2", "HTTP_FLY_CLIENT_IP": "203.0.113.9", "REQUEST_METHOD": "POST",
               "RAW_URI": "/add-item?x=1", "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/add-item"}
    logger.access(Response(), Request(), environ, datetime.timedelta(milliseconds=12.7))
    assert capsys.readouterr().out == '172.16.0.2 203.0.113.9 "POST /add-item?x=1 HTTP/1.1" 303 0 12ms\n'


def test_share_links_secrets_are_left_out(capsys):
    config = GunicornConfig()
    config.set("accesslog", "-")
    config.set("access_log_format", gunicorn_conf.access_log_format)
    logger = gunicorn_conf.logger_class(config)
    secret = "AbCd" + "x" * 39
    environ = {"REMOTE_ADDR": "172.16.0.2", "REQUEST_METHOD": "GET", "RAW_URI": f"/shared/{secret}/manifest.webmanifest",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": f"/shared/{secret}/manifest.webmanifest"}
    logger.access(Response(), Request(), environ, datetime.timedelta(milliseconds=3))
    line = capsys.readouterr().out
    assert secret not in line and secret[4:] not in line
    assert '"GET /shared/AbCd…/manifest.webmanifest HTTP/1.1"' in line
