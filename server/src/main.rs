//! `roundtable`: serves the app, and the operator's commands beside it.

use anyhow::Context;
use app::domain::identity::{GlobalRole, PartnerRole};
use app::identity::store as accounts;
use clap::{Parser, Subcommand};
use server::config::Config;
use server::database;

/// mimalloc rather than glibc's malloc: under load, glibc's spent about a
/// fifth of the server's time in malloc, free and arena consolidation
/// (perf, scripts/bench); see the README's "Under load".
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "roundtable",
    about = "Roundtable: consultation and co-drafting for the Blueprint for Cyber Security in Health and Care"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the app (the default).
    Serve,
    /// Manage accounts and roles.
    #[command(subcommand)]
    Admin(Admin),
    /// Demo data, load data and benchmarks (builds with the `dev-tools`
    /// feature only).
    #[cfg(feature = "dev-tools")]
    #[command(flatten)]
    Dev(server::dev::commands::DevCommand),
    /// Write a consistent copy of the SQLite database, while it serves.
    Backup {
        /// The new file to write.
        file: std::path::PathBuf,
    },
    /// Put a backup in place of the SQLite database (stop the server first).
    Restore {
        /// The backup to restore.
        file: std::path::PathBuf,
        /// Overwrite the database that is there now.
        #[arg(long)]
        replace: bool,
    },
    /// Check the audit log's hash chain from the first entry to the last.
    AuditVerify {
        /// If the chain holds but its head is not keyed (it was last
        /// written before heads were keyed), key it now. Only where you
        /// trust that nobody cut entries off its end meanwhile.
        #[arg(long)]
        key_head: bool,
    },
}

#[derive(Subcommand)]
enum Admin {
    /// Create a local account (the password is read from standard input).
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Also make the account an administrator.
        #[arg(long)]
        admin: bool,
    },
    /// Grant a global role: policy_maker, moderator or administrator.
    Grant {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
    },
    /// Take a global role away.
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
    },
    /// Make an account a member or lead of a partner institution.
    Member {
        #[arg(long)]
        email: String,
        /// The institution's slug, e.g. nhs-wales.
        #[arg(long)]
        institution: String,
        #[arg(long, default_value = "member")]
        role: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    server::logging::init(server::logging::Format::parse(
        std::env::var("ROUNDTABLE_LOG_FORMAT").ok().as_deref(),
    )?);
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve().await,
        Command::Admin(admin) => run_admin(admin).await,
        #[cfg(feature = "dev-tools")]
        Command::Dev(command) => server::dev::commands::run(command).await,
        Command::Backup { file } => {
            let config = Config::from_environment()?;
            let db = database::connect(&config.database_url).await?;
            let bytes = server::backup::backup(&db, &file).await?;
            db.close().await;
            println!("Backed up to {} ({bytes} bytes).", file.display());
            Ok(())
        }
        Command::Restore { file, replace } => {
            let config = Config::from_environment()?;
            server::backup::restore(&file, &config.database_url, replace).await?;
            println!("Restored {} into {}.", file.display(), config.database_url);
            Ok(())
        }
        Command::AuditVerify { key_head } => {
            let config = Config::from_environment()?;
            let db = database::connect(&config.database_url).await?;
            database::migrate(&db).await?;
            let mut verified = app::audit::verify(&db, &config.secret_key).await?;
            if key_head && verified.broken_at.is_none() && !verified.head_keyed {
                app::audit::key_head(&db, &config.secret_key, &verified).await?;
                verified = app::audit::verify(&db, &config.secret_key).await?;
                println!("The audit log's head is keyed now.");
            }
            db.close().await;
            if !verified.head_keyed && verified.entries > 0 {
                eprintln!(
                    "Warning: {} Once sure, key it with `roundtable audit-verify --key-head`.",
                    app::audit::api::HEAD_NOT_KEYED
                );
            }
            match verified.broken_at {
                None => {
                    println!(
                        "The audit log's {} entries are intact; its head is {}.",
                        verified.entries, verified.head
                    );
                    Ok(())
                }
                Some(0) => anyhow::bail!(
                    "The audit log was cut short or its head changed: after {} intact entries, the head ({}) does not match.",
                    verified.entries,
                    verified.head
                ),
                Some(id) => anyhow::bail!(
                    "The audit log was changed: entry {id} does not match its hash ({} intact entries before it).",
                    verified.entries
                ),
            }
        }
    }
}

