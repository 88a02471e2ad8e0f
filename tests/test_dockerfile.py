"""The Dockerfile and .dockerignore, checked against the Procfile, fly.toml, pyproject.toml
and the app's settings: no image can be built here, so everything the image relies on is
checked by construction (tests/test_image.py then builds and runs it without Docker)."""

from __future__ import annotations

import pathlib
import re
import shutil
import tomllib

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from deploy_helpers import (ROOT, build_context, base_python_version, dockerfile_stages, exec_form,
                            image_environment, procfile_web_command)
from simplelists.config import ENVIRONMENT_VARIABLES

STAGES = dockerfile_stages()
FINAL = STAGES[-1]
FLY = tomllib.loads((ROOT / "fly.toml").read_text())
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
DEFAULTS = {name: default for name, default, _ in ENVIRONMENT_VARIABLES}


# -- the command, the port, the volume --------------------------------------------------------

def test_cmd_is_the_procfile_command_in_exec_form() -> None:
    (cmd,) = FINAL.all("CMD")
    argv = exec_form(cmd.value)
    assert argv is not None, "CMD must be a JSON array, so the server is process 1 and gets SIGTERM"
    assert argv == procfile_web_command(ROOT / "Procfile")
    # Nothing may stand in front of it: an ENTRYPOINT would receive the CMD as arguments.
    assert not any(stage.all("ENTRYPOINT") for stage in STAGES)


def test_exposed_port_is_flys_internal_port_and_the_apps_default() -> None:
    (expose,) = FINAL.all("EXPOSE")
    assert expose.value == "8080"
    assert int(expose.value) == FLY["http_service"]["internal_port"] == int(FLY["env"]["PORT"])
    assert int(expose.value) == int(DEFAULTS["PORT"])


def test_no_volume_line() -> None:
    # `fly launch` would turn a VOLUME line into a [mounts] section of its own.
    assert not any(stage.all("VOLUME") for stage in STAGES)


def test_database_lives_in_the_folder_fly_mounts() -> None:
    env = image_environment(STAGES)
    database = pathlib.PurePosixPath(env["SIMPLELISTS_DB"])
    assert database.parent == pathlib.PurePosixPath(FLY["mounts"]["destination"])
    assert env["SIMPLELISTS_DB"] == FLY["env"]["SIMPLELISTS_DB"]


def test_working_directory_is_not_the_data_folder() -> None:
    # `python -m` puts its working directory first on Python's import path.
    (workdir,) = FINAL.all("WORKDIR")
    assert pathlib.PurePosixPath(workdir.value) != pathlib.PurePosixPath(FLY["mounts"]["destination"])


def test_the_venvs_commands_come_first_on_the_path() -> None:
    # So `fly ssh console -C "simplelists backup"` finds the app's own command.
    env = image_environment(STAGES)
    assert env["PATH"].split(":")[0] == f"{env['VIRTUAL_ENV']}/bin"


# -- the base image and its Python --------------------------------------------------------------

def test_every_stage_uses_the_same_pinned_slim_python() -> None:
    bases = {stage.base for stage in STAGES}
    assert len(bases) == 1, f"the build and the final image must share one base: {bases}"
    (base,) = bases
    assert base_python_version(base) is not None, f"{base}: pin an official python:3.X-slim image"
    assert base_python_version(base) >= (3, 11)


def test_base_python_satisfies_requires_python() -> None:
    version = base_python_version(STAGES[-1].base)
    assert version is not None
    requires = SpecifierSet(PYPROJECT["project"]["requires-python"])
    assert Version("{}.{}".format(*version)) in requires


@pytest.mark.parametrize("image, version", [
    ("python:3.12-slim-trixie", (3, 12)), ("python:3.13.1-slim", (3, 13)),
    ("python:3-slim", None), ("python:latest", None), ("python:3.12", None), ("debian:trixie-slim", None),
])
def test_base_image_pinning_is_read_right(image: str, version: tuple[int, int] | None) -> None:
    assert base_python_version(image) == version


# -- what goes into the image -------------------------------------------------------------------

def test_the_venv_gets_exactly_the_runtime_requirements_then_the_app_without_dependencies() -> None:
    (build,) = [stage for stage in STAGES if stage.name]
    runs = " && ".join(instruction.value for instruction in build.all("RUN"))
    installs = [match.strip() for match in re.findall(r"\binstall\b(.*?)(?:&&|$)", runs)]
    assert installs == ["-r requirements.txt", "--no-deps ."]


