"""The image, built and run the way Docker and Fly.io would, without Docker.

The build context is what .dockerignore lets through (unpacked from the archive the Docker
SDK would send), in a folder of its own. A second folder stands for the image's filesystem:
each stage's ENV, WORKDIR and COPY are applied there and its RUN steps are run as written
with `sh -c`, so the install step fills a brand-new venv with requirements.txt and then the
app. Stage-only files are removed before the final stage, which keeps only what it copies.
The base image's Python is stood in for by python3.11 where one runs (see the report
header), else by the Python running the tests.

The CMD then runs with the image's environment plus the platform's: Fly's [env] with its
volume at /data, or the environment compose.yaml would give the container. Through real
HTTP and the real forms the tests run a story, send SIGTERM while a request is in flight
(it is answered, the server exits 0), start again and find the data, and use the commands
the README gives (`simplelists backup`, compose's health check). With the secrets of `fly
storage create` (pointing at a moto S3 server), the same CMD runs Litestream with the
image's own binary, and a new, empty volume gets the lists back from the bucket.
"""

from __future__ import annotations

import contextlib
import html.parser
import http.cookiejar
import os
import pathlib
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
import yaml

from simplelists import web_server
from deploy_helpers import (ROOT, Stage, base_python_version, compose_environment, dockerfile_stages,
                            env_assignments, example_env_file, exec_form, process_group, python_for, read_env_file,
                            substitute, write_build_context)

pytestmark = pytest.mark.slow

