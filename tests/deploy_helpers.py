"""Helpers for the deployment tests: the files that deploy the app, read the way the tools
that use them read them.

- the Procfile's web: command, as an argument list;
- the Dockerfile, stage by stage (dockerfile-parse splits the instructions; the few rules
  Docker applies to ENV and COPY are below);
- the build context, exactly as `.dockerignore` filters it (the Docker SDK's own matcher);
- Compose's reading of a `.env` file and its `${NAME:-default}` interpolation, which decide
  whether the `$` signs of a bcrypt hash survive;
- a server's processes (its process group);
- which Python stands in for the image's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
from collections.abc import Mapping

import docker.utils
from dockerfile_parse import DockerfileParser

ROOT = pathlib.Path(__file__).resolve().parent.parent
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


# -- the Dockerfile ---------------------------------------------------------------------------

@dataclasses.dataclass
class Instruction:
    """One instruction: its name (upper case), flags like --from=build, and the rest."""

    name: str
    flags: dict[str, str]
    value: str
    line: int


@dataclasses.dataclass
class Stage:
    """A FROM and the instructions up to the next one."""

    base: str
    name: str
    instructions: list[Instruction]

    def all(self, name: str) -> list[Instruction]:
        return [instruction for instruction in self.instructions if instruction.name == name]


def dockerfile_stages(path: pathlib.Path = ROOT / "Dockerfile") -> list[Stage]:
    """The Dockerfile's stages, in order."""
    stages: list[Stage] = []
    for item in DockerfileParser(path=str(path), env_replace=False).structure:
        name = item["instruction"].upper()
        words = item["value"].split(" ")
        flags = {}
        while words and words[0].startswith("--"):
            key, _, value = words.pop(0)[2:].partition("=")
            flags[key] = value
        instruction = Instruction(name, flags, " ".join(words).strip(), item["startline"] + 1)
        if name == "FROM":
            base, _, alias = instruction.value.partition(" AS ") if " AS " in instruction.value \
                else instruction.value.partition(" as ")
            stages.append(Stage(base.strip(), alias.strip(), []))
        elif name not in ("COMMENT",):
            assert stages, f"line {instruction.line}: {name} before any FROM"
            stages[-1].instructions.append(instruction)
    return stages


def exec_form(value: str) -> list[str] | None:
    """A CMD/ENTRYPOINT's argument list if it is in exec form (a JSON array), else None."""
    try:
        parsed = json.loads(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, list) and all(isinstance(word, str) for word in parsed) else None


def substitute(text: str, env: Mapping[str, str]) -> str:
    """$NAME and ${NAME} replaced from env, as Docker does in ENV, WORKDIR and COPY."""
    return re.sub(r"\$(?:\{(\w+)\}|(\w+))", lambda match: env.get(match[1] or match[2], ""), text)


def env_assignments(value: str, env: Mapping[str, str]) -> dict[str, str]:
    """An ENV instruction's NAME=value pairs; values see the variables set before it."""
    assignments = {}
    for word in shlex.split(value):
        name, equals, text = word.partition("=")
        assert equals, f"ENV {value!r}: use the NAME=value form"
        assignments[name] = substitute(text, env)
    return assignments


def image_environment(stages: list[Stage] | None = None) -> dict[str, str]:
    """The final image's ENV as a container sees it: the base image's PATH (roughly), then
    the Dockerfile's ENV lines in order."""
    env = {"PATH": "/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin"}
    for instruction in (stages or dockerfile_stages())[-1].all("ENV"):
        env.update(env_assignments(instruction.value, env))
    return env


def base_python_version(image: str) -> tuple[int, int] | None:
    """The Python minor version of an official python image tag, or None if not pinned to one."""
    match = re.fullmatch(r"(?:docker\.io/)?(?:library/)?python:(\d+)\.(\d+)(?:\.\d+)?-slim(?:-\w+)?", image)
    return (int(match[1]), int(match[2])) if match else None


# -- the build context ------------------------------------------------------------------------

def dockerignore_patterns(root: pathlib.Path = ROOT) -> list[str]:
    """The patterns of root/.dockerignore, read as Docker reads them (comments and blanks out)."""
    lines = (root / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]


def build_context(root: pathlib.Path = ROOT) -> set[str]:
    """Every path (files and folders, relative, with /) that .dockerignore lets into the build."""
    return set(docker.utils.exclude_paths(str(root), dockerignore_patterns(root)))


def write_build_context(destination: pathlib.Path, root: pathlib.Path = ROOT) -> int:
    """Unpack the build context Docker would send into destination; returns its size in bytes
    (the uncompressed archive, as the builder receives it)."""
    with docker.utils.tar(str(root), exclude=dockerignore_patterns(root)) as archive:
        size = len(archive.read())
        archive.seek(0)
        with tarfile.open(fileobj=archive) as unpacked:
            unpacked.extractall(destination, filter="tar")
    return size


# -- Compose: .env files and interpolation ----------------------------------------------------

_INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*)"
    r"|\{(?P<braced>[_a-z][_a-z0-9]*)(?:(?P<operator>:?[-+?])(?P<argument>[^}]*))?\})",
    re.IGNORECASE)


