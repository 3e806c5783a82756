//! Integration tests of playground-nn, as one binary (one link step on slow machines).

mod gradcheck;
mod parity;
