"""The SQLite store against real files: WAL, migrations, dedup, FTS5 search, briefs, `brief --db`."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from newsfuse.briefing import make_brief
from newsfuse.errors import NotFoundError, StoreError
from newsfuse.model import Article
from newsfuse.readers import read_articles
from newsfuse.settings import Settings
from newsfuse.store import SCHEMA_VERSION, Store, fts_query
from newsfuse.migrations import MIGRATIONS

FAST = Settings(fast=True)


@pytest.fixture(scope="module")
def articles(example_dir):
    return read_articles([str(example_dir)], settings=FAST)


def test_new_store_is_wal_with_its_migrations(tmp_path):
    db = tmp_path / "s.db"
    Store(db).close()
    with sqlite3.connect(db) as con:
        assert con.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert con.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION
        names = [r[0] for r in con.execute("select name from migrations")]
        assert names[:3] == ["0001_initial", "0002_story_version", "0003_added_at"]
        assert names == [name for name, _sql in MIGRATIONS]
    Store(db).close()  # reopening applies nothing twice
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from migrations").fetchone()[0] == len(MIGRATIONS)


def test_newer_schema_is_refused_untouched(tmp_path):
    db = tmp_path / "new.db"
    Store(db).close()
    with sqlite3.connect(db) as con:
        con.execute(f"pragma user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        Store(db)
    with sqlite3.connect(db) as con:
        assert con.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_stories_round_trip_dedup_and_delete(tmp_path, articles):
    with Store(tmp_path / "s.db") as store:
        first = store.create_story(articles)
        second = store.create_story(articles[:2], title="Two reports")
        assert store.story_articles(first) == articles  # every field, in input order
        assert store.add_articles(second, articles[1:3]) == 1  # articles[1] is already in it
        assert store.get_story(second).article_count == 3
        assert [r.id for r in store.list_stories()] == [second, first]  # updated most recently first
        assert store.get_story(first).outlets[0] == articles[0].outlet
        con = store._con
        assert con.execute("select count(*) from articles").fetchone()[0] == len(articles)  # stored once
        assert store.delete_story(first) and not store.delete_story(first)
        with pytest.raises(NotFoundError):
            store.get_story(first)
        assert con.execute("select count(*) from articles").fetchone()[0] == 3  # orphans removed
        assert store.story_articles(second) == [articles[0], articles[1], articles[2]]


def test_search_is_full_text_and_any_string_is_safe(tmp_path, articles):
    with Store(tmp_path / "s.db") as store:
        sid = store.create_story(articles)
        assert [r.id for r in store.search("vigil")] == [sid]
        assert [r.id for r in store.search("GRAIN warehouse")] == [sid]
        assert store.search("zeppelin") == []
        for hostile in ['a" OR', "*", "NEAR(x y", "title:fire", "-", "'; drop table stories; --", ""]:
            store.search(hostile)  # never an FTS5 syntax error
        assert fts_query('a" OR *') == '"a" "OR"'


def test_brief_round_trip_with_settings_and_version(tmp_path, articles):
    brief = make_brief(articles[:3], FAST)
    with Store(tmp_path / "s.db") as store:
        sid = store.create_story(articles[:3])
        assert store.latest_brief(sid) is None
        store.save_brief(sid, brief, FAST)
        assert store.latest_brief(sid) == brief.to_dict()
        row = store._con.execute("select settings_json, version from briefs").fetchone()
        assert '"fast": true' in row[0] and row[1] == brief.meta.version


def test_failed_transaction_writes_nothing(tmp_path, articles):
    with Store(tmp_path / "s.db") as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.create_story(articles[:2])
                raise RuntimeError("boom")
        assert store.list_stories() == []


def test_brief_cli_stores_into_the_db(tmp_path, example_dir):
    db = tmp_path / "cli.db"
    done = subprocess.run([sys.executable, "-m", "newsfuse", "brief", "--fast", "--db", str(db), "-f", "json",
                           str(example_dir)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        (record,) = store.list_stories()
        assert record.article_count == 5 and store.latest_brief(record.id)["schema"] == "newsfuse.brief/1"


def test_a_failing_migration_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    import newsfuse.store as store_mod

    db = tmp_path / "m.db"
    Store(db).close()
    shipped = [name for name, _ in store_mod.MIGRATIONS]
    broken = store_mod.MIGRATIONS + (("9999_broken", "CREATE TABLE extra (x INTEGER);\nSELECT * FROM no_such_table;"),)
    monkeypatch.setattr(store_mod, "MIGRATIONS", broken)
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError):
        store_mod.Store(db)
    with sqlite3.connect(db) as con:  # the half of 9999 that ran was rolled back with its bookkeeping
        assert con.execute("pragma user_version").fetchone()[0] == len(shipped)
        assert con.execute("select count(*) from sqlite_master where name = 'extra'").fetchone()[0] == 0
        assert [r[0] for r in con.execute("select name from migrations")] == shipped


def test_a_reader_is_not_blocked_by_an_open_write(tmp_path, articles):
    db = tmp_path / "c.db"
    with Store(db) as writer, Store(db) as reader:
        done = writer.create_story(articles[:1])
        with writer.transaction():
            pending = writer.create_story(articles[1:3])  # joins the open transaction, not yet committed
            assert [r.id for r in reader.list_stories()] == [done]  # WAL: reads the last commit at once
            assert reader.search("warehouse") and all(r.id != pending for r in reader.list_stories())
        assert [r.id for r in reader.list_stories()] == [pending, done]


_WRITER = r"""
import sys
from newsfuse.model import Article
from newsfuse.store import Store
with Store(sys.argv[1]) as store:
    n = 0
    while True:
        arts = [Article(id=f"{n}-{i}", outlet=f"Outlet {i % 7}", text=f"story {n} report {i} " + "harbour " * 400)
                for i in range(60)]
        sid = store.create_story(arts, title=f"story {n}")
        print(sid, flush=True)
        n += 1
