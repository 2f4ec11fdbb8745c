-- The account-ownership registry. A change never overwrites: every state of an account is a row in
-- account_versions (who, when, all fields, the legal override); "as of" a date is the latest version
-- with valid_from at or before it. accounts holds only identity and the current handle, so that a
-- handle exists once per platform.
CREATE TABLE accounts (
    id               TEXT PRIMARY KEY,
    platform         TEXT NOT NULL,
    handle_key       TEXT NOT NULL,
    current_version  INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    UNIQUE (platform, handle_key)
);

CREATE TABLE account_versions (
    account_id              TEXT NOT NULL REFERENCES accounts (id),
    version_no              INTEGER NOT NULL,
    valid_from              TEXT NOT NULL,
    changed_by              TEXT NOT NULL,
    change                  TEXT NOT NULL,
    platform                TEXT NOT NULL,
    handle                  TEXT NOT NULL,
    url                     TEXT,
    display_name            TEXT,
    registered_to           TEXT NOT NULL CHECK (registered_to IN ('company', 'person')),
    registered_name         TEXT,
    registered_email        TEXT,
    paid_by                 TEXT NOT NULL CHECK (paid_by IN ('company', 'employee', 'shared', 'nobody')),
    purpose                 TEXT NOT NULL CHECK (purpose IN ('business', 'private', 'mixed')),
    employee_id             TEXT,
    created_for             TEXT,
    access_reference        TEXT,
    contact_count           INTEGER NOT NULL DEFAULT 0,
    contacts_copied_at      TEXT,
    status                  TEXT NOT NULL CHECK (status IN ('active', 'handed-over', 'closed')),
    override_verdict        TEXT CHECK (override_verdict IS NULL OR override_verdict IN ('company', 'employee', 'disputed')),
    override_justification  TEXT,
    override_by             TEXT,
    override_at             TEXT,
    PRIMARY KEY (account_id, version_no)
);

CREATE INDEX account_versions_by_time ON account_versions (account_id, valid_from, version_no);
CREATE INDEX account_versions_by_employee ON account_versions (employee_id);

-- Offboarding: each item of an employee's report marked done, with who and when.
CREATE TABLE account_offboarding (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id   TEXT NOT NULL,
    account_id  TEXT NOT NULL REFERENCES accounts (id),
    item        TEXT NOT NULL CHECK (item IN ('hand-over-account', 'copy-contacts', 'hand-over-access', 'stays-private')),
    done_at     TEXT NOT NULL,
    done_by     TEXT NOT NULL,
    note        TEXT NOT NULL
);

CREATE INDEX account_offboarding_by_person ON account_offboarding (person_id, account_id, item);
