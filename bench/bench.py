#!/usr/bin/env python3
"""The Simple Lists benchmark: `make bench` (results in BENCHMARKS.md).

One run measures, side by side on one CPU (the server's), with the load coming from
another CPU:
- the ceiling: a hello-world WSGI app (bench/hello.py) on the same server and settings;
- Simple Lists started exactly as the Procfile starts it, seeded through its own forms
  (sign-in on, 50 lists on the home page, lists of 20 and of 500 items, a third done,
  and a second list of 20 with 10,000 earlier items in its history: added with "Add
  several", ticked and cleared, so they are both in its suggestions and in the trash);
- when SIMPLELISTS_GO_BINARY names a built binary of the Go original, that too, seeded
  the same way through its (identical) forms.
For each: requests/s with wrk (closed loop) on the home page, the list of 20, the list
of 20 with a long history (Simple Lists only: the Go original keeps none; then both lists
again, alternating, to compare them) and the list of 500; a mixed run on the list of 20 where every tenth request ticks or unticks an
item; what phones' Reminders and Tasks apps poll with (Simple Lists only, with a device
password: a sync-collection REPORT of the list of 500 when nothing changed, a PROPFIND
Depth 1 of the home with 50 lists, a calendar-multiget of 20 of the 500 items); a steady 500 requests/s with hey (achieved rate, p99, errors); the server's CPU
time per request; memory (RSS and PSS of all its processes) after the load; and the start,
from the Procfile's command and from the web server command it becomes, to the first page.

Ratios are taken within the run, so a busy machine shifts both sides alike.

The servers run on the Python of the venv running this script, or with --python on
another (a venv of its own is made for it in bench/out/python, with requirements.txt and
this checkout). What a page costs depends on how that Python was built: the image's (the
official python image) is built with profile-guided and link-time optimisation, as most
Linux distributions build theirs; pyenv's default build is not, and costs 15 to 20% more
CPU per page. Measure on a build like the image's, of the image's minor version.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import datetime
import http.client
import json
import os
import pathlib
import platform
import re
import shutil
import signal
import socket
import statistics
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Iterator

import bcrypt

from simplelists import replication

BENCH_DIR = pathlib.Path(__file__).resolve().parent
REPO_DIR = BENCH_DIR.parent
USERNAME, PASSWORD = "bench", "benchmark password"
WORDS = ["Milk", "Bread & butter", "Eggs", "Crème fraîche", "Apples", "Coffee", "Pasta", "Tomatoes",
         "Rice", "Cheese <mild>", "Bananas", "Yoghurt", "Olive oil", "Onions", "Tea", "Chocolate \"dark\""]
STEADY_RATE = 500
WARM_UP_SECONDS = 1
SERVER_CPU, LOAD_CPU = 0, 1

# wrk prints its summary for people; this Lua hook prints one JSON line instead. The
# request hook sends every tenth request as a POST of the form in `tick` (when set).
WRK_SCRIPT = """
local counter, ticks = 0, 0
wrk.headers["Cookie"] = %(cookie)s
wrk.headers["Accept-Language"] = %(language)s
request = function()
  counter = counter + 1
  if %(tick)s ~= "" and counter %% 10 == 0 then
    ticks = ticks + 1
    local body = %(tick)s .. ((ticks %% 2 == 1) and "&done=on" or "")
    return wrk.format("POST", "/update-done",
      {["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = %(cookie)s}, body)
  end
  return wrk.format("GET", %(path)s)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests": %%d, "seconds": %%f, "p99_ms": %%f, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""

# A CalDAV client's request, as a phone polls: method, body, Depth and HTTP Basic.
DAV_SCRIPT = """
wrk.method = %(method)s
wrk.body = %(body)s
wrk.headers["Authorization"] = %(auth)s
wrk.headers["Depth"] = %(depth)s
wrk.headers["Content-Type"] = "application/xml; charset=utf-8"
request = function()
  return wrk.format(nil, %(path)s)
end
""" + WRK_SCRIPT[WRK_SCRIPT.index("done = function"):]


# -- servers -----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server process pinned to the server CPU, with its process tree's CPU and memory."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], cwd: pathlib.Path,
                 log: pathlib.Path) -> None:
        self.name = name
        self.env = env
        self.port = int(env["PORT"])
        self.started = time.perf_counter()
        with open(log, "ab") as output:
            self.process = subprocess.Popen(["taskset", "-c", str(SERVER_CPU), *command], env=env, cwd=cwd,
                                            stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        self.start_seconds = self._wait_until_answering()

    def _wait_until_answering(self) -> float:
        deadline = self.started + 30
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"bench: {self.name} exited with {self.process.returncode}; see the log in bench/out/")
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/")
                if connection.getresponse().status == 200:
                    return time.perf_counter() - self.started
            time.sleep(0.01)
        sys.exit(f"bench: {self.name} did not answer within 30 s")

    def pids(self) -> list[int]:
        """The process and all its descendants (the server's main process and workers)."""
        parents = {}
        for entry in pathlib.Path("/proc").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        tree = [self.process.pid]
        for pid in tree:
            tree.extend(child for child, parent in parents.items() if parent == pid)
        return tree

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids():
            with contextlib.suppress(OSError):
                fields = pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def memory_mb(self) -> tuple[float, float]:
        """RSS and PSS summed over the processes, in MB. RSS counts pages the workers share
        with the main process once per process; PSS shares them out."""
        rss = pss = 0.0
        for pid in self.pids():
            rss += _proc_kb(pid, "status", "VmRSS:") / 1000
            pss += _proc_kb(pid, "smaps_rollup", "Pss:") / 1000
        return rss, pss

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _proc_kb(pid: int, name: str, key: str) -> float:
    with contextlib.suppress(OSError):
        for line in pathlib.Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(key):
                return float(line.split()[1])
    return 0.0


# The bin folder of the venv the servers run from: this script's own, or with --python the
# one made for that interpreter (python_venv).
server_bin = pathlib.Path(sys.executable).parent


def python_venv(interpreter: str) -> pathlib.Path:
    """The bin folder of a venv of the interpreter holding requirements.txt and this
    checkout (editable, so it serves the code as it is): bench/out/python, made again when
    it was made by another interpreter."""
    venv = BENCH_DIR / "out" / "python"
    made_by = venv / "made-by.txt"
    which = subprocess.run([interpreter, "-c", "import sys; print(sys.executable, sys.version)"],
                           capture_output=True, text=True)
    if which.returncode != 0:
        sys.exit(f"bench: --python {interpreter} does not run: {which.stderr.strip()}")
    if not made_by.exists() or made_by.read_text() != which.stdout:
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
        made_by.write_text(which.stdout)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "-r", str(REPO_DIR / "requirements.txt")], check=True)
    subprocess.run([*pip, "--no-deps", "-e", str(REPO_DIR)], check=True)
    return venv / "bin"


