-- The audit chain keyed (HMAC with the installation's key), with its head outside the audit table.
-- keyed: 0 for entries written before this migration (plain SHA-256, kept as they were), 1 after.
-- row_table, row_key, row_hash: the security-relevant row an entry wrote, and the hash of that row's
-- content after the write, so verify can tell a row changed outside the API.
ALTER TABLE audit ADD COLUMN keyed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN row_table TEXT;
ALTER TABLE audit ADD COLUMN row_key TEXT;
ALTER TABLE audit ADD COLUMN row_hash TEXT;
CREATE INDEX audit_by_row ON audit (row_table, row_key, seq);

-- The last entry's seq and hash, sealed with the key; written in the transaction of every append.
CREATE TABLE audit_head (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    seq   INTEGER NOT NULL,
    hash  TEXT NOT NULL,
    mac   TEXT NOT NULL
);
