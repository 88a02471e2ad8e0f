"""The recipes of docs/phones.md for adding to a list from anywhere, tried word for word against
the real server: the curl commands are run (with their output compared), the Home
Assistant YAML is read and played the way Home Assistant plays it (its sentence trigger,
rest_command and templates, with Jinja2 like Home Assistant), and the iPhone and Android
shortcuts' settings are sent the way those apps send them. Only the example address and
token are replaced with the real ones, as a reader would."""

from __future__ import annotations

import http.client
import pathlib
import re
import shutil
import subprocess
import urllib.parse
import uuid
from collections.abc import Iterator

import jinja2
import pytest
import yaml

from e2e.e2e_server import Server, run_server
from simplelists import list_tokens
from simplelists.db import Database
from simplelists.lists import ListStore
from simplelists.list_tokens import TokenStore

pytestmark = pytest.mark.slow

GUIDE = (pathlib.Path(__file__).resolve().parent.parent / "docs" / "phones.md").read_text(encoding="utf-8")
EXAMPLE_SITE = "https://lists.example.org"


def section(heading: str) -> str:
    """The guide's text under the heading that contains these words, to the next heading."""
    match = re.search(rf"^(#+) [^\n]*{re.escape(heading)}[^\n]*\n(.*?)(?=^#{{1,4}} |\Z)", GUIDE, re.M | re.S)
    assert match, f"no section {heading!r} in docs/phones.md"
    return match.group(2)


def code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


class Reader:
    """Someone following the guide: a fresh list called Groceries on the real server,
    and its token from the Connect page."""

    def __init__(self, server: Server, list_id: str, token: str) -> None:
        self.server = server
        self.list_id = list_id
        self.token = token

    def fill_in(self, text: str) -> str:
        """The guide's words with the example address and token replaced by the real ones."""
        return text.replace(EXAMPLE_SITE, self.server.url).replace("LIST_ID", self.list_id).replace(
            "Bearer TOKEN", f"Bearer {self.token}")

    def send(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        parts = urllib.parse.urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.request(method, parts.path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8")
        finally:
            connection.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Database]]:
    folder = tmp_path_factory.mktemp("recipes")
    db = Database(str(folder / "simplelists.sqlite"))
    db.migrate()
    with run_server(folder, {}) as running:
        yield running, db
    db.close()


@pytest.fixture
def reader(server) -> Reader:
    running, db = server
    list_id = ListStore(db).create_list("Groceries")
    return Reader(running, list_id, TokenStore(db).create(list_id, list_tokens.API, "Recipe"))


def items_of(server, reader: Reader) -> list[str]:
    return [item.description for item in ListStore(server[1]).get_list(reader.list_id).items]


# -- curl ------------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_commands_do_what_the_readme_shows(reader, tmp_path):
    (block,) = code_blocks(section("curl, or any script"), "console")
    steps = re.findall(r"^\$ (.*)\n((?:(?!\$ ).*\n)*)", block, re.M)
    assert len(steps) >= 4
    for command, expected in steps:
        result = subprocess.run(["bash", "-c", reader.fill_in(command)], cwd=tmp_path, capture_output=True,
                                text=True, timeout=30)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        assert result.stdout == expected, command


# -- Home Assistant --------------------------------------------------------------------------

class HomeAssistantLoader(yaml.SafeLoader):
    """YAML as Home Assistant reads it: !secret NAME is the value of NAME in secrets.yaml."""

    secrets: dict[str, str] = {}


HomeAssistantLoader.add_constructor("!secret", lambda loader, node: loader.secrets[loader.construct_scalar(node)])


