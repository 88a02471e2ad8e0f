"""The health check the platform asks for."""

from __future__ import annotations

import logging

import bottle

from simplelists import services

log = logging.getLogger("simplelists")


def healthz() -> str:
    """GET /healthz: "ok", or 503 with the reason when the database cannot be read or
    written (full disk, read-only file...), so the platform's check and a person
    looking both see the problem. Needs no sign-in."""
    bottle.response.content_type = "text/plain; charset=utf-8"
    problem = services.current().db.health_problem()
    if problem is not None:
        log.warning("health check failed: %s", problem)
        bottle.response.status = 503
        return problem
    return "ok"
