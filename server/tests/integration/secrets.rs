//! The database password never reaches the output: not in the error of a failed connection, not
//! in `--help`.

use std::process::Command;

const SECRET: &str = "Wr0ng-S3cret-pass";

fn run(args: &[&str], database_url: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "debug")
        .output()
        .expect("run the server");
    let mut said = String::from_utf8_lossy(&output.stdout).into_owned();
    said.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), said)
}

/// The server refuses to start, names the database without the password, and never prints it.
fn refused_without_the_password(url: &str, shown: &str) {
    let (ok, said) = run(&["serve", "--no-scan"], url);
    assert!(!ok, "the server started without its database: {said}");
    assert!(!said.contains(SECRET), "the password was printed: {said}");
    assert!(said.contains(shown), "the database is not named: {said}");
}

#[test]
fn a_url_the_driver_cannot_read_is_quoted_without_its_password() {
    // The driver's own message quotes the whole URL: it must reach the output scrubbed.
    let url = format!("postgres://cadenza:{SECRET}@127.0.0.1:99999/cadenza");
    refused_without_the_password(&url, "postgres://cadenza:***@127.0.0.1:99999/cadenza");
}

#[test]
fn a_wrong_password_on_the_real_server_is_not_printed() {
    // The PostgreSQL run's server (scram-sha-256): the right user, a wrong password.
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!(
            "TEST_DATABASE_URL is not set: the SQLite run has no server to refuse a password"
        );
        return;
    };
    let (scheme, rest) = admin.split_once("://").expect("a URL");
    let (user_info, place) = rest.split_once('@').expect("user@host");
    let user = user_info.split(':').next().unwrap_or(user_info);
    let url = format!("{scheme}://{user}:{SECRET}@{place}");
    refused_without_the_password(&url, &format!("{scheme}://{user}:***@{place}"));
}

#[test]
fn help_does_not_show_the_database_url_from_the_environment() {
    let url = format!("postgres://cadenza:{SECRET}@127.0.0.1:9/cadenza");
    let (ok, said) = run(&["--help"], &url);
    assert!(ok, "{said}");
    assert!(said.contains("--database-url"), "{said}");
    assert!(!said.contains(SECRET), "the password was printed: {said}");
}
