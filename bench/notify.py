#!/usr/bin/env python3
"""What notifications cost in memory: `make bench` runs this after replication.py (results
in BENCHMARKS.md, between their own markers).

Simple Lists runs as deployed on Fly with a bucket: the Procfile's `simplelists serve` with
Litestream replicating to moto's S3 on 127.0.0.1 (tests/s3_server.py), and notifications
on: a list with DESTINATIONS destinations pointed at a receiver on 127.0.0.1
(SIMPLELISTS_NOTIFY_PRIVATE=true, a short window). After bench.py's mixed load (the list
of 20, every tenth request a tick), ROUNDS bursts of changes each make the sender run one
sending process. Measured:
- the web worker's RSS and PSS before the first send and after the last (Apprise, about
  36 MB, would show there if the worker imported it);
- the sending process's peak RSS (VmHWM, read until it ends);
- the whole machine's peak while a sending process runs: RSS and PSS of every process
  (Litestream, the web server's main process and worker, the sending process) summed, sampled every
  few milliseconds.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import pathlib
import sys
import tempfile
import threading
import time

import bcrypt
from bench import (litestream_version, PASSWORD, REPO_DIR, USERNAME, Browser, Server, _proc_kb, ensure_tools, free_port,
                   procfile_command, save, seed, server_env, wrk)

sys.path.insert(0, str(REPO_DIR / "tests"))
from notify_receiver import Receiver  # noqa: E402 (a helper of the tests, shared with them)
from s3_server import S3Server  # noqa: E402

from simplelists import outbox  # noqa: E402
from simplelists.db import Database  # noqa: E402
from simplelists.destinations import DestinationStore  # noqa: E402

DESTINATIONS = 10
ROUNDS = 5
CHILD = "simplelists.notify_child"


def cmdline(pid: int) -> str:
    with contextlib.suppress(OSError):
        return pathlib.Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return ""


def parent(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        return int(pathlib.Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    return 0


def megabytes(pid: int) -> tuple[float, float]:
    """RSS and PSS of one process, in MB."""
    return _proc_kb(pid, "status", "VmRSS:") / 1000, _proc_kb(pid, "smaps_rollup", "Pss:") / 1000


class Sampler(threading.Thread):
    """Samples the server's process tree until stopped: the peak sums while a sending
    process was alive, and each sending process's peak RSS."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.running = True
        self.peak_rss = self.peak_pss = 0.0
        self.child_peaks: dict[int, float] = {}

    def run(self) -> None:
        while self.running:
            pids = self.server.pids()
            children = [pid for pid in pids if CHILD in cmdline(pid)]
            if children:
                sizes = [megabytes(pid) for pid in pids]
                self.peak_rss = max(self.peak_rss, sum(rss for rss, _ in sizes))
                self.peak_pss = max(self.peak_pss, sum(pss for _, pss in sizes))
                for pid in children:
                    peak = _proc_kb(pid, "status", "VmHWM:") / 1000
                    self.child_peaks[pid] = max(self.child_peaks.get(pid, 0.0), peak)
            time.sleep(0.003)


def web_worker(server: Server) -> int:
    """The web worker: of the web server's processes, the one whose parent is the server too."""
    pids = [pid for pid in server.pids()
            if "simplelists.web_server" in cmdline(pid) and "litestream" not in cmdline(pid)]
    return next(pid for pid in pids if parent(pid) in pids)


