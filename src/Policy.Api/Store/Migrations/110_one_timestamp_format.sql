-- One timestamp format in the store: StoreTime.Stamp, UTC with seven fraction digits and "Z"
-- (2026-12-06T22:47:07.1234567Z). Until now keys, people, packs, acknowledgements, the audit trail and
-- schema_version were written with .NET's "O" (2026-12-06T22:47:07.1234567+00:00). Both forms sort the
-- same (the first 27 characters decide), so no order changes; the audit seals read these instants in the
-- form they were sealed with (AuditLog.SealedAt), so verify stays intact across this migration.
UPDATE people SET created_at = substr(created_at, 1, 27) || 'Z' WHERE created_at LIKE '%+00:00' AND length(created_at) = 33;
UPDATE api_keys SET created_at = substr(created_at, 1, 27) || 'Z' WHERE created_at LIKE '%+00:00' AND length(created_at) = 33;
UPDATE api_keys SET revoked_at = substr(revoked_at, 1, 27) || 'Z' WHERE revoked_at LIKE '%+00:00' AND length(revoked_at) = 33;
UPDATE pack_versions SET uploaded_at = substr(uploaded_at, 1, 27) || 'Z' WHERE uploaded_at LIKE '%+00:00' AND length(uploaded_at) = 33;
UPDATE active_versions SET activated_at = substr(activated_at, 1, 27) || 'Z' WHERE activated_at LIKE '%+00:00' AND length(activated_at) = 33;
UPDATE activations SET at = substr(at, 1, 27) || 'Z' WHERE at LIKE '%+00:00' AND length(at) = 33;
UPDATE acknowledgements SET acknowledged_at = substr(acknowledged_at, 1, 27) || 'Z' WHERE acknowledged_at LIKE '%+00:00' AND length(acknowledged_at) = 33;
UPDATE checking_pack SET changed_at = substr(changed_at, 1, 27) || 'Z' WHERE changed_at LIKE '%+00:00' AND length(changed_at) = 33;
UPDATE audit SET at = substr(at, 1, 27) || 'Z' WHERE at LIKE '%+00:00' AND length(at) = 33;
UPDATE schema_version SET applied_at = substr(applied_at, 1, 27) || 'Z' WHERE applied_at LIKE '%+00:00' AND length(applied_at) = 33;
