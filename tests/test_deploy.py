"""The deployment, done the way the buildpack does it.

A brand-new virtual environment gets only `pip install -r requirements.txt` (no editable
install, nothing from the dev requirements); the Procfile's web: command then runs as
written, without a shell, in a copy of the app like the buildpack's working directory,
with PORT set and the database in a separate "data" folder like Fly's volume. Through
real HTTP and the real forms the test creates a list and an item, stops the server with
SIGTERM while a slow upload is in flight (the upload is answered, gunicorn exits 0), starts
it again and finds everything still there.
"""

from __future__ import annotations

import contextlib
import html.parser
import http.cookiejar
import os
import pathlib
import runpy
import shlex
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import venv
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.slow

ROOT = pathlib.Path(__file__).resolve().parent.parent
# What never reaches the buildpack (or would let the copy cheat by importing from elsewhere).
NOT_DEPLOYED = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", "*.egg-info", ".pytest_cache", ".hypothesis",
    "*.sqlite", "*.sqlite-wal", "*.sqlite-shm", "node_modules", "test-artifacts", "out")
START_TIMEOUT = 30.0
SHELL_CHARACTERS = set("$`\"'\\;&|<>(){}*?~!#")


def procfile_web_command(procfile: pathlib.Path) -> list[str]:
    """The Procfile's web: command as an argument list; fails if it needs a shell."""
    commands = {}
    for line in procfile.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, command = line.partition(":")
            commands[name.strip()] = command.strip()
    assert "web" in commands, "the Procfile has no web: line"
    command = commands["web"]
    assert not SHELL_CHARACTERS & set(command), f"the web: command needs a shell: {command!r}"
    return shlex.split(command)


def gunicorn_settings() -> dict[str, object]:
    """The settings gunicorn.conf.py gives with none of its variables set."""
    saved = {name: os.environ.pop(name) for name in ("WEB_CONCURRENCY", "SIMPLELISTS_THREADS")
             if name in os.environ}
    try:
        return runpy.run_path(str(ROOT / "simplelists" / "gunicorn_conf.py"))
    finally:
        os.environ.update(saved)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the deployment: venv, app copy, data folder ---------------------------------------------

class Deployment:
    """A venv with only the runtime requirements, a copy of the app, and a data folder."""

    def __init__(self, base: pathlib.Path) -> None:
        self.venv = base / "venv"
        self.app_dir = base / "workspace"
        self.data_dir = base / "data"
        self.data_dir.mkdir()
        shutil.copytree(ROOT, self.app_dir, ignore=NOT_DEPLOYED)
        venv.EnvBuilder(with_pip=True).create(self.venv)
        subprocess.run(
            [str(self.venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", "-r", "requirements.txt"],
            cwd=self.app_dir, check=True, timeout=600)
        self.argv = procfile_web_command(self.app_dir / "Procfile")

    def environment(self, port: int, **extra: str) -> dict[str, str]:
        """What the platform gives the process: PATH with the venv first, PORT, the settings.
        No PYTHONPATH, and a HOME of its own, so nothing from this machine's Python leaks in."""
        home = self.data_dir.parent / "home"
        home.mkdir(exist_ok=True)
        return {
            "PATH": f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', os.defpath)}",
            "HOME": str(home),
            "LANG": "C.UTF-8",
            "PORT": str(port),
            "SIMPLELISTS_DB": str(self.data_dir / "simplelists.sqlite"),
            "SIMPLELISTS_TIMEZONE": "UTC",
            **extra,
        }

    def start(self, name: str, **extra: str) -> Server:
        """Run the Procfile's web: command as written, in the app's directory."""
        port = free_port()
        env = self.environment(port, **extra)
        executable = shutil.which(self.argv[0], path=env["PATH"])
        assert executable is not None, f"{self.argv[0]} is not installed by requirements.txt"
        assert executable.startswith(str(self.venv)), f"{self.argv[0]} came from outside the venv"
        stdout = open(self.data_dir.parent / f"{name}.out", "w+b")
        stderr = open(self.data_dir.parent / f"{name}.err", "w+b")
        process = subprocess.Popen(self.argv, executable=executable, cwd=self.app_dir, env=env,
                                   stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr)
        return Server(process, port, stdout, stderr)


class Server:
    """A running server process and its output."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, stdout, stderr) -> None:  # type: ignore[no-untyped-def]
        self.process = process
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self._stdout = stdout
        self._stderr = stderr

    def output(self) -> tuple[str, str]:
        """What the server wrote to stdout and stderr so far."""
        texts = []
        for stream in (self._stdout, self._stderr):
            stream.flush()
            stream.seek(0)
            texts.append(stream.read().decode("utf-8", "replace"))
        return texts[0], texts[1]

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}:\n{self.output()[1]}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.1)
        pytest.fail(f"the server did not answer /healthz within {START_TIMEOUT}s:\n{self.output()[1]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self._stdout.close()
        self._stderr.close()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    """Built once per test run: creating the venv and installing is the slow part."""
    return Deployment(tmp_path_factory.mktemp("deploy"))


@contextlib.contextmanager
def running(deployment: Deployment, name: str, **extra: str) -> Iterator[Server]:
    server = deployment.start(name, **extra)
    try:
        server.wait_until_healthy()
        yield server
    finally:
        server.stop()


# -- a small browser: cookies, forms ----------------------------------------------------------

class FormParser(html.parser.HTMLParser):
    """Collects each form's id, action and the values of its named inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({"id": attributes.get("id", ""), "action": attributes.get("action", ""),
                               "fields": {}})
        elif tag == "input" and self.forms and attributes.get("name"):
            fields = self.forms[-1]["fields"]
            assert isinstance(fields, dict)
            fields[attributes["name"]] = attributes.get("value", "")


