-- The forgotten password by email (flow C): a reset link and a temporary password, at most one
-- of each per account, and a mark on sign-ins and sessions that used a temporary password.

-- The link's token is stored as its keyed hash. A row is live only once its email was sent (or
-- an administrator handed it over: `sent_at`), until it is used or expires; a new request
-- replaces the row, which voids the old link.
CREATE TABLE reset_links (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash BLOB    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    sent_at    INTEGER,
    used_at    INTEGER
);

-- An argon2id hash like any password's, kept apart from the lasting one (which stays valid until
-- the person completes the change). `used_at` marks the one sign-in it allows.
CREATE TABLE temporary_passwords (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    used_at       INTEGER
);

-- 1 for a session signed in with a temporary password: it reaches nothing but the forced change.
ALTER TABLE sessions ADD COLUMN temporary INTEGER NOT NULL DEFAULT 0;