def server_python() -> str:
    """The servers' Python: its version and how it was built (as sys.version says)."""
    return subprocess.run([str(server_bin / "python"), "-c", "import sys; print(' '.join(sys.version.split()))"],
                          capture_output=True, text=True, check=True).stdout.strip()


def procfile_command() -> list[str]:
    line = next(line for line in (REPO_DIR / "Procfile").read_text().splitlines() if line.startswith("web:"))
    command = line.removeprefix("web:").split()
    return [str(server_bin / command[0]), *command[1:]]


def web_server_command() -> list[str]:
    """The web server command `simplelists serve` becomes (replication.web_server_command),
    in the servers' Python."""
    return [str(server_bin / "python"), "-m", replication.WEB_SERVER_MODULE]


def server_env(port: int, **settings: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("SIMPLELISTS_", "WEB_CONCURRENCY"))}
    env.update(PORT=str(port), **settings)
    return env


# -- seeding through the forms --------------------------------------------------------------

class Browser:
    """One keep-alive connection with a cookie jar; redirects are not followed."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def cookie(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": self.cookie()}
        body = None
        if form is not None:
            body = urllib.parse.urlencode({**form, "csrf-token": self.cookies.get("csrf-token", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0].strip('"')
        if method == "POST" and response.status not in (302, 303):
            sys.exit(f"bench: POST {path} answered {response.status}: {text[:300]}")
        return response.status, response.headers.get("Location", ""), text


HISTORY_ITEMS = 10_000
HISTORY_BATCH = 1_000  # the most "Add several" takes at once


def seed(port: int, lists: int = 50, history: bool = False) -> dict[str, object]:
    """Sign in, create the lists and fill them, as a family would; what the load needs.
    history: also a list of 20 with HISTORY_ITEMS earlier items (added, ticked, cleared), and
    what phones poll over CalDAV (seed_dav)."""
    browser = Browser(port)
    browser.request("GET", "/")
    browser.request("POST", "/sign-in", {"username": USERNAME, "password": PASSWORD, "return-url": "/"})

    def new_list(name: str) -> str:
        location = browser.request("POST", "/create-list", {"name": name})[1]
        return re.search(r"/lists/([a-z]+)", location).group(1)

    def fill(list_id: str, count: int) -> list[str]:
        for number in range(count):
            browser.request("POST", "/add-item", {"list-id": list_id,
                                                  "description": f"{WORDS[number % len(WORDS)]} {number + 1}"})
        page = browser.request("GET", f"/lists/{list_id}")[2]
        item_ids = list(dict.fromkeys(re.findall(r'name="item-id" value="(\d+)"', page)))
        for item_id in item_ids[::3]:
            browser.request("POST", "/update-done", {"list-id": list_id, "item-id": item_id, "done": "on"})
        return item_ids

    def add_history(list_id: str) -> None:
        for start in range(0, HISTORY_ITEMS, HISTORY_BATCH):
            lines = [f"{WORDS[number % len(WORDS)]} {number + 1}" for number in range(start, start + HISTORY_BATCH)]
            browser.request("POST", "/add-item", {"list-id": list_id, "several": "1", "description": "\n".join(lines)})
            page = browser.request("GET", f"/lists/{list_id}")[2]
            for item_id in dict.fromkeys(re.findall(r'name="item-id" value="(\d+)"', page)):
                browser.request("POST", "/update-done", {"list-id": list_id, "item-id": item_id, "done": "on"})
            browser.request("POST", "/clear-done", {"list-id": list_id})

    list_500, list_20 = new_list("Everything for the party"), new_list("Shopping")
    list_history = new_list("Weekly shop") if history else ""
    for number in range(lists - 3 if history else lists - 2):
        new_list(f"List {number + 1}")
    fill(list_500, 500)
    tick_item = fill(list_20, 20)[1]
    seeded = {"cookie": browser.cookie(), "token": browser.cookies["csrf-token"], "list20": f"/lists/{list_20}",
              "list500": f"/lists/{list_500}",
              "tick": f"csrf-token={browser.cookies['csrf-token']}&list-id={list_20}&item-id={tick_item}"}
    if history:
        add_history(list_history)
        fill(list_history, 20)  # the same 20 items as the list of 20, a third done
        seeded["history"] = f"/lists/{list_history}"
        seeded.update(seed_dav(browser, list_500))
    return seeded


def seed_dav(browser: Browser, list_id: str) -> dict[str, object]:
    """A device password for every list, made on its page as a family would, and what
    a phone polls with: the list of 500's sync token, and 20 of its items' addresses."""
    form = {"name": "Bench phone", "csrf-token": browser.cookies.get("csrf-token", "")}
    browser.connection.request("POST", "/create-device-password", urllib.parse.urlencode(form),
                               {"Cookie": browser.cookie(), "Content-Type": "application/x-www-form-urlencoded"})
    page = browser.connection.getresponse().read().decode("utf-8")
    secret = re.search(r'id="new-device-password" class="copy" value="([^"]+)"', page).group(1)
    auth = "Basic " + base64.b64encode(f"bench:{secret}".encode()).decode()
    collection = f"/dav/lists/{list_id}/"

    def dav(method: str, path: str, body: str, depth: str = "0") -> str:
        browser.connection.request(method, path, body.encode(), {"Authorization": auth, "Depth": depth,
                                                                 "Content-Type": "application/xml"})
        response = browser.connection.getresponse()
        text = response.read().decode("utf-8")
        if response.status != 207:
            sys.exit(f"bench: {method} {path} answered {response.status}: {text[:300]}")
        return text

    sync = '<d:sync-collection xmlns:d="DAV:"><d:sync-token>{}</d:sync-token><d:sync-level>1</d:sync-level>' \
           '<d:prop><d:getetag/></d:prop></d:sync-collection>'
    token = re.search(r"<d:sync-token>([^<]+)</d:sync-token>", dav("REPORT", collection, sync.format(""))).group(1)
    hrefs = re.findall(r"<d:href>([^<]+\.ics)</d:href>", dav("PROPFIND", collection, "", "1"))[200:220]
    multiget = ('<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/>'
                '<c:calendar-data/></d:prop>' + "".join(f"<d:href>{href}</d:href>" for href in hrefs)
                + "</c:calendar-multiget>")
    home = '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><d:displayname/>' \
           '<d:resourcetype/><cs:getctag/><d:sync-token/></d:prop></d:propfind>'
    return {"dav-sync": (collection, {"method": "REPORT", "body": sync.format(token), "depth": "0", "auth": auth}),
            "dav-home": ("/dav/lists/", {"method": "PROPFIND", "body": home, "depth": "1", "auth": auth}),
            "dav-multiget": (collection, {"method": "REPORT", "body": multiget, "depth": "1", "auth": auth})}


# -- load ------------------------------------------------------------------------------------

def wrk(port: int, path: str, cookie: str, seconds: int, tick: str = "", language: str = "en",
        dav: dict[str, str] | None = None) -> dict[str, float]:
    """Closed-loop throughput: one wrk thread, 16 connections. dav: a CalDAV request
    instead (method, body, depth, auth) on path."""
    if dav is not None:
        script = DAV_SCRIPT % {"path": json.dumps(path), **{key: json.dumps(value) for key, value in dav.items()}}
    else:
        script = WRK_SCRIPT % {"cookie": json.dumps(cookie), "path": json.dumps(path), "tick": json.dumps(tick),
                               "language": json.dumps(language)}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as file:
        file.write(script)
        file.flush()
        output = subprocess.run(["taskset", "-c", str(LOAD_CPU), "wrk", "-t1", "-c16", f"-d{seconds}s",
                                 "--timeout", "5s", "-s", file.name, f"http://127.0.0.1:{port}/"],
                                capture_output=True, text=True, timeout=seconds + 60)
    line = next((line for line in output.stdout.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        sys.exit(f"bench: wrk failed: {output.stdout}{output.stderr}")
    data = json.loads(line.removeprefix("BENCH "))
    return {"rps": data["requests"] / data["seconds"], "p99_ms": data["p99_ms"], "errors": data["errors"],
            "requests": data["requests"]}


def hey(port: int, path: str, cookie: str, seconds: int, rate: int) -> dict[str, float]:
    """Open-loop load at a steady rate: 10 hey workers of rate/10 each (hey's -q is per
    worker; many workers all tick at once and send bursts, not a steady rate)."""
    workers = 10
    output = subprocess.run(["taskset", "-c", str(LOAD_CPU), "hey", "-z", f"{seconds}s", "-c", str(workers),
                             "-q", f"{rate / workers:g}", "-t", "5", "-H", f"Cookie: {cookie}",
                             f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                            timeout=seconds + 60)
    text = output.stdout
    achieved = re.search(r"Requests/sec:\s+([0-9.]+)", text)
    if achieved is None:
        sys.exit(f"bench: hey failed: {text}{output.stderr}")
    p99 = re.search(r"99%+ in ([0-9.]+) secs", text)
    statuses = {int(code): int(count) for code, count in re.findall(r"\[(\d{3})\]\s+(\d+) responses", text)}
    failures = sum(int(count) for count in re.findall(r"^\s+\[(\d+)\]\s+\S", text.split("Error distribution:")[-1],
                                                        re.MULTILINE)) if "Error distribution:" in text else 0
    errors = failures + sum(count for code, count in statuses.items() if not 200 <= code < 400)
    return {"rps": float(achieved.group(1)), "p99_ms": float(p99.group(1)) * 1000 if p99 else float("nan"),
            "errors": errors}


def measure(server: Server, path: str, cookie: str, seconds: int, tick: str = "",
            language: str = "en", dav: dict[str, str] | None = None) -> dict[str, float]:
    """wrk against the server, with the server's CPU time per request beside it, after a
    second of the same requests unmeasured (what a first request does once, such as
    compiling the templates of a language not asked for before, is not a request's cost)."""
    wrk(server.port, path, cookie, WARM_UP_SECONDS, tick, language, dav)
    before = server.cpu_seconds()
    result = wrk(server.port, path, cookie, seconds, tick, language, dav)
    result["cpu_ms"] = (server.cpu_seconds() - before) * 1000 / max(result["requests"], 1)
    return result


# -- one run -----------------------------------------------------------------------------------

HISTORY_ROUNDS = 5  # the long-history comparison alternates the two pages this many times


PAGES = {"home": "Home page, 50 lists", "list20": "List of 20 items",
         "history": "List of 20 items with 10,000 earlier items", "list500": "List of 500 items",
         "mixed": "List of 20, every 10th request ticks", "german": "List of 20 items, in German",
         "dav-sync": "CalDAV: sync-collection of the list of 500, nothing changed",
         "dav-home": "CalDAV: PROPFIND Depth 1 of the home, 50 lists",
         "dav-multiget": "CalDAV: multiget of 20 items of the list of 500"}


def compare_history(server: Server, data: dict[str, str], seconds: int) -> dict[str, list[float]]:
    """The list of 20 and the same list with a long history, one after the other, in
    HISTORY_ROUNDS rounds: on a shared machine one run of each can differ by a third
    either way, so the report takes the median of each."""
    rounds: dict[str, list[float]] = {"plain_cpu_ms": [], "history_cpu_ms": [], "plain_rps": [], "history_rps": []}
    for _ in range(HISTORY_ROUNDS):
        for name, path in (("plain", data["list20"]), ("history", data["history"])):
            result = measure(server, path, data["cookie"], seconds)
            rounds[f"{name}_cpu_ms"].append(result["cpu_ms"])
            rounds[f"{name}_rps"].append(result["rps"])
    return rounds


def start_servers(workdir: pathlib.Path, go_binary: str) -> Iterator[Server]:
    """The ceiling, the app and (if given) the Go original, each with its own data."""
    password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(10)).decode()
    settings = {"SIMPLELISTS_USERNAME": USERNAME, "SIMPLELISTS_PASSHASH": password_hash,
                "SIMPLELISTS_LISTS": "1", "SIMPLELISTS_TIMEZONE": "UTC"}
    log = workdir / "servers.log"
    port = free_port()
    # The same server, with the same settings, as the Procfile's command becomes.
    hello = [*web_server_command(), "hello:app"]
    yield Server("hello-world", hello, server_env(port, PYTHONPATH=str(BENCH_DIR)), workdir, log)
    port = free_port()
    yield Server("Simple Lists", procfile_command(),
                 server_env(port, SIMPLELISTS_DB=str(workdir / "app.sqlite"), **settings), REPO_DIR, log)
    if go_binary:
        port = free_port()
        yield Server("Go original", [go_binary],
                     server_env(port, SIMPLELISTS_DB=str(workdir / "go.sqlite"), GOMAXPROCS="1", **settings),
                     workdir, log)


