"""compose.yaml and .env.example, read the way Docker Compose reads them: the service is the
Dockerfile's image, its data on a named volume, its settings the ones `simplelists --help`
documents with the same defaults, and a bcrypt hash reaches the app with every `$` intact."""

from __future__ import annotations

import pathlib
import re

import bcrypt
import pytest
import yaml

from deploy_helpers import (ROOT, compose_environment, dockerfile_stages, example_env_file, image_environment,
                            interpolate, read_env_file)
from simplelists import replication, web_server
from simplelists.config import ENVIRONMENT_VARIABLES, REPLICA_VARIABLES, Config

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
(SERVICE_NAME, SERVICE), = COMPOSE["services"].items()
EXAMPLE = (ROOT / ".env.example").read_text()
HASH = bcrypt.hashpw(b"correct horse battery", bcrypt.gensalt(4)).decode()


def help_default(name: str) -> str:
    """A variable's default as `simplelists --help` shows it; "" where it says none (or the
    server's own zone), which the app reads as unset."""
    default = dict((name, default) for name, default, _ in ENVIRONMENT_VARIABLES)[name]
    return "" if default.startswith("(") or " " in default else default


# -- the service --------------------------------------------------------------------------------

def test_the_service_is_built_from_the_dockerfile() -> None:
    build = SERVICE["build"]
    context, dockerfile = (build, "Dockerfile") if isinstance(build, str) else \
        (build.get("context", "."), build.get("dockerfile", "Dockerfile"))
    assert (ROOT / context / dockerfile).resolve() == ROOT / "Dockerfile"
    assert "image" not in SERVICE  # nothing to pull: it is always built here


def test_a_named_volume_is_mounted_at_the_databases_folder() -> None:
    database = pathlib.PurePosixPath(compose_environment(SERVICE, {})["SIMPLELISTS_DB"])
    (mount,) = SERVICE["volumes"]
    volume, target = mount.split(":")
    assert pathlib.PurePosixPath(target) == database.parent
    assert volume in COMPOSE["volumes"], "a named volume (a bind mount would need its owner set by hand)"
    assert COMPOSE["name"] == "simplelists"  # the volume's name does not depend on the clone's folder


@pytest.mark.parametrize("port", [None, "9000"])
def test_the_port_is_published_where_the_server_listens(port: str | None) -> None:
    variables = {"PORT": port} if port else {}
    (mapping,) = SERVICE["ports"]
    host, container = interpolate(mapping, variables).split(":")
    assert host == container == compose_environment(SERVICE, variables)["PORT"] == (port or "8080")
    if not port:
        (expose,) = dockerfile_stages()[-1].all("EXPOSE")
        assert container == expose.value


def test_health_check_asks_healthz_with_the_images_python() -> None:
    check = SERVICE["healthcheck"]
    command = check["test"]
    assert command[:2] == ["CMD", "python"]  # no shell, no curl in a slim image
    assert "/healthz" in command[-1] and "PORT" in command[-1]
    assert all(re.fullmatch(r"\d+s", check[key]) for key in ("interval", "timeout", "start_period"))


def test_restarts_unless_stopped_and_stops_gracefully() -> None:
    assert SERVICE["restart"] == "unless-stopped"
    final_sync = int(yaml.safe_load(replication.LITESTREAM_CONFIG.read_text())["shutdown-sync-timeout"].removesuffix("s"))
    grace = int(SERVICE["stop_grace_period"].removesuffix("s"))
    assert grace >= web_server.STOP_TIMEOUT + final_sync + 5  # Docker's SIGKILL comes after this


def test_the_container_has_no_capabilities() -> None:
    assert SERVICE["cap_drop"] == ["ALL"] and "cap_add" not in SERVICE
    assert "no-new-privileges:true" in SERVICE["security_opt"]


# -- the settings -------------------------------------------------------------------------------

def test_its_variables_are_the_ones_help_documents() -> None:
    assert list(SERVICE["environment"]) == [name for name, _, _ in ENVIRONMENT_VARIABLES]


