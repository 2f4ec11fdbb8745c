-- Upload order of pack versions: "the latest material version" and "at or after" need an order
-- that survives VACUUM (a table without an INTEGER PRIMARY KEY may have its rowids renumbered).
ALTER TABLE pack_versions ADD COLUMN upload_seq INTEGER;
UPDATE pack_versions SET upload_seq = rowid;
CREATE UNIQUE INDEX pack_versions_by_order ON pack_versions (upload_seq);

CREATE INDEX activations_by_pack ON activations (pack_id, seq);
CREATE INDEX acknowledgements_by_version ON acknowledgements (pack_id, version);
