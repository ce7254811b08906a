//! Signing in (flow B in the product description). Only the page exists so far: the form posts
//! here and is told plainly that signing in is not available yet, without checking anything,
//! so it can reveal nothing about any account.

use leptos::prelude::*;

use crate::domain::{AppError, Secret};

#[server(endpoint = "signin")]
pub async fn sign_in(
    #[server(default)] user_id: String,
    #[server(default)] password: Secret,
) -> Result<(), AppError> {
    let _ = (user_id, password);
    super::request::respond(Err(AppError::SignInUnavailable), "/")
}