FLY = tomllib.loads((ROOT / "fly.toml").read_text())
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
(COMPOSE_SERVICE,) = COMPOSE["services"].values()
PASSWORD = "correct horse battery"
START_TIMEOUT = 30.0
# What the base image (python:3.X-slim) sets before the Dockerfile's own ENV lines.
BASE_ENV = {"PATH": "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}
# Container paths that stay the host's own: the base system the image shares with it.
SYSTEM = ("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/lib", "/lib", "/etc")


def seconds(duration: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)", duration).groups()  # type: ignore[union-attr]
    return float(number) * {"ms": 0.001, "s": 1, "m": 60}[unit]


class Image:
    """The Dockerfile built into a folder standing for the image's filesystem."""

    def __init__(self, folder: pathlib.Path) -> None:
        self.filesystem = folder / "image"
        self.context = folder / "context"
        self.logs = folder / "logs"
        for path in (self.filesystem, self.context, self.logs):
            path.mkdir()
        self.context_size = write_build_context(self.context)
        stages = dockerfile_stages()
        self.python, self.python_note = python_for(base_python_version(stages[-1].base) or (3, 11))
        local_bin = self.filesystem / "usr" / "local" / "bin"
        local_bin.mkdir(parents=True)
        for name in ("python", "python3", pathlib.Path(self.python).name):
            (local_bin / name).symlink_to(self.python)
        for stage in stages[:-1]:
            self.env, self.workdir, _ = self.build(stage)
            shutil.rmtree(self.host(self.workdir))  # the build stage's files stay behind
        self.env, self.workdir, self.cmd = self.build(stages[-1])

    def host(self, path: str, mounts: dict[str, pathlib.Path] | None = None) -> pathlib.Path:
        """Where a path of the image is in this emulation."""
        for mount, folder in (mounts or {}).items():
            if path == mount or path.startswith(mount + "/"):
                return folder / path[len(mount):].lstrip("/")
        if path.startswith(SYSTEM):
            return pathlib.Path(path)
        return self.filesystem / path.lstrip("/")

    def host_env(self, env: dict[str, str], mounts: dict[str, pathlib.Path] | None = None) -> dict[str, str]:
        """An environment of the image with its paths turned into this emulation's."""
        def convert(value: str) -> str:
            return str(self.host(value, mounts)) if value.startswith("/") else value
        converted = {name: ":".join(map(convert, value.split(":"))) if name == "PATH" else convert(value)
                     for name, value in env.items()}
        return {"HOME": str(self.filesystem / "home"), **converted}  # Docker's HOME for root

    def build(self, stage: Stage) -> tuple[dict[str, str], str, list[str]]:
        """Apply one stage's instructions; returns its ENV, WORKDIR and CMD."""
        env, workdir, cmd = dict(BASE_ENV), "/", []
        (self.filesystem / "home").mkdir(exist_ok=True)
        for instruction in stage.instructions:
            if instruction.name == "ENV":
                env.update(env_assignments(instruction.value, env))
            elif instruction.name == "WORKDIR":
                workdir = os.path.join(workdir, substitute(instruction.value, env))
                self.host(workdir).mkdir(parents=True, exist_ok=True)
            elif instruction.name == "COPY" and "from" in instruction.flags:
                source, destination = instruction.value.split()
                # One folder stands for both stages: copying a path onto itself leaves it.
                assert source == destination and self.host(source).is_dir(), instruction
            elif instruction.name == "COPY":
                *sources, destination = instruction.value.split()
                target = self.host(os.path.join(workdir, destination))
                for source in sources:
                    path = self.context / source
                    assert path.exists(), f"COPY {source}: not in the build context"
                    if path.is_dir():
                        shutil.copytree(path, target, dirs_exist_ok=True)
                    else:
                        target.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(path, target / path.name if destination.endswith("/") else target)
            elif instruction.name == "RUN":
                result = subprocess.run(["sh", "-c", instruction.value], cwd=self.host(workdir),
                                        env=self.host_env(env), capture_output=True, text=True, timeout=600)
                assert result.returncode == 0, f"RUN {instruction.value}\n{result.stdout}\n{result.stderr}"
            elif instruction.name == "CMD":
                cmd = exec_form(instruction.value) or []
        return env, workdir, cmd

    def start(self, name: str, env: dict[str, str], volume: pathlib.Path,
              wrapper: list[str] | None = None) -> Server:
        """Run the CMD with the image's environment plus env (container paths, /data the volume),
        as a new process group, on a free port; retries on another port if one is taken."""
        mounts = {"/data": volume}
        for attempt in range(3):
            port = free_port()
            full_env = self.host_env({**self.env, **env, "PORT": str(port)}, mounts)
            executable = shutil.which(self.cmd[0], path=full_env["PATH"])
            assert executable and executable.startswith(str(self.host(self.env["VIRTUAL_ENV"]))), \
                f"{self.cmd[0]} does not come from the image's venv: {executable}"
            stdout = open(self.logs / f"{name}-{attempt}.out", "w+b")
            stderr = open(self.logs / f"{name}-{attempt}.err", "w+b")
            process = subprocess.Popen([*(wrapper or []), executable, *self.cmd[1:]], cwd=self.host(self.workdir),
                                       env=full_env, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr,
                                       start_new_session=True)
            server = Server(name, process, port, stdout, stderr)
            if server.wait_until_listening():
                return server
            server.stop()  # another program took the port between our look and the server's bind
        pytest.fail(f"{name}: no free port after 3 tries")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running server process and its output."""

    def __init__(self, name: str, process: subprocess.Popen[bytes], port: int, stdout, stderr) -> None:  # type: ignore[no-untyped-def]
        self.name = name
        self.process = process
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.started_at = time.monotonic()
        self.started_in = 0.0  # seconds from the process's start to the first 200 on /healthz
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

    def report(self) -> str:
        stdout, stderr = self.output()
        return f"--- {self.name}: stdout ---\n{stdout}\n--- {self.name}: stderr ---\n{stderr}"

    def wait_until_listening(self) -> bool:
        """Wait for the server to say it listens, as this process, on our port. False when the
        port was taken; a 200 from the port alone would not do, as it could come from
        another test run's server that got the same free port."""
        listening = re.compile(rf"\[(\d+)\] \[INFO\] _granian: Listening at: http://0\.0\.0\.0:{self.port}\n")
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            _, stderr = self.output()
            # the server is our process itself, or (with replication) Litestream's child
            if (match := listening.search(stderr)) and int(match[1]) in self.pids():
                return True
            if f"port {self.port} is in use" in stderr:
                return False
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}\n{self.report()}")
            time.sleep(0.05)
        pytest.fail(f"the server did not start listening within {START_TIMEOUT}s\n{self.report()}")

    def pids(self) -> set[int]:
        """The server's processes: its process group."""
        return set(process_group(self.process.pid))

    def commands(self) -> list[str]:
        """The command name of each of the server's processes, process 1 first."""
        return list(process_group(self.process.pid).values())

    def wait_until_healthy(self) -> None:
        """Wait for a 200 on /healthz; notes how long after the process's start it came."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the server exited with {self.process.returncode}\n{self.report()}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        self.started_in = time.monotonic() - self.started_at
                        return
            time.sleep(0.02)
        pytest.fail(f"no 200 from /healthz within {START_TIMEOUT}s\n{self.report()}")

    def wait_for_log(self, text: str, count: int = 1) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while self.output()[1].count(text) < count:
            assert time.monotonic() < deadline, f"no {text!r} in the log\n{self.report()}"
            time.sleep(0.02)

    def stop(self) -> None:
        """Kill the whole process group: no worker outlives the test."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self._stdout.close()
        self._stderr.close()


