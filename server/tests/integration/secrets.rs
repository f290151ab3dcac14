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

#[test]
fn a_failed_connection_names_the_database_without_its_password() {
    // Nothing listens on port 9 of loopback: the connection is refused at once.
    let url = format!("postgres://cadenza:{SECRET}@127.0.0.1:9/cadenza");
    let (ok, said) = run(&["serve", "--no-scan"], &url);
    assert!(!ok, "the server started without its database: {said}");
    assert!(!said.contains(SECRET), "the password was printed: {said}");
    assert!(
        said.contains("postgres://cadenza:***@127.0.0.1:9/cadenza"),
        "the database is not named: {said}"
    );
}

#[test]
fn help_does_not_show_the_database_url_from_the_environment() {
    let url = format!("postgres://cadenza:{SECRET}@127.0.0.1:9/cadenza");
    let (ok, said) = run(&["--help"], &url);
    assert!(ok, "{said}");
    assert!(said.contains("--database-url"), "{said}");
    assert!(!said.contains(SECRET), "the password was printed: {said}");
}
