"""The load generators: wrk (closed loop, maximum throughput) and hey (open loop at a
fixed rate), run on their own CPU, with their output turned into plain numbers."""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

# wrk's Lua done() hook prints one JSON line, so nothing depends on its human-readable
# summary (whose units change from us to ms to s with the numbers).
_WRK_SCRIPT = """
wrk.method = {method}
wrk.body = {body}
wrk.headers["Cookie"] = {cookie}
{content_type}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH-JSON {{\\"requests\\": %d, \\"duration_us\\": %d, \\"p50_us\\": %.1f, \\"p99_us\\": %.1f, " ..
    "\\"connect\\": %d, \\"read\\": %d, \\"write\\": %d, \\"status\\": %d, \\"timeout\\": %d}}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclasses.dataclass
class Target:
    """One thing to load: a URL, and for a POST its form body."""

    url: str
    cookie: str = ""
    method: str = "GET"
    form_body: str = ""


@dataclasses.dataclass
class Result:
    """What a load run measured. rps is achieved requests per second; errors counts
    failed connections, timeouts and any response that is not 2xx or 3xx."""

    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    bad_status: int  # the part of errors that are answers other than 2xx/3xx

    def as_dict(self) -> dict[str, float]:
        """The result as a JSON-ready dict."""
        return dataclasses.asdict(self)


def _lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid Lua string literal for ASCII text


def ensure_tools(install: bool = True) -> None:
    """Make sure wrk, hey and taskset are on PATH: installed with apt-get when running as
    root, else exit with the command that installs them."""
    missing = [tool for tool in ("wrk", "hey", "taskset") if shutil.which(tool) is None]
    if not missing:
        return
    packages = sorted({"util-linux" if tool == "taskset" else tool for tool in missing})
    command = ["apt-get", "install", "-y", "--no-install-recommends", *packages]
    if install and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"bench: installing {' '.join(packages)} with apt-get", file=sys.stderr)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if subprocess.run(command, env=env).returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, check=True)
            subprocess.run(command, env=env, check=True)
        return
    sys.exit(f"bench: the benchmark needs {', '.join(missing)}. Install with:\n"
             f"  sudo {' '.join(command)}")


def pinned(cpu: int | None, command: list[str]) -> list[str]:
    """The command run under taskset on one CPU (or as it is when cpu is None)."""
    return command if cpu is None else ["taskset", "-c", str(cpu), *command]


def wrk(target: Target, seconds: int, connections: int, cpu: int | None) -> Result:
    """Closed-loop maximum throughput with wrk (one thread, `connections` connections)."""
    content_type = ('wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"'
                    if target.method == "POST" else "")
    script = _WRK_SCRIPT.format(method=_lua_string(target.method), body=_lua_string(target.form_body),
                                cookie=_lua_string(target.cookie), content_type=content_type)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(script)
    try:
        command = pinned(cpu, ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
                               "-s", file.name, target.url])
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    finally:
        pathlib.Path(file.name).unlink()
    line = next((line for line in output.stdout.splitlines() if line.startswith("BENCH-JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed ({output.returncode}): {output.stdout}{output.stderr}")
    data = json.loads(line.removeprefix("BENCH-JSON "))
    errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
    seconds_taken = max(data["duration_us"], 1) / 1e6
    return Result(rps=data["requests"] / seconds_taken, p50_ms=data["p50_us"] / 1000,
                  p99_ms=data["p99_us"] / 1000, errors=errors, requests=data["requests"],
                  bad_status=data["status"])


_HEY_RPS = re.compile(r"Requests/sec:\s+([0-9.]+)")
_HEY_PERCENTILE = re.compile(r"(\d+)%+ in ([0-9.]+) secs")
_HEY_STATUS = re.compile(r"\[(\d{3})\]\s+(\d+) responses")
_HEY_ERROR = re.compile(r"^\s+\[(\d+)\]\s+\S", re.MULTILINE)


def hey(target: Target, seconds: int, rate: int, connections: int, cpu: int | None) -> Result:
    """Open-loop load at a fixed total rate with hey. hey's -q is per worker, so the
    rate is split evenly over the `connections` workers (rate = q * c)."""
    per_worker = rate / connections
    command = pinned(cpu, ["hey", "-z", f"{seconds}s", "-c", str(connections), "-q", f"{per_worker:g}",
                           "-t", "5", "-H", f"Cookie: {target.cookie}", target.url])
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    text = output.stdout
    rps = _HEY_RPS.search(text)
    if output.returncode != 0 or rps is None:
        raise RuntimeError(f"hey failed ({output.returncode}): {text}{output.stderr}")
    percentiles = {int(p): float(value) * 1000 for p, value in _HEY_PERCENTILE.findall(text)}
    statuses = {int(code): int(count) for code, count in _HEY_STATUS.findall(text)}
    error_part = text.split("Error distribution:", 1)[1] if "Error distribution:" in text else ""
    failures = sum(int(count) for count in _HEY_ERROR.findall(error_part))
    bad_statuses = sum(count for code, count in statuses.items() if not 200 <= code < 400)
    return Result(rps=float(rps.group(1)), p50_ms=percentiles.get(50, float("nan")),
                  p99_ms=percentiles.get(99, float("nan")), errors=failures + bad_statuses,
                  requests=sum(statuses.values()) + failures, bad_status=bad_statuses)
