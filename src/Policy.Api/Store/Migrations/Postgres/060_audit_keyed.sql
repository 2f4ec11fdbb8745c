-- As SQLite migration 060: the audit chain keyed, covered rows, and its head outside the audit table.
ALTER TABLE audit ADD COLUMN keyed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN row_table TEXT COLLATE "C";
ALTER TABLE audit ADD COLUMN row_key TEXT COLLATE "C";
ALTER TABLE audit ADD COLUMN row_hash TEXT COLLATE "C";
CREATE INDEX audit_by_row ON audit (row_table, row_key, seq);

CREATE TABLE audit_head (
    id    BIGINT PRIMARY KEY CHECK (id = 1),
    seq   BIGINT NOT NULL,
    hash  TEXT COLLATE "C" NOT NULL,
    mac   TEXT COLLATE "C" NOT NULL
);
