//! Integration tests of playground-nn, as one binary (one link step on slow machines).

mod errors;
mod gradcheck;
mod models;
mod parity;
mod parity_gpu;
