-- Authorized spokespeople: a person, the topics and channels they may speak on, for a time.
-- A change never overwrites: every state is kept in spokesperson_versions.
CREATE TABLE spokespeople (
    id           TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES people (id),
    topics       TEXT NOT NULL,
    channels     TEXT NOT NULL,
    valid_from   TEXT NOT NULL,
    valid_until  TEXT,
    approved_by  TEXT NOT NULL,
    note         TEXT NOT NULL
);

CREATE TABLE spokesperson_versions (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    spokesperson_id TEXT NOT NULL REFERENCES spokespeople (id),
    action          TEXT NOT NULL CHECK (action IN ('created', 'changed', 'ended')),
    at              TEXT NOT NULL,
    actor           TEXT NOT NULL,
    topics          TEXT NOT NULL,
    channels        TEXT NOT NULL,
    valid_from      TEXT NOT NULL,
    valid_until     TEXT,
    note            TEXT NOT NULL
);

-- Crisis mode switches, in order; the last row is the current state.
CREATE TABLE crisis_mode (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    active  INTEGER NOT NULL,
    reason  TEXT NOT NULL,
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL
);