def render(template: str, **variables: object) -> str:
    """A Home Assistant template, rendered with Jinja2 as Home Assistant does."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(template).render(**variables)


def sentence_pattern(sentence: str) -> re.Pattern[str]:
    """A sentence trigger's template as Home Assistant matches it: {slot} takes any words
    (a wildcard), the rest must be said as written, in any case."""
    parts = re.split(r"\{(\w+)\}", sentence)
    pattern = "".join(re.escape(part) if index % 2 == 0 else rf"(?P<{part}>.+)" for index, part in enumerate(parts))
    return re.compile(pattern, re.I)


def test_home_assistant_adds_what_is_said_and_says_the_answer(reader, server):
    text = section('Home Assistant: "add milk')
    secrets_block, config_block = code_blocks(text, "yaml")
    HomeAssistantLoader.secrets = yaml.load(reader.fill_in(secrets_block), Loader=HomeAssistantLoader)
    config = yaml.load(reader.fill_in(config_block), Loader=HomeAssistantLoader)
    said, item, answer = re.search(r'"(Add (\w+) to the shopping list)" then adds "\2" and answers "([^"]+)"',
                                   text).groups()
    (automation,) = next(value for key, value in config.items() if key.startswith("automation"))
    (trigger,) = automation["triggers"]
    assert trigger["trigger"] == "conversation"
    matches = [m for m in (sentence_pattern(s).fullmatch(said) for s in trigger["command"]) if m]
    assert matches, f"no sentence of the trigger matches {said!r}"
    slots = matches[0].groupdict()
    assert slots == {"item": item}

    variables: dict[str, object] = {"trigger": {"slots": slots}}
    spoken = None
    for action in automation["actions"]:
        if "action" in action:
            domain, name = action["action"].split(".")
            assert domain == "rest_command"
            command = config["rest_command"][name]
            data = {key: render(value, **variables) for key, value in action["data"].items()}
            headers = {key: render(value, **data) for key, value in command["headers"].items()}
            headers["Content-Type"] = command["content_type"]
            status, content = reader.send(command["method"].upper(), render(command["url"], **data),
                                          render(command["payload"], **data).encode(), headers)
            variables[action["response_variable"]] = {"status": status, "content": content}
        else:
            spoken = render(action["set_conversation_response"], **variables).strip()
    assert spoken == answer
    assert items_of(server, reader) == [item]


# -- the shortcuts apps ----------------------------------------------------------------------

def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
                   for name, value in fields.items()) + f"--{boundary}--\r\n"
    return body.encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_the_siri_shortcut_adds_what_is_dictated_and_speaks_the_answer(reader, server, encoding):
    text = reader.fill_in(section("Siri shortcut"))
    steps = [text.index(f"**{action}**") for action in ("Dictate Text", "Get Contents of URL", "Speak Text")]
    assert steps == sorted(steps)
    url = re.search(r"with the URL `([^`]+)`", text).group(1)
    method = re.search(r"Method: `([A-Z]+)`", text).group(1)
    header, value = re.search(r"key `([^`]+)`, text `([^`]+)`", text).groups()
    field = re.search(r"Request Body: `Form`; add a field of type Text, key `([^`]+)`", text).group(1)
    answer = re.search(r'reads back the answer: "([^"]+)"', text).group(1)
    dictated = re.fullmatch(r"Added (.+) to Groceries\.", answer).group(1)
    # Shortcuts sends a Form body as a form (which of the two encodings is its business).
    if encoding == "urlencoded":
        body, content_type = urllib.parse.urlencode({field: dictated}).encode(), "application/x-www-form-urlencoded"
    else:
        body, content_type = multipart({field: dictated})
    status, spoken = reader.send(method, url, body, {header: value, "Content-Type": content_type})
    assert (status, spoken.strip()) == (201, answer)
    assert items_of(server, reader) == [dictated]


def test_the_android_shortcut_adds_what_is_typed_and_shows_the_answer(reader, server):
    text = reader.fill_in(section("HTTP Shortcuts"))
    method, url = re.search(r"Method `([A-Z]+)`, URL `([^`]+)`", text).groups()
    header, value = re.search(r"add the header `([^`]+)` with the value `([^`]+)`", text).groups()
    content_type = re.search(r"Request Body Type `Custom Text`, Content Type `([^`]+)`", text).group(1)
    assert re.search(r"the variable `item`.*of type `Text\s+Input` named `item`", text, re.S)
    answer = re.search(r'shows "([^"]+)"', text).group(1)
    typed = re.fullmatch(r"Added (.+) to Groceries\.", answer).group(1)
    status, shown = reader.send(method, url, typed.encode(), {header: value, "Content-Type": content_type})
    assert (status, shown.strip()) == (201, answer)
    assert items_of(server, reader) == [typed]