async fn serve() -> anyhow::Result<()> {
    let config = Config::from_environment()?;
    let server = server::build(&config).await?;
    tokio::spawn(server::housekeeping(server.db.clone()));
    let listener = tokio::net::TcpListener::bind(config.site_addr)
        .await
        .with_context(|| format!("cannot listen on {}", config.site_addr))?;
    println!();
    println!(
        "Roundtable is running on {} ({}).",
        url(&config),
        server.db.backend()
    );
    #[cfg(feature = "dev-tools")]
    if config.demo_data {
        use server::dev::demo;
        println!("Demo accounts (password \"{}\"):", demo::DEMO_PASSWORD);
        for account in &demo::DEMO_ACCOUNTS {
            println!("  {:<28} {}", account.email, account.what);
        }
        println!(
            "The administrator and policy maker also need a code: run `target/release/roundtable demo-code`,\n\
             or add the key {} to an authenticator app.",
            demo::DEMO_TOTP_SECRET
        );
    }
    println!();
    server::operations::serve(
        listener,
        server,
        server::operations::terminate_signal(),
        std::time::Duration::from_secs(config.shutdown_grace_seconds),
    )
    .await
}

fn url(config: &Config) -> String {
    format!("http://{}", config.site_addr)
}

async fn run_admin(admin: Admin) -> anyhow::Result<()> {
    let config = Config::from_environment()?;
    let db = database::connect(&config.database_url).await?;
    database::migrate(&db).await?;
    let user = |email: String| {
        let db = db.clone();
        async move {
            accounts::user_id_by_email(&db, &email.trim().to_lowercase())
                .await?
                .with_context(|| format!("no account with the email {email}"))
        }
    };
    match admin {
        Admin::CreateUser { email, name, admin } => {
            let mut password = String::new();
            std::io::stdin().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            if let Some(problem) =
                app::identity::password::policy_problem(password, &[&name, &email])
            {
                anyhow::bail!("{problem}");
            }
            let hash =
                app::identity::password::hash(password).map_err(|e| anyhow::anyhow!("{e}"))?;
            let id = accounts::create_user(&db, name.trim(), &email.trim().to_lowercase(), &hash)
                .await?;
            if admin {
                accounts::grant_role(&db, id, GlobalRole::Administrator).await?;
            }
            println!(
                "Created account {id} for {email}{}.",
                if admin { " (administrator)" } else { "" }
            );
        }
        Admin::Grant { email, role } => {
            let role = GlobalRole::parse(&role)
                .context("role must be policy_maker, moderator or administrator")?;
            accounts::grant_role(&db, user(email.clone()).await?, role).await?;
            println!("{email} is now {}.", role.label());
        }
        Admin::Revoke { email, role } => {
            let role = GlobalRole::parse(&role)
                .context("role must be policy_maker, moderator or administrator")?;
            accounts::revoke_role(&db, user(email.clone()).await?, role).await?;
            println!("{email} is no longer {}.", role.label());
        }
        Admin::Member {
            email,
            institution,
            role,
        } => {
            let role = PartnerRole::parse(&role).context("role must be member or lead")?;
            let inst = app::institutions::store::by_slug(&db, &institution)
                .await?
                .with_context(|| format!("no institution with the slug {institution}"))?;
            accounts::set_membership(&db, user(email.clone()).await?, inst.id, role).await?;
            println!(
                "{email} is now a partner {} of {}.",
                role.as_str(),
                inst.name
            );
        }
    }
    db.close().await;
    Ok(())
}
