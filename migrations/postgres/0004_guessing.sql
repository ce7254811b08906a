-- Guessing that never stops: the run of failures toward a lock is no longer ended by passing a
-- factor, only by completing a flow, and a hard cap counts every failure since the last
-- completed flow, over any time, locks included (only an administrator lifts what it sets).

-- Failures since the last completed flow (a password change or a full sign-in) or unlock.
ALTER TABLE accounts ADD COLUMN failures_total BIGINT NOT NULL DEFAULT 0;
-- When the owner was last told of a lock: lock emails are sent at most once a day.
ALTER TABLE accounts ADD COLUMN lock_notified_at BIGINT;
-- User IDs without an account count alike.
ALTER TABLE unknown_subjects ADD COLUMN failures_total BIGINT NOT NULL DEFAULT 0;
