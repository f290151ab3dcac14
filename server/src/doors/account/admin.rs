//! `/admin`, for admins only (a listener gets 403): the household's users, adding one, disabling
//! and enabling, setting a temporary password (the user must replace it at their next sign-in),
//! and starting a rescan of the library.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::Response;
use http::StatusCode;
use serde::Deserialize;

use super::html::{button, escape, notice, page, reloading_page, sentence, when};
use super::scan;
use crate::domain::accounts::{AccountsError, Role};
use crate::domain::{Accounts, Library};
use crate::doors::error::AppError;
use crate::doors::extract::{AdminViewer, Form, PathId};
use crate::http_kit::render;

#[derive(Debug, Default, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// What the last change did, by a word the redirect carried (never text from the request).
fn said(done: Option<&str>) -> &'static str {
    match done {
        Some("added") => "The user is added.",
        Some("disabled") => "The user is disabled: their sessions ended.",
        Some("enabled") => "The user is enabled.",
        Some("password") => "The temporary password is set: the user's sessions ended.",
        Some("rescan") => "A rescan of the library started.",
        Some("busy") => "A scan is running already: its progress is below.",
        _ => "",
    }
}

/// `GET /admin`.
pub async fn overview(
    State(accounts): State<Arc<Accounts>>,
    State(library): State<Arc<Library>>,
    AdminViewer(me): AdminViewer,
    query: Result<Query<Done>, QueryRejection>,
) -> Result<Response, AppError> {
    let done = query.ok().and_then(|Query(done)| done.done);
    let intro = match said(done.as_deref()) {
        "" => String::new(),
        text => format!("<p class=\"done\" role=\"status\">{}</p>", escape(text)),
    };
    Ok(admin_page(&accounts, &library, me.user_id, StatusCode::OK, &intro).await?)
}

/// While a scan runs, the page reloads itself this often to show its progress.
const RELOAD_WHILE_SCANNING_SECONDS: u32 = 3;

async fn admin_page(
    accounts: &Accounts,
    library: &Library,
    me: i64,
    status: StatusCode,
    intro: &str,
) -> Result<Response, AccountsError> {
    let mut body = format!(
        "<p><a href=\"/\">Back to the library</a> · <a href=\"/account\">My account</a></p>{intro}<h2>Users</h2><ul class=\"rows\">"
    );
    for user in accounts.users().await? {
        let state = if user.disabled { "disabled" } else { "active" };
        let toggle = match (user.id == me, user.disabled) {
            (true, _) => "<em>you</em>".to_owned(),
            (false, true) => button(&format!("/admin/users/{}/enable", user.id), "Enable"),
            (false, false) => button(&format!("/admin/users/{}/disable", user.id), "Disable"),
        };
        body.push_str(&format!(
            concat!(
                "<li><span><strong>{name}</strong> · {role} · {state}<br>",
                "<small>since {since}{must}</small></span>{toggle}",
                "<form method=\"post\" action=\"/admin/users/{id}/password\" class=\"inline\">",
                "<input name=\"password\" type=\"password\" autocomplete=\"new-password\" ",
                "minlength=\"8\" maxlength=\"1024\" required aria-label=\"Temporary password for {name}\" ",
                "placeholder=\"temporary password\"><button type=\"submit\">Set</button></form></li>"
            ),
            name = escape(&user.name),
            role = user.role.column(),
            state = state,
            since = when(Some(user.created_at)),
            must = if user.must_change_password { " · must choose a new password" } else { "" },
            toggle = toggle,
            id = user.id,
        ));
    }
    body.push_str(concat!(
        "</ul><h2>Add a user</h2>",
        "<form method=\"post\" action=\"/admin/users\" class=\"account-form\">",
        "<label>Name <input name=\"username\" required maxlength=\"64\" autocomplete=\"off\"></label>",
        "<label>Password <input name=\"password\" type=\"password\" required minlength=\"8\" ",
        "maxlength=\"1024\" autocomplete=\"new-password\"></label>",
        "<label class=\"check\"><input type=\"checkbox\" name=\"admin\" value=\"on\"> Administrator</label>",
        "<button type=\"submit\">Add the user</button></form>",
        "<h2>Library</h2>"
    ));
    let (scan_status, scanning) = scan::section(&library.scan_report());
    body.push_str(&scan_status);
    body.push_str(&button("/admin/rescan", "Rescan the media folder"));
    let html = if scanning {
        reloading_page("Users", &body, RELOAD_WHILE_SCANNING_SECONDS)
    } else {
        page("Users", &body)
    };
    Ok(render::html(status, html))
}

