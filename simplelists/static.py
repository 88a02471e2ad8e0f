"""Static files (the stylesheet and the icons), read into memory at start and served under
content-hashed names, so they can be cached for a year and still change on a deploy."""

from __future__ import annotations

import dataclasses
import hashlib
import pathlib

import bottle

from simplelists.i18n import _

STATIC_DIR = pathlib.Path(__file__).resolve().parent / "static"
ONE_YEAR = 365 * 24 * 60 * 60
CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


@dataclasses.dataclass(frozen=True)
class StaticFile:
    """A file read once at start: its body, content type and hashed URL."""

    url: str
    body: bytes
    content_type: str
    etag: str


class StaticFiles:
    """Every file in the static folder (not below it) of a known type, in memory."""

    def __init__(self, directory: pathlib.Path = STATIC_DIR) -> None:
        self._by_served_name: dict[str, StaticFile] = {}
        self._by_name: dict[str, StaticFile] = {}
        for path in sorted(directory.iterdir()):
            if not path.is_file() or path.suffix not in CONTENT_TYPES:
                continue
            body = path.read_bytes()
            digest = hashlib.sha256(body).hexdigest()[:12]
            served_name = f"{path.stem}.{digest}{path.suffix}"
            static_file = StaticFile(f"/static/{served_name}", body, CONTENT_TYPES[path.suffix], f'"{digest}"')
            self._by_served_name[served_name] = static_file
            self._by_name[path.name] = static_file

    def url_for(self, name: str) -> str:
        """The hashed URL of a static file, given its name on disk (e.g. style.css);
        KeyError for a file that is not there."""
        return self._by_name[name].url

    def file(self, name: str) -> StaticFile:
        """A static file, given its name on disk; KeyError for a file that is not there."""
        return self._by_name[name]

    def serve(self, served_name: str) -> bytes:
        """The response for /static/<served_name>: the file, 304 if the ETag matches,
        else 404. Only names from the in-memory table are served, so no path can reach
        the disk."""
        static_file = self._by_served_name.get(served_name)
        if static_file is None:
            raise bottle.HTTPError(404, _("There is no such file."))
        bottle.response.set_header("Cache-Control", f"public, max-age={ONE_YEAR}, immutable")
        bottle.response.set_header("ETag", static_file.etag)
        if bottle.request.environ.get("HTTP_IF_NONE_MATCH", "") == static_file.etag:
            bottle.response.status = 304
            return b""
        bottle.response.content_type = static_file.content_type
        return static_file.body
