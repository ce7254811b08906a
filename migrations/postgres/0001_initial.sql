-- Keyturn schema, Postgres dialect. Times are integer unix seconds; booleans are 0/1 integers;
-- the SQLite folder holds the same migration in its dialect.

CREATE TABLE accounts (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id              TEXT    NOT NULL UNIQUE,
    email                TEXT    NOT NULL,
    phone                TEXT,
    password_hash        TEXT,
    totp_secret          BYTEA,
    totp_last_step       BIGINT,
    failed_attempts      BIGINT NOT NULL DEFAULT 0,
    -- When the current run of consecutive failures began; older runs have lapsed.
    failures_since       BIGINT,
    locked_until         BIGINT,
    must_change_password BIGINT NOT NULL DEFAULT 0,
    password_changed_at  BIGINT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL
);

CREATE TABLE password_history (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id    BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    password_hash TEXT    NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX password_history_account ON password_history (account_id, id);

CREATE TABLE audit_events (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         BIGINT NOT NULL,
    account_id BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    event      TEXT    NOT NULL,
    client     TEXT    NOT NULL,
    detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_account ON audit_events (account_id, at);

CREATE TABLE sessions (
    token_hash BYTEA    PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- A reset in progress. `subject` is a keyed hash of the User ID as typed, known or not, so
-- unknown IDs walk the same steps as real ones.
CREATE TABLE reset_flows (
    id_hash         BYTEA    PRIMARY KEY,
    account_id      BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    subject         BYTEA    NOT NULL,
    path            TEXT    NOT NULL,
    factors_passed  BIGINT NOT NULL DEFAULT 0,
    channels_used   TEXT    NOT NULL DEFAULT '',
    pin_hash        BYTEA,
    pin_channel     TEXT,
    pin_reference   TEXT,
    pin_destination TEXT,
    pin_sent_at     BIGINT,
    pin_expires_at  BIGINT,
    pin_failures    BIGINT NOT NULL DEFAULT 0,
    pin_switched    BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    completed_at    BIGINT
);
CREATE INDEX reset_flows_account ON reset_flows (account_id);
CREATE INDEX reset_flows_expires ON reset_flows (expires_at);

-- Failed-attempt counting for User IDs that have no account, so they lock like real ones.
CREATE TABLE unknown_subjects (
    subject         BYTEA    PRIMARY KEY,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    failures_since  BIGINT,
    locked_until    BIGINT,
    updated_at      BIGINT NOT NULL
);

-- Fixed-window counters: per-client rate limits and per-account PIN quotas. Kept in the
-- database so they hold across several server instances.
CREATE TABLE counters (
    key          TEXT    PRIMARY KEY,
    window_start BIGINT NOT NULL,
    count        BIGINT NOT NULL
);

-- Dev mode only: every email and SMS, readable at /dev/outbox.
CREATE TABLE dev_outbox (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sent_at   BIGINT NOT NULL,
    channel   TEXT    NOT NULL,
    recipient TEXT    NOT NULL,
    subject   TEXT    NOT NULL,
    body      TEXT    NOT NULL
);
