//! The /bandits page's own module (see `playground_web::labs`).

fn main() {
    playground_web::start(&playground_web::labs::BANDITS);
}