@contextlib.contextmanager
def running(image: Image, name: str, env: dict[str, str], volume: pathlib.Path,
            wrapper: list[str] | None = None) -> Iterator[Server]:
    """A healthy server; on any failure inside, its stdout and stderr are printed."""
    server = image.start(name, env, volume, wrapper)
    try:
        server.wait_until_healthy()
        yield server
    except BaseException:
        print(server.report())
        raise
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

    def form(self, page: str, form: str) -> tuple[str, dict[str, str]]:
        """The action and fields of the form with that id (or, failing that, that action)."""
        parser = FormParser()
        parser.feed(page)
        for found in sorted(parser.forms, key=lambda found: found["id"] != form):
            if form in (found["id"], found["action"]):
                return str(found["action"]), dict(found["fields"])  # type: ignore[call-overload]
        raise AssertionError(f"no form {form!r} on the page")

    def submit(self, page: str, form: str, **values: str) -> tuple[str, str]:
        """Fill in and send a form (POST); returns the page the redirect leads to."""
        action, fields = self.form(page, form)
        fields.update(values)
        with self.opener.open(self.base_url + action, data=urllib.parse.urlencode(fields).encode(),
                              timeout=10) as response:
            assert response.status == 200
            return urllib.parse.urlsplit(response.url).path, response.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)


def slow_post_during_sigterm(server: Server, browser: Browser, page: str, form: str, **values: str) -> bytes:
    """Send a form like a phone on a bad connection, with SIGTERM arriving mid-upload.

    `Expect: 100-continue` makes the server answer "100 Continue" once the app reads the
    body, so the signal provably arrives while the request is in flight. The body is sent
    only after the main process has logged the signal, which it passes on to the worker at
    once; the worker stops accepting within moments (half a second is ample), while its
    thread still waits for the body. Returns the raw response.
    """
    action, fields = browser.form(page, form)
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
        server.process.send_signal(signal.SIGTERM)
        server.wait_for_log("Shutting down granian")
        time.sleep(0.5)
        for start in range(0, len(body), 8):
            connection.sendall(body[start:start + 8])
            time.sleep(0.05)
        response = b""
        while chunk := connection.recv(65536):
            response += chunk
    return response


# -- the tests ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Image:
    """Built once for the module: creating the venv and installing is the slow part."""
    return Image(tmp_path_factory.mktemp("image"))


