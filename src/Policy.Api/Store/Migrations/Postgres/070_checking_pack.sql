-- As SQLite migration 070: which pack checks drafts, chosen through the API.
CREATE TABLE checking_pack (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    pack_id     TEXT COLLATE "C" NOT NULL,
    changed_at  TEXT COLLATE "C" NOT NULL,
    changed_by  TEXT COLLATE "C" NOT NULL
);