SERVER_STARTS = 3


def server_start(workdir: pathlib.Path, app: Server) -> float:
    """Seconds from starting the web server command that `simplelists serve` becomes to the
    first page, median of SERVER_STARTS starts on the app's data (its own server idle):
    the start without what the entry point does first (its settings check, or Litestream's
    restore with a replica)."""
    seconds = []
    for _ in range(SERVER_STARTS):
        env = {**app.env, "PORT": str(free_port())}
        server = Server("Simple Lists (server)", web_server_command(), env, REPO_DIR,
                        workdir / "servers.log")
        seconds.append(server.start_seconds)
        server.stop()
    return statistics.median(seconds)


def run(seconds: int, go_binary: str) -> dict[str, object]:
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        workdir = pathlib.Path(folder)
        servers = []
        try:
            for server in start_servers(workdir, go_binary):
                servers.append(server)
            ceiling = servers[0]
            seeded = {server.name: seed(server.port, history=server.name == "Simple Lists")
                      for server in servers[1:]}
            for server in servers[1:]:
                data = seeded[server.name]
                # Each page right after the ceiling, so both see the same machine.
                for page in PAGES:
                    if (page == "german" or page.startswith("dav-")) and server.name != "Simple Lists":
                        continue  # the Go original speaks English only, and no CalDAV
                    if page not in data and page not in ("home", "mixed", "german"):
                        continue  # the Go original keeps no history
                    reference = measure(ceiling, "/", "", seconds)
                    path = {"home": "/", "mixed": data["list20"], "german": data["list20"]}.get(page) or data[page]
                    dav = None
                    if page.startswith("dav-"):
                        path, dav = data[page]
                    result = measure(server, path, data["cookie"], seconds, data["tick"] if page == "mixed" else "",
                                     "de" if page == "german" else "en", dav)
                    result["ratio"] = result["rps"] / reference["rps"]
                    results[f"{server.name}/{page}"] = result
                if "history" in data:
                    results[f"{server.name}/history-rounds"] = compare_history(server, data, seconds)
                results[f"{server.name}/steady"] = hey(server.port, data["list20"], data["cookie"], seconds,
                                                       STEADY_RATE)
                rss, pss = server.memory_mb()
                results[f"{server.name}/memory"] = {"rss_mb": rss, "pss_mb": pss}
                results[f"{server.name}/start"] = {"seconds": server.start_seconds}
                if server.name == "Simple Lists":
                    results[f"{server.name}/server-start"] = {"seconds": server_start(workdir, server)}
            results["hello-world/ok"] = measure(ceiling, "/", "", seconds)
        finally:
            for server in servers:
                server.stop()
    return results


