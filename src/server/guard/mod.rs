//! What stands guard over every flow: per-client rate limits, the lockout after failed
//! guesses, an even answer time for the wizard's steps, and the audit log.

pub mod audit;
pub mod even_time;
pub mod lockout;
pub mod rate_limit;
