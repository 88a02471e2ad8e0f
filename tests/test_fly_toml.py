"""fly.toml, checked against the rest of the repository: no deployment can be made from
here, so every setting the platform relies on is checked by construction."""

from __future__ import annotations

import ast
import dataclasses
import pathlib
import re
import shlex
import sys
import tomllib
import urllib.parse
from typing import Any

import pytest
import yaml

from simplelists import replication, web_server
from simplelists.config import Config
from deploy_helpers import SHELL_CHARACTERS, procfile_web_command

ROOT = pathlib.Path(__file__).resolve().parent.parent
FLY = tomllib.loads((ROOT / "fly.toml").read_text())
SECRET_NAMES = {"SIMPLELISTS_USERNAME", "SIMPLELISTS_PASSHASH"}
SECRET_WORDS = ("PASS", "SECRET", "TOKEN", "KEY", "CREDENTIAL")


@pytest.fixture
def server_settings() -> dict[str, Any]:
    """simplelists/web_server.py's settings for granian as deployed: none of its override variables set."""
    return web_server.settings({"PORT": FLY["env"]["PORT"]})


def seconds(value: int | float | str) -> float:
    """A Fly duration in seconds: "30s", "1m", "500ms", or a bare number of seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)", value.strip())
    assert match, f"not a duration: {value!r}"
    number, unit = float(match[1]), match[2]
    return number / 1000 if unit == "ms" else number * 60 if unit == "m" else number


def megabytes(value: int | str) -> int:
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"(\d+)\s*(mb|gb)", value.strip().lower())
    assert match, f"not a memory size: {value!r}"
    return int(match[1]) * (1024 if match[2] == "gb" else 1)


# -- the process: Procfile, the web server, signals --------------------------------------------

def test_procfile_runs_the_serve_command_which_runs_the_web_server_on_the_wsgi_app() -> None:
    # `simplelists serve` becomes the web server (or Litestream running it, with a replica):
    # one entry point for both, so the Procfile, the image and fly.toml never change with it.
    assert procfile_web_command(ROOT / "Procfile") == ["simplelists", "serve"]
    argv = replication.web_server_command()
    # The settings are the package's own module, so they come along with `pip install .`
    # and need no working directory; it binds 0.0.0.0:$PORT itself.
    assert argv == [sys.executable, "-m", "simplelists.web_server"]
    module, _, attribute = web_server.TARGET.partition(":")
    path = ROOT / (module.replace(".", "/") + ".py")
    tree = ast.parse(path.read_text())
    assigned = {target.id for node in tree.body if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name)}
    assert attribute in assigned, f"{path.name} defines no {attribute}"


def test_the_server_listens_on_ipv4_on_port_only(server_settings: dict[str, Any]) -> None:
    # IPv4 only: Fly's private network is IPv6, so only Fly's proxy reaches the server.
    assert server_settings["address"] == "0.0.0.0"
    assert server_settings["port"] == FLY["http_service"]["internal_port"]
    assert server_settings["interface"] == "wsgi" and server_settings["http"] == "1"
    assert server_settings["websockets"] is False and server_settings["respawn_failed_workers"] is True


def test_with_a_replica_litestream_runs_that_same_server_command() -> None:
    config = Config.from_env({"SIMPLELISTS_REPLICA_URL": "file:///backups/lists"})
    argv = replication.server_command(config)
    assert pathlib.Path(argv[0]).name == "litestream" and argv[1] == "replicate"
    assert argv[argv.index("-config") + 1] == str(replication.LITESTREAM_CONFIG)
    assert shlex.split(argv[argv.index("-exec") + 1]) == replication.web_server_command()
    assert replication.server_command(Config.from_env({})) == replication.web_server_command()


@pytest.mark.parametrize("command", ["server app:$PORT", "server a:b > log", "cd x && server a:b"])
def test_procfile_check_catches_shell_syntax(tmp_path: pathlib.Path, command: str) -> None:
    procfile = tmp_path / "Procfile"
    procfile.write_text(f"web: {command}\n")
    assert SHELL_CHARACTERS & set(command)
    with pytest.raises(AssertionError, match="needs a shell"):
        procfile_web_command(procfile)


def test_kill_signal_is_the_servers_graceful_stop() -> None:
    # SIGINT, Fly's default, is the quick stop: it sends no waiting notifications.
    assert FLY["kill_signal"] == "SIGTERM"


def test_kill_timeout_leaves_the_server_and_litestream_time_to_finish() -> None:
    kill_timeout = seconds(FLY["kill_timeout"])
    # The workers get WORKERS_KILL_TIMEOUT to finish their requests, then the outbox is sent.
    assert web_server.WORKERS_KILL_TIMEOUT + web_server.NOTIFY_FLUSH_SECONDS <= web_server.STOP_TIMEOUT
    # With replication on, Litestream syncs once more after the server has stopped.
    litestream = yaml.safe_load(replication.LITESTREAM_CONFIG.read_text())
    final_sync = seconds(litestream["shutdown-sync-timeout"])
    assert kill_timeout >= web_server.STOP_TIMEOUT + final_sync + 5
    assert kill_timeout <= 300  # Fly's maximum


def test_the_server_logs_its_messages_to_stderr_and_leaves_the_access_log_to_the_app(
        server_settings: dict[str, Any]) -> None:
    # The app writes the access log to stdout itself (access_log.py, tests/test_access_log.py).
    assert server_settings["log_access"] is False
    config = server_settings["log_dictconfig"]
    assert config["loggers"]["_granian"]["handlers"] == config["root"]["handlers"] == ["stderr"]
    assert config["handlers"]["stderr"]["stream"] == "ext://sys.stderr"


def test_a_self_hoster_can_keep_the_server_to_this_machine() -> None:
    assert web_server.settings({"SIMPLELISTS_ADDRESS": "127.0.0.1"})["address"] == "127.0.0.1"
    for bad in ("localhost", "::1", "0.0.0.0:8080"):
        with pytest.raises(SystemExit, match=f"SIMPLELISTS_ADDRESS must be an IPv4 address such as 127.0.0.1, not {bad!r}"):
            web_server.settings({"SIMPLELISTS_ADDRESS": bad})


def test_worker_counts_can_be_overridden() -> None:
    settings = web_server.settings({"WEB_CONCURRENCY": "3", "SIMPLELISTS_THREADS": "6"})
    assert (settings["workers"], settings["blocking_threads"]) == (3, 6)


@pytest.mark.parametrize("name", ["SIMPLELISTS_THREADS", "WEB_CONCURRENCY"])
@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_count_stops_with_a_message_naming_it(name: str, value: str) -> None:
    with pytest.raises(SystemExit, match=f"{name} must be a whole number of at least 1, not '{re.escape(value)}'"):
        web_server.settings({name: value})


# -- the build ---------------------------------------------------------------------------------

def test_fly_builds_the_dockerfile() -> None:
    # No [build] section: fly deploy finds the Dockerfile and builds it (no buildpack builder).
    assert "build" not in FLY
    assert (ROOT / "Dockerfile").exists() and (ROOT / ".dockerignore").exists()


# -- the machine and its service ---------------------------------------------------------------

def test_vm_is_the_smallest() -> None:
    vms = FLY["vm"]
    assert len(vms) == 1
    assert vms[0]["size"] == "shared-cpu-1x"
    assert megabytes(vms[0]["memory"]) == 256


def test_internal_port_is_the_port_the_app_listens_on() -> None:
    assert FLY["http_service"]["internal_port"] == int(FLY["env"]["PORT"])
    assert FLY["http_service"]["force_https"] is True


def test_concurrency_limits_match_the_servers_capacity(server_settings: dict[str, Any]) -> None:
    concurrency = FLY["http_service"]["concurrency"]
    capacity = server_settings["workers"] * server_settings["blocking_threads"]
    assert concurrency["type"] == "requests"
    assert concurrency["soft_limit"] == capacity
    # Above capacity requests queue in the server; keep that queue a few requests per thread.
    assert capacity <= concurrency["hard_limit"] <= 4 * capacity <= server_settings["backlog"]


def test_database_and_backups_live_on_the_volume() -> None:
    mount = FLY["mounts"]
    assert mount["source"] == "simplelists_data"
    assert mount["destination"] == "/data"
    # The first deploy creates the volume from this: no `fly volumes create` step.
    assert mount["initial_size"] == "1gb"
    destination = pathlib.PurePosixPath(mount["destination"])
    for name in ("SIMPLELISTS_DB", "SIMPLELISTS_BACKUP_DIR"):
        if name in FLY["env"]:
            path = pathlib.PurePosixPath(FLY["env"][name])
            assert path.is_relative_to(destination) and path != destination, name


def test_volume_snapshots_are_kept_two_weeks() -> None:
    mount = FLY["mounts"]
    # Said outright, so the file shows it and a change to it is seen here.
    assert mount["scheduled_snapshots"] is True
    assert mount["snapshot_retention"] == 14  # days; Fly allows 1 to 60 (default 5)


def test_idle_machines_stop_and_start_again_on_a_request() -> None:
    service = FLY["http_service"]
    assert service["auto_stop_machines"] == "stop"  # "suspend" keeps RAM; "stop" is cheaper
    assert service["auto_start_machines"] is True
    assert service["min_machines_running"] == 0


def test_rolling_deploys_because_of_the_volume() -> None:
    assert FLY["deploy"]["strategy"] == "rolling"


def test_proxy_headers_are_trusted_from_flys_proxy() -> None:
    assert FLY["env"]["FORWARDED_ALLOW_IPS"] == "*"


def test_no_secret_in_env() -> None:
    for name, value in FLY["env"].items():
        assert name not in SECRET_NAMES
        assert not any(word in name.upper() for word in SECRET_WORDS), name
        assert not re.search(r"\$2[abxy]?\$\d\d\$", value), name
        assert isinstance(value, str), f"{name}: Fly's env values must be strings"


def test_env_is_a_valid_configuration() -> None:
    config = Config.from_env(FLY["env"])
    assert config.port == 8080
    assert config.db_path == "/data/simplelists.sqlite"
    assert config.trusted_proxies == ("*",)
    assert config.replica is None  # until `fly storage create` adds its secrets


def test_the_secrets_fly_storage_create_sets_turn_replication_on_to_tigris() -> None:
    secrets = {"BUCKET_NAME": "family-lists", "AWS_ENDPOINT_URL_S3": "https://fly.storage.tigris.dev",
               "AWS_REGION": "auto", "AWS_ACCESS_KEY_ID": "tid_x", "AWS_SECRET_ACCESS_KEY": "tsec_y"}
    replica = Config.from_env({**FLY["env"], **secrets}).replica
    assert replica is not None and replica.retention_days >= 7
    url = urllib.parse.urlsplit(replica.url)
    assert (url.scheme, url.netloc, url.path) == ("s3", "family-lists", "/simplelists")
    # The endpoint in Litestream's own setting, as its Tigris guide says (not only in the
    # AWS SDK's variable): Litestream then applies Tigris's consistency and signing settings.
    assert urllib.parse.parse_qs(url.query) == {"endpoint": ["https://fly.storage.tigris.dev"], "region": ["auto"]}
    assert "tsec_y" not in replica.url and "tid_x" not in replica.url


# -- the health check -------------------------------------------------------------------------

def test_health_check_is_a_get_of_healthz() -> None:
    checks = FLY["http_service"]["checks"]
    assert len(checks) == 1
    check = checks[0]
    assert check["method"].upper() == "GET"
    assert check["path"] == "/healthz"
    # Durations as strings with units: in checks a bare number would mean milliseconds.
    assert all(isinstance(check[key], str) for key in ("timeout", "grace_period", "interval"))
    # A check slower than its timeout counts as failed: far above the app's milliseconds.
    assert seconds(check["timeout"]) >= 2


def test_grace_period_is_longer_than_the_measured_start() -> None:
    # Process start to the first 200 on /healthz: 0.3 s on an idle 2-core machine, 1.2 s at
    # most with half a core (tests/test_image.py measures the image's start on every run and
    # fails if it reaches the grace period). A shared CPU throttled to its baseline share
    # takes several times longer, hence the margin; past a few tens of seconds a machine
    # that cannot start would only be noticed later.
    measured_seconds = 1.2
    grace_period = seconds(FLY["http_service"]["checks"][0]["grace_period"])
    assert 5 * measured_seconds <= grace_period <= 30


@pytest.mark.parametrize("sign_in", [False, True])
def test_health_check_path_answers_200_with_flys_settings(tmp_path: pathlib.Path, sign_in: bool, signed_in_config: Config, make_test_app) -> None:
    env = dict(FLY["env"], SIMPLELISTS_DB=str(tmp_path / "simplelists.sqlite"))
    config = Config.from_env(env)
    if sign_in:
        config = dataclasses.replace(config, username=signed_in_config.username,
                                     password_hash=signed_in_config.password_hash)
    app = make_test_app(config)
    response = app.get(FLY["http_service"]["checks"][0]["path"])
    assert response.status_int == 200
    assert response.text == "ok"
