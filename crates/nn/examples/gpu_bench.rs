//! Training throughput of the GPU backend against the CPU backend, for
//! `bench/gpu_vs_cpu.sh` (here, on whatever adapter opens) and `bench/gpu_device.sh` (a
//! prebuilt copy run on a machine with a real GPU).
//!
//! Measures training steps per second (forward, backward, Adam update, and the loss read
//! back to the host every step, as the web page does) of
//! (a) the MLP 64 → 256 → 256 → 16 on batches of 64 and
//! (b) the tiny transformer (vocab 16, context 16, width 64, 4 heads, 2 layers) on
//!     batches of 32,
//! then sweeps widths and batch sizes to find where the GPU overtakes the CPU. The
//! `gpu, lazy` column reads the loss only every 10th step, which shows how much of a
//! step is spent waiting for the device rather than computing.
//!
//! Run: `cargo run --release -p playground-nn --example gpu_bench -- [--budget SECONDS]
//! [--quick]`. Each figure takes about `--budget` seconds (default 1).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::time::Instant;

    use playground_core::rng::Rng;
    use playground_nn::backend::gpu::Gpu;
    use playground_nn::{
        Backend, Cpu, Ids, Mlp, Optimizer, OptimizerConfig, Tape, Tensor, Transformer,
        TransformerConfig,
    };

    /// Steps per second below which a backend skips the rest of a sweep.
    const SLOWEST: f64 = 0.5;
    /// Steps per second below which the lazy-read figure is not measured (it needs at
    /// least 10 steps).
    const LAZY_MIN: f64 = 5.0;

    /// One benchmark configuration.
    #[derive(Clone, Copy, Debug)]
    enum Case {
        /// MLP inputs 64 → width → width → 16 classes.
        Mlp { width: usize, batch: usize },
        /// Transformer with vocab 16, context 16, 4 heads, 2 layers.
        Transformer { width: usize, batch: usize },
    }

    impl Case {
        fn label(self) -> String {
            match self {
                Case::Mlp { width, batch } => format!("mlp 2x{width}, batch {batch}"),
                Case::Transformer { width, batch } => {
                    format!("transformer w{width}, batch {batch}")
                }
            }
        }
    }

    /// Steps per second of `step(read)`: one warm-up step (which also compiles the GPU's
    /// pipelines), then steps for about `budget` seconds, at least 2. `read` is true every
    /// `every` steps, and timing stops only after a step that read, so work still queued
    /// on the device is never counted as done.
    fn rate(budget: f64, every: usize, mut step: impl FnMut(bool)) -> f64 {
        step(true);
        let start = Instant::now();
        let mut n = 0;
        loop {
            n += 1;
            let read = n % every == 0;
            step(read);
            if read && n >= 2 && start.elapsed().as_secs_f64() >= budget {
                return n as f64 / start.elapsed().as_secs_f64();
            }
        }
    }

    /// Steps per second of `case` on `b`, reading the loss every `read_every` steps.
    fn run<B: Backend>(b: &B, case: Case, budget: f64, read_every: usize) -> f64 {
        let mut rng = Rng::new(1);
        let adam = OptimizerConfig::adam(1e-3);
        match case {
            Case::Mlp { width, batch } => {
                let mut model = Mlp::new(b, &[64, width, width, 16], 0).expect("mlp");
                let mut opt = Optimizer::new(adam);
                let x: Vec<f32> = (0..batch * 64).map(|_| rng.normal() as f32).collect();
                let y: Vec<u32> = (0..batch).map(|_| rng.below(16) as u32).collect();
                let x = Tensor::from_slice(b, &x, &[batch, 64]).expect("x");
                let y = Ids::new(b, &y, &[batch]).expect("y");
                rate(budget, read_every, |read| {
                    let tape = Tape::new();
                    let loss = model.loss(&tape, &x, &y).expect("loss");
                    let grads = loss.backward().expect("backward");
                    opt.step(&mut model, &grads).expect("step");
                    if read {
                        std::hint::black_box(loss.to_scalar().expect("read"));
                    }
                })
            }
            Case::Transformer { width, batch } => {
                let config = TransformerConfig {
                    vocab: 16,
                    context: 16,
                    width,
                    heads: 4,
                    layers: 2,
                };
                let mut model = Transformer::new(b, config, 0).expect("transformer");
                let mut opt = Optimizer::new(adam);
                let tokens: Vec<u32> = (0..batch * 17).map(|_| rng.below(16) as u32).collect();
                rate(budget, read_every, |read| {
                    let tape = Tape::new();
                    let loss = model.loss(&tape, &tokens, batch).expect("loss");
                    let grads = loss.backward().expect("backward");
                    opt.step(&mut model, &grads).expect("step");
                    if read {
                        std::hint::black_box(loss.to_scalar().expect("read"));
                    }
                })
            }
        }
    }

    struct Args {
        budget: f64,
        quick: bool,
    }

    fn args() -> Args {
        let mut a = Args {
            budget: 1.0,
            quick: false,
        };
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            match arg.as_str() {
                "--budget" => a.budget = it.next().and_then(|s| s.parse().ok()).unwrap_or(1.0),
                "--quick" => a.quick = true,
                other => eprintln!("ignoring unknown argument {other}"),
            }
        }
        a
    }

    /// The headline pair, then the sweeps (each a list whose crossover is reported).
    fn sweeps(quick: bool) -> Vec<(&'static str, Vec<Case>)> {
        let mlp_widths: &[usize] = if quick {
            &[64, 256, 1024]
        } else {
            &[64, 128, 256, 512, 1024, 2048]
        };
        let mlp_batches: &[usize] = if quick {
            &[16, 256, 2048]
        } else {
            &[16, 64, 256, 1024, 4096]
        };
        let tf_widths: &[usize] = if quick {
            &[64, 256]
        } else {
            &[32, 64, 128, 256]
        };
        let tf_batches: &[usize] = if quick { &[8, 128] } else { &[8, 32, 128, 512] };
        vec![
            (
                "headline (the site's models)",
                vec![
                    Case::Mlp {
                        width: 256,
                        batch: 64,
                    },
                    Case::Transformer {
                        width: 64,
                        batch: 32,
                    },
                ],
            ),
            (
                "MLP width, batch 64",
                mlp_widths
                    .iter()
                    .map(|&width| Case::Mlp { width, batch: 64 })
                    .collect(),
            ),
            (
                "MLP batch, width 256",
                mlp_batches
                    .iter()
                    .map(|&batch| Case::Mlp { width: 256, batch })
                    .collect(),
            ),
            (
                "transformer width, batch 32",
                tf_widths
                    .iter()
                    .map(|&width| Case::Transformer { width, batch: 32 })
                    .collect(),
            ),
            (
                "transformer batch, width 64",
                tf_batches
                    .iter()
                    .map(|&batch| Case::Transformer { width: 64, batch })
                    .collect(),
            ),
        ]
    }

    pub fn main() {
        let args = args();
        let cpu = Cpu::<f32>::new();
        let gpu = match Gpu::new_blocking() {
            Ok(g) => {
                println!("GPU adapter: {}", g.describe());
                Some(g)
            }
            Err(e) => {
                println!("no GPU adapter ({e}); CPU figures only");
                None
            }
        };
        println!("CPU backend: {} (one thread)", cpu.name());
        println!(
            "budget per figure: {} s; steps/s include reading the loss every step\n",
            args.budget
        );
        println!(
            "{:<34} {:>12} {:>12} {:>8} {:>12}",
            "case", "cpu steps/s", "gpu steps/s", "gpu/cpu", "gpu, lazy"
        );
        let mut crossovers = Vec::new();
        for (title, cases) in sweeps(args.quick) {
            println!("-- {title}");
            let mut crossover = None;
            // Sizes grow along a sweep: once a backend is slower than this, its larger
            // sizes are skipped (a software adapter would take minutes per figure).
            let (mut cpu_on, mut gpu_on) = (true, gpu.is_some());
            for case in cases {
                let c = if cpu_on {
                    run(&cpu, case, args.budget, 1)
                } else {
                    f64::NAN
                };
                let g = match &gpu {
                    Some(gpu) if gpu_on => run(gpu, case, args.budget, 1),
                    _ => f64::NAN,
                };
                let lazy = match &gpu {
                    Some(gpu) if g >= LAZY_MIN => run(gpu, case, args.budget, 10),
                    _ => f64::NAN,
                };
                let show = |v: f64| {
                    if v.is_nan() {
                        "-".to_string()
                    } else {
                        format!("{v:.1}")
                    }
                };
                let ratio = if (g / c).is_nan() {
                    "-".to_string()
                } else {
                    format!("{:.2}", g / c)
                };
                println!(
                    "{:<34} {:>12} {:>12} {:>8} {:>12}",
                    case.label(),
                    show(c),
                    show(g),
                    ratio,
                    show(lazy)
                );
                if g > c && crossover.is_none() {
                    crossover = Some(case.label());
                }
                cpu_on &= c >= SLOWEST;
                gpu_on &= g >= SLOWEST;
            }
            crossovers.push((title, crossover));
        }
        println!("\nwhere the GPU first beats the CPU:");
        for (title, crossover) in crossovers.iter().skip(1) {
            println!(
                "  {title}: {}",
                crossover.as_deref().unwrap_or("not within the sweep")
            );
        }
    }
}
