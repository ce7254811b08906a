-- Signing in (flow B): the second-factor stage is a flow like a reset's, sessions gain idle and
-- re-authentication times and pending changes, and recovery codes get a table.

-- 'reset' or 'signin'; a flow of one kind is never found as the other.
ALTER TABLE reset_flows ADD COLUMN kind TEXT NOT NULL DEFAULT 'reset';

-- Last request (idle timeout), last proof of a factor (recent re-authentication), where it
-- came from, and changes waiting for confirmation: a new authenticator secret (encrypted like
-- the account's), a new phone or email with its PIN, and recovery codes to show once
-- (encrypted).
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN reauth_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN pending_totp BYTEA;
ALTER TABLE sessions ADD COLUMN pending_codes BYTEA;
ALTER TABLE sessions ADD COLUMN contact_channel TEXT;
ALTER TABLE sessions ADD COLUMN contact_value TEXT;
ALTER TABLE sessions ADD COLUMN contact_pin_hash BYTEA;
ALTER TABLE sessions ADD COLUMN contact_reference TEXT;
ALTER TABLE sessions ADD COLUMN contact_sent_at BIGINT;
ALTER TABLE sessions ADD COLUMN contact_expires_at BIGINT;
ALTER TABLE sessions ADD COLUMN contact_failures BIGINT NOT NULL DEFAULT 0;

-- One-use recovery codes, stored as keyed hashes; a new set replaces the old.
CREATE TABLE recovery_codes (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash  BYTEA    NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX recovery_codes_account ON recovery_codes (account_id);
