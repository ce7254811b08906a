//! Signing in (flow B in the product description). Only the page exists so far: the form posts
//! here and is told plainly that signing in is not available yet, without checking anything,
//! so it can reveal nothing about any account.

use leptos::prelude::*;

use super::AppError;

#[server(endpoint = "signin")]
pub async fn sign_in(
    #[server(default)] user_id: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    let _ = (user_id, password);
    super::respond(
        Err(AppError::Invalid(
            "Signing in is not available yet. Use \u{201c}Password locked or forgotten?\u{201d} to set a new password."
                .into(),
        )),
        "/",
    )
}
