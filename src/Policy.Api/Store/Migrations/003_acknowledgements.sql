-- Who has read and acknowledged which version of a pack, and when.
CREATE TABLE acknowledgements (
    person_id        TEXT NOT NULL REFERENCES people (id),
    pack_id          TEXT NOT NULL,
    version          TEXT NOT NULL,
    acknowledged_at  TEXT NOT NULL,
    PRIMARY KEY (person_id, pack_id, version),
    FOREIGN KEY (pack_id, version) REFERENCES pack_versions (pack_id, version)
);
