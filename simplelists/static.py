"""The stylesheet, served from memory under a content-hashed name."""

from __future__ import annotations

import dataclasses
import hashlib
import pathlib

import bottle

STATIC_DIR = pathlib.Path(__file__).resolve().parent / "static"
ONE_YEAR = 365 * 24 * 60 * 60


@dataclasses.dataclass(frozen=True)
class StaticFile:
    """A file read once at start: its body, content type and hashed URL."""

    url: str
    body: bytes
    content_type: str
    etag: str


def load_static_files(directory: pathlib.Path = STATIC_DIR) -> dict[str, StaticFile]:
    """Read every file in the static folder (not below it) into memory, keyed by the
    name it is served under: name.HASH.ext, so a changed file gets a new URL and the
    old one can be cached forever."""
    files: dict[str, StaticFile] = {}
    types = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png"}
    for path in sorted(directory.iterdir()):
        if not path.is_file() or path.suffix not in types:
            continue
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:12]
        served_name = f"{path.stem}.{digest}{path.suffix}"
        files[served_name] = StaticFile(f"/static/{served_name}", body, types[path.suffix], f'"{digest}"')
    return files


def url_for(files: dict[str, StaticFile], original_name: str) -> str:
    """The hashed URL of a static file, given its name on disk (e.g. style.css)."""
    stem, _, suffix = original_name.rpartition(".")
    for name, static_file in files.items():
        if name.startswith(stem + ".") and name.endswith("." + suffix) and name.count(".") == 2:
            return static_file.url
    raise KeyError(original_name)


def serve(files: dict[str, StaticFile], name: str) -> bytes:
    """The response for /static/<name>: the file, 304 if the ETag matches, else 404.

    Only names from the in-memory table are served, so no path can reach the disk.
    """
    static_file = files.get(name)
    if static_file is None:
        raise bottle.HTTPError(404, "There is no such file.")
    bottle.response.set_header("Cache-Control", f"public, max-age={ONE_YEAR}, immutable")
    bottle.response.set_header("ETag", static_file.etag)
    if bottle.request.environ.get("HTTP_IF_NONE_MATCH", "") == static_file.etag:
        bottle.response.status = 304
        return b""
    bottle.response.content_type = static_file.content_type
    return static_file.body
