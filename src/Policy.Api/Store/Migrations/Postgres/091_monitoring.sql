-- As SQLite migration 091: the watchlist, feeds, matched mentions, volume per term and hour, alerts.

-- A watched term (company, product, competitor, critic, crisis); crisis terms suggest crisis mode.
CREATE TABLE monitoring_terms (
    id          TEXT COLLATE "C" PRIMARY KEY,
    term        TEXT COLLATE "C" NOT NULL,
    category    TEXT COLLATE "C" NOT NULL,
    match_mode  TEXT COLLATE "C" NOT NULL,
    crisis      BIGINT NOT NULL,
    active      BIGINT NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL,
    created_by  TEXT COLLATE "C" NOT NULL
);

-- An Atom or RSS feed the built-in poller reads; the validators keep conditional GETs cheap.
CREATE TABLE monitoring_feeds (
    id              TEXT COLLATE "C" PRIMARY KEY,
    name            TEXT COLLATE "C" NOT NULL,
    url             TEXT COLLATE "C" NOT NULL,
    interval_s      BIGINT NOT NULL,
    active          BIGINT NOT NULL,
    created_at      TEXT COLLATE "C" NOT NULL,
    created_by      TEXT COLLATE "C" NOT NULL,
    next_poll_at    TEXT COLLATE "C" NOT NULL,
    last_polled_at  TEXT COLLATE "C",
    last_status     TEXT COLLATE "C",
    etag            TEXT COLLATE "C",
    last_modified   TEXT COLLATE "C"
);

-- A public mention that matched at least one term: where it is and who posted it (the handle an
-- alert needs to be acted on), never its text. key = SHA-256 of source and url (or entry id), so a
-- mention fed twice (a feed polled again) counts once. Deleted after the retention.
CREATE TABLE monitoring_mentions (
    key            TEXT COLLATE "C" PRIMARY KEY,
    source         TEXT COLLATE "C" NOT NULL,
    url            TEXT COLLATE "C" NOT NULL,
    author_handle  TEXT COLLATE "C" NOT NULL,
    published_at   TEXT COLLATE "C" NOT NULL,
    received_at    TEXT COLLATE "C" NOT NULL,
    term_ids       TEXT COLLATE "C" NOT NULL
);

CREATE INDEX monitoring_mentions_by_time ON monitoring_mentions (published_at);

-- Mentions per term and hour (hour = the UTC hour's start).
CREATE TABLE monitoring_volume (
    term_id  TEXT COLLATE "C" NOT NULL,
    hour     TEXT COLLATE "C" NOT NULL,
    count    BIGINT NOT NULL,
    PRIMARY KEY (term_id, hour)
);

CREATE INDEX monitoring_volume_by_hour ON monitoring_volume (hour);

-- A spike of a term: at most one per term and hour (and none within the cool-down of the last).
CREATE TABLE monitoring_alerts (
    id                TEXT COLLATE "C" PRIMARY KEY,
    term_id           TEXT COLLATE "C" NOT NULL,
    term              TEXT COLLATE "C" NOT NULL,
    category          TEXT COLLATE "C" NOT NULL,
    crisis            BIGINT NOT NULL,
    hour              TEXT COLLATE "C" NOT NULL,
    count             BIGINT NOT NULL,
    baseline          DOUBLE PRECISION NOT NULL,
    factor            DOUBLE PRECISION NOT NULL,
    raised_at         TEXT COLLATE "C" NOT NULL,
    suggest_crisis    BIGINT NOT NULL,
    samples           TEXT COLLATE "C" NOT NULL,
    acknowledged_at   TEXT COLLATE "C",
    acknowledged_by   TEXT COLLATE "C",
    UNIQUE (term_id, hour)
);

CREATE INDEX monitoring_alerts_by_time ON monitoring_alerts (raised_at);
