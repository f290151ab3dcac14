//! Signing in and out: `GET /login` (the form), `POST /login` (303 to `next` with the session
//! cookie; 401 for a wrong name or password, 429 after too many), `POST /logout` (the session
//! row is deleted, 303 to `/login`).

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use http::{header, HeaderMap, StatusCode};
use serde::Deserialize;

use super::html::{escape, local_path, notice, page};
use crate::auth_config::AuthConfig;
use crate::domain::accounts::{Client, LoginError, Principal};
use crate::domain::Accounts;
use crate::doors::auth::{clear_session_cookie, session_secret, signed_in};
use crate::doors::error::AppError;
use crate::doors::extract::Form;
use crate::http_kit::render;

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// `GET /login`: the form, or straight on for someone already signed in.
pub async fn form(
    State(accounts): State<Arc<Accounts>>,
    principal: Option<Extension<Principal>>,
    query: Result<Query<LoginQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let next = query.ok().and_then(|Query(query)| query.next);
    if principal.is_some() {
        return Ok(render::see_other(local_path(next.as_deref())));
    }
    let intro = if accounts.user_count().await? == 0 {
        notice(
            "No account exists yet. The server printed a one-time setup link when it started \
             (look for \"setup link\" in its output); or run `server user add NAME --admin`.",
        )
    } else {
        String::new()
    };
    Ok(login_page(StatusCode::OK, &intro, "", next.as_deref()))
}

/// `POST /login`.
pub async fn sign_in(
    State(accounts): State<Arc<Accounts>>,
    State(auth): State<Arc<AuthConfig>>,
    client: Client,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let next = form.next.as_deref();
    match accounts
        .login(&form.username, &form.password, &client)
        .await
    {
        Ok((_, secret)) => Ok(signed_in(&auth, &secret, local_path(next))),
        Err(LoginError::Refused) => Ok(login_page(
            StatusCode::UNAUTHORIZED,
            &notice("Wrong name or password."),
            &form.username,
            next,
        )),
        Err(LoginError::Throttled { retry_after }) => {
            let text = format!("Too many failed sign-ins. Try again in {retry_after} s.");
            let mut response = login_page(
                StatusCode::TOO_MANY_REQUESTS,
                &notice(&text),
                &form.username,
                next,
            );
            render::put(
                response.headers_mut(),
                header::RETRY_AFTER,
                &retry_after.to_string(),
            );
            Ok(response)
        }
        Err(LoginError::Failed(error)) => Err(error.into()),
    }
}

/// `POST /logout`: deletes the session on the server, so a copy of the cookie opens nothing.
pub async fn sign_out(
    State(accounts): State<Arc<Accounts>>,
    State(auth): State<Arc<AuthConfig>>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    if let Some(secret) = session_secret(&headers, &auth) {
        accounts.logout(&secret).await?;
        tracing::info!("signed out");
    }
    let mut response = render::see_other("/login");
    render::put(
        response.headers_mut(),
        header::SET_COOKIE,
        &clear_session_cookie(&auth),
    );
    Ok(response)
}

/// `GET /logout`: a button, since signing out changes state and so is a POST.
pub async fn sign_out_form() -> Response {
    let body = concat!(
        "<form method=\"post\" action=\"/logout\" class=\"account-form\">",
        "<p>Sign out of Cadenza on this browser?</p>",
        "<button type=\"submit\">Sign out</button></form>"
    );
    render::html(StatusCode::OK, page("Sign out", body)).into_response()
}

fn login_page(status: StatusCode, intro: &str, username: &str, next: Option<&str>) -> Response {
    let next_field = match next {
        Some(next) if local_path(Some(next)) != "/" => format!(
            "<input type=\"hidden\" name=\"next\" value=\"{}\">",
            escape(next)
        ),
        _ => String::new(),
    };
    let body = format!(
        concat!(
            "{intro}<form method=\"post\" action=\"/login\" class=\"account-form\">",
            "<label>Name <input name=\"username\" autocomplete=\"username\" required ",
            "maxlength=\"64\" value=\"{username}\" autofocus></label>",
            "<label>Password <input name=\"password\" type=\"password\" ",
            "autocomplete=\"current-password\" required maxlength=\"1024\"></label>",
            "{next_field}<button type=\"submit\">Sign in</button></form>"
        ),
        intro = intro,
        username = escape(username),
        next_field = next_field,
    );
    render::html(status, page("Sign in", &body))
}
