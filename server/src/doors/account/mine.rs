//! `/account`: what a user sees of their own account, and changes. Their sessions (each can be
//! ended), their API keys (made, shown once, revoked), their shared links (ended all at once) and
//! their password. Every id in a path is looked up among the user's own: another user's session
//! or key is "not found", never ended.

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use http::StatusCode;
use serde::Deserialize;

use super::html::{button, escape, notice, page, sentence, when};
use crate::auth_config::AuthConfig;
use crate::domain::accounts::{AccountsError, Client, Principal};
use crate::domain::Accounts;
use crate::doors::auth::signed_in;
use crate::doors::error::AppError;
use crate::doors::extract::{Form, PathId, Viewer};
use crate::http_kit::render;

/// `GET /account`.
pub async fn overview(
    State(accounts): State<Arc<Accounts>>,
    Viewer(me): Viewer,
) -> Result<Response, AppError> {
    Ok(account_page(&accounts, &me, StatusCode::OK, "").await?)
}

async fn account_page(
    accounts: &Accounts,
    me: &Principal,
    status: StatusCode,
    intro: &str,
) -> Result<Response, AccountsError> {
    let mut body = format!(
        "<p>Signed in as <strong>{}</strong> ({}). <a href=\"/\">Back to the library</a></p>{intro}",
        escape(&me.name),
        me.role.column()
    );
    if me.is_admin() {
        body.push_str("<p><a href=\"/admin\">Manage users</a></p>");
    }
    body.push_str("<h2>Sessions</h2><ul class=\"rows\">");
    for session in accounts.sessions_of(me.user_id).await? {
        let this = me.session_id == Some(session.id);
        let agent = browser(&session.agent);
        body.push_str(&format!(
            "<li><span>{}<br><small>signed in {}, last seen {}</small></span>{}</li>",
            escape(&agent),
            when(Some(session.created_at)),
            when(Some(session.last_seen)),
            if this {
                "<em>this browser</em>".to_owned()
            } else {
                button(&format!("/account/sessions/{}/end", session.id), "End")
            }
        ));
    }
    body.push_str(
        "</ul><h2>API keys</h2><p class=\"hint\">For curl and scripts: send a key as \
                   <code>Authorization: Bearer KEY</code>. For Subsonic apps (Symfonium, \
                   DSub, Feishin…): this server's address, your name, and a key as the API \
                   key or as the password.</p><ul class=\"rows\">",
    );
    for key in accounts.api_keys_of(me.user_id).await? {
        let label = if key.label.is_empty() {
            "(no label)"
        } else {
            &key.label
        };
        let kind = if key.for_tokens {
            " (Subsonic token sign-in)"
        } else {
            ""
        };
        body.push_str(&format!(
            "<li><span>{}{kind}<br><small>made {}, last used {}</small></span>{}</li>",
            escape(label),
            when(Some(key.created_at)),
            when(key.last_used),
            button(&format!("/account/keys/{}/revoke", key.id), "Revoke")
        ));
    }
    body.push_str(concat!(
        "</ul><form method=\"post\" action=\"/account/keys\" class=\"account-form\">",
        "<label>Label <input name=\"label\" maxlength=\"100\" placeholder=\"backup script\"></label>",
        "<label class=\"check\"><input type=\"checkbox\" name=\"subsonic_token\" value=\"on\"> ",
        "Also for Subsonic apps that sign in with a token (the key is then kept encrypted ",
        "on the server, not only as a hash)</label>",
        "<button type=\"submit\">Make a key</button></form>",
        "<h2>Shared links</h2><p class=\"hint\">Links to a track that you copied or cast work ",
        "for at most six hours. End them all now:</p>"
    ));
    body.push_str(&button("/account/links/end", "End my shared links"));
    body.push_str("<h2>Password</h2><p><a href=\"/account/password\">Change my password</a></p>");
    body.push_str(&button("/logout", "Sign out"));
    Ok(render::html(status, page("Account", &body)))
}

/// "Firefox on Linux" out of a `User-Agent`: enough to tell one's sessions apart.
fn browser(agent: &str) -> String {
    const BROWSERS: [(&str, &str); 7] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
        ("curl/", "curl"),
        ("python", "a Python script"),
    ];
    const SYSTEMS: [(&str, &str); 6] = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ];
    let found = |table: &[(&str, &'static str)]| {
        table
            .iter()
            .find(|(mark, _)| agent.contains(mark))
            .map(|(_, name)| *name)
    };
    match (found(&BROWSERS), found(&SYSTEMS)) {
        (Some(browser), Some(system)) => format!("{browser} on {system}"),
        (Some(browser), None) => browser.to_owned(),
        (None, Some(system)) => format!("A browser on {system}"),
        (None, None) if agent.is_empty() => "Unknown browser".to_owned(),
        (None, None) => agent.chars().take(60).collect(),
    }
}

