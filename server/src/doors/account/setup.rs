//! The first account: `GET /setup?token=…` shows the form only with this start's token and only
//! while nobody has an account (403 otherwise); `POST /setup` creates an admin and signs it in.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use http::StatusCode;
use serde::Deserialize;

use super::html::{escape, notice, page, sentence};
use crate::auth_config::AuthConfig;
use crate::domain::accounts::{AccountsError, Client};
use crate::domain::Accounts;
use crate::doors::auth::signed_in;
use crate::doors::error::AppError;
use crate::doors::extract::Form;
use crate::http_kit::render;

#[derive(Debug, Default, Deserialize)]
pub struct SetupQuery {
    token: Option<String>,
}

#[derive(Deserialize)]
pub struct SetupForm {
    token: String,
    username: String,
    password: String,
}

/// `GET /setup?token=…`.
pub async fn form(
    State(accounts): State<Arc<Accounts>>,
    query: Result<Query<SetupQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let token = query.ok().and_then(|Query(query)| query.token);
    let token = token.as_deref().unwrap_or("");
    if !accounts.setup_open(token).await? {
        tracing::warn!("setup page refused: no token, a wrong one, or setup is done");
        return Ok(closed());
    }
    Ok(setup_page(StatusCode::OK, "", token, ""))
}

/// `POST /setup`.
pub async fn create_admin(
    State(accounts): State<Arc<Accounts>>,
    State(auth): State<Arc<AuthConfig>>,
    client: Client,
    Form(form): Form<SetupForm>,
) -> Result<Response, AppError> {
    let created = accounts
        .finish_setup(&form.token, &form.username, &form.password, &client.agent)
        .await;
    match created {
        Ok(secret) => Ok(signed_in(&auth, &secret, "/")),
        Err(AccountsError::SetupClosed) => Ok(closed()),
        Err(
            error @ (AccountsError::WeakPassword(_)
            | AccountsError::BadName
            | AccountsError::NameTaken),
        ) => Ok(setup_page(
            StatusCode::UNPROCESSABLE_ENTITY,
            &notice(&sentence(&error)),
            &form.token,
            &form.username,
        )),
        Err(error) => Err(error.into()),
    }
}

fn closed() -> Response {
    let body = notice(
        "This setup link is not valid. The server prints a new one at every start, and only \
         while no account exists. Someone with an account can sign in instead.",
    ) + "<p><a href=\"/login\">Sign in</a></p>";
    render::html(StatusCode::FORBIDDEN, page("Setup", &body))
}

fn setup_page(status: StatusCode, intro: &str, token: &str, username: &str) -> Response {
    let body = format!(
        concat!(
            "<p>Create the first account. It is an administrator: it can add the household's ",
            "other accounts.</p>{intro}",
            "<form method=\"post\" action=\"/setup\" class=\"account-form\">",
            "<input type=\"hidden\" name=\"token\" value=\"{token}\">",
            "<label>Name <input name=\"username\" autocomplete=\"username\" required ",
            "maxlength=\"64\" value=\"{username}\" autofocus></label>",
            "<label>Password <input name=\"password\" type=\"password\" ",
            "autocomplete=\"new-password\" required minlength=\"8\" maxlength=\"1024\"></label>",
            "<p class=\"hint\">At least 8 characters. A few words you will remember make a ",
            "good one.</p>",
            "<button type=\"submit\">Create the account</button></form>"
        ),
        intro = intro,
        token = escape(token),
        username = escape(username),
    );
    render::html(status, page("Setup", &body))
}
