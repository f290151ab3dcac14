//! `server user …`: accounts from the command line, for the first admin on a headless box and for
//! scripts (tests and benchmarks create their users so). Passwords come from standard input when
//! it is not a terminal, or from a prompt that does not echo; never from the arguments.

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::{bail, Context as _};

use crate::cli::UserCommand;
use crate::domain::accounts::Role;
use crate::domain::Accounts;

pub async fn run(accounts: &Accounts, command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add { name, admin } => {
            let password = read_password()?;
            let role = if admin { Role::Admin } else { Role::Listener };
            let user = accounts.add_user(&name, &password, role).await?;
            println!("added {} ({})", user.name, role.column());
        }
        UserCommand::List => {
            let users = accounts.users().await?;
            if users.is_empty() {
                println!("no users yet: add one with `server user add NAME --admin`");
            }
            for user in users {
                let state = if user.disabled { "disabled" } else { "active" };
                println!("{}\t{}\t{state}", user.name, user.role.column());
            }
        }
        UserCommand::Passwd { name } => {
            let id = accounts.user_id(&name).await?;
            let password = read_password()?;
            accounts.set_password(id, &password, false).await?;
            println!("password of {name} changed; their sessions ended");
        }
        UserCommand::Disable { name } => {
            let id = accounts.user_id(&name).await?;
            accounts.set_disabled(id, true).await?;
            println!("{name} disabled; their sessions ended");
        }
        UserCommand::Enable { name } => {
            let id = accounts.user_id(&name).await?;
            accounts.set_disabled(id, false).await?;
            println!("{name} enabled");
        }
        UserCommand::ApiKey {
            name,
            label,
            subsonic_token,
        } => {
            let id = accounts.user_id(&name).await?;
            let key = if subsonic_token {
                accounts.add_token_api_key(id, &label).await?
            } else {
                accounts.add_api_key(id, &label).await?
            };
            eprintln!("API key for {name} (shown once; send it as `Authorization: Bearer KEY`):");
            println!("{key}");
        }
    }
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        let password = line.strip_suffix('\n').unwrap_or(&line);
        let password = password.strip_suffix('\r').unwrap_or(password);
        return Ok(password.to_owned());
    }
    let first = rpassword::prompt_password("Password: ").context("cannot read the password")?;
    let second = rpassword::prompt_password("Again: ").context("cannot read the password")?;
    if first != second {
        bail!("the two passwords differ");
    }
    Ok(first)
}
