-- Which pack checks drafts, chosen through the API (activate or roll back a version of a pack).
-- One row; written on the first start from Policy:Packs:Active and from then on only by an
-- activation, so a restart keeps what HR chose and the setting is only the first start's default.
CREATE TABLE checking_pack (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    pack_id     TEXT NOT NULL,
    changed_at  TEXT NOT NULL,
    changed_by  TEXT NOT NULL
);