def interpolate(text: str, variables: Mapping[str, str]) -> str:
    """Compose's interpolation: $$, $NAME, ${NAME}, ${NAME:-default}, ${NAME-default},
    ${NAME:+other}, ${NAME+other}; an unset NAME gives "" (Compose warns). A `$` before
    anything else (a digit, say) stays as it is."""
    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["named"] or match["braced"]
        operator, argument = match["operator"] or "", interpolate(match["argument"] or "", variables)
        value = variables.get(name)
        if operator == ":-":
            return value if value else argument
        if operator == "-":
            return argument if value is None else value
        if operator == ":+":
            return argument if value else ""
        if operator == "+":
            return "" if value is None else argument
        assert not operator.endswith("?") or value, f"{name} is required: {argument}"
        return value or ""

    return _INTERPOLATION.sub(replace, text)


def example_env_file(password_hash: str, path: pathlib.Path = ROOT / ".env.example") -> str:
    """.env.example with every setting switched on and genpass's hash pasted in as it tells."""
    text = re.sub(r"^#([A-Z_]+=)", r"\1", path.read_text(), flags=re.MULTILINE)
    return re.sub(r"'\$2b\$12\$[^']*'", lambda _: f"'{password_hash}'", text)


def compose_environment(service: Mapping[str, object], variables: Mapping[str, str]) -> dict[str, str]:
    """The environment a compose service's container gets when the shell and .env hold variables."""
    environment = service["environment"]
    assert isinstance(environment, dict), "environment: as a mapping"
    return {name: interpolate(str(value), variables) for name, value in environment.items()}


def read_env_file(text: str, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """A .env file as Compose reads it: NAME=value lines, # comments, `export` allowed.

    'single quotes' keep the value exactly; "double quotes" take backslash escapes and then
    interpolate; an unquoted value ends at the line's end or at " #", is trimmed and is
    interpolated too, from the names above it and from environ (the shell's variables).
    """
    environ = environ or {}
    values: dict[str, str] = {}
    rest = text.lstrip("\ufeff")
    while True:
        rest = rest.lstrip()
        if not rest:
            return values
        if rest.startswith("#"):
            rest = rest.partition("\n")[2]
            continue
        rest = re.sub(r"^export\s+", "", rest)
        match = re.match(r"([A-Za-z0-9_.\-\[\]]+)[ \t]*([=:])[ \t]*", rest)
        assert match, f"not a NAME=value line: {rest.splitlines()[0]!r}"
        name, rest = match[1], rest[match.end():]
        if rest[:1] in ("'", '"'):
            quote, characters, index, escaped = rest[0], [], 1, False
            while index < len(rest) and (rest[index] != quote or escaped):
                if rest[index] == "\\" and not escaped:
                    escaped = True
                else:
                    characters.append(("\\" if escaped and rest[index] != quote else "") + rest[index])
                    escaped = False
                index += 1
            assert index < len(rest), f"{name}: unterminated quoted value"
            value = "".join(characters)
            if quote == '"':
                value = interpolate(value.encode().decode("unicode_escape"), {**values, **environ})
            values[name], rest = value, rest[index + 1:]
        else:
            line, _, rest = rest.partition("\n")
            values[name] = interpolate(line.partition(" #")[0].rstrip(), {**values, **environ})


# -- processes --------------------------------------------------------------------------------

def process_group(leader: int) -> dict[int, str]:
    """The processes of the group a server was started in (start_new_session): pid to
    command name, the leader (process 1 in a container) first."""
    found = {}
    for entry in sorted(pathlib.Path("/proc").iterdir(), key=lambda entry: entry.name != str(leader)):
        with contextlib.suppress(OSError, ValueError):
            if entry.name.isdigit() and os.getpgid(int(entry.name)) == leader:
                found[int(entry.name)] = (entry / "comm").read_text().strip()
    return found


# -- the image's Python -----------------------------------------------------------------------

def python_for(version: tuple[int, int]) -> tuple[str, str]:
    """An interpreter to stand in for the image's Python, and a sentence saying which.

    python3.X from the PATH when it runs; else pyenv's newest 3.X when pyenv has one; else
    the Python running the tests (a different minor version than the image's: said so).
    """
    name = f"python{version[0]}.{version[1]}"
    candidates = [shutil.which(name)]
    if shutil.which("pyenv"):
        latest = subprocess.run(["pyenv", "latest", f"{version[0]}.{version[1]}"],
                                capture_output=True, text=True)
        if latest.returncode == 0:
            prefix = subprocess.run(["pyenv", "prefix", latest.stdout.strip()], capture_output=True, text=True)
            candidates.append(str(pathlib.Path(prefix.stdout.strip()) / "bin" / name))
    for candidate in filter(None, candidates):
        works = subprocess.run([candidate, "-c", "import ensurepip, venv"], capture_output=True)
        if works.returncode == 0:
            return candidate, f"Python {version[0]}.{version[1]} as in the image ({candidate})"
    current = pathlib.Path(sys.base_prefix) / "bin" / f"python{sys.version_info[0]}.{sys.version_info[1]}"
    return str(current), (f"Python {sys.version_info[0]}.{sys.version_info[1]}, not the image's "
                          f"{version[0]}.{version[1]}: no {name} runs here")
