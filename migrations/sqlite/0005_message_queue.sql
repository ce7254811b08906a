-- Durable messages: every email and SMS that need not be answered at once (notices, the PIN of
-- a first factor) is written here first, in the same transaction as the change that causes it
-- where there is one, and delivered by a worker on any instance, with retries and backoff,
-- until it is sent or `expires_at` passes (a PIN's message expires with its PIN).
--
-- `sealed` holds the recipient, subject and body, encrypted with a key derived from
-- KEYTURN_SECRET_KEY: a PIN or a link never rests in the database readable.
-- A worker claims a row by setting `claimed_until` (a lease): a worker that dies mid-send
-- leaves it to another once the lease has run out.
CREATE TABLE message_queue (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    channel         TEXT    NOT NULL,
    what            TEXT    NOT NULL,
    sealed          BLOB    NOT NULL,
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    claimed_until   INTEGER,
    last_error      TEXT
);
CREATE INDEX message_queue_due ON message_queue (next_attempt_at);
