//! The app's entry point; everything is in the library (`lib.rs`).

fn main() {
    playground_web::start();
}
