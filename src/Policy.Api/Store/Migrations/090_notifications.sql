-- Notifications (issue 18, item 4): webhooks and e-mail recipients, deliveries and each try.

-- The outbox of events, written in the same transaction as the change it announces. Also created
-- by the reviews migration (080) with the same definition; whichever runs first creates it.
CREATE TABLE IF NOT EXISTS notification_outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id    TEXT NOT NULL UNIQUE,
    event       TEXT NOT NULL,
    subject     TEXT NOT NULL,
    payload     TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- Where events go: a webhook (url, payload format, signing secret sealed with the key file beside
-- the database) or an e-mail address; events is a comma list of event names or '*'.
CREATE TABLE notification_subscriptions (
    id             TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    target         TEXT NOT NULL,
    format         TEXT NOT NULL,
    events         TEXT NOT NULL,
    secret_sealed  TEXT,
    active         INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    changed_at     TEXT NOT NULL,
    changed_by     TEXT NOT NULL
);

-- The fan-out's position in the outbox: every event up to seq has its deliveries.
CREATE TABLE notification_cursor (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL
);

-- One event for one subscription: pending until delivered, or failed after the last try.
CREATE TABLE notification_deliveries (
    id               TEXT PRIMARY KEY,
    subscription_id  TEXT NOT NULL,
    event_id         TEXT NOT NULL,
    event            TEXT NOT NULL,
    state            TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    leased_until     TEXT,
    delivered_at     TEXT,
    last_status      INTEGER,
    last_error       TEXT,
    UNIQUE (subscription_id, event_id)
);

CREATE INDEX notification_deliveries_due ON notification_deliveries (state, next_attempt_at);
CREATE INDEX notification_deliveries_by_subscription ON notification_deliveries (subscription_id, created_at);

-- Every try of a delivery: when, how long, the receiver's status or the error.
CREATE TABLE notification_attempts (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id  TEXT NOT NULL,
    attempt      INTEGER NOT NULL,
    at           TEXT NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status       INTEGER,
    error        TEXT,
    succeeded    INTEGER NOT NULL
);

CREATE INDEX notification_attempts_by_delivery ON notification_attempts (delivery_id, attempt);
