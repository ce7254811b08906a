//! What stands guard over every flow: per-client rate limits, the lockout after consecutive
//! failed factors, and the audit log.

pub mod audit;
pub mod lockout;
pub mod rate_limit;
