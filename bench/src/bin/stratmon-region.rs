//! `stratmon-region`: writes a generated region into a new store, for load
//! tests and trying the server on a large region.
//!
//! ```text
//! stratmon-region --data large.sqlite [--backend sqlite|sled] [--size large|small] [--seed 42] [--password PW]
//! ```
//!
//! Without `--password` it prints the people's one-time passwords; with
//! it, it logs each in once and sets `PW` (at the production hashing cost),
//! as `bench/load.py` does for its month-end load.

use std::process::ExitCode;
use std::sync::Arc;

use stratmon_bench::{Size, generate, set_passwords};
use stratmon_core::store::Store;

fn usage() -> ExitCode {
    eprintln!(
        "usage: stratmon-region --data PATH [--backend sqlite|sled] [--size large|small] [--seed N] [--password PW]"
    );
    ExitCode::from(2)
}

#[tokio::main]
async fn main() -> ExitCode {
    let mut data = None;
    let mut backend = "sqlite".to_owned();
    let mut size = Size::LARGE;
    let mut seed = 42;
    let mut password = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let Some(value) = args.next() else {
            return usage();
        };
        match flag.as_str() {
            "--data" => data = Some(value),
            "--backend" => backend = value,
            "--size" => {
                size = match value.as_str() {
                    "large" => Size::LARGE,
                    "small" => Size::SMALL,
                    _ => return usage(),
                }
            }
            "--password" => password = Some(value),
            "--seed" => match value.parse() {
                Ok(s) => seed = s,
                Err(_) => return usage(),
            },
            _ => return usage(),
        }
    }
    let Some(data) = data else {
        return usage();
    };
    let store: Result<Arc<dyn Store>, stratmon_core::Error> = match backend.as_str() {
        "sqlite" => {
            stratmon_sqlite::SqliteStore::open(&data).map(|s| Arc::new(s) as Arc<dyn Store>)
        }
        "sled" => stratmon_sled::SledStore::open(&data).map(|s| Arc::new(s) as Arc<dyn Store>),
        _ => return usage(),
    };
    let outcome = match store {
        Ok(store) => match generate(Arc::clone(&store), size, seed).await {
            Ok(region) => match &password {
                Some(password) => {
                    let mut people = vec![region.coordinator.clone()];
                    people.extend(region.staff.iter().cloned());
                    set_passwords(store, &people, password)
                        .await
                        .map(|()| region)
                }
                None => Ok(region),
            },
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    match outcome {
        Ok(region) => {
            println!(
                "{}: {} participants, {} events, {} indicators, {} monthly reports",
                data, region.participants, region.events, region.indicators, region.reports
            );
            println!(
                "Admin: login `{}`, one-time password `{}`",
                region.admin.0, region.admin.1
            );
            let people = std::iter::once(&region.coordinator).chain(&region.staff);
            match &password {
                Some(_) => {
                    let logins: Vec<&str> = people.map(|(login, _)| login.as_str()).collect();
                    println!("password set for: {}", logins.join(", "));
                }
                None => {
                    for (login, once) in people {
                        println!("login `{login}`, one-time password `{once}`");
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("stratmon-region: {e}");
            ExitCode::FAILURE
        }
    }
}
