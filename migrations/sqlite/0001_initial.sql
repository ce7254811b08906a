-- Keyturn schema, SQLite dialect. Times are integer unix seconds; booleans are 0/1 integers;
-- the Postgres folder holds the same migration in its dialect.

CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id              TEXT    NOT NULL UNIQUE,
    email                TEXT    NOT NULL,
    phone                TEXT,
    password_hash        TEXT,
    totp_secret          BLOB,
    totp_last_step       INTEGER,
    failed_attempts      INTEGER NOT NULL DEFAULT 0,
    -- When the current run of consecutive failures began; older runs have lapsed.
    failures_since       INTEGER,
    locked_until         INTEGER,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    password_changed_at  INTEGER,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);

CREATE TABLE password_history (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT    NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX password_history_account ON password_history (account_id, id);

CREATE TABLE audit_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    event      TEXT    NOT NULL,
    client     TEXT    NOT NULL,
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_account ON audit_events (account_id, at);

CREATE TABLE sessions (
    token_hash BLOB    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- A reset in progress. `subject` is a keyed hash of the User ID as typed, known or not, so
-- unknown IDs walk the same steps as real ones.
CREATE TABLE reset_flows (
    id_hash         BLOB    PRIMARY KEY,
    account_id      INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    subject         BLOB    NOT NULL,
    path            TEXT    NOT NULL,
    factors_passed  INTEGER NOT NULL DEFAULT 0,
    channels_used   TEXT    NOT NULL DEFAULT '',
    pin_hash        BLOB,
    pin_channel     TEXT,
    pin_reference   TEXT,
    pin_destination TEXT,
    pin_sent_at     INTEGER,
    pin_expires_at  INTEGER,
    pin_failures    INTEGER NOT NULL DEFAULT 0,
    pin_switched    INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    completed_at    INTEGER
);
CREATE INDEX reset_flows_account ON reset_flows (account_id);
CREATE INDEX reset_flows_expires ON reset_flows (expires_at);

-- Failed-attempt counting for User IDs that have no account, so they lock like real ones.
CREATE TABLE unknown_subjects (
    subject         BLOB    PRIMARY KEY,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    failures_since  INTEGER,
    locked_until    INTEGER,
    updated_at      INTEGER NOT NULL
);

-- Fixed-window counters: per-client rate limits and per-account PIN quotas. Kept in the
-- database so they hold across several server instances.
CREATE TABLE counters (
    key          TEXT    PRIMARY KEY,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL
);

-- Dev mode only: every email and SMS, readable at /dev/outbox.
CREATE TABLE dev_outbox (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    sent_at   INTEGER NOT NULL,
    channel   TEXT    NOT NULL,
    recipient TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    body      TEXT    NOT NULL
);
