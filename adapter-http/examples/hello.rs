//! The ceiling for the HTTP load benchmark (bench/load.py): the smallest
//! axum server, answering every request with a constant, on the same
//! runtime settings as stratmon-server. Throughput of the real server is
//! reported as a fraction of this one's on the same machine in the same run:
//! once driven like the plain ceiling (`GET /`), once by the month-end mix's
//! own client script, whose paths and methods all get the same answer here.
//!
//!     cargo run --release -p stratmon-http --example hello -- 127.0.0.1:8090

use axum::Router;
use axum::routing::get;

/// The same allocator as stratmon-server, so the ceiling is measured on
/// equal terms.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8090".to_owned());
    let app = Router::new()
        .route("/", get(|| async { "hello" }))
        .fallback(|| async { "hello" });
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}/", listener.local_addr()?);
    axum::serve(listener, app).await
}
