//! Thin wrappers over browser APIs, so components read as intent ("download this file")
//! rather than as web-sys plumbing. Every function here degrades to a no-op or an error
//! message instead of panicking: a missing API must never break the page.

pub mod dom;
pub mod fetch;
pub mod gpu;
pub mod url;
