//! The account pages, rendered on the server as plain forms (they work without JavaScript):
//! sign-in, sign-out and the first-account setup.

mod html;
mod login;
mod setup;

use axum::routing::get;
use axum::Router;

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::sign_in))
        .route("/logout", get(login::sign_out_form).post(login::sign_out))
        .route("/setup", get(setup::form).post(setup::create_admin))
}