"""


def test_sigkill_mid_write_leaves_every_committed_story_whole(tmp_path):
    import os
    import signal

    db = tmp_path / "k.db"
    Store(db).close()
    child = subprocess.Popen([sys.executable, "-c", _WRITER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        committed = [int(child.stdout.readline()) for _ in range(4)]  # four stories are on disk
    finally:
        os.kill(child.pid, signal.SIGKILL)  # most of the child's time is inside a transaction
        child.wait(timeout=60)
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    with Store(db) as store:
        assert store._con.execute("pragma integrity_check").fetchone()[0] == "ok"
        records = {r.id: r for r in store.list_stories(limit=1000)}
        assert set(committed) <= set(records)
        assert all(r.article_count == 60 for r in records.values())  # no story half-written
        assert store._con.execute("select count(*) from articles").fetchone()[0] == 60 * len(records)
        store._con.execute("insert into articles_fts (articles_fts) values ('integrity-check')")  # FTS in step
        assert store.add_articles(committed[0], [Article(id="new", outlet="Late", text="after the crash")]) == 1


def test_unusable_paths_are_one_line_store_errors(tmp_path):
    not_db = tmp_path / "notes.db"
    not_db.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match=r"is not a newsfuse store \(file is not a database\)") as err:
        Store(not_db)
    assert "\n" not in str(err.value) and err.value.source == str(not_db)
    assert not_db.read_text().startswith("these are my notes")  # left untouched
    with pytest.raises(StoreError, match="folder does not exist"):
        Store(tmp_path / "no" / "such" / "s.db")
    store = Store(tmp_path / "ok.db")
    store.close()
    store.close()  # idempotent
    with pytest.raises(StoreError, match="closed"):
        store.list_stories()


def test_issue_14_a_stale_write_is_refused_and_max_articles_holds(tmp_path, articles):
    """Version check, limit and brief in one transaction (what the web app's retries rely on)."""
    from newsfuse.errors import ConflictError, NotFoundError, TooLargeError

    with Store(tmp_path / "v.db") as store:
        sid = store.create_story(articles[:2], brief={"sources": ["two"]})
        snap = store.snapshot(sid)
        assert snap.version == 1 and len(snap.articles) == 2
        assert store.add_articles(sid, articles[2:3], brief={"sources": ["three"]}, expected_version=1) == 1
        with pytest.raises(ConflictError, match="changed while"):  # computed from the version-1 snapshot
            store.add_articles(sid, articles[3:4], brief={"sources": ["stale"]}, expected_version=1)
        with pytest.raises(ConflictError):
            store.save_brief(sid, {"sources": ["stale"]}, story_version=1)
        assert store.latest_brief(sid) == {"sources": ["three"]} and store.snapshot(sid).version == 2
        with pytest.raises(TooLargeError, match="max_articles"):
            store.add_articles(sid, articles[3:5], brief={"sources": ["five"]}, max_articles=4)
        assert len(store.story_articles(sid)) == 3 and store.latest_brief(sid, current=True) == {"sources": ["three"]}
        assert store.add_articles(sid, articles[:1]) == 0 and store.snapshot(sid).version == 2  # nothing new
        store.add_articles(sid, articles[3:4])  # no brief given: the stored one is now stale
        assert store.latest_brief(sid, current=True) is None and store.latest_brief(sid) == {"sources": ["three"]}
        for bad in (0, -1, 2**63, 10**30):
            with pytest.raises(NotFoundError, match=f"no story {bad}") as err:
                store.get_story(bad)
            assert err.value.source is None  # no server path in the message
        assert store.list_stories(offset=2**70) == [] and store.delete_story(10**30) is False


def test_issue_14_search_offset(tmp_path, articles):
    with Store(tmp_path / "o.db") as store:
        ids = [store.create_story(articles[k:k + 1]) for k in range(3)]
        found = [r.id for r in store.search("warehouse", limit=10)]
        assert len(found) >= 2
        assert [r.id for r in store.search("warehouse", limit=1, offset=1)] == found[1:2]
        assert set(found) <= set(ids)


def test_issue_14_a_store_from_before_story_versions_is_upgraded(tmp_path, articles, monkeypatch):
    import newsfuse.store as store_mod

    db = tmp_path / "old.db"
    monkeypatch.setattr(store_mod, "MIGRATIONS", store_mod.MIGRATIONS[:1])
    monkeypatch.setattr(store_mod, "SCHEMA_VERSION", 1)
    with sqlite3.connect(db) as con:  # what newsfuse wrote before 0002: no version columns
        con.execute("pragma journal_mode = wal")
    old = Store(db)  # applies only 0001: MIGRATIONS is read when a store opens
    con = old._con
    con.execute("INSERT INTO stories (id, title, created_at, updated_at) VALUES (1, 'Old', 'x', 'x')")
    con.execute("INSERT INTO briefs (story_id, json, settings_json, version, created_at) VALUES (1, '{\"a\": 1}', '{}', '0', 'x')")
    old.close()
    monkeypatch.undo()
    with Store(db) as store:  # 0002 is applied: the old brief is the current one of version 0
        assert store._con.execute("pragma user_version").fetchone()[0] == SCHEMA_VERSION == len(store_mod.MIGRATIONS)
        assert store.snapshot(1).version == 0
        assert store.latest_brief(1, current=True) == {"a": 1}
        store.add_articles(1, articles[:1], expected_version=0)
        assert store.snapshot(1).version == 1 and store.latest_brief(1, current=True) is None


def test_issue_16_search_results_carry_a_snippet_around_the_match(tmp_path, articles):
    with Store(tmp_path / "s.db") as store:
        sid = store.create_story(articles)
        (hit,) = store.search("candlelight vigil")
        assert hit.id == sid
        matched = [text.lower() for text, is_match in hit.snippet if is_match]
        assert "vigil" in matched and "candlelight" in matched
        passage = "".join(text for text, _ in hit.snippet)
        assert any(passage.strip("\u2026 ").split()[0] in a.text for a in articles)
        assert len(passage.split()) <= 20
        assert store.list_stories()[0].snippet == ()  # a plain listing has none


def test_a_write_blocked_past_the_busy_timeout_is_a_busy_error_and_writes_nothing(tmp_path):
    from newsfuse.errors import StoreBusyError

    db = tmp_path / "busy.db"
    with Store(db) as store:
        store.create_story([Article(id="a1", outlet="Harbour Herald", text="The quay reopened on Monday after the fire.")])
        store._con_or_fail().execute("PRAGMA busy_timeout = 50")  # the test waits 50 ms, not 10 s
        other = sqlite3.connect(str(db), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            with pytest.raises(StoreBusyError, match="retry"):
                store.create_story([Article(id="a2", outlet="Bay Courier", text="Fire crews left the quay on Monday.")])
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert len(store.list_stories()) == 1
        store.create_story([Article(id="a2", outlet="Bay Courier", text="Fire crews left the quay on Monday.")])
        assert len(store.list_stories()) == 2
