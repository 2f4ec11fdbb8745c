-- As SQLite migration 101: the key ring of the page sessions' cookies, shared by the instances.
CREATE TABLE session_keys (
    name        TEXT COLLATE "C" PRIMARY KEY,
    xml         TEXT COLLATE "C" NOT NULL,
    created_at  TEXT COLLATE "C" NOT NULL
);