/// `POST /account/sessions/{id}/end`.
pub async fn end_session(
    State(accounts): State<Arc<Accounts>>,
    Viewer(me): Viewer,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    if !accounts.end_session(me.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(render::see_other(if me.session_id == Some(id) {
        "/login"
    } else {
        "/account"
    }))
}

#[derive(Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    label: String,
    /// `on` when the key is also for Subsonic token authentication.
    #[serde(default)]
    subsonic_token: Option<String>,
}

/// `POST /account/keys`: the new key is shown on this answer only.
pub async fn make_key(
    State(accounts): State<Arc<Accounts>>,
    Viewer(me): Viewer,
    Form(form): Form<KeyForm>,
) -> Result<Response, AppError> {
    let label = form.label.trim();
    let key = if form.subsonic_token.is_some() {
        accounts.add_token_api_key(me.user_id, label).await?
    } else {
        accounts.add_api_key(me.user_id, label).await?
    };
    let intro = format!(
        "<p class=\"secret\">Your new key, shown this once: <code>{}</code></p>",
        escape(&key)
    );
    Ok(account_page(&accounts, &me, StatusCode::OK, &intro).await?)
}

/// `POST /account/keys/{id}/revoke`.
pub async fn revoke_key(
    State(accounts): State<Arc<Accounts>>,
    Viewer(me): Viewer,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    if !accounts.revoke_api_key(me.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(render::see_other("/account"))
}

/// `POST /account/links/end`.
pub async fn end_links(
    State(accounts): State<Arc<Accounts>>,
    Viewer(me): Viewer,
) -> Result<Response, AppError> {
    accounts.revoke_links(me.user_id).await?;
    Ok(render::see_other("/account"))
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
}

/// `GET /account/password`.
pub async fn password_form(Viewer(me): Viewer) -> Response {
    password_page(StatusCode::OK, &me, "")
}

/// `POST /account/password`: every session of the user ends, and this browser gets a new one.
pub async fn change_password(
    State(accounts): State<Arc<Accounts>>,
    State(auth): State<Arc<AuthConfig>>,
    Viewer(me): Viewer,
    client: Client,
    Form(form): Form<PasswordForm>,
) -> Result<Response, AppError> {
    match accounts
        .change_password(me.user_id, &form.current, &form.new)
        .await
    {
        Ok(()) => {}
        Err(
            error @ (AccountsError::WrongPassword
            | AccountsError::SamePassword
            | AccountsError::WeakPassword(_)),
        ) => {
            return Ok(password_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                &me,
                &notice(&sentence(&error)),
            ))
        }
        Err(error) => return Err(error.into()),
    }
    let (_, secret) = accounts.start_session(me.user_id, &client.agent).await?;
    Ok(signed_in(&auth, &secret, "/account"))
}

fn password_page(status: StatusCode, me: &Principal, intro: &str) -> Response {
    let why = if me.must_change_password {
        "<p>Your password was set by an administrator. Choose your own to go on.</p>"
    } else {
        "<p>Changing it signs you out everywhere else.</p>"
    };
    let body = format!(
        concat!(
            "{why}{intro}<form method=\"post\" action=\"/account/password\" class=\"account-form\">",
            "<input type=\"hidden\" name=\"username\" autocomplete=\"username\" value=\"{name}\">",
            "<label>Current password <input name=\"current\" type=\"password\" ",
            "autocomplete=\"current-password\" required maxlength=\"1024\"></label>",
            "<label>New password <input name=\"new\" type=\"password\" ",
            "autocomplete=\"new-password\" required minlength=\"8\" maxlength=\"1024\"></label>",
            "<button type=\"submit\">Change the password</button></form>"
        ),
        why = why,
        intro = intro,
        name = escape(&me.name),
    );
    render::html(status, page("Password", &body))
}

#[cfg(test)]
mod tests {
    use super::browser;

    #[test]
    fn sessions_are_named_by_browser_and_system() {
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like \
                      Gecko) Chrome/159.0.8154.6 Safari/537.36";
        assert_eq!(browser(chrome), "Chrome on Windows");
        let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
        assert_eq!(browser(firefox), "Firefox on Linux");
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 \
                      (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1";
        assert_eq!(browser(safari), "Safari on iPhone");
        assert_eq!(browser(""), "Unknown browser");
        assert_eq!(browser("curl/8.5.0"), "curl");
    }
}