#[derive(Deserialize)]
pub struct NewUser {
    username: String,
    password: String,
    admin: Option<String>,
}

/// `POST /admin/users`.
pub async fn add_user(
    State(accounts): State<Arc<Accounts>>,
    State(library): State<Arc<Library>>,
    AdminViewer(me): AdminViewer,
    Form(form): Form<NewUser>,
) -> Result<Response, AppError> {
    let role = if form.admin.is_some() {
        Role::Admin
    } else {
        Role::Listener
    };
    match accounts
        .add_user(&form.username, &form.password, role)
        .await
    {
        Ok(user) => {
            tracing::info!(by = %me.name, user = %user.name, "user added from the admin page");
            Ok(render::see_other("/admin?done=added"))
        }
        Err(error) => fixable(&accounts, &library, me.user_id, error).await,
    }
}

/// `POST /admin/users/{id}/disable`.
pub async fn disable(
    State(accounts): State<Arc<Accounts>>,
    State(library): State<Arc<Library>>,
    AdminViewer(me): AdminViewer,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    if id == me.user_id {
        let intro = notice("You cannot disable your own account.");
        return Ok(admin_page(
            &accounts,
            &library,
            me.user_id,
            StatusCode::UNPROCESSABLE_ENTITY,
            &intro,
        )
        .await?);
    }
    set_disabled(&accounts, id, true).await
}

/// `POST /admin/users/{id}/enable`.
pub async fn enable(
    State(accounts): State<Arc<Accounts>>,
    AdminViewer(_): AdminViewer,
    PathId(id): PathId,
) -> Result<Response, AppError> {
    set_disabled(&accounts, id, false).await
}

async fn set_disabled(accounts: &Accounts, id: i64, disabled: bool) -> Result<Response, AppError> {
    match accounts.set_disabled(id, disabled).await {
        Ok(()) => Ok(render::see_other(if disabled {
            "/admin?done=disabled"
        } else {
            "/admin?done=enabled"
        })),
        Err(AccountsError::NoSuchUser) => Err(AppError::NotFound),
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
pub struct TemporaryPassword {
    password: String,
}

/// `POST /admin/users/{id}/password`: a temporary password the user must replace.
pub async fn set_password(
    State(accounts): State<Arc<Accounts>>,
    State(library): State<Arc<Library>>,
    AdminViewer(me): AdminViewer,
    PathId(id): PathId,
    Form(form): Form<TemporaryPassword>,
) -> Result<Response, AppError> {
    match accounts.set_password(id, &form.password, true).await {
        Ok(()) => Ok(render::see_other("/admin?done=password")),
        Err(AccountsError::NoSuchUser) => Err(AppError::NotFound),
        Err(error) => fixable(&accounts, &library, me.user_id, error).await,
    }
}

/// `POST /admin/rescan`: the scan runs in the background; the page answers at once (and shows
/// its progress). While a scan runs already, no other is queued behind it.
pub async fn rescan(State(library): State<Arc<Library>>, AdminViewer(me): AdminViewer) -> Response {
    if !library.rescan_in_background() {
        return render::see_other("/admin?done=busy");
    }
    tracing::info!(by = %me.name, "rescan started from the admin page");
    render::see_other("/admin?done=rescan")
}

/// A refusal the admin can fix (a weak password, a taken name): the page again, with why.
async fn fixable(
    accounts: &Accounts,
    library: &Library,
    me: i64,
    error: AccountsError,
) -> Result<Response, AppError> {
    match error {
        AccountsError::WeakPassword(_) | AccountsError::BadName | AccountsError::NameTaken => {
            let intro = notice(&sentence(&error));
            Ok(admin_page(
                accounts,
                library,
                me,
                StatusCode::UNPROCESSABLE_ENTITY,
                &intro,
            )
            .await?)
        }
        error => Err(error.into()),
    }
}
