//! Runnable examples of embedding stratmon; see the `examples` in this
//! package (`cargo run -p stratmon-examples --example one_month`).
