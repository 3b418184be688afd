//! Black-box tests live in http/; this crate has no code of its own.