@pytest.mark.parametrize("name", [name for name, _, _ in ENVIRONMENT_VARIABLES])
def test_each_default_is_the_apps_own(name: str) -> None:
    value = compose_environment(SERVICE, {})[name]
    if name == "SIMPLELISTS_DB":  # the one exception: on the volume, as the image sets it
        assert value == image_environment()["SIMPLELISTS_DB"]
    else:
        assert value == help_default(name)


def test_a_setting_from_env_replaces_the_default() -> None:
    assert compose_environment(SERVICE, {"SIMPLELISTS_TIMEZONE": "Europe/Paris"})["SIMPLELISTS_TIMEZONE"] == "Europe/Paris"


def test_the_example_env_file_names_every_setting() -> None:
    names = re.findall(r"^#?([A-Z_0-9]+)=", EXAMPLE, flags=re.MULTILINE)
    assert sorted(names) == sorted(name for name, _, _ in ENVIRONMENT_VARIABLES + REPLICA_VARIABLES)
    assert read_env_file(EXAMPLE) == {}  # as shipped, everything is off: the defaults apply


def test_replication_is_off_by_default_and_a_commented_variant_turns_it_on() -> None:
    # As shipped no replica setting reaches the container, even one set in .env.
    every_example = read_env_file(example_env_file(HASH))
    assert Config.from_env(compose_environment(SERVICE, every_example)).replica is None
    # Taking the # off the commented lines, as compose.yaml says, passes them on.
    text = (ROOT / "compose.yaml").read_text()
    commented = re.findall(r"^(\s+)#([A-Z_]+): (.*)$", text, flags=re.MULTILINE)
    assert [name for _, name, _ in commented] == [name for name, _, _ in REPLICA_VARIABLES
                                                   if not name.startswith(("BUCKET_", "AWS_ENDPOINT", "AWS_REGION"))]
    variant = yaml.safe_load(re.sub(r"^(\s+)#([A-Z_]+: )", r"\1\2", text, flags=re.MULTILINE))
    (service,) = variant["services"].values()
    environment = compose_environment(service, every_example)
    replica = Config.from_env(environment).replica
    assert replica is not None and replica.url == every_example["SIMPLELISTS_REPLICA_URL"]
    assert replica.retention_days == 7


def test_a_hash_pasted_into_env_as_told_reaches_the_app_intact() -> None:
    env_file = read_env_file(example_env_file(HASH))
    assert env_file["SIMPLELISTS_PASSHASH"] == HASH
    environment = compose_environment(SERVICE, env_file)
    assert environment["SIMPLELISTS_PASSHASH"] == HASH
    assert environment["SIMPLELISTS_USERNAME"] == "family"
    # And every other uncommented example is the default it claims to be, or a setting
    # the app accepts.
    assert environment["SIMPLELISTS_DB"] == image_environment()["SIMPLELISTS_DB"]
    assert environment["SIMPLELISTS_BACKUP_DIR"].startswith("/data/")


@pytest.mark.parametrize("line", [
    "SIMPLELISTS_PASSHASH={hash}",  # unquoted: $... is read as a variable
    'SIMPLELISTS_PASSHASH="{hash}"',  # double quotes: the same
])
def test_a_hash_not_in_single_quotes_is_mangled(line: str) -> None:
    # Why .env.example insists on single quotes. (The hash's salt starts with a letter or a
    # digit; force a letter, so "$" + salt reads as a variable name.)
    password_hash = HASH[:7] + "A" + HASH[8:]
    assert read_env_file(line.format(hash=password_hash))["SIMPLELISTS_PASSHASH"] != password_hash


def test_a_hash_written_into_compose_yaml_needs_doubled_dollars() -> None:
    password_hash = HASH[:7] + "A" + HASH[8:]
    assert interpolate(password_hash, {}) != password_hash
    assert interpolate(password_hash.replace("$", "$$"), {}) == password_hash


def test_env_holds_the_hash_so_git_ignores_it() -> None:
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
