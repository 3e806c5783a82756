use std::time::Instant;
use playground_nn::backend::gpu::Gpu;
use playground_nn::backend::Backend;
fn main() {
    let g = Gpu::new_blocking().unwrap();
    let mut x = g.upload(&vec![0.5; 16]);
    for _ in 0..300 { x = g.affine(&x, 1.0, 0.0); }
    playground_nn::block_on(g.read(&x)).unwrap();
    let t = Instant::now();
    for _ in 0..3000 { x = g.affine(&x, 1.0, 0.0); }
    let rec = t.elapsed();
    playground_nn::block_on(g.read(&x)).unwrap();
    println!("record {:.1} us/dispatch, total incl. execution {:.1} us/dispatch", rec.as_secs_f64() * 1e6 / 3000.0, t.elapsed().as_secs_f64() * 1e6 / 3000.0);
    let t = Instant::now();
    for _ in 0..200 { let y = g.affine(&x, 1.0, 0.0); playground_nn::block_on(g.read(&y)).unwrap(); }
    println!("dispatch + read round trip {:.1} us", t.elapsed().as_secs_f64() * 1e6 / 200.0);
}
