"""The store's schema: named SQL migrations, applied in order by :class:`newsfuse.store.Store`.

Never edit a migration that has shipped; append a new one (a new name, the next number).
"""

from __future__ import annotations

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_initial",
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL UNIQUE,
            article_id TEXT NOT NULL,
            outlet TEXT NOT NULL,
            credit TEXT,
            title TEXT,
            date TEXT,
            url TEXT,
            text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '',
            dateline TEXT,
            byline TEXT,
            added_at TEXT NOT NULL
        );
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX stories_updated ON stories (updated_at DESC, id DESC);
        CREATE TABLE story_articles (
            story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            article_id INTEGER NOT NULL REFERENCES articles (id),
            position INTEGER NOT NULL,
            PRIMARY KEY (story_id, article_id)
        );
        CREATE INDEX story_articles_article ON story_articles (article_id);
        CREATE TABLE briefs (
            id INTEGER PRIMARY KEY,
            story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            json TEXT NOT NULL,
            settings_json TEXT NOT NULL,
            version TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX briefs_story ON briefs (story_id, id DESC);
        CREATE VIRTUAL TABLE articles_fts USING fts5 (
            title, text, content='articles', content_rowid='id'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.id, coalesce(old.title, ''), old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, coalesce(new.title, ''), new.text);
        END;
        """,
    ),
)
MIGRATIONS += (
    (
        "0002_story_version",
        """
        ALTER TABLE stories ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE briefs ADD COLUMN story_version INTEGER NOT NULL DEFAULT 0;
        """,
    ),
)
MIGRATIONS += (
    (
        "0003_added_at",
        """
        ALTER TABLE story_articles ADD COLUMN added_at TEXT NOT NULL DEFAULT '';
        UPDATE story_articles SET added_at = (SELECT created_at FROM stories WHERE stories.id = story_articles.story_id);
        """,
    ),
)
MIGRATIONS += (
    (
        "0004_feeds",
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            url TEXT NOT NULL UNIQUE,
            title TEXT,
            interval_seconds INTEGER NOT NULL,
            etag TEXT,
            last_modified TEXT,
            next_poll_at TEXT NOT NULL,
            last_polled_at TEXT,
            last_ok_at TEXT,
            failures INTEGER NOT NULL DEFAULT 0,
            last_status TEXT NOT NULL DEFAULT 'new'
                CHECK (last_status IN ('new', 'ok', 'not modified', 'error')),
            last_error TEXT,
            articles INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL
        );
        CREATE INDEX feeds_due ON feeds (next_poll_at);
        CREATE TABLE feed_entries (
            feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
            entry_key TEXT NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (feed_id, entry_key)
        ) WITHOUT ROWID;
        """,
    ),
)
MIGRATIONS += (
    (
        "0005_desk",
        """
        CREATE TABLE desk_articles (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            batch INTEGER NOT NULL,
            article_id INTEGER NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
            story_id INTEGER REFERENCES stories (id) ON DELETE SET NULL,
            cluster TEXT NOT NULL,
            duplicate_of INTEGER REFERENCES articles (id) ON DELETE SET NULL,
            wire TEXT,
            feed_id INTEGER,
            arrived_at TEXT NOT NULL
        );
        CREATE INDEX desk_articles_story ON desk_articles (story_id);
        CREATE INDEX desk_articles_batch ON desk_articles (batch);
        CREATE TABLE desk_clusters (
            cluster TEXT PRIMARY KEY,
            story_id INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
            merged_into TEXT
        );
        CREATE INDEX desk_clusters_story ON desk_clusters (story_id);
        CREATE TABLE desk_merged (
            story_id INTEGER PRIMARY KEY,
            into_story INTEGER NOT NULL
        );
        CREATE TABLE desk_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            upto_seq INTEGER NOT NULL,
            config TEXT NOT NULL,
            state BLOB NOT NULL,
            saved_at TEXT NOT NULL
        );
        CREATE TABLE desk_pending (
            story_id INTEGER PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
            since TEXT NOT NULL
        );
        CREATE INDEX articles_url ON articles (url);
        CREATE INDEX articles_article_id ON articles (article_id);
        """,
    ),
)
