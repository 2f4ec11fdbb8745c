-- Reviews, overrides, false-positive reports and the notification outbox (issue 18).

-- What routing needs of a warn or review check, kept with its decision row and deleted with it:
-- JSON {"topics":[...],"channel":"private" or the corporate handle,"crisis":bool,"overridable":bool}. Never text.
ALTER TABLE decisions ADD COLUMN route TEXT;

-- A request to approve a checked draft. The draft text is kept only with the author's consent,
-- encrypted (AES-GCM, key file beside the database), and deleted at text_delete_at.
CREATE TABLE reviews (
    id              TEXT PRIMARY KEY,
    check_id        TEXT NOT NULL UNIQUE,
    author_id       TEXT NOT NULL,
    text_hash       TEXT NOT NULL,
    pack_id         TEXT NOT NULL,
    pack_version    TEXT NOT NULL,
    decision        TEXT NOT NULL,
    findings        TEXT NOT NULL,
    topics          TEXT NOT NULL,
    channel         TEXT NOT NULL,
    route           TEXT NOT NULL,
    note            TEXT NOT NULL,
    state           TEXT NOT NULL,
    requested_at    TEXT NOT NULL,
    expires_at      TEXT NOT NULL,
    decided_at      TEXT,
    decided_by      TEXT,
    reason          TEXT,
    approved_hash   TEXT,
    approval_ref    TEXT UNIQUE,
    text_sealed     TEXT,
    edited_sealed   TEXT,
    text_delete_at  TEXT
);

CREATE INDEX reviews_by_author ON reviews (author_id, requested_at);
CREATE INDEX reviews_pending ON reviews (state, expires_at);
CREATE INDEX reviews_approved ON reviews (author_id, approved_hash);

-- Who a review was routed to (spokespeople or the crisis team); none means HR.
CREATE TABLE review_reviewers (
    review_id  TEXT NOT NULL,
    person_id  TEXT NOT NULL,
    PRIMARY KEY (review_id, person_id)
);

CREATE INDEX review_reviewers_by_person ON review_reviewers (person_id);

-- The author proceeded past a warn (or an overridable review) with a justification.
CREATE TABLE overrides (
    id             TEXT PRIMARY KEY,
    check_id       TEXT NOT NULL UNIQUE,
    author_id      TEXT NOT NULL,
    at             TEXT NOT NULL,
    pack_id        TEXT NOT NULL,
    pack_version   TEXT NOT NULL,
    decision       TEXT NOT NULL,
    rule_ids       TEXT NOT NULL,
    reason         TEXT NOT NULL,
    justification  TEXT NOT NULL
);

CREATE INDEX overrides_by_time ON overrides (at);

-- "This finding is wrong": per check and rule; the text only with consent, sealed like a review's.
CREATE TABLE false_positives (
    id              TEXT PRIMARY KEY,
    check_id        TEXT NOT NULL,
    rule_id         TEXT NOT NULL,
    author_id       TEXT NOT NULL,
    at              TEXT NOT NULL,
    pack_id         TEXT NOT NULL,
    pack_version    TEXT NOT NULL,
    comment         TEXT NOT NULL,
    text_sealed     TEXT,
    text_delete_at  TEXT,
    UNIQUE (check_id, rule_id)
);

CREATE INDEX false_positives_by_time ON false_positives (at);

-- Events for notifications, written in the same transaction as the change they announce; a
-- delivery worker (webhooks, e-mail) reads them in seq order and marks what it has handed on.
CREATE TABLE IF NOT EXISTS notification_outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT NOT NULL UNIQUE,
    event       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
