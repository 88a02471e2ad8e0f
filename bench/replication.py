#!/usr/bin/env python3
"""What off-site replication costs: `make bench` runs this after bench.py (results in
BENCHMARKS.md, between their own markers).

Simple Lists runs as deployed with a bucket: the Procfile's `simplelists serve` with the
secrets `fly storage create` sets, pointing at moto's S3 on 127.0.0.1 (tests/s3_server.py),
which counts every request it answers. One run measures:
- memory: RSS and PSS of Litestream and the web server together after bench.py's mixed load (the
  list of 20, every tenth request ticks an item, so Litestream has changes to send), and
  of Litestream alone;
- storage requests while idle, over IDLE_SECONDS once Litestream's follow-up work is done,
  scaled to an hour; and the same for Litestream's default level-0 retention check (every
  15 s), on the same database and bucket, for comparison;
- storage requests per change: one change alone, and BURST changes a second or two apart,
  counted until the follow-up work (the 30 s compaction, the checkpoint a minute later)
  is done;
- the recovery point: from a change's acknowledgement (the redirect after the form) to the
  answer to its upload, for each change of the burst; then a crash (SIGKILL of every
  process) that long after one more change, and the change looked for in a copy restored
  from the bucket.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import pathlib
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

from bench import (litestream_version, PASSWORD, REPO_DIR, USERNAME, Browser, Server, ensure_tools, free_port, procfile_command,
                   save, seed, server_env, wrk)

sys.path.insert(0, str(REPO_DIR / "tests"))
from s3_server import S3Server  # noqa: E402 (a helper of the tests, shared with them)

from simplelists import replication  # noqa: E402
from simplelists.config import Config  # noqa: E402

IDLE_SECONDS = 60
FOLLOW_UP_SECONDS = 65  # Litestream checkpoints a minute after a change, then compacts within 30 s
BURST = 10
DEFAULT_L0_CHECK = "l0-retention-check-interval: 1h"


class Counter:
    """Requests the S3 server answered since the last mark, by kind."""

    def __init__(self, s3: S3Server) -> None:
        self.s3 = s3
        self.mark = s3.count()

    def take(self) -> dict[str, int]:
        now = self.s3.count()
        taken = {kind: now.get(kind, 0) - self.mark.get(kind, 0) for kind in now}
        self.mark = now
        return {kind: count for kind, count in taken.items() if count}


def wait(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(min(1.0, deadline - time.monotonic()))


def add_item(port: int, cookie: str, list_id: str, text: str) -> float:
    """One change through the form, on a new connection (one kept idle for long may be
    closed); when its redirect came back (time.monotonic())."""
    browser = Browser(port)
    browser.cookies = dict(part.split("=", 1) for part in cookie.split("; "))
    browser.request("POST", "/add-item", {"list-id": list_id, "description": text})
    browser.connection.close()
    return time.monotonic()


def progress(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def upload_after(s3: S3Server, moment: float, timeout: float = 30) -> float:
    """Seconds from moment to the first answered upload of a level-0 file after it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for answered, path in list(s3.uploads):
            if answered >= moment and "/0000/" in path:
                return answered - moment
        time.sleep(0.005)
    sys.exit("bench: a change did not reach the bucket within 30 s")


def run(seconds: int) -> dict[str, object]:
    results: dict[str, object] = {}
    s3 = S3Server().start()
    with tempfile.TemporaryDirectory() as folder:
        workdir = pathlib.Path(folder)
        import bcrypt

        password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(10)).decode()
        bucket = s3.new_bucket()
        env = server_env(free_port(), SIMPLELISTS_DB=str(workdir / "app.sqlite"), SIMPLELISTS_USERNAME=USERNAME,
                         SIMPLELISTS_PASSHASH=password_hash, SIMPLELISTS_LISTS="1", SIMPLELISTS_TIMEZONE="UTC",
                         **s3.env(bucket))
        env.pop("AWS_CA_BUNDLE", None)  # Litestream's S3 client cannot use one (see config.py)
        server = Server("Simple Lists with Litestream", procfile_command(), env, REPO_DIR, workdir / "server.log")
        try:
            data = seed(server.port)
            list_id = data["list20"].rsplit("/", 1)[1]
            before = server.cpu_seconds()
            load = wrk(server.port, data["list20"], data["cookie"], seconds, data["tick"])
            results["load"] = {**load, "cpu_ms": (server.cpu_seconds() - before) * 1000 / max(load["requests"], 1)}
            rss, pss = server.memory_mb()
            litestream_pid = server.process.pid
            results["memory"] = {"rss_mb": rss, "pss_mb": pss,
                                 "litestream_rss_mb": _proc_mb(litestream_pid, "status", "VmRSS:"),
                                 "litestream_pss_mb": _proc_mb(litestream_pid, "smaps_rollup", "Pss:"),
                                 "processes": len(server.pids())}
            progress(f"load: {results['load']}, memory: {results['memory']}")

            counter = Counter(s3)
            wait(FOLLOW_UP_SECONDS)
            counter.take()
            wait(IDLE_SECONDS)
            results["idle"] = {"seconds": IDLE_SECONDS, "requests": counter.take()}

            progress(f"idle: {results['idle']}")
            add_item(server.port, data["cookie"], list_id, "One change alone")
            wait(FOLLOW_UP_SECONDS)
            results["one_change"] = {"requests": counter.take()}
            progress(f"one change: {results['one_change']}")

            gaps = []
            for number in range(BURST):
                acknowledged = add_item(server.port, data["cookie"], list_id, f"Burst {number + 1}")
                gaps.append(upload_after(s3, acknowledged))
                wait(1.0)
            wait(FOLLOW_UP_SECONDS)
            results["burst"] = {"changes": BURST, "requests": counter.take()}
            results["recovery_point"] = {"gaps_ms": [gap * 1000 for gap in gaps]}
            progress(f"burst: {results['burst']}, {results['recovery_point']}")

            crash_after = max(gaps) + 0.1
            acknowledged = add_item(server.port, data["cookie"], list_id, "Written just before the crash")
            while time.monotonic() < acknowledged + crash_after:
                time.sleep(0.005)
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait()
            config = Config.from_env(env)
            copy = workdir / "restored.sqlite"
            replication.restore_copy(config, env, str(copy))
            with contextlib.closing(sqlite3.connect(copy)) as database:
                kept = database.execute("SELECT count(*) FROM items WHERE description = ?",
                                        ("Written just before the crash",)).fetchone()[0] == 1
            results["crash"] = {"after_ms": crash_after * 1000, "kept": kept}

            results["idle_default"] = {"seconds": IDLE_SECONDS, "requests": idle_with_default_check(config, env, s3,
                                                                                                   workdir)}
        finally:
            server.stop()
            s3.stop()
    return results