def test_on_fly_the_image_serves_stops_gracefully_and_keeps_the_data(
        image: Image, tmp_path: pathlib.Path) -> None:
    volume = tmp_path / "volume"
    volume.mkdir()
    graceful_timeout = web_server.STOP_TIMEOUT
    grace_period = seconds(FLY["http_service"]["checks"][0]["grace_period"])

    with running(image, "first", FLY["env"], volume) as server:
        # Fly starts checking after the grace period: the app must be up well before.
        assert server.started_in < grace_period, f"took {server.started_in:.1f}s to answer /healthz"
        # No replica set: process 1 is the web server itself, and no Litestream runs.
        commands = server.commands()
        assert commands[0].startswith("python") and "litestream" not in commands, commands
        browser = Browser(server.base_url)
        _, home = browser.get("/")
        list_path, list_page = browser.submit(home, "create-list", name="Shopping")
        assert list_path.startswith("/lists/") and "<h1>Shopping</h1>" in list_page
        _, list_page = browser.submit(list_page, "add-item", description="Milk")
        assert "Milk" in list_page

        signalled_at = time.monotonic()
        response = slow_post_during_sigterm(server, browser, list_page, "add-item", description="Bread")
        assert response.startswith(b"HTTP/1.1 303"), response[:200]
        assert re.search(rb"(?i)Location: (http://[^/]+)?" + list_path.encode() + rb"\r\n", response), response[:400]
        exit_code = server.process.wait(timeout=graceful_timeout + 10)
        assert exit_code == 0
        assert time.monotonic() - signalled_at < graceful_timeout
        stdout, stderr = server.output()
        # One access line per request on stdout; healthy health checks stay out of it.
        assert '"POST /add-item HTTP/1.1" 303' in stdout and f'"GET {list_path} HTTP/1.1" 200' in stdout
        assert "/healthz" not in stdout
        assert "simplelists running with" in stderr
        for bad in ("[WARNING]", "[ERROR]", "[CRITICAL]", "Traceback"):
            assert bad not in stderr
    # The database went to the volume, nowhere else in the image.
    assert (volume / "simplelists.sqlite").exists()
    assert not [path for path in image.filesystem.rglob("*.sqlite*")]

    with running(image, "second", FLY["env"], volume) as server:
        _, page = Browser(server.base_url).get(list_path)
        assert "Milk" in page and "Bread" in page
        # What the README's `fly ssh console -C "simplelists backup"` runs: the command from
        # the PATH, with the machine's environment.
        env = image.host_env({**image.env, **FLY["env"]}, {"/data": volume})
        backup = subprocess.run(["simplelists", "backup"], env=env, cwd=image.host(image.workdir),
                                capture_output=True, text=True, timeout=60)
        assert backup.returncode == 0, backup.stderr
        (copy,) = [path for path in (volume / "backups").glob("*.sqlite") if str(path) in backup.stdout]
        with contextlib.closing(sqlite3.connect(copy)) as database:
            assert {"Milk", "Bread"} <= {row[0] for row in database.execute("SELECT description FROM items")}


def test_with_composes_settings_sign_in_works_and_the_health_check_passes(
        image: Image, tmp_path: pathlib.Path) -> None:
    import bcrypt

    password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(4)).decode()
    env = compose_environment(COMPOSE_SERVICE, read_env_file(example_env_file(password_hash)))
    assert env["SIMPLELISTS_PASSHASH"] == password_hash
    volume = tmp_path / "volume"
    volume.mkdir()
    # compose.yaml drops every capability: root keeps writing its own volume all the same.
    no_capabilities = ["setpriv", "--no-new-privs", "--bounding-set", "-all", "--inh-caps", "-all", "--"]
    if shutil.which("setpriv") is None or os.geteuid() != 0:
        no_capabilities = []
    with running(image, "compose", env, volume, no_capabilities) as server:
        check = COMPOSE_SERVICE["healthcheck"]["test"]
        container_env = image.host_env({**image.env, **env, "PORT": str(server.port)}, {"/data": volume})
        healthy = subprocess.run(check[1:], env=container_env, capture_output=True, text=True, timeout=30)
        assert healthy.returncode == 0, healthy.stderr

        browser = Browser(server.base_url)
        _, page = browser.get("/")
        assert "/sign-in" in page
        path, page = browser.submit(page, "/sign-in", username="family", password=PASSWORD)
        assert path == "/name", page  # asked once who uses this browser
        path, page = browser.submit(page, "/name", name="Mum", action="save")
        assert "/sign-in" not in path and "create-list" in page and "You are <bdi>Mum</bdi>" in page, page
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=30) == 0
    assert (volume / "simplelists.sqlite").exists()
    # Once stopped, the health check fails (a 503 from the app fails it the same way).
    assert subprocess.run(check[1:], env=container_env, capture_output=True, timeout=30).returncode != 0


