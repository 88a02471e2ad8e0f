"""The one rule for where notifications may go (network_rule.py): every address that is
not public is refused, unless private ones are allowed, and cloud metadata never; the
hosts an Apprise URL names, its own and a second one in its query (mailto's smtp=)."""

from __future__ import annotations

import ipaddress
import socket

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simplelists import network_rule
from simplelists.network_rule import Refusal, address_allowed, check_url, url_hosts


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.0.0.2", "10.1.2.3", "172.16.0.1", "192.168.1.10", "169.254.169.254", "169.254.1.1",
    "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fe80::1%eth0", "fc00::1",
    "fd12:3456::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1", "ff02::1",
    "fd00:ec2::254", "198.18.0.1", "240.0.0.1", "not an address", "", "localhost",
])
def test_anything_not_public_is_refused_by_default(address: str) -> None:
    assert not address_allowed(address)


@pytest.mark.parametrize("address", ["1.1.1.1", "159.69.23.44", "2606:4700:4700::1111", "::ffff:1.1.1.1"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_allowed(address) and address_allowed(address, allow_private=True)


@pytest.mark.parametrize("address", ["127.0.0.1", "192.168.1.10", "10.0.0.5", "fd12::1", "fe80::1", "100.64.0.1"])
def test_private_addresses_are_allowed_with_the_setting(address: str) -> None:
    assert address_allowed(address, allow_private=True)


@pytest.mark.parametrize("address", ["169.254.169.254", "fd00:ec2::254", "169.254.170.2", "0.0.0.0", "::",
                                     "224.0.0.251", "::ffff:169.254.169.254"])
def test_metadata_multicast_and_unspecified_addresses_are_refused_even_with_the_setting(address: str) -> None:
    assert not address_allowed(address, allow_private=True)


@given(st.ip_addresses())
def test_allowed_by_default_means_global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    if address_allowed(str(ip)):
        carried = ip.ipv4_mapped or ip.sixtofour if isinstance(ip, ipaddress.IPv6Address) else None
        assert (carried or ip).is_global


@pytest.mark.parametrize(("url", "hosts"), [
    ("json://127.0.0.1:8080/path", ["127.0.0.1"]),
    ("json://[::1]:8080/", ["::1"]),
    ("ntfys://ntfy.sh/topic", ["ntfy.sh"]),
    ("ntfy://my-topic", []),  # a topic on ntfy.sh, not a host
    ("tgram://123456789:AAE-secret/987654", []),
    ("mailto://user:pass@gmail.com?smtp=smtp.internal.example&to=a@b.example", ["gmail.com", "smtp.internal.example"]),
    ("mailtos://user:pass@example.com?smtp=10.0.0.5:587", ["example.com", "10.0.0.5"]),
    ("json://localhost:9000/", ["localhost"]),
    ("hassio://ha.local/token", ["ha.local"]),
])
def test_the_hosts_a_url_names(url: str, hosts: list[str]) -> None:
    assert url_hosts(url) == hosts


def fake_dns(table: dict[str, list[str]]):
    def resolve(host, port, family=0, kind=0, *args):
        if host in table:
            return [(socket.AF_INET6 if ":" in a else socket.AF_INET, kind, 6, "", (a, 0)) for a in table[host]]
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known") from None
        return [(socket.AF_INET, kind, 6, "", (host, 0))]
    return resolve


DNS = fake_dns({"localhost": ["127.0.0.1", "::1"], "lists.example": ["192.168.1.20"],
                "ntfy.example": ["203.0.114.5", "10.0.0.1"], "push.example": ["93.184.215.14"]})


@pytest.mark.parametrize(("url", "refusal"), [
    ("json://127.0.0.1/", Refusal("127.0.0.1", "127.0.0.1")),
    ("json://169.254.169.254/latest/meta-data", Refusal("169.254.169.254", "169.254.169.254")),
    ("json://localhost:8080/", Refusal("localhost", "127.0.0.1")),
    ("json://lists.example/", Refusal("lists.example", "192.168.1.20")),
    ("ntfys://ntfy.example/topic", Refusal("ntfy.example", "10.0.0.1")),  # one private answer is enough
    ("mailtos://u:p@push.example?smtp=127.0.0.1", Refusal("127.0.0.1", "127.0.0.1")),
    ("json://[::ffff:127.0.0.1]/", Refusal("::ffff:127.0.0.1", "::ffff:127.0.0.1")),
])
def test_urls_naming_private_addresses_are_refused(url: str, refusal: Refusal) -> None:
    assert check_url(url, resolve=DNS) == refusal


@pytest.mark.parametrize("url", ["json://push.example/hook", "ntfy://topic", "tgram://123:abc/456",
                                 "json://unknown.example/", "ntfys://ntfy.sh/x"])
def test_public_or_unresolvable_urls_pass_the_save_check(url: str) -> None:
    assert check_url(url, resolve=DNS) is None


def test_the_setting_allows_private_but_never_metadata() -> None:
    assert check_url("json://lists.example/", allow_private=True, resolve=DNS) is None
    assert check_url("json://localhost:8080/", allow_private=True, resolve=DNS) is None
    assert check_url("json://169.254.169.254/", allow_private=True, resolve=DNS) is not None


def test_the_real_resolver_refuses_localhost() -> None:
    assert network_rule.check_url("json://localhost:8080/") is not None
