"""The package installed the ordinary way (`pip install .`, not editable) is the whole app:
its templates, stylesheet and server settings come with it, and the `simplelists` command
serves pages from any folder."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import venv

import pytest

pytestmark = pytest.mark.slow

ROOT = pathlib.Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_files() -> list[str]:
    """The repository's files, as a fresh clone has them (nothing ignored, like .venv)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    return [name for name in listed if (ROOT / name).is_file()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A fresh venv with the project installed from a copy of its tracked files; its bin folder."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    for name in project_files():
        target = source / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    venv.EnvBuilder(with_pip=True).create(base / "venv")
    bin_dir = base / "venv" / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(source / "requirements.txt"), str(source)], check=True, timeout=600)
    shutil.rmtree(source)  # nothing may be read from the source folder any more
    return bin_dir


def test_the_installed_command_serves_pages_with_their_stylesheet(installed: pathlib.Path, tmp_path: pathlib.Path):
    port = free_port()
    env = {"PATH": f"{installed}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "PORT": str(port), "SIMPLELISTS_DB": str(tmp_path / "lists.sqlite"), "SIMPLELISTS_LISTS": "1"}
    log = open(tmp_path / "server.log", "w+b")
    # From an empty folder: nothing may come from the working directory.
    process = subprocess.Popen([str(installed / "simplelists")], cwd=tmp_path, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                home = urllib.request.urlopen(base + "/", timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.1)
        cookie = home.headers["Set-Cookie"].split(";")[0]
        token = re.search(r'name="csrf-token" value="([^"]+)"', home.read().decode()).group(1)
        request = urllib.request.Request(base + "/create-list", headers={"Cookie": cookie},
                                         data=urllib.parse.urlencode({"csrf-token": token, "name": "Groceries"}).encode())
        with urllib.request.urlopen(request, timeout=5) as response:  # follows the redirect to the list
            page = response.read().decode()
            assert response.url.startswith(base + "/lists/")
        assert "<h1>Groceries</h1>" in page and 'id="add-item"' in page
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
        with urllib.request.urlopen(base + stylesheet, timeout=5) as response:
            assert response.headers["Content-Type"].startswith("text/css") and b"--accent" in response.read()
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    output = (tmp_path / "server.log").read_text()
    # The package's gunicorn settings were used: threaded workers, and the access log format.
    assert "Using worker: gthread" in output, output
    assert re.search(r'"GET /lists/[a-z]+ HTTP/1.1" 200 \d+ \d+ms', output), output
