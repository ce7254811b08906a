-- Signing in (flow B): the second-factor stage is a flow like a reset's, sessions gain idle and
-- re-authentication times and pending changes, and recovery codes get a table.

-- 'reset' or 'signin'; a flow of one kind is never found as the other.
ALTER TABLE reset_flows ADD COLUMN kind TEXT NOT NULL DEFAULT 'reset';

-- Last request (idle timeout), last proof of a factor (recent re-authentication), where it
-- came from, and changes waiting for confirmation: a new authenticator secret (encrypted like
-- the account's), a new phone or email with its PIN, and recovery codes to show once
-- (encrypted).
ALTER TABLE sessions ADD COLUMN last_seen_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN reauth_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN pending_totp BLOB;
ALTER TABLE sessions ADD COLUMN pending_codes BLOB;
ALTER TABLE sessions ADD COLUMN contact_channel TEXT;
ALTER TABLE sessions ADD COLUMN contact_value TEXT;
ALTER TABLE sessions ADD COLUMN contact_pin_hash BLOB;
ALTER TABLE sessions ADD COLUMN contact_reference TEXT;
ALTER TABLE sessions ADD COLUMN contact_sent_at INTEGER;
ALTER TABLE sessions ADD COLUMN contact_expires_at INTEGER;
ALTER TABLE sessions ADD COLUMN contact_failures INTEGER NOT NULL DEFAULT 0;

-- One-use recovery codes, stored as keyed hashes; a new set replaces the old.
CREATE TABLE recovery_codes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  BLOB    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);
