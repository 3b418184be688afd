//! Developers' tooling, built only with the `dev-tools` feature (which
//! `scripts/build`, and so `scripts/run` and the tests, turn on; a
//! production build, `cargo build -p server --release`, leaves it out):
//! the demo roadmap and accounts ([`demo`]), load data ([`seed`]),
//! benchmarks ([`bench`], [`bench_dashboard`]), the commands that run them
//! ([`commands`]) and the load harness's static route ([`static_ceiling`]).

pub mod bench;
pub mod bench_dashboard;
pub mod commands;
pub mod demo;
mod demo_outcomes;
pub mod load_data;
pub mod seed;
pub mod static_ceiling;
