-- SMPC submissions bound to the API key that made them (module smpc). A contributorId belongs to the first key that
-- submitted for it in a session; one key may submit for at most contributors_per_key contributorIds of a session.
-- Both are this node's policy (API keys exist per node), not part of the session's configHash.

-- Sessions that existed before the limit keep the behaviour they were created with: no practical limit (the largest
-- value the API accepts), since a session's limit cannot be changed and 1 would lock out contributors that share a
-- key in a session already under way. New sessions always state their limit (the API's default is 1).
alter table smpc_sessions add column contributors_per_key integer not null default 1000000;
alter table smpc_sessions alter column contributors_per_key drop default;

-- The key that submitted; null for submissions stored before this migration, which stay replayable by any key.
-- Not a foreign key: api_keys belongs to module tenant, and a key is revoked, never deleted (except with its tenant,
-- which takes the sessions with it), so the id keeps naming the key.
alter table smpc_submissions add column key_id uuid;
create index ix_smpc_submissions_key on smpc_submissions (session_pk, key_id);
