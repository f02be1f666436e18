//! `stratmon-server`: the stratmon HTTP API over a SQLite or sled store, and
//! the store's maintenance commands.
//!
//! ```text
//! stratmon-server [serve] [--data PATH] [--backend sqlite|sled] [--listen ADDR] [--clock RFC3339]
//! stratmon-server init [--data PATH] [--backend sqlite|sled]
//! stratmon-server demo [--data PATH] [--backend sqlite|sled] [--listen ADDR] [--demo-password PW]
//! stratmon-server dump --data PATH [--backend sqlite|sled] --out FILE
//! stratmon-server restore --data PATH [--backend sqlite|sled] --in FILE
//! stratmon-server verify-audit --data PATH [--backend sqlite|sled]
//! stratmon-server openapi
//! ```
//!
//! Exit codes: 0 success; 1 failure (the message is one line on stderr; for
//! `verify-audit`, also a broken chain); 2 a usage error.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use clap::{Args, Parser, Subcommand, ValueEnum};
use stratmon_core::audit::{AuditEntry, verify_chain};
use stratmon_core::calendar::ManualClock;
use stratmon_core::model::{
    Participant, ParticipantKind, ParticipantSettings, ParticipantStatus, Role, User, UserStatus,
};
use stratmon_core::store::Store;
use stratmon_core::store::dump;
use stratmon_core::{ErrorKind, Service};
use stratmon_http::demo::{DEMO_PASSWORD, seed};
use stratmon_http::server::shutdown_signal;
use stratmon_sled::SledStore;
use stratmon_sqlite::SqliteStore;

type AnyError = Box<dyn std::error::Error + Send + Sync>;

/// The stratmon HTTP API and the maintenance of its store.
#[derive(Debug, Parser)]
#[command(name = "stratmon-server", version)]
struct Cli {
    /// What to do; without one, `serve` with the defaults.
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the store, creating it and the first Admin on first run (the
    /// one-time password is printed once).
    Serve {
        #[command(flatten)]
        store: StoreArgs,
        /// The address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: String,
        #[command(flatten)]
        clock: ClockArgs,
    },
    /// Create the store and the first Admin, print the one-time password and
    /// exit; refused if the store is already initialised.
    Init {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Create a fresh store holding a demo region and serve it (default: a new
    /// store in the temp directory; an existing non-empty PATH is refused).
    Demo {
        #[command(flatten)]
        store: StoreArgs,
        /// The address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        listen: String,
        /// The password every demo user gets.
        #[arg(long, value_name = "PW", default_value = DEMO_PASSWORD)]
        demo_password: String,
        #[command(flatten)]
        clock: ClockArgs,
    },
    /// Write everything the store holds to one portable file.
    Dump {
        #[command(flatten)]
        store: ExistingStore,
        /// The file to write.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Restore a dump into an empty store; a corrupt or truncated file is
    /// refused before anything is written.
    Restore {
        #[command(flatten)]
        store: ExistingStore,
        /// The dump to read.
        #[arg(long = "in", value_name = "FILE")]
        input: PathBuf,
    },
    /// Print the OpenAPI 3.1 document of the HTTP API (as served at
    /// `/api/v1/openapi.json`), for code generators and validators.
    Openapi,
    /// Check the audit log's hash chain: exit code 0 if intact, 1 if broken.
    VerifyAudit {
        #[command(flatten)]
        store: ExistingStore,
    },
}

/// Where the store lives, with a default.
#[derive(Debug, Clone, Args)]
struct StoreArgs {
    /// The store: a SQLite file or a sled directory [default: `stratmon.sqlite`
    /// or `stratmon.sled` in the working directory; for `demo`, a new one in
    /// the temp directory].
    #[arg(long, value_name = "PATH", alias = "db")]
    data: Option<PathBuf>,
    /// The storage backend.
    #[arg(long, value_enum, default_value_t = Backend::Sqlite)]
    backend: Backend,
}

/// The time the server believes it is.
#[derive(Debug, Clone, Default, Args)]
struct ClockArgs {
    /// Run with the clock stopped at this instant (RFC 3339, e.g.
    /// `2026-03-26T10:00:00+07:00`) instead of the system time: for tests,
    /// training and reproducing a reporting window. Never in production.
    #[arg(long, value_name = "RFC3339", value_parser = parse_instant)]
    clock: Option<DateTime<Utc>>,
}

fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| format!("not an RFC 3339 instant ({e}), e.g. `2026-03-26T10:00:00+07:00`"))
}

impl ClockArgs {
    /// A service over `store` with this clock.
    fn service(&self, store: Arc<dyn Store>) -> Service {
        let service = Service::new(store);
        match self.clock {
            Some(at) => {
                println!("clock stopped at {}", at.to_rfc3339());
                service.with_clock(Arc::new(ManualClock::new(at)))
            }
            None => service,
        }
    }
}

/// Where the store lives, named explicitly.
#[derive(Debug, Clone, Args)]
struct ExistingStore {
    /// The store: a SQLite file or a sled directory.
    #[arg(long, value_name = "PATH", alias = "db")]
    data: PathBuf,
    /// The storage backend.
    #[arg(long, value_enum, default_value_t = Backend::Sqlite)]
    backend: Backend,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Backend {
    /// One SQLite file.
    Sqlite,
    /// A sled directory.
    Sled,
}

impl Backend {
    fn default_path(self) -> PathBuf {
        PathBuf::from(match self {
            Backend::Sqlite => "stratmon.sqlite",
            Backend::Sled => "stratmon.sled",
        })
    }
}

impl StoreArgs {
    fn path(&self) -> PathBuf {
        self.data
            .clone()
            .unwrap_or_else(|| self.backend.default_path())
    }
}

/// Opens (creating if needed) the store at `path`, off the async executor.
async fn open(backend: Backend, path: &Path) -> Result<Arc<dyn Store>, AnyError> {
    let path = path.to_owned();
    let store =
        tokio::task::spawn_blocking(move || -> Result<Arc<dyn Store>, stratmon_core::Error> {
            Ok(match backend {
                Backend::Sqlite => Arc::new(SqliteStore::open(&path)?),
                Backend::Sled => Arc::new(SledStore::open(&path)?),
            })
        })
        .await??;
    Ok(store)
}

/// Opens a store that must already exist (no new empty store is left behind
/// by a typo).
async fn open_existing(store: &ExistingStore) -> Result<Arc<dyn Store>, AnyError> {
    if !store.data.exists() {
        return Err(format!("no store at `{}`", store.data.display()).into());
    }
    open(store.backend, &store.data).await
}

/// Whether `path` holds something: a non-empty file or directory.
fn non_empty(path: &Path) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_some()),
        Ok(m) => m.len() > 0,
        Err(_) => false,
    }
}