# -- the report ------------------------------------------------------------------------------

def report(results: dict[str, object], seconds: int) -> str:
    names = [name for name in ("Simple Lists", "Go original") if f"{name}/home" in results]
    lines = [
        f"Run on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC: {_cpu_name()}, "
        f"{os.cpu_count()} CPUs; the servers' Python {results['python']}, SQLite {sqlite3.sqlite_version}. "
        f"Servers on CPU {SERVER_CPU}, load on CPU {LOAD_CPU}; {seconds} s per step; sign-in on.",
        "",
        "| page | " + " | ".join(f"{name}: req/s (× hello-world), CPU ms/req, p99" for name in names) + " |",
        "| --- | " + " | ".join("---" for _ in names) + " |",
    ]
    for page, label in PAGES.items():
        cells = []
        for name in names:
            result = results.get(f"{name}/{page}")
            if result is None:
                cells.append("—")
                continue
            errors = f", **{result['errors']} errors**" if result["errors"] else ""
            cells.append(f"{result['rps']:,.0f} ({result['ratio']:.2f}×), {result['cpu_ms']:.2f} ms, "
                         f"{result['p99_ms']:.1f} ms{errors}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    ceiling = results["hello-world/ok"]
    lines.append(f"| hello-world on the same server | {ceiling['rps']:,.0f}, {ceiling['cpu_ms']:.2f} ms, "
                 f"{ceiling['p99_ms']:.1f} ms |" + " |" * (len(names) - 1))
    rounds = results.get("Simple Lists/history-rounds")
    if rounds:
        cpu = {name: statistics.median(rounds[f"{name}_cpu_ms"]) for name in ("plain", "history")}
        rps = {name: statistics.median(rounds[f"{name}_rps"]) for name in ("plain", "history")}
        lines += ["", f"The list of 20 with {HISTORY_ITEMS:,} earlier items against the same list without, "
                      f"medians of {HISTORY_ROUNDS} alternating runs: {cpu['history']:.2f} against "
                      f"{cpu['plain']:.2f} CPU ms per request ({cpu['history'] / cpu['plain'] - 1:+.0%}); "
                      f"{rps['history']:,.0f} against {rps['plain']:,.0f} requests/s "
                      f"({rps['history'] / rps['plain'] - 1:+.0%})."]
    lines += ["", f"| steady {STEADY_RATE} req/s on the list of 20, memory, start | "
              + " | ".join(names) + " |", "| --- | " + " | ".join("---" for _ in names) + " |"]
    rows = {"achieved": [], "p99": [], "errors": [], "memory": [], "start": []}
    for name in names:
        steady, memory = results[f"{name}/steady"], results[f"{name}/memory"]
        rows["achieved"].append(f"{steady['rps']:,.0f} req/s")
        rows["p99"].append(f"{steady['p99_ms']:.1f} ms")
        rows["errors"].append(str(steady["errors"]))
        rows["memory"].append(f"{memory['rss_mb']:.0f} MB RSS ({memory['pss_mb']:.0f} MB PSS)")
        own = results.get(f"{name}/server-start")
        rows["start"].append(f"{results[f'{name}/start']['seconds']:.2f} s to the first page"
                             + (f" (the server's own command: {own['seconds']:.2f} s)" if own else ""))
    for label, cells in rows.items():
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cpu_name() -> str:
    with contextlib.suppress(OSError):
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def litestream_version() -> str:
    """What `litestream version` prints (the replication and notification runs name it)."""
    return subprocess.run([replication.executable("litestream"), "version"], capture_output=True, text=True,
                          timeout=30).stdout.strip()


def ensure_tools() -> None:
    """wrk, hey and taskset: installed with apt-get when run as root, else say how."""
    missing = [tool for tool in ("wrk", "hey", "taskset") if shutil.which(tool) is None]
    if not missing:
        return
    packages = ["util-linux" if tool == "taskset" else tool for tool in missing]
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], env=env, check=True)
        return
    sys.exit(f"bench: needs {', '.join(missing)}: sudo apt-get install {' '.join(packages)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of each step (default 10)")
    parser.add_argument("--write", action="store_true", help="put the results in BENCHMARKS.md")
    parser.add_argument("--python", metavar="INTERPRETER",
                        help="run the servers on this Python (default: the one running this script)")
    arguments = parser.parse_args()
    if len(os.sched_getaffinity(0)) < 2:
        sys.exit("bench: needs two CPUs, one for the servers and one for the load")
    ensure_tools()
    global server_bin
    if arguments.python:
        server_bin = python_venv(arguments.python)
    # The package's modules compiled to bytecode first, by the servers' Python, as `pip
    # install` leaves them in the image: a source checkout (and any start with
    # PYTHONDONTWRITEBYTECODE set) would otherwise compile every module at each start, and
    # time that.
    subprocess.run([str(server_bin / "python"), "-m", "compileall", "-q", str(REPO_DIR / "simplelists")], check=True)
    go_binary = os.environ.get("SIMPLELISTS_GO_BINARY", "")
    results = {"python": server_python(), **run(arguments.seconds, go_binary)}
    text = report(results, arguments.seconds)
    print(text)
    save("results", results, text, arguments.write)
    return 0


def save(name: str, results: dict[str, object], text: str, write: bool) -> None:
    """Keep the raw results in bench/out/<name>.json; with write, put text in BENCHMARKS.md
    between its <!-- name: start --> and <!-- name: end --> markers."""
    out = BENCH_DIR / "out"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(results, indent=2))
    if write:
        path = REPO_DIR / "BENCHMARKS.md"
        start, end = f"<!-- {name}: start -->", f"<!-- {name}: end -->"
        before, found, rest = path.read_text().partition(start)
        if not found:
            sys.exit(f"bench: BENCHMARKS.md has no {start} marker")
        _, _, after = rest.partition(end)
        path.write_text(f"{before}{start}\n{text}\n{end}{after}")


if __name__ == "__main__":
    sys.exit(main())
