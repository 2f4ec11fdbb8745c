-- The people registry (issue 21): who signed in through the company's provider, with the roles it
-- gave them, who is on HR's roster (they must acknowledge the guideline before they ever sign in),
-- and who was offboarded (their keys revoked, their sessions and tokens refused from then on).
ALTER TABLE people ADD COLUMN directory_roles TEXT;
ALTER TABLE people ADD COLUMN first_signed_in_at TEXT;
ALTER TABLE people ADD COLUMN last_seen_at TEXT;
ALTER TABLE people ADD COLUMN on_roster INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN roster_imported_at TEXT;
ALTER TABLE people ADD COLUMN offboarded_at TEXT;
ALTER TABLE people ADD COLUMN offboarded_by TEXT;
ALTER TABLE people ADD COLUMN sessions_revoked_at TEXT;

-- When a key was last used (written at most once a minute per key), for the admin page.
ALTER TABLE api_keys ADD COLUMN last_used_at TEXT;
