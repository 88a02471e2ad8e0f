"""The simplelists command: --genpass, --help, and bad configuration at start."""

from __future__ import annotations

import os
import pathlib
import socket
import subprocess
import sys

import bcrypt
import pytest

from simplelists import cli
from simplelists.config import ENVIRONMENT_VARIABLES, REPLICA_VARIABLES

ROOT = pathlib.Path(__file__).resolve().parent.parent


def run(args: list[str], stdin: str = "", env: dict[str, str] | None = None, timeout: float = 30):
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("SIMPLELISTS_", "PORT"))}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "simplelists", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env=environ, timeout=timeout)


def test_genpass_from_a_pipe_prints_hash_and_fly_command():
    result = run(["--genpass"], stdin="a long enough password\n")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    password_hash = lines[0]
    assert password_hash.startswith("$2b$12$")
    assert bcrypt.checkpw(b"a long enough password", password_hash.encode())
    assert f"fly secrets set SIMPLELISTS_USERNAME=family SIMPLELISTS_PASSHASH='{password_hash}'" in result.stdout


def test_genpass_accepts_two_identical_lines(monkeypatch, capsys):
    import io
    status = cli.generate_password_hash(io.StringIO("same password!\nsame password!\n"), sys.stdout, sys.stderr)
    assert status == 0
    assert capsys.readouterr().out.startswith("$2b$")


@pytest.mark.parametrize("stdin, message", [
    ("short\n", "at least 10 characters"),
    ("first password\nsecond password\n", "do not match"),
    ("", "no password"),
])
def test_genpass_refuses_bad_passwords(stdin, message):
    import io
    stdout, stderr = io.StringIO(), io.StringIO()
    assert cli.generate_password_hash(io.StringIO(stdin), stdout, stderr) == 1
    assert message in stderr.getvalue()
    assert stdout.getvalue() == ""


def test_genpass_on_a_terminal_asks_twice_without_echo(monkeypatch):
    import io
    answers = iter(["terminal password", "terminal password"])
    prompts = []
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt: prompts.append(prompt) or next(answers))

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stdout = io.StringIO()
    assert cli.generate_password_hash(Terminal(), stdout, io.StringIO()) == 0
    assert len(prompts) == 2
    assert bcrypt.checkpw(b"terminal password", stdout.getvalue().splitlines()[0].encode())


def test_help_documents_every_variable():
    result = run(["--help"])
    assert result.returncode == 0
    for name, default, _ in ENVIRONMENT_VARIABLES + REPLICA_VARIABLES:
        assert name in result.stdout
        assert default in result.stdout
    assert "--genpass" in result.stdout
    for command in ("serve", "status", "--from-replica"):
        assert command in result.stdout


@pytest.mark.parametrize("env, variable", [
    ({"PORT": "abc"}, "PORT"),
    ({"SIMPLELISTS_TIMEZONE": "Nowhere/Special"}, "SIMPLELISTS_TIMEZONE"),
    ({"SIMPLELISTS_USERNAME": "family"}, "SIMPLELISTS_PASSHASH"),
    ({"SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": "not-a-hash"}, "SIMPLELISTS_PASSHASH"),
])
def test_bad_config_exits_2_with_one_line(env, variable, tmp_path):
    env = {**env, "SIMPLELISTS_DB": str(tmp_path / "x.sqlite")}
    result = run([], env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.sqlite").exists()


def test_console_script_is_declared():
    text = (ROOT / "pyproject.toml").read_text()
    assert 'simplelists = "simplelists.cli:main"' in text


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_no_arguments_serves_on_port_and_logs_config_without_hash(tmp_path):
    import signal
    import time
    import urllib.request
    from conftest import PASSWORD_HASH
    port = free_port()
    environ = {key: value for key, value in os.environ.items() if not key.startswith("SIMPLELISTS_")}
    environ.update({"PORT": str(port), "SIMPLELISTS_DB": str(tmp_path / "db.sqlite"),
                    "SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": PASSWORD_HASH,
                    "WEB_CONCURRENCY": "1"})
    process = subprocess.Popen([sys.executable, "-m", "simplelists"], cwd=tmp_path, env=environ,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert process.returncode == 0, output
    assert "family" in output
    assert PASSWORD_HASH not in output
    assert (tmp_path / "db.sqlite").exists()


@pytest.mark.parametrize("make_path", [
    lambda tmp: tmp / "no such folder" / "x.sqlite",
    lambda tmp: (tmp / "text.sqlite").write_text("this is not a database " * 100) and tmp / "text.sqlite",
])
def test_unusable_database_exits_2_with_one_line(make_path, tmp_path):
    result = run([], env={"SIMPLELISTS_DB": str(make_path(tmp_path))})
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "SIMPLELISTS_DB" in result.stderr


def run_wsgi_import(env: dict[str, str]):
    environ = {key: value for key, value in os.environ.items() if not key.startswith(("SIMPLELISTS_", "PORT"))}
    environ.update(env)
    return subprocess.run([sys.executable, "-c", "import simplelists.wsgi"], capture_output=True, text=True,
                          cwd=ROOT, env=environ, timeout=30)


def test_wsgi_entry_point_logs_config_without_hash(tmp_path):
    from conftest import PASSWORD_HASH
    result = run_wsgi_import({"SIMPLELISTS_DB": str(tmp_path / "x.sqlite"), "SIMPLELISTS_USERNAME": "family",
                              "SIMPLELISTS_PASSHASH": PASSWORD_HASH})
    assert result.returncode == 0, result.stderr
    assert "family" in result.stderr and str(tmp_path / "x.sqlite") in result.stderr
    assert PASSWORD_HASH not in result.stderr + result.stdout


def test_wsgi_entry_point_stops_on_bad_config(tmp_path):
    result = run_wsgi_import({"SIMPLELISTS_DB": str(tmp_path / "x.sqlite"), "PORT": "http"})
    assert result.returncode == 4  # "the app could not load": the server tries once more, then stops
    assert result.stderr.strip() == "simplelists: PORT must be a number from 1 to 65535, not 'http'"


def test_serving_on_a_port_another_program_listens_on_stops_with_one_line(tmp_path):
    # granian binds with SO_REUSEPORT: without this check a second server would share the port.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
        other.bind(("0.0.0.0", 0))
        other.listen()
        port = other.getsockname()[1]
        result = run(["serve"], env={"PORT": str(port), "SIMPLELISTS_DB": str(tmp_path / "x.sqlite")})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == f"simplelists: port {port} is in use by another program (set PORT)"
