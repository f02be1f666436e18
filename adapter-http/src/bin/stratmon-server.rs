//! `stratmon-server`: the stratmon HTTP API over a SQLite store.
//!
//! ```text
//! stratmon-server [--db PATH] [--listen ADDR]
//! stratmon-server demo [--db PATH] [--listen ADDR] [--demo-password PW]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use stratmon_core::model::{
    Participant, ParticipantKind, ParticipantSettings, ParticipantStatus, Role, User, UserStatus,
};
use stratmon_core::{ErrorKind, Service};
use stratmon_http::demo::{DEMO_PASSWORD, seed};
use stratmon_http::server::shutdown_signal;
use stratmon_sqlite::SqliteStore;

const USAGE: &str = "\
usage:
  stratmon-server [--db PATH] [--listen ADDR]
      serve the SQLite store at PATH (default `stratmon.sqlite`), creating it and
      the first Admin on first run (the one-time password is printed once)
  stratmon-server demo [--db PATH] [--listen ADDR] [--demo-password PW]
      create a fresh store with a demo region (default: a new file in the temp
      directory; an existing non-empty PATH is refused) and serve it
  ADDR defaults to 127.0.0.1:8080";

type AnyError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug)]
struct Args {
    demo: bool,
    db: Option<PathBuf>,
    listen: String,
    demo_password: String,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        demo: false,
        db: None,
        listen: "127.0.0.1:8080".into(),
        demo_password: DEMO_PASSWORD.into(),
    };
    let mut first = true;
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("`{name}` needs a value"));
        match arg.as_str() {
            "demo" if first => parsed.demo = true,
            "--db" => parsed.db = Some(PathBuf::from(value("--db")?)),
            "--listen" => parsed.listen = value("--listen")?,
            "--demo-password" => parsed.demo_password = value("--demo-password")?,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
        first = false;
    }
    Ok(parsed)
}

fn open(path: &std::path::Path) -> Result<Service, AnyError> {
    let store = SqliteStore::open(path)?;
    Ok(Service::new(Arc::new(store)))
}

/// Creates the first Admin if the store has no users yet.
async fn initialise(service: &Service) -> Result<(), AnyError> {
    let outcome = service
        .initialize(
            Participant {
                id: "mincifra".parse()?,
                name: "Министерство цифрового развития и связи Кузбасса".into(),
                kind: ParticipantKind::ExecutiveBody,
                status: ParticipantStatus::Active,
                settings: ParticipantSettings::default(),
                version: 0,
            },
            User {
                login: "admin".parse()?,
                full_name: "Администратор Информационной Системы".into(),
                position: "администратор ИАС".into(),
                participant: "mincifra".parse()?,
                roles: [Role::Admin].into(),
                status: UserStatus::Active,
                version: 0,
            },
        )
        .await;
    match outcome {
        Ok(password) => {
            println!(
                "store initialised; first Admin: login `admin`, one-time password `{password}`"
            );
            println!("(shown once; change it at first login with POST /api/v1/auth/password)");
            Ok(())
        }
        Err(e) if e.kind() == ErrorKind::Conflict => Ok(()),
        Err(e) => Err(e.into()),
    }
}

fn demo_path(db: Option<PathBuf>) -> Result<PathBuf, AnyError> {
    match db {
        Some(path) => {
            let non_empty = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
            if non_empty {
                return Err(format!(
                    "`{}` exists and is not empty; the demo needs a fresh store",
                    path.display()
                )
                .into());
            }
            Ok(path)
        }
        None => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            Ok(std::env::temp_dir().join(format!(
                "stratmon-demo-{}-{stamp}.sqlite",
                std::process::id()
            )))
        }
    }
}

async fn run(args: Args) -> Result<(), AnyError> {
    let service = if args.demo {
        let path = demo_path(args.db)?;
        let service = open(&path)?;
        println!("seeding the demo region into `{}` …", path.display());
        let demo = seed(&service, &args.demo_password).await?;
        println!(
            "demo region: {} events, {} indicators, {} report revisions\n",
            demo.events, demo.indicators, demo.reports
        );
        print!("{}", demo.table());
        service
    } else {
        let path = args.db.unwrap_or_else(|| PathBuf::from("stratmon.sqlite"));
        let service = open(&path)?;
        initialise(&service).await?;
        service
    };
    let listener = tokio::net::TcpListener::bind(&args.listen).await?;
    println!(
        "\nlistening on http://{}/ (API under /api/v1, OpenAPI at /api/v1/openapi.json); Ctrl-C stops",
        listener.local_addr()?
    );
    stratmon_http::serve(listener, service, shutdown_signal()).await?;
    println!("stopped");
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(why) => {
            if !why.is_empty() {
                eprintln!("stratmon-server: {why}");
            }
            eprintln!("{USAGE}");
            return if why.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stratmon-server: {e}");
            ExitCode::FAILURE
        }
    }
}
