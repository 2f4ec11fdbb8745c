-- The decision log: what was decided, never what was written. No draft text is stored; only a
-- keyed hash of the normalized draft, the rule ids and spans.
CREATE TABLE decisions (
    check_id      TEXT PRIMARY KEY,
    checked_at    TEXT NOT NULL,
    author_id     TEXT NOT NULL,
    pack_id       TEXT NOT NULL,
    pack_version  TEXT NOT NULL,
    decision      TEXT NOT NULL,
    text_hash     TEXT NOT NULL,
    -- JSON array of {ruleId, sectionId, category, severity, start, length}
    findings      TEXT NOT NULL
);

CREATE INDEX decisions_by_author ON decisions (author_id, checked_at);
CREATE INDEX decisions_by_time ON decisions (checked_at);