def idle_with_default_check(config: Config, env: dict[str, str], s3: S3Server, workdir: pathlib.Path) -> dict[str, int]:
    """Litestream alone on the same database and bucket, with its default level-0 retention
    check: requests over IDLE_SECONDS, after a few seconds to settle in."""
    text = replication.LITESTREAM_CONFIG.read_text()
    assert DEFAULT_L0_CHECK in text, "simplelists/litestream.yml changed: update the comparison"
    default = workdir / "litestream-default.yml"
    default.write_text(text.replace(DEFAULT_L0_CHECK, ""))
    with open(workdir / "litestream-default.log", "wb") as log:
        process = subprocess.Popen([replication.executable("litestream"), "replicate", "-config", str(default)],
                                   env=replication.litestream_env(config, env), stdout=log, stderr=subprocess.STDOUT)
        try:
            wait(5)
            counter = Counter(s3)
            wait(IDLE_SECONDS)
            return counter.take()
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def _proc_mb(pid: int, name: str, key: str) -> float:
    with contextlib.suppress(OSError):
        for line in pathlib.Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(key):
                return float(line.split()[1]) / 1000
    return 0.0


def per_hour(requests: dict[str, int], seconds: float) -> str:
    total = sum(requests.values()) * 3600 / seconds
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(requests.items())) or "none"
    return f"{kinds} in {seconds:.0f} s: {total:,.0f} an hour at that rate"


def report(results: dict[str, object], seconds: int) -> str:
    memory, load = results["memory"], results["load"]
    gaps = results["recovery_point"]["gaps_ms"]
    one, burst = results["one_change"]["requests"], results["burst"]["requests"]
    crash = results["crash"]
    lines = [
        f"Run on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, Litestream "
        f"{litestream_version()}, moto's S3 on 127.0.0.1; server on CPU 0, load on CPU 1; sign-in on.",
        "",
        "| what | measured |",
        "| --- | --- |",
        f"| memory after {seconds} s of the mixed load ({load['rps']:,.0f} req/s, "
        f"{load['cpu_ms']:.2f} CPU ms/req, Litestream's included) | {memory['rss_mb']:.0f} MB RSS "
        f"({memory['pss_mb']:.0f} MB PSS), {memory['processes']} processes; Litestream alone "
        f"{memory['litestream_rss_mb']:.0f} MB RSS ({memory['litestream_pss_mb']:.0f} MB PSS) |",
        f"| storage requests, idle | {per_hour(results['idle']['requests'], results['idle']['seconds'])} "
        f"(the hourly level-0 check, 2 LIST, falls outside it) |",
        f"| the same, Litestream's default level-0 retention check (15 s) | "
        f"{per_hour(results['idle_default']['requests'], results['idle_default']['seconds'])} |",
        f"| storage requests for one change alone | {sum(one.values())} "
        f"({', '.join(f'{kind} {count}' for kind, count in sorted(one.items()))}) |",
        f"| storage requests per change, {results['burst']['changes']} a second or two apart | "
        f"{sum(burst.values()) / results['burst']['changes']:.1f} "
        f"({', '.join(f'{kind} {count}' for kind, count in sorted(burst.items()))} in all) |",
        f"| recovery point: acknowledgement to upload answered, {len(gaps)} changes | median "
        f"{statistics.median(gaps):.0f} ms, longest {max(gaps):.0f} ms |",
        f"| a crash (SIGKILL of every process) {crash['after_ms']:.0f} ms after a change | "
        f"{'the change is in the restored copy' if crash['kept'] else '**the change is lost**'} |",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of the load (default 10)")
    parser.add_argument("--write", action="store_true", help="put the results in BENCHMARKS.md")
    arguments = parser.parse_args()
    ensure_tools()
    results = run(arguments.seconds)
    text = report(results, arguments.seconds)
    print(text)
    save("replication", results, text, arguments.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
