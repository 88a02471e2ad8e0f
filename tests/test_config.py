"""Config from environment variables: defaults, good values, and one clear error per bad one."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from simplelists.config import Config, ConfigError
from simplelists.notify_schedule import Timings


def test_defaults():
    config = Config.from_env({})
    assert config.port == 8080
    assert config.db_path == "simplelists.sqlite"
    assert config.show_lists is False
    assert config.sign_in_enabled is False
    assert isinstance(config.timezone, datetime.tzinfo)


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("TRUE", True), ("0", False),
                                             ("false", False), ("", False)])
def test_lists_flag(value, expected):
    assert Config.from_env({"SIMPLELISTS_LISTS": value}).show_lists is expected


def test_all_settings(password_hash):
    config = Config.from_env({
        "PORT": "9000", "SIMPLELISTS_DB": "/data/x.sqlite", "SIMPLELISTS_TIMEZONE": "Europe/London",
        "SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": password_hash,
    })
    assert (config.port, config.db_path, config.username) == (9000, "/data/x.sqlite", "family")
    assert config.timezone == zoneinfo.ZoneInfo("Europe/London")
    assert config.sign_in_enabled


@pytest.mark.parametrize("environ, variable", [
    ({"PORT": "eighty"}, "PORT"),
    ({"PORT": "70000"}, "PORT"),
    ({"PORT": "-1"}, "PORT"),
    ({"SIMPLELISTS_TIMEZONE": "Mars/Olympus"}, "SIMPLELISTS_TIMEZONE"),
    ({"SIMPLELISTS_TIMEZONE": "../../etc/passwd"}, "SIMPLELISTS_TIMEZONE"),
    ({"SIMPLELISTS_USERNAME": "family"}, "SIMPLELISTS_PASSHASH"),
    ({"SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": "hunter2"}, "SIMPLELISTS_PASSHASH"),
    ({"SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": "2b$12$abc"}, "SIMPLELISTS_PASSHASH"),
    ({"SIMPLELISTS_LISTS": "maybe"}, "SIMPLELISTS_LISTS"),
    ({"SIMPLELISTS_BACKUP_KEEP": "none"}, "SIMPLELISTS_BACKUP_KEEP"),
])
def test_bad_values_name_the_variable(environ, variable):
    with pytest.raises(ConfigError, match=variable):
        Config.from_env(environ)


def test_describe_never_shows_the_hash(password_hash):
    config = Config.from_env({"SIMPLELISTS_USERNAME": "family", "SIMPLELISTS_PASSHASH": password_hash})
    assert password_hash not in repr(config.describe())
    assert "family" in repr(config.describe())


def test_config_is_frozen():
    with pytest.raises(AttributeError):
        Config().port = 1  # type: ignore[misc]


def test_empty_variables_count_as_unset():
    config = Config.from_env({"PORT": "", "SIMPLELISTS_BACKUP_KEEP": " ", "SIMPLELISTS_DB": "",
                              "SIMPLELISTS_TIMEZONE": "", "SIMPLELISTS_USERNAME": ""})
    assert (config.port, config.backup_keep, config.db_path) == (8080, 10, "simplelists.sqlite")
    assert not config.sign_in_enabled


# -- off-site replication --------------------------------------------------------------------

KEYS = {"AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret"}


def test_replication_is_off_without_a_replica():
    assert Config.from_env({}).replica is None
    assert Config.from_env(KEYS).replica is None  # keys alone name no replica
    assert Config.from_env({}).describe()["replica"] == "off"


def test_a_bucket_from_fly_storage_create_names_an_s3_replica():
    config = Config.from_env({"BUCKET_NAME": "lists", "AWS_ENDPOINT_URL_S3": "https://fly.storage.tigris.dev",
                              "AWS_REGION": "auto", **KEYS})
    assert config.replica.url == "s3://lists/simplelists?endpoint=https%3A%2F%2Ffly.storage.tigris.dev&region=auto"
    assert config.replica.retention_days == 7
    assert config.describe()["replica"] == "s3://lists/simplelists"  # no keys, no query in the log
    assert Config.from_env({"BUCKET_NAME": "lists", **KEYS}).replica.url == "s3://lists/simplelists"


@pytest.mark.parametrize("url", ["s3://lists/simplelists?endpoint=http://192.168.1.10:9000", "file:///backups/lists"])
def test_a_replica_url_names_any_storage_and_wins_over_a_bucket(url):
    env = {"SIMPLELISTS_REPLICA_URL": url, "BUCKET_NAME": "other", "SIMPLELISTS_REPLICA_RETENTION_DAYS": "30", **KEYS}
    replica = Config.from_env(env).replica
    assert (replica.url, replica.retention_days) == (url, 30)


@pytest.mark.parametrize("environ, variable", [
    ({"BUCKET_NAME": "lists"}, "AWS_ACCESS_KEY_ID"),
    ({"BUCKET_NAME": "lists", "AWS_ACCESS_KEY_ID": "key"}, "AWS_SECRET_ACCESS_KEY"),
    ({"BUCKET_NAME": "Not a bucket!", **KEYS}, "BUCKET_NAME"),
    ({"BUCKET_NAME": "lists", "AWS_ENDPOINT_URL_S3": "fly.storage.tigris.dev", **KEYS}, "AWS_ENDPOINT_URL_S3"),
    ({"SIMPLELISTS_REPLICA_URL": "ftp://example.com/lists"}, "SIMPLELISTS_REPLICA_URL"),
    ({"SIMPLELISTS_REPLICA_URL": "s3:///no-bucket", **KEYS}, "SIMPLELISTS_REPLICA_URL"),
    ({"SIMPLELISTS_REPLICA_URL": "file://relative/folder"}, "SIMPLELISTS_REPLICA_URL"),
    ({"SIMPLELISTS_REPLICA_URL": "s3://lists/x"}, "AWS_ACCESS_KEY_ID"),
    ({"SIMPLELISTS_REPLICA_RETENTION_DAYS": "a week"}, "SIMPLELISTS_REPLICA_RETENTION_DAYS"),
    ({"SIMPLELISTS_REPLICA_RETENTION_DAYS": "0"}, "SIMPLELISTS_REPLICA_RETENTION_DAYS"),
    ({"BUCKET_NAME": "lists", "AWS_CA_BUNDLE": "/etc/ca.pem", **KEYS}, "AWS_CA_BUNDLE"),
])
def test_bad_replica_settings_name_the_variable(environ, variable):
    with pytest.raises(ConfigError, match=variable):
        Config.from_env(environ)


def test_notification_settings_have_their_defaults_and_take_fractions():
    assert Config.from_env({}).notify == Timings()
    assert not Config.from_env({}).notify_private
    config = Config.from_env({"SIMPLELISTS_NOTIFY_PRIVATE": "true", "SIMPLELISTS_NOTIFY_WINDOW": "0.25",
                              "SIMPLELISTS_NOTIFY_MAX_HOLD": "2", "SIMPLELISTS_NOTIFY_CAP": "3",
                              "SIMPLELISTS_NOTIFY_BACKOFF": "0.1", "SIMPLELISTS_NOTIFY_PAUSE_AFTER": "4",
                              "SIMPLELISTS_NOTIFY_TIMEOUT": "5"})
    assert config.notify_private
    assert config.notify == Timings(window=0.25, max_hold=2, cap=3, backoff=0.1, pause_after=4, send_timeout=5)


@pytest.mark.parametrize(("variable", "value"), [
    ("SIMPLELISTS_NOTIFY_PRIVATE", "maybe"), ("SIMPLELISTS_NOTIFY_WINDOW", "0"), ("SIMPLELISTS_NOTIFY_WINDOW", "-1"),
    ("SIMPLELISTS_NOTIFY_WINDOW", "nan"), ("SIMPLELISTS_NOTIFY_MAX_HOLD", "inf"), ("SIMPLELISTS_NOTIFY_CAP", "1.5"),
    ("SIMPLELISTS_NOTIFY_CAP", "0"), ("SIMPLELISTS_NOTIFY_BACKOFF", "soon"), ("SIMPLELISTS_NOTIFY_PAUSE_AFTER", "x"),
    ("SIMPLELISTS_NOTIFY_TIMEOUT", "1e9"),
])
def test_bad_notification_settings_name_the_variable(variable, value):
    with pytest.raises(ConfigError, match=variable):
        Config.from_env({variable: value})
