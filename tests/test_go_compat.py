"""A database made by the Go original opens unchanged, shows correctly and stays writable."""

from __future__ import annotations

import sqlite3

import pytest


# The Go original's schema, exactly as it creates it.
GO_SCHEMA = """
CREATE TABLE lists (
    id VARCHAR(10) PRIMARY KEY,
    time_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    name VARCHAR(255) NOT NULL,
    time_deleted TIMESTAMP
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    list_id INTEGER NOT NULL REFERENCES lists(id),
    time_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    description VARCHAR(255) NOT NULL,
    done BOOLEAN NOT NULL DEFAULT FALSE,
    time_deleted TIMESTAMP
);
CREATE INDEX items_list_id ON items(list_id);
CREATE TABLE sign_ins (
    id VARCHAR(64) PRIMARY KEY,
    time_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
"""

GO_DATA = """
INSERT INTO lists (id, time_created, name) VALUES
    ('bcdfghjklm', '2021-09-28T08:51:14.123456789Z', 'Groceries'),
    ('npqrstvwxz', '2021-10-02T19:05:01.5Z', 'Camping <gear>'),
    ('zyxwvtsrqp', '2021-09-01T10:00:00Z', 'Old stuff');
UPDATE lists SET time_deleted = '2021-09-30 10:00:00' WHERE id = 'zyxwvtsrqp';
INSERT INTO items (id, list_id, time_created, description, done) VALUES
    (1, 'bcdfghjklm', '2021-09-28 08:51:20', 'Milk', 1),
    (2, 'bcdfghjklm', '2021-09-28 08:51:25', 'Eggs', 0),
    (3, 'bcdfghjklm', '2021-09-28 08:51:30', 'Gone', 0),
    (4, 'npqrstvwxz', '2021-10-02 19:05:10', 'Tent', 0),
    (5, 'zyxwvtsrqp', '2021-09-01 10:00:05', 'Ancient', 0);
UPDATE items SET time_deleted = '2021-09-29 09:00:00' WHERE id = 3;
INSERT INTO sign_ins (id, time_created) VALUES ('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '2021-09-28 08:00:00');
"""

ORIGINAL_COLUMNS = {
    "lists": [("id", "VARCHAR(10)", 0, None, 1), ("time_created", "TIMESTAMP", 1, "CURRENT_TIMESTAMP", 0),
              ("name", "VARCHAR(255)", 1, None, 0), ("time_deleted", "TIMESTAMP", 0, None, 0)],
    "items": [("id", "INTEGER", 0, None, 1), ("list_id", "INTEGER", 1, None, 0),
              ("time_created", "TIMESTAMP", 1, "CURRENT_TIMESTAMP", 0), ("description", "VARCHAR(255)", 1, None, 0),
              ("done", "BOOLEAN", 1, "FALSE", 0), ("time_deleted", "TIMESTAMP", 0, None, 0)],
    "sign_ins": [("id", "VARCHAR(64)", 0, None, 1), ("time_created", "TIMESTAMP", 1, "CURRENT_TIMESTAMP", 0)],
}


@pytest.fixture
def go_database(db_path):
    connection = sqlite3.connect(db_path)
    connection.executescript(GO_SCHEMA + GO_DATA)
    connection.commit()
    connection.close()
    return db_path


@pytest.fixture
def go_app(go_database, config, make_test_app):
    return make_test_app(config)


def test_go_lists_show_on_home_newest_first_without_deleted(go_app):
    home = go_app.get("/")
    assert home.text.index("Camping &lt;gear&gt;") < home.text.index("Groceries")
    assert "Old stuff" not in home.text
    assert ">28 Sept</time>" in home.text  # British English, like the wording
    assert 'title="28 Sept 2021, 08:51:14"' in home.text
    assert ">2 Oct</time>" in home.text
    assert "1 of 2 done" in home.text


def test_go_list_page_keeps_bookmark_and_done_flags(go_app, visible_order):
    page = go_app.get("/lists/bcdfghjklm")
    assert "<h1>Groceries</h1>" in page.text
    assert "<del>Milk</del>" in page.text
    assert "Eggs" in page.text
    assert "Gone" not in visible_order(page)  # deleted (only suggested, as an earlier item)
    # Done items (Milk) are shown in their own section, after the items still to do.
    assert page.text.index(">Eggs</label>") < page.text.index("<h2>Done</h2>") < page.text.index("<del>Milk</del>")
    go_app.get("/lists/zyxwvtsrqp", status=404)


def test_go_database_stays_writable(go_app, go_database, add_item, press):
    page = add_item(go_app.get("/lists/bcdfghjklm"), "Bread")
    assert page.text.index("Eggs") < page.text.index("Bread")
    press(page, "Mark Eggs done")
    connection = sqlite3.connect(go_database)
    rows = connection.execute("SELECT id, list_id, description, done FROM items ORDER BY id").fetchall()
    assert rows[1] == (2, "bcdfghjklm", "Eggs", 1)
    assert rows[-1][1:] == ("bcdfghjklm", "Bread", 0)
    # Written the way the Go app writes them, so the Go app can read them back.
    created = connection.execute("SELECT time_created FROM items WHERE description = 'Bread'").fetchone()[0]
    assert len(created) == 19 and created[10] == " "


def test_new_lists_use_the_go_timestamp_format(go_app, go_database):
    form = go_app.get("/").forms["create-list"]
    form["name"] = "New"
    form.submit()
    connection = sqlite3.connect(go_database)
    created = connection.execute("SELECT time_created FROM lists WHERE name = 'New'").fetchone()[0]
    assert len(created) == 30 and created.endswith("Z") and created[10] == "T"
    # Sorting the home page by this column still puts the new list first.
    assert connection.execute("SELECT name FROM lists ORDER BY time_created DESC").fetchone()[0] == "New"