@pytest.mark.parametrize("variable, value", [
    ("WEB_CONCURRENCY", "0"),
    ("SIMPLELISTS_THREADS", "lots"),
    ("SIMPLELISTS_THREADS", "0"),
])
def test_bad_worker_setting_stops_the_server_with_a_clear_message(
        image: Image, tmp_path: pathlib.Path, variable: str, value: str) -> None:
    process = subprocess.run(image.cmd, cwd=image.host(image.workdir), capture_output=True, text=True,
                             env=image.host_env({**image.env, **FLY["env"], variable: value}, {"/data": tmp_path}),
                             timeout=START_TIMEOUT)
    assert process.returncode != 0
    assert f"{variable} must be a whole number of at least 1, not {value!r}" in process.stderr
    assert "Traceback" not in process.stderr


def test_the_installed_simplelists_command_serves_pages_from_any_folder(image: Image, tmp_path: pathlib.Path) -> None:
    """The package as pip installs it (not editable) is the whole app: `simplelists`, run
    from an empty folder, finds its templates, stylesheet, translations and server
    settings inside the package."""
    bin_dir = image.host(image.env["VIRTUAL_ENV"]) / "bin"
    port = free_port()
    env = image.host_env({**image.env, "PORT": str(port), "SIMPLELISTS_DB": "/data/lists.sqlite"}, {"/data": tmp_path})
    log = open(tmp_path / "server.log", "w+b")
    process = subprocess.Popen([str(bin_dir / "simplelists")], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    server = Server("simplelists command", process, port, log, log)
    try:
        assert server.wait_until_listening(), server.report()
        server.wait_until_healthy()
        browser = Browser(server.base_url)
        _, home = browser.get("/")
        _, page = browser.submit(home, "create-list", name="Groceries")
        assert "<h1>Groceries</h1>" in page
        stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', page).group(1)
        with urllib.request.urlopen(server.base_url + stylesheet, timeout=5) as response:
            assert response.headers["Content-Type"].startswith("text/css") and b"--accent" in response.read()
        german = urllib.request.Request(server.base_url + "/", headers={"Accept-Language": "de"})
        with urllib.request.urlopen(german, timeout=5) as response:
            assert '<html lang="de"' in response.read().decode()
        assert "] [INFO] _granian: Spawning worker-1" in server.output()[0], server.report()  # the package's log settings
    finally:
        server.stop()


def test_on_fly_with_a_bucket_every_change_is_replicated_and_a_new_volume_restores_itself(
        image: Image, tmp_path: pathlib.Path, s3_server) -> None:
    """After `fly storage create` (its secrets point at the test's S3 server here): process 1
    is Litestream running the web server, the lists reach the bucket, SIGTERM still stops both
    cleanly, and a machine with an empty volume gets every list back as it boots."""
    env = {**FLY["env"], **s3_server.env(s3_server.new_bucket())}
    volume = tmp_path / "volume"
    volume.mkdir()
    command_env = image.host_env({**image.env, **env}, {"/data": volume})

    def replica_holds(text: str) -> bool:
        copy = tmp_path / f"copy-{time.monotonic_ns()}.sqlite"
        restored = subprocess.run(["simplelists", "restore", "--from-replica", "--output", str(copy)],
                                  env=command_env, cwd=image.host(image.workdir), capture_output=True, text=True,
                                  timeout=120)
        if restored.returncode != 0:
            return False
        with contextlib.closing(sqlite3.connect(copy)) as database:
            return text in {row[0] for row in database.execute("SELECT description FROM items")}

    with running(image, "with-bucket", env, volume) as server:
        assert server.commands()[0] == "litestream" and server.commands()[1].startswith("python"), server.commands()
        browser = Browser(server.base_url)
        _, home = browser.get("/")
        list_path, list_page = browser.submit(home, "create-list", name="Shopping")
        browser.submit(list_page, "add-item", description="Milk")
        deadline = time.monotonic() + 30
        while not replica_holds("Milk"):
            assert time.monotonic() < deadline, server.report()
            time.sleep(0.2)
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=60) == 0
        stdout, stderr = server.output()
        assert "Granian shutdown completed" in stderr and "litestream shut down" in stdout + stderr
        for bad in ("level=ERROR", "Traceback", "[ERROR]"):
            assert bad not in stdout + stderr

    for path in volume.iterdir():  # a new, empty volume
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    with running(image, "new-volume", env, volume) as server:
        _, page = Browser(server.base_url).get(list_path)
        assert "Milk" in page