class Browser:
    """Fetches pages and submits their forms, keeping cookies, following redirects."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str) -> tuple[str, str]:
        """The page's final URL path and its HTML."""
        with self.opener.open(self.base_url + path, timeout=10) as response:
            assert response.status == 200
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def form(self, page: str, form_id: str) -> tuple[str, dict[str, str]]:
        parser = FormParser()
        parser.feed(page)
        for form in parser.forms:
            if form["id"] == form_id:
                return str(form["action"]), dict(form["fields"])  # type: ignore[call-overload]
        raise AssertionError(f"no form {form_id!r} on the page")

    def submit(self, page: str, form_id: str, **values: str) -> tuple[str, str]:
        """Fill in and send a form (POST); returns the page the redirect leads to."""
        action, fields = self.form(page, form_id)
        fields.update(values)
        body = urllib.parse.urlencode(fields).encode()
        with self.opener.open(self.base_url + action, data=body, timeout=10) as response:
            assert response.status == 200
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)


def slow_post_during_sigterm(server: Server, browser: Browser, page: str, form_id: str,
                             **values: str) -> tuple[bytes, float]:
    """Send a form like a phone on a bad connection, with SIGTERM arriving mid-upload.

    `Expect: 100-continue` makes gunicorn answer "100 Continue" once a worker has the
    request in hand, so the signal provably arrives while the request is in flight; the
    body then trickles in after the signal. Returns the response and when SIGTERM was sent.
    """
    action, fields = browser.form(page, form_id)
    fields.update(values)
    body = urllib.parse.urlencode(fields).encode()
    head = (f"POST {action} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nCookie: {browser.cookie_header()}\r\n"
            "Expect: 100-continue\r\nConnection: close\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(head)
        interim = b""
        while b"\r\n\r\n" not in interim:
            chunk = connection.recv(1024)
            assert chunk, "the server closed the connection before answering 100 Continue"
            interim += chunk
        assert interim.startswith(b"HTTP/1.1 100"), interim
        signalled_at = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        time.sleep(0.5)  # the master has passed the signal on; the workers are stopping
        for start in range(0, len(body), max(1, len(body) // 4)):
            connection.sendall(body[start:start + max(1, len(body) // 4)])
            time.sleep(0.2)
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    return response, signalled_at


# -- the tests ------------------------------------------------------------------------------

def test_procfile_command_serves_stops_gracefully_and_keeps_the_data(deployment: Deployment) -> None:
    graceful_timeout = float(gunicorn_settings()["graceful_timeout"])  # type: ignore[arg-type]

    with running(deployment, "first") as server:
        browser = Browser(server.base_url)
        with urllib.request.urlopen(server.base_url + "/healthz", timeout=5) as response:
            assert (response.status, response.read()) == (200, b"ok")

        _, home = browser.get("/")
        list_path, list_page = browser.submit(home, "create-list", name="Shopping")
        assert list_path.startswith("/lists/")
        assert "<h1>Shopping</h1>" in list_page
        _, list_page = browser.submit(list_page, "add-item", description="Milk")
        assert "Milk" in list_page

        response, signalled_at = slow_post_during_sigterm(
            server, browser, list_page, "add-item", description="Bread")
        assert response.startswith(b"HTTP/1.1 303"), response[:200]
        assert f"Location: {server.base_url}{list_path}".encode() in response or \
            f"Location: {list_path}".encode() in response, response[:400]

        exit_code = server.process.wait(timeout=graceful_timeout + 10)
        stopped_after = time.monotonic() - signalled_at
        stdout, stderr = server.output()

    assert exit_code == 0, stderr
    assert stopped_after < graceful_timeout, f"took {stopped_after:.1f}s to stop"
    # One access line per request on stdout; healthy health checks stay out of it.
    assert f'"POST /add-item HTTP/1.1" 303' in stdout
    assert f'"GET {list_path} HTTP/1.1" 200' in stdout
    assert "/healthz" not in stdout
    # stderr has gunicorn's and the app's messages, none of them a warning or an error.
    assert "simplelists running with" in stderr
    for bad in ("[WARNING]", "[ERROR]", "[CRITICAL]", "Traceback"):
        assert bad not in stderr, stderr
    # The database went to the data folder, nowhere else.
    assert (deployment.data_dir / "simplelists.sqlite").exists()
    assert not list(deployment.app_dir.glob("*.sqlite"))

    with running(deployment, "second") as server:
        _, page = Browser(server.base_url).get(list_path)
        assert "Milk" in page and "Bread" in page


@pytest.mark.parametrize("variable, value", [
    ("WEB_CONCURRENCY", "0"),
    ("SIMPLELISTS_THREADS", "lots"),
    ("SIMPLELISTS_THREADS", "0"),
])
def test_bad_worker_setting_stops_the_server_with_a_clear_message(
        deployment: Deployment, variable: str, value: str) -> None:
    # (A WEB_CONCURRENCY that is not a number at all stops gunicorn itself, with its own
    # traceback, before it reads gunicorn.conf.py.)
    server = deployment.start(f"bad-{variable}-{value}", **{variable: value})
    try:
        exit_code = server.process.wait(timeout=START_TIMEOUT)
        _, stderr = server.output()
    finally:
        server.stop()
    assert exit_code != 0
    assert f"{variable} must be a whole number of at least 1, not {value!r}" in stderr
    assert "Traceback" not in stderr
