//! Reusable views.

pub mod alert;
pub mod code_field;
pub mod password_rules;
pub mod resend;
pub mod step_header;
