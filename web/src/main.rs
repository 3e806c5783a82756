//! The app's main module: every lab, the gallery and the benchmark page (everything is in
//! the library, `lib.rs`; each lab's page also has a module of its own, `bin/`).

fn main() {
    playground_web::start(&playground_web::labs::EVERYTHING);
}
