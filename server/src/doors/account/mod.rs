//! The account pages, rendered on the server as plain forms (they work without JavaScript):
//! sign-in, sign-out, the first-account setup, a user's own account, and the admin's users page
//! (with the scanner's status, also `GET /api/scan` as JSON for admins' programs).

mod admin;
mod html;
mod login;
mod mine;
mod scan;
mod setup;

use axum::routing::{get, post};
use axum::Router;

use crate::doors::error::{method_not_allowed, post_only};
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::sign_in))
        .route("/logout", get(login::sign_out_form).post(login::sign_out))
        .route("/setup", get(setup::form).post(setup::create_admin))
        .route("/account", get(mine::overview))
        .route(
            "/account/password",
            get(mine::password_form).post(mine::change_password),
        )
        .route(
            "/account/sessions/{id}/end",
            post(mine::end_session).fallback(post_only),
        )
        .route("/account/keys", post(mine::make_key).fallback(post_only))
        .route(
            "/account/keys/{id}/revoke",
            post(mine::revoke_key).fallback(post_only),
        )
        .route(
            "/account/links/end",
            post(mine::end_links).fallback(post_only),
        )
        .route("/admin", get(admin::overview))
        .route("/admin/users", post(admin::add_user).fallback(post_only))
        .route(
            "/admin/users/{id}/disable",
            post(admin::disable).fallback(post_only),
        )
        .route(
            "/admin/users/{id}/enable",
            post(admin::enable).fallback(post_only),
        )
        .route(
            "/admin/users/{id}/password",
            post(admin::set_password).fallback(post_only),
        )
        .route("/admin/rescan", post(admin::rescan).fallback(post_only))
        .route("/api/scan", get(scan::status).fallback(method_not_allowed))
}
