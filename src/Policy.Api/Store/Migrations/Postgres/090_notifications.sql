-- As SQLite migration 090: webhooks and e-mail recipients, deliveries and each try.
CREATE TABLE IF NOT EXISTS notification_outbox (
    seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    TEXT COLLATE "C" NOT NULL UNIQUE,
    event       TEXT COLLATE "C" NOT NULL,
    subject     TEXT COLLATE "C" NOT NULL,
    payload     TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);

CREATE TABLE notification_subscriptions (
    id             TEXT COLLATE "C" PRIMARY KEY,
    kind           TEXT COLLATE "C" NOT NULL,
    name           TEXT COLLATE "C" NOT NULL,
    target         TEXT COLLATE "C" NOT NULL,
    format         TEXT COLLATE "C" NOT NULL,
    events         TEXT COLLATE "C" NOT NULL,
    secret_sealed  TEXT COLLATE "C",
    active         BIGINT NOT NULL,
    created_at     TEXT COLLATE "C" NOT NULL,
    created_by     TEXT COLLATE "C" NOT NULL,
    changed_at     TEXT COLLATE "C" NOT NULL,
    changed_by     TEXT COLLATE "C" NOT NULL
);

CREATE TABLE notification_cursor (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL
);

CREATE TABLE notification_deliveries (
    id               TEXT COLLATE "C" PRIMARY KEY,
    subscription_id  TEXT COLLATE "C" NOT NULL,
    event_id         TEXT COLLATE "C" NOT NULL,
    event            TEXT COLLATE "C" NOT NULL,
    state            TEXT COLLATE "C" NOT NULL,
    attempts         BIGINT NOT NULL,
    created_at       TEXT COLLATE "C" NOT NULL,
    next_attempt_at  TEXT COLLATE "C" NOT NULL,
    leased_until     TEXT COLLATE "C",
    delivered_at     TEXT COLLATE "C",
    last_status      BIGINT,
    last_error       TEXT COLLATE "C",
    UNIQUE (subscription_id, event_id)
);

CREATE INDEX notification_deliveries_due ON notification_deliveries (state, next_attempt_at);
CREATE INDEX notification_deliveries_by_subscription ON notification_deliveries (subscription_id, created_at);

CREATE TABLE notification_attempts (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  TEXT COLLATE "C" NOT NULL,
    attempt      BIGINT NOT NULL,
    at           TEXT COLLATE "C" NOT NULL,
    duration_ms  BIGINT NOT NULL,
    status       BIGINT,
    error        TEXT COLLATE "C",
    succeeded    BIGINT NOT NULL
);

CREATE INDEX notification_attempts_by_delivery ON notification_attempts (delivery_id, attempt);
