fn main() {
    println!("{:016x}", nn_wasm_determinism::fingerprint());
}
