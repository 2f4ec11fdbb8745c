-- Monitoring (issue 18, item 5): the watchlist, feeds HR has the API poll, mentions that matched
-- a term, volume per term and hour, and the alerts raised on a spike.

-- A watched term (company, product, competitor, critic, crisis); crisis terms suggest crisis mode.
CREATE TABLE monitoring_terms (
    id          TEXT PRIMARY KEY,
    term        TEXT NOT NULL,
    category    TEXT NOT NULL,
    match_mode  TEXT NOT NULL,
    crisis      INTEGER NOT NULL,
    active      INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

-- An Atom or RSS feed the built-in poller reads; the validators keep conditional GETs cheap.
CREATE TABLE monitoring_feeds (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    url             TEXT NOT NULL,
    interval_s      INTEGER NOT NULL,
    active          INTEGER NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    next_poll_at    TEXT NOT NULL,
    last_polled_at  TEXT,
    last_status     TEXT,
    etag            TEXT,
    last_modified   TEXT
);

-- A public mention that matched at least one term: where it is and who posted it (the handle an
-- alert needs to be acted on), never its text. key = SHA-256 of source and url (or entry id), so a
-- mention fed twice (a feed polled again) counts once. Deleted after the retention.
CREATE TABLE monitoring_mentions (
    key            TEXT PRIMARY KEY,
    source         TEXT NOT NULL,
    url            TEXT NOT NULL,
    author_handle  TEXT NOT NULL,
    published_at   TEXT NOT NULL,
    received_at    TEXT NOT NULL,
    term_ids       TEXT NOT NULL
);

CREATE INDEX monitoring_mentions_by_time ON monitoring_mentions (published_at);

-- Mentions per term and hour (hour = the UTC hour's start).
CREATE TABLE monitoring_volume (
    term_id  TEXT NOT NULL,
    hour     TEXT NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (term_id, hour)
);

CREATE INDEX monitoring_volume_by_hour ON monitoring_volume (hour);

-- A spike of a term: at most one per term and hour (and none within the cool-down of the last).
CREATE TABLE monitoring_alerts (
    id                TEXT PRIMARY KEY,
    term_id           TEXT NOT NULL,
    term              TEXT NOT NULL,
    category          TEXT NOT NULL,
    crisis            INTEGER NOT NULL,
    hour              TEXT NOT NULL,
    count             INTEGER NOT NULL,
    baseline          REAL NOT NULL,
    factor            REAL NOT NULL,
    raised_at         TEXT NOT NULL,
    suggest_crisis    INTEGER NOT NULL,
    samples           TEXT NOT NULL,
    acknowledged_at   TEXT,
    acknowledged_by   TEXT,
    UNIQUE (term_id, hour)
);

CREATE INDEX monitoring_alerts_by_time ON monitoring_alerts (raised_at);