def test_install_steps_name_no_absolute_path() -> None:
    # The image emulation runs them as written, in a folder standing for the image:
    # everything goes through $VIRTUAL_ENV or a path relative to WORKDIR.
    for stage in STAGES:
        for instruction in stage.all("RUN"):
            without_variables = re.sub(r'"?\$\{?VIRTUAL_ENV\}?[^\s"]*"?', "", instruction.value)
            assert not re.search(r"(^|\s)/", without_variables), f"line {instruction.line}: {instruction.value}"


def test_final_image_copies_only_the_venv_from_the_build() -> None:
    env = image_environment(STAGES)
    copies = FINAL.all("COPY")
    assert [copy.flags.get("from") for copy in copies] == [STAGES[0].name]
    source, destination = copies[0].value.split()
    # The same path on both sides: a venv's scripts name their own path.
    assert source == destination == env["VIRTUAL_ENV"]


def test_every_copy_source_exists_and_reaches_the_builder() -> None:
    context = build_context()
    for stage in STAGES:
        for copy in stage.all("COPY"):
            if "from" in copy.flags:
                continue
            *sources, _ = copy.value.split()
            for source in sources:
                path = ROOT / source
                assert path.exists(), f"line {copy.line}: COPY {source}: no such file"
                assert source.rstrip("/") in context, f"line {copy.line}: .dockerignore leaves out {source}"
                for inner in path.rglob("*") if path.is_dir() else []:
                    if "__pycache__" not in inner.parts:
                        assert str(inner.relative_to(ROOT)) in context, f".dockerignore leaves out {inner}"


@pytest.fixture(scope="module")
def developer_tree(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """A copy of the repository's files the Dockerfile needs, plus what a developer's clone
    holds besides; returns what .dockerignore lets through."""
    tree = tmp_path_factory.mktemp("clone")
    for name in (".dockerignore", "Dockerfile", "requirements.txt", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tree / name)
    shutil.copytree(ROOT / "simplelists", tree / "simplelists",
                    ignore=shutil.ignore_patterns("__pycache__", "*.sqlite*"))
    for name in LEFT_OUT:
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("a developer's file")
    return build_context(tree)


LEFT_OUT = [
    ".git/HEAD", ".git/objects/ab/cdef", ".venv/bin/python", ".venv/lib/site.py",
    "simplelists.sqlite", "simplelists.sqlite-wal", "simplelists.sqlite-shm", "lists.sqlite.replaced-2025",
    "backups/simplelists-backup-20250102T030405Z.sqlite", "simplelists/old.sqlite",
    "simplelists/__pycache__/app.cpython-312.pyc", "simplelists/templates/x.pyc",
    ".env", "test-artifacts/e2e/home.png", ".pytest_cache/v/cache/lastfailed", ".hypothesis/examples/x",
    "tests/test_app.py", "bench/out/results.json", "build/lib/x.py", "dist/x.whl", "simplelists.egg-info/PKG-INFO",
    ".idea/workspace.xml", "notes.txt", "fly.toml",
]


@pytest.mark.parametrize("path", LEFT_OUT)
def test_dockerignore_leaves_a_developers_files_out(developer_tree: set[str], path: str) -> None:
    assert path not in developer_tree


def test_dockerignore_lets_the_package_through(developer_tree: set[str]) -> None:
    for needed in ("requirements.txt", "pyproject.toml", "README.md", "simplelists/app.py",
                   "simplelists/templates/base.html", "simplelists/static/style.css", "simplelists/web_server.py"):
        assert needed in developer_tree


# -- the lint -----------------------------------------------------------------------------------

def test_every_ignored_hadolint_rule_says_why() -> None:
    # `make test` runs hadolint; a rule may be switched off only with a reason beside it.
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    for number, line in enumerate(lines):
        if "hadolint ignore=" in line:
            reason = re.sub(r"#\s*hadolint ignore=[\w,]+", "", line).strip(" #")
            above = lines[number - 1].strip() if number else ""
            assert reason or (above.startswith("#") and "hadolint" not in above), f"line {number + 1}: say why"