def run(seconds: int) -> dict[str, object]:
    results: dict[str, object] = {}
    s3 = S3Server().start()
    receiver = Receiver().start()
    with tempfile.TemporaryDirectory() as folder:
        workdir = pathlib.Path(folder)
        password_hash = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(10)).decode()
        env = server_env(free_port(), SIMPLELISTS_DB=str(workdir / "app.sqlite"), SIMPLELISTS_USERNAME=USERNAME,
                         SIMPLELISTS_PASSHASH=password_hash, SIMPLELISTS_LISTS="1", SIMPLELISTS_TIMEZONE="UTC",
                         SIMPLELISTS_NOTIFY_PRIVATE="true", SIMPLELISTS_NOTIFY_WINDOW="0.3",
                         SIMPLELISTS_NOTIFY_MAX_HOLD="1", SIMPLELISTS_NOTIFY_CAP="1000", **s3.env(s3.new_bucket()))
        env.pop("AWS_CA_BUNDLE", None)  # Litestream's S3 client cannot use one (see config.py)
        server = Server("Simple Lists with Litestream and notifications", procfile_command(), env, REPO_DIR,
                        workdir / "server.log")
        sampler = Sampler(server)
        try:
            data = seed(server.port)
            list_id = data["list20"].rsplit("/", 1)[1]
            db = Database(str(workdir / "app.sqlite"))
            for number in range(DESTINATIONS):
                DestinationStore(db).add(list_id, f"Phone {number + 1}", receiver.url, outbox.EVENTS, "", "en")
            db.close()
            wrk(server.port, data["list20"], data["cookie"], seconds, data["tick"])
            time.sleep(2)  # what the load's ticks queued is sent; then the worker as it stands
            worker = web_worker(server)
            before = megabytes(worker)
            received = len(receiver.received)
            sampler.start()
            browser = Browser(server.port)
            browser.cookies = dict(part.split("=", 1) for part in data["cookie"].split("; "))
            for round_number in range(ROUNDS):
                for word in ("Milk", "Eggs", "Bread", "Tea", "Jam"):
                    browser.request("POST", "/add-item", {"list-id": list_id, "description": f"{word} {round_number}"})
                deadline = time.monotonic() + 30
                while len(receiver.received) < received + DESTINATIONS * (round_number + 1):
                    if time.monotonic() > deadline:
                        sys.exit("bench: the notifications did not arrive within 30 s")
                    time.sleep(0.02)
            sampler.running = False
            sampler.join()
            after = megabytes(worker)
            results["memory"] = {
                "worker_before_rss_mb": before[0], "worker_before_pss_mb": before[1],
                "worker_after_rss_mb": after[0], "worker_after_pss_mb": after[1],
                "child_peak_rss_mb": max(sampler.child_peaks.values(), default=0.0),
                "children": len(sampler.child_peaks),
                "machine_peak_rss_mb": sampler.peak_rss, "machine_peak_pss_mb": sampler.peak_pss,
                "messages": len(receiver.received) - received,
            }
        finally:
            sampler.running = False
            server.stop()
            receiver.stop()
            s3.stop()
    return results


def report(results: dict[str, object]) -> str:
    memory = results["memory"]
    assert isinstance(memory, dict)
    return "\n".join([
        f"Run on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, Litestream {results['litestream']}, moto's S3 "
        f"on 127.0.0.1; {results['seconds']} s of the mixed load; sign-in on.",
        "",
        "| what | memory |",
        "| --- | --- |",
        f"| the web worker after the mixed load, before any send | {memory['worker_before_rss_mb']:.0f} MB RSS "
        f"({memory['worker_before_pss_mb']:.0f} MB PSS) |",
        f"| the web worker after {ROUNDS} bursts ({memory['messages']} messages to {DESTINATIONS} destinations, "
        f"{memory['children']} sending processes) | {memory['worker_after_rss_mb']:.0f} MB RSS "
        f"({memory['worker_after_pss_mb']:.0f} MB PSS) |",
        f"| a sending process (Apprise), at its peak | {memory['child_peak_rss_mb']:.0f} MB RSS |",
        f"| the whole machine while one sends (Litestream, the server's main process and worker, the sending process) "
        f"| {memory['machine_peak_rss_mb']:.0f} MB RSS ({memory['machine_peak_pss_mb']:.0f} MB PSS) |",
    ])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="length of the mixed load (default 10)")
    parser.add_argument("--write", action="store_true", help="put the results in BENCHMARKS.md")
    arguments = parser.parse_args()
    ensure_tools()
    results = run(arguments.seconds)
    results["seconds"] = arguments.seconds
    results["litestream"] = litestream_version()
    text = report(results)
    print(text)
    save("notify", results, text, arguments.write)
    return 0


if __name__ == "__main__":
    sys.exit(main())
