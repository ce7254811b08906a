//! Reusable views.

pub mod actions;
pub mod alert;
pub mod code_field;
pub mod focus;
pub mod language_switch;
pub mod menu;
pub mod navigation;
pub mod page_title;
pub mod password_rules;
pub mod resend;
pub mod server_form;
pub mod step_header;
pub mod tabs;
pub mod user_id_field;
