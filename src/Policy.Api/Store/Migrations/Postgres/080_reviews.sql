-- As SQLite migration 080: reviews, overrides, false-positive reports and the notification outbox (issue 18).

-- What routing needs of a warn or review check, kept with its decision row and deleted with it:
-- JSON {"topics":[...],"channel":"private" or the corporate handle,"crisis":bool,"overridable":bool}. Never text.
ALTER TABLE decisions ADD COLUMN route TEXT COLLATE "C";

-- A request to approve a checked draft. The draft text is kept only with the author's consent,
-- encrypted (AES-GCM, key file beside the database), and deleted at text_delete_at.
CREATE TABLE reviews (
    id              TEXT COLLATE "C" PRIMARY KEY,
    check_id        TEXT COLLATE "C" NOT NULL UNIQUE,
    author_id       TEXT COLLATE "C" NOT NULL,
    text_hash       TEXT COLLATE "C" NOT NULL,
    pack_id         TEXT COLLATE "C" NOT NULL,
    pack_version    TEXT COLLATE "C" NOT NULL,
    decision        TEXT COLLATE "C" NOT NULL,
    findings        TEXT COLLATE "C" NOT NULL,
    topics          TEXT COLLATE "C" NOT NULL,
    channel         TEXT COLLATE "C" NOT NULL,
    route           TEXT COLLATE "C" NOT NULL,
    note            TEXT COLLATE "C" NOT NULL,
    state           TEXT COLLATE "C" NOT NULL,
    requested_at    TEXT COLLATE "C" NOT NULL,
    expires_at      TEXT COLLATE "C" NOT NULL,
    decided_at      TEXT COLLATE "C",
    decided_by      TEXT COLLATE "C",
    reason          TEXT COLLATE "C",
    approved_hash   TEXT COLLATE "C",
    approval_ref    TEXT COLLATE "C" UNIQUE,
    text_sealed     TEXT COLLATE "C",
    edited_sealed   TEXT COLLATE "C",
    text_delete_at  TEXT COLLATE "C"
);

CREATE INDEX reviews_by_author ON reviews (author_id, requested_at);
CREATE INDEX reviews_pending ON reviews (state, expires_at);
CREATE INDEX reviews_approved ON reviews (author_id, approved_hash);

-- Who a review was routed to (spokespeople or the crisis team); none means HR.
CREATE TABLE review_reviewers (
    review_id  TEXT COLLATE "C" NOT NULL,
    person_id  TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (review_id, person_id)
);

CREATE INDEX review_reviewers_by_person ON review_reviewers (person_id);

-- The author proceeded past a warn (or an overridable review) with a justification.
CREATE TABLE overrides (
    id             TEXT COLLATE "C" PRIMARY KEY,
    check_id       TEXT COLLATE "C" NOT NULL UNIQUE,
    author_id      TEXT COLLATE "C" NOT NULL,
    at             TEXT COLLATE "C" NOT NULL,
    pack_id        TEXT COLLATE "C" NOT NULL,
    pack_version   TEXT COLLATE "C" NOT NULL,
    decision       TEXT COLLATE "C" NOT NULL,
    rule_ids       TEXT COLLATE "C" NOT NULL,
    reason         TEXT COLLATE "C" NOT NULL,
    justification  TEXT COLLATE "C" NOT NULL
);

CREATE INDEX overrides_by_time ON overrides (at);

-- "This finding is wrong": per check and rule; the text only with consent, sealed like a review's.
CREATE TABLE false_positives (
    id              TEXT COLLATE "C" PRIMARY KEY,
    check_id        TEXT COLLATE "C" NOT NULL,
    rule_id         TEXT COLLATE "C" NOT NULL,
    author_id       TEXT COLLATE "C" NOT NULL,
    at              TEXT COLLATE "C" NOT NULL,
    pack_id         TEXT COLLATE "C" NOT NULL,
    pack_version    TEXT COLLATE "C" NOT NULL,
    comment         TEXT COLLATE "C" NOT NULL,
    text_sealed     TEXT COLLATE "C",
    text_delete_at  TEXT COLLATE "C",
    UNIQUE (check_id, rule_id)
);

CREATE INDEX false_positives_by_time ON false_positives (at);

-- Events for notifications, written in the same transaction as the change they announce; a
-- delivery worker (webhooks, e-mail) reads them in seq order and marks what it has handed on.
CREATE TABLE IF NOT EXISTS notification_outbox (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    TEXT COLLATE "C" NOT NULL UNIQUE,
    event       TEXT COLLATE "C" NOT NULL,
    subject     TEXT COLLATE "C" NOT NULL,
    payload     TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);