/// Creates the first Admin. `Ok(None)` if the store was already initialised.
async fn initialise(service: &Service) -> Result<Option<String>, AnyError> {
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
            Ok(Some(password))
        }
        Err(e) if e.kind() == ErrorKind::Conflict => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn demo_path(store: &StoreArgs) -> Result<PathBuf, AnyError> {
    match &store.data {
        Some(path) => {
            if non_empty(path) {
                return Err(format!(
                    "`{}` exists and is not empty; the demo needs a fresh store",
                    path.display()
                )
                .into());
            }
            Ok(path.clone())
        }
        None => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or_default();
            let extension = match store.backend {
                Backend::Sqlite => "sqlite",
                Backend::Sled => "sled",
            };
            Ok(std::env::temp_dir().join(format!(
                "stratmon-demo-{}-{stamp}.{extension}",
                std::process::id()
            )))
        }
    }
}

async fn listen(service: Service, addr: &str) -> Result<(), AnyError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on `{addr}`: {e}"))?;
    println!(
        "\nlistening on http://{}/ — open it in a browser for the web interface (API under /api/v1, OpenAPI at /api/v1/openapi.json); Ctrl-C stops",
        listener.local_addr()?
    );
    stratmon_http::serve(listener, service, shutdown_signal()).await?;
    println!("stopped");
    Ok(())
}

async fn serve(store: StoreArgs, addr: &str, clock: &ClockArgs) -> Result<(), AnyError> {
    let service = clock.service(open(store.backend, &store.path()).await?);
    initialise(&service).await?;
    listen(service, addr).await
}

async fn init(store: StoreArgs) -> Result<(), AnyError> {
    let path = store.path();
    let service = Service::new(open(store.backend, &path).await?);
    match initialise(&service).await? {
        Some(_) => Ok(()),
        None => Err(format!("the store at `{}` is already initialised", path.display()).into()),
    }
}

