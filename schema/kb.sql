-- errkb knowledge base schema.
--
-- This file is a public interface: people query the KB with SQL, and other
-- tools read it.  Columns are only ever added, never renamed.  The schema
-- version is PRAGMA user_version; kbc refuses a KB whose version is newer
-- than its own and rebuilds one that is older.
--
-- Every table hangs off articles with ON DELETE CASCADE, so an incremental
-- rebuild drops a changed or deleted article with one DELETE.  Rows are
-- inserted in a fixed order (articles sorted by path, then document order),
-- so the same sources give a byte-identical file.

PRAGMA user_version = 5;
PRAGMA foreign_keys = ON;

-- The build that wrote the KB last: one row.  Every build that changes the
-- KB raises n by one (a full build over an existing KB too), and writes
-- the same number into the kb.idx it makes (kb.idx(5), header byte 60), so
-- a KB and an index of different builds are told apart; version 5.
CREATE TABLE generation (
    n           INTEGER NOT NULL
);

-- One Markdown file below DOCS_DIR.
CREATE TABLE articles (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,   -- relative to DOCS_DIR, '/'-separated
    key         TEXT NOT NULL,          -- path below the locale folder: links translations
    locale      TEXT NOT NULL,          -- 'en', 'sv', 'de', ... ('' when unknown)
    title       TEXT NOT NULL,          -- front matter title, else the first H1
    description TEXT NOT NULL,
    date        TEXT NOT NULL,          -- front matter ms.date or date, as written
    hash        TEXT NOT NULL,          -- hex digest of the file's bytes (incremental builds)
    size        INTEGER NOT NULL,       -- bytes
    url         TEXT                    -- the published page: front matter url or
                                        -- canonical_url, else --base-url + path; version 3
);
CREATE INDEX articles_key ON articles(key, locale);

-- Top-level YAML front matter keys, values as written (nested values flattened to text).
CREATE TABLE front_matter (
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    name        TEXT NOT NULL,
    value       TEXT NOT NULL,
    PRIMARY KEY (article_id, seq)
);

-- Every heading.  anchor is the explicit <a name|id="..."> when there is one,
-- else the GitHub-style slug (deduplicated with -1, -2 ... as GitHub does).
CREATE TABLE sections (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    parent_id   INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    level       INTEGER NOT NULL,       -- 1..6
    text        TEXT NOT NULL,          -- plain heading text
    anchor      TEXT NOT NULL,
    line        INTEGER NOT NULL        -- 1-based source line
);
CREATE INDEX sections_article ON sections(article_id);

-- One piece of error knowledge.  kind 'error' has at least a message or a
-- code; kind 'guide' is a troubleshooting section (steps, checklist) that
-- answers a described symptom.
CREATE TABLE entries (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    section_id  INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('error', 'guide')),
    anchor      TEXT NOT NULL,          -- the enclosing section's anchor
    line        INTEGER NOT NULL,
    col         INTEGER NOT NULL
);
CREATE INDEX entries_article ON entries(article_id);

-- The error text as users see it.  One entry may have several.
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX messages_entry ON messages(entry_id);

-- Error codes: as written ('0x1FC07', 'SalBitmapError', '34513') and
-- normalized for lookup (ASCII lower case, hex as 0x + lower-case digits).
CREATE TABLE codes (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    written     TEXT NOT NULL,
    norm        TEXT NOT NULL,
    form        TEXT NOT NULL           -- 'number', 'hex', 'http', 'symbol'
);
CREATE INDEX codes_norm ON codes(norm);
CREATE INDEX codes_entry ON codes(entry_id);

-- A fix: the causes that lead to the error and the actions that resolve it.
-- Either list may be empty (a table with no cause column).
CREATE TABLE fixes (
    id          INTEGER PRIMARY KEY,
    entry_id    INTEGER NOT NULL REFERENCES entries(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL
);
CREATE INDEX fixes_entry ON fixes(entry_id);

CREATE TABLE causes (
    id          INTEGER PRIMARY KEY,
    fix_id      INTEGER NOT NULL REFERENCES fixes(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX causes_fix ON causes(fix_id);

CREATE TABLE actions (
    id          INTEGER PRIMARY KEY,
    fix_id      INTEGER NOT NULL REFERENCES fixes(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX actions_fix ON actions(fix_id);

-- The sub-items of an action: the list nested under its item ("Allow
-- these URLs:" and the URLs), in order.  Lists nested deeper are folded
-- into their sub-item's text ("Proxy: host; port").  actions.text never
-- holds them.  Version 4.
CREATE TABLE action_items (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX action_items_action ON action_items(action_id);

-- Every block of text of every article, whatever it says: headings,
-- paragraphs, list items, table cells, and each line of a fence (long
-- paragraphs in pieces of whole sentences).  kbq searches them when no
-- entry answers, so that an error written in a shape kbc does not know
-- is still found in its section.  Version 3.  section_id is the section
-- a block belongs to: under a "Cause", "Solution" or "Symptom" sub-heading,
-- the error's section above it (compiler/passages.c).
CREATE TABLE passages (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    section_id  INTEGER REFERENCES sections(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('heading', 'paragraph', 'item', 'cell', 'fence')),
    line        INTEGER NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX passages_article ON passages(article_id);

-- Links found in entries and sections.  An intra-article link ('#anchor')
-- has target set to the anchor and resolved = 1 when the article has it.
CREATE TABLE links (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    entry_id    INTEGER REFERENCES entries(id) ON DELETE CASCADE,
    href        TEXT NOT NULL,
    text        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    target      TEXT,                   -- anchor of an intra-article link, else NULL
    resolved    INTEGER                 -- 1/0 for intra-article links, else NULL
);
CREATE INDEX links_article ON links(article_id);

-- What kbc said about each article, as printed (path:line:col: warning: ...).
CREATE TABLE diagnostics (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    line        INTEGER NOT NULL,
    col         INTEGER NOT NULL,
    severity    TEXT NOT NULL CHECK (severity IN ('warning', 'error')),
    name        TEXT NOT NULL,          -- the -W name: 'unknown-header', 'mojibake', ...
    text        TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT '' -- the source line it is about (200 bytes at most); version 2
);
CREATE INDEX diagnostics_article ON diagnostics(article_id);

-- Full-text search for people who query the KB with SQL:
--   SELECT rowid, bm25(fts) FROM fts WHERE fts MATCH 'vault credentials' ORDER BY 2;
-- One row per entry, rowid = entries.id: its messages, codes, causes and
-- actions (with their sub-items), and the section heading.  FTS5 tables take no foreign keys, so kbc
-- deletes these rows itself when it drops an article.
CREATE VIRTUAL TABLE fts USING fts5(
    messages, codes, causes, actions, section,
    tokenize = 'unicode61 remove_diacritics 2'
);
