-- Every uploaded pack version, immutable once stored: content and its SHA-256.
CREATE TABLE pack_versions (
    pack_id      TEXT NOT NULL,
    version      TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    content      TEXT NOT NULL,
    extends      TEXT,
    uploaded_at  TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL,
    -- A material version must be acknowledged again by everyone.
    material     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pack_id, version)
);

-- The one active version per pack.
CREATE TABLE active_versions (
    pack_id       TEXT PRIMARY KEY,
    version       TEXT NOT NULL,
    activated_at  TEXT NOT NULL,
    activated_by  TEXT NOT NULL,
    FOREIGN KEY (pack_id, version) REFERENCES pack_versions (pack_id, version)
);

-- History of activations and rollbacks, in order.
CREATE TABLE activations (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    pack_id       TEXT NOT NULL,
    version       TEXT NOT NULL,
    previous      TEXT,
    action        TEXT NOT NULL CHECK (action IN ('activate', 'rollback', 'seed')),
    at            TEXT NOT NULL,
    actor         TEXT NOT NULL
);
