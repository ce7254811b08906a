//! The active password policy, published so any client can show the same rules.

use leptos::prelude::*;

use crate::domain::AppError;
use crate::policy::PasswordPolicy;

#[server(endpoint = "policy", input = leptos::server_fn::codec::GetUrl, output = crate::api::wire::Json)]
pub async fn get_password_policy() -> Result<PasswordPolicy, AppError> {
    Ok(super::request::app_state()?.config.password_policy.clone())
}
