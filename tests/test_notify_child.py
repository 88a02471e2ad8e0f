"""The sending process (python -m simplelists.notify_child) on real sockets: it delivers
through Apprise, refuses every connection to an address the rule does not allow (a
redirect from a public-looking service to this machine included), says why without the
URL's secrets, and keeps one bad destination from stopping the others."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from notify_receiver import Receiver

pytestmark = pytest.mark.slow


def run_child(messages, allow_private=False, env=None, timeout=60):
    done = subprocess.run([sys.executable, "-m", "simplelists.notify_child"],
                          input=json.dumps({"allow_private": allow_private, "messages": messages}),
                          capture_output=True, text=True, timeout=timeout, env={**os.environ, **(env or {})})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["results"]


@pytest.fixture
def receiver():
    started = Receiver().start()
    yield started
    started.stop()


def message(url, body="Mum added Milk to Groceries"):
    return {"url": url, "title": "Groceries", "body": body}


def test_a_message_is_delivered_and_a_private_address_refused(receiver):
    results = run_child([message(receiver.url), message(receiver.url + "?secret=abcdef", "second")],
                        allow_private=True)
    assert results == [{"ok": True, "error": ""}, {"ok": True, "error": ""}]
    assert receiver.received[0]["title"] == "Groceries"
    assert receiver.messages() == ["Mum added Milk to Groceries", "second"]
    (refused,) = run_child([message(receiver.url)])
    assert refused == {"ok": False, "error": "refused to connect to 127.0.0.1: not a public address"}
    assert len(receiver.received) == 2


@pytest.mark.parametrize("url", ["json://localhost:{port}/", "json://[::1]:{port}/", "json://169.254.169.254/",
                                 "json://2130706433:{port}/"])
def test_every_spelling_of_this_machine_is_refused_when_connecting(receiver, url):
    (result,) = run_child([message(url.format(port=receiver.port))])
    assert not result["ok"] and "refused to connect" in result["error"], result
    assert receiver.received == []


def test_a_failed_service_says_why_without_the_urls_secrets(receiver):
    receiver.status = 401
    (result,) = run_child([message(receiver.url + "/very-secret-path?token=hunter2hunter2")], allow_private=True)
    assert not result["ok"] and "401" in result["error"]
    assert "very-secret-path" not in result["error"] and "hunter2" not in result["error"]


def test_a_url_apprise_does_not_know_is_an_error_not_a_crash(receiver):
    results = run_child([message("nosuchservice://x/y"), message("json://a.example json://b.example"),
                         message(receiver.url)], allow_private=True)
    assert [result["ok"] for result in results] == [False, False, True]
    assert "Apprise does not recognise this URL" in results[0]["error"]


def test_a_redirect_to_a_private_address_is_refused_when_sending(tmp_path):
    """A service on 127.0.0.2, which this test's rule counts as public (as a public host
    would be), answers with a redirect to a receiver on 127.0.0.1: the receiver never
    hears a thing."""
    inside = Receiver("127.0.0.1").start()
    outside = Receiver("127.0.0.2", redirect_to=f"http://127.0.0.1:{inside.port}/hook").start()
    # The test's own rule, loaded into the sending process before it runs (no setting of
    # the app can do this): 127.0.0.2 counts as a public address.
    (tmp_path / "sitecustomize.py").write_text(textwrap.dedent("""
        from simplelists import network_rule
        _rule = network_rule.address_allowed
        network_rule.address_allowed = lambda address, allow_private=False: (
            address == "127.0.0.2" or _rule(address, allow_private))
    """))
    try:
        (result,) = run_child([message(outside.url)], env={"PYTHONPATH": str(tmp_path)})
    finally:
        inside.stop()
        outside.stop()
    assert not result["ok"]
    assert result["error"] == "refused to connect to 127.0.0.1: not a public address"
    assert inside.received == []