async fn demo(
    store: StoreArgs,
    addr: &str,
    password: &str,
    clock: &ClockArgs,
) -> Result<(), AnyError> {
    let path = demo_path(&store)?;
    let service = clock.service(open(store.backend, &path).await?);
    println!("seeding the demo region into `{}` …", path.display());
    let demo = seed(&service, password).await?;
    println!(
        "demo region: {} participants, {} events, {} indicators, {} monthly reports\n",
        demo.participants, demo.events, demo.indicators, demo.reports
    );
    print!("{}", demo.table());
    listen(service, addr).await
}

async fn run_dump(store: ExistingStore, out: &Path) -> Result<(), AnyError> {
    let source = open_existing(&store).await?;
    let file = File::create(out).map_err(|e| format!("cannot create `{}`: {e}", out.display()))?;
    let mut writer = BufWriter::new(file);
    let summary = dump::dump(source.as_ref(), &mut writer).await?;
    writer
        .flush()
        .map_err(|e| format!("cannot write `{}`: {e}", out.display()))?;
    println!(
        "dumped {} records and {} audit entries to `{}`",
        summary.records,
        summary.audit,
        out.display()
    );
    Ok(())
}

async fn run_restore(store: ExistingStore, input: &Path) -> Result<(), AnyError> {
    let bytes =
        std::fs::read(input).map_err(|e| format!("cannot read `{}`: {e}", input.display()))?;
    // Check the whole file before opening (and perhaps creating) the target.
    dump::read(bytes.as_slice()).map_err(|e| format!("`{}`: {e}", input.display()))?;
    let target = open(store.backend, &store.data).await?;
    let summary = dump::restore(target.as_ref(), BufReader::new(bytes.as_slice()))
        .await
        .map_err(|e| format!("restore into `{}`: {e}", store.data.display()))?;
    println!(
        "restored {} records and {} audit entries into `{}`",
        summary.records,
        summary.audit,
        store.data.display()
    );
    Ok(())
}

/// `Ok(true)` if the chain is intact.
async fn verify_audit(store: ExistingStore) -> Result<bool, AnyError> {
    let source = open_existing(&store).await?;
    let mut entries: Vec<AuditEntry> = Vec::new();
    let mut from = 1;
    loop {
        let page = source.audit_entries(from, 1000).await?;
        let Some(last) = page.last() else { break };
        from = last.seq + 1;
        entries.extend(page);
    }
    match verify_chain(&entries) {
        Ok(report) => {
            println!(
                "OK: audit log intact, {} entries, head {}",
                report.entries, report.head
            );
            Ok(true)
        }
        Err(broken) => {
            println!("BROKEN: audit entry {}: {}", broken.seq, broken.reason);
            Ok(false)
        }
    }
}

async fn run(command: Command) -> Result<bool, AnyError> {
    match command {
        Command::Serve {
            store,
            listen,
            clock,
        } => serve(store, &listen, &clock).await.map(|()| true),
        Command::Init { store } => init(store).await.map(|()| true),
        Command::Demo {
            store,
            listen,
            demo_password,
            clock,
        } => demo(store, &listen, &demo_password, &clock)
            .await
            .map(|()| true),
        Command::Dump { store, out } => run_dump(store, &out).await.map(|()| true),
        Command::Restore { store, input } => run_restore(store, &input).await.map(|()| true),
        Command::VerifyAudit { store } => verify_audit(store).await,
        Command::Openapi => {
            let document = serde_json::to_string_pretty(&stratmon_http::openapi::document())?;
            println!("{document}");
            Ok(true)
        }
    }
}

/// Logs to stderr (stdout carries what the commands print): one line per
/// request with its id, route, status, time and user. `RUST_LOG` filters
/// (default `info`); `STRATMON_LOG_FORMAT=json` writes JSON lines for log
/// collectors.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("STRATMON_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Requests allocate many short-lived strings and vectors on every worker
/// thread; mimalloc's thread-local free lists serve them with less locking
/// and copying than the system allocator (bench/README.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
    let command = cli.command.unwrap_or(Command::Serve {
        store: StoreArgs {
            data: None,
            backend: Backend::Sqlite,
        },
        listen: "127.0.0.1:8080".into(),
        clock: ClockArgs::default(),
    });
    match run(command).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            let message = e.to_string().replace('\n', " ");
            eprintln!("stratmon-server: {message}");
            ExitCode::FAILURE
        }
    }
}