def test_original_columns_are_untouched_after_migration(go_app, go_database):
    connection = sqlite3.connect(go_database)
    for table, columns in ORIGINAL_COLUMNS.items():
        info = [(row[1], row[2], row[3], row[4], row[5]) for row in connection.execute(f"PRAGMA table_info({table})")]
        assert info[:len(columns)] == columns
        assert all(row[2] == 0 or row[3] is not None for row in info[len(columns):]), "added columns must be optional"
    assert connection.execute("PRAGMA user_version").fetchone()[0] >= 1
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("SELECT count(*) FROM items").fetchone()[0] == 5


def test_migration_is_idempotent(go_database, config, make_test_app):
    make_test_app(config)
    make_test_app(config)
    connection = sqlite3.connect(go_database)
    assert connection.execute("SELECT count(*) FROM lists").fetchone()[0] == 3


def test_earliest_go_schema_without_soft_deletes_is_upgraded(db_path, config, make_test_app):
    connection = sqlite3.connect(db_path)
    connection.executescript("""
        CREATE TABLE lists (id VARCHAR(10) NOT NULL PRIMARY KEY,
            time_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, name VARCHAR(255) NOT NULL);
        CREATE TABLE items (id INTEGER NOT NULL PRIMARY KEY, list_id INTEGER NOT NULL REFERENCES lists(id),
            time_created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, description VARCHAR(255) NOT NULL,
            done BOOLEAN NOT NULL DEFAULT FALSE);
        INSERT INTO lists (id, name) VALUES ('bcdfghjklm', 'Early');
        INSERT INTO items (list_id, description) VALUES ('bcdfghjklm', 'First item');
    """)
    connection.close()
    app = make_test_app(config)
    assert "First item" in app.get("/lists/bcdfghjklm").text


@pytest.mark.parametrize("stored, expected", [
    ("2021-09-28T08:51:14.123456789Z", "2021-09-28 08:51:14.123456"),
    ("2021-09-28T08:51:14Z", "2021-09-28 08:51:14.000000"),
    ("2021-09-28 08:51:14", "2021-09-28 08:51:14.000000"),
    ("2021-09-28 10:51:14+02:00", "2021-09-28 08:51:14.000000"),
    ("2021-09-28 08:51:14.5 +0000 UTC", "2021-09-28 08:51:14.500000"),
    (1632819074, "2021-09-28 08:51:14.000000"),
    ("garbage", "1970-01-01 00:00:00.000000"),
    (None, "1970-01-01 00:00:00.000000"),
])
def test_parse_timestamp_reads_every_form(stored, expected):
    from simplelists.timestamps import parse_timestamp
    assert parse_timestamp(stored).strftime("%Y-%m-%d %H:%M:%S.%f") == expected


def test_the_go_app_still_works_after_sections_and_suggestions(go_app, go_database, add_section, press,
                                                               visible_order):
    """The Go app's own statements, run on the file after this app added sections and
    history and put items into a section, with foreign keys on as strictly as any
    driver could: every one still works, and what the Go app adds shows with no section."""
    page = add_section(go_app.get("/lists/bcdfghjklm"), "Dairy")
    form = go_app.get("/lists/bcdfghjklm").forms["add-item"]
    form["description"] = "Butter"
    form["section-id"].select(text="Dairy")
    form.submit()
    connection = sqlite3.connect(go_database)
    connection.execute("PRAGMA foreign_keys = ON")
    with connection:
        connection.execute("INSERT INTO lists (id, name) VALUES ('gggggggggg', 'From Go')")
        connection.execute("INSERT INTO items (list_id, description) VALUES ('bcdfghjklm', 'Go cheese')")
        connection.execute("UPDATE items SET done = 1 WHERE list_id = 'bcdfghjklm' AND id = 2")
        rows = connection.execute("SELECT id, description, done FROM items WHERE list_id = 'bcdfghjklm' "
                                  "AND time_deleted IS NULL ORDER BY id").fetchall()
        assert [row[1] for row in rows] == ["Milk", "Eggs", "Butter", "Go cheese"]
        connection.execute("SELECT id, name, time_created FROM lists ORDER BY time_created DESC").fetchall()
        connection.execute("UPDATE lists SET time_deleted = CURRENT_TIMESTAMP WHERE id = 'npqrstvwxz'")
    page = go_app.get("/lists/bcdfghjklm")
    # No section first (where the Go app's item goes), then Dairy, then Done.
    assert visible_order(page) == ["Go cheese", "Butter", "Milk", "Eggs"]
    # The earliest Go app deletes items and lists outright: a list with sections and history too.
    with connection:
        connection.execute("DELETE FROM items WHERE list_id = 'bcdfghjklm' AND id = 1")
        connection.execute("DELETE FROM items WHERE list_id = 'bcdfghjklm'")
        connection.execute("DELETE FROM lists WHERE id = 'bcdfghjklm'")
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    connection.close()
    go_app.get("/lists/bcdfghjklm", status=404)
    # The next delete here tidies away what the Go app left behind.
    press(go_app.get("/lists/gggggggggg?delete=1"), "Delete list")
    connection = sqlite3.connect(go_database)
    for table in ("sections", "item_history"):
        assert connection.execute(f"SELECT count(*) FROM {table} WHERE list_id = 'bcdfghjklm'").fetchone()[0] == 0


def test_items_from_before_the_upgrade_are_suggested(go_app):
    page = go_app.get("/lists/bcdfghjklm")
    # Gone (deleted) was on the list once, Milk is done: both are offered, the newer first;
    # Eggs is open, so it is not.
    assert [option["value"] for option in page.html.find("datalist").find_all("option")] == ["Gone", "Milk"]
