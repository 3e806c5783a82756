//! Finite-difference gradient checks (f64, CPU) of every operation.

use playground_nn::testing::OpCase;
use playground_nn::testing::gradcheck::check_op;

#[test]
fn every_operation_has_correct_gradients() {
    let mut failures = Vec::new();
    for &case in OpCase::ALL {
        let report = check_op(case, 11).unwrap_or_else(|e| panic!("{case:?}: {e}"));
        assert!(report.checked > 0, "{case:?} checked nothing");
        if report.max_rel_error >= 1e-6 {
            failures.push(format!("{case:?}: {report:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "gradient errors:\n{}",
        failures.join("\n")
    );
}

mod models {
    use playground_core::rng::Rng;
    use playground_nn::params::{self, Module, VisitorMut};
    use playground_nn::testing::gradcheck::{F64, check};
    use playground_nn::{Ids, Mlp, Tape, Tensor, Transformer, TransformerConfig};

    /// Every parameter of `model` redrawn from N(0, std²) (the default initialisation is
    /// so small that most gradients would be near zero and the check would say little),
    /// as f64 values and shapes.
    fn random_params(
        model: &mut impl Module<F64>,
        std: f64,
        seed: u64,
    ) -> (Vec<Vec<f64>>, Vec<Vec<usize>>) {
        let mut rng = Rng::new(seed);
        let mut host = params::export(model).unwrap();
        for t in &mut host {
            for v in &mut t.data {
                *v = (rng.normal() * std) as f32;
            }
        }
        params::import(model, &host).unwrap();
        let values = host
            .iter()
            .map(|t| t.data.iter().map(|&v| f64::from(v)).collect())
            .collect();
        (values, host.iter().map(|t| t.shape.clone()).collect())
    }

    /// A copy of `model` whose parameters are `x` (in module order).
    fn with_params<M: Module<F64> + Clone>(model: &M, x: &[Tensor<F64>]) -> M {
        let mut m = model.clone();
        let mut i = 0;
        m.visit_mut(&mut VisitorMut::new(&mut |_, t| {
            *t = x[i].clone();
            i += 1;
        }));
        m
    }

    #[test]
    fn the_whole_transformer_loss_has_correct_gradients() {
        let cpu = F64::new();
        let config = TransformerConfig {
            vocab: 5,
            context: 4,
            width: 8,
            heads: 2,
            layers: 2,
        };
        let mut model = Transformer::new(&cpu, config, 1).unwrap();
        let (values, shapes) = random_params(&mut model, 0.4, 2);
        let mut rng = Rng::new(3);
        let tokens: Vec<u32> = (0..2 * 5).map(|_| rng.below(5) as u32).collect();
        let report = check(&values, &shapes, |x| {
            with_params(&model, x).loss(&Tape::no_grad(), &tokens, 2)
        })
        .unwrap();
        assert!(report.checked > 1000, "{report:?}");
        assert!(report.max_rel_error < 1e-6, "{report:?}");
    }

    #[test]
    fn the_mlp_loss_and_completion_logprobs_have_correct_gradients() {
        let cpu = F64::new();
        let mut mlp = Mlp::new(&cpu, &[3, 7, 4], 1).unwrap();
        let (values, shapes) = random_params(&mut mlp, 0.7, 4);
        let x = Tensor::from_slice(&cpu, &[0.3, -1.2, 0.8, 1.5, 0.1, -0.4], &[2, 3]).unwrap();
        let y = Ids::new(&cpu, &[2, 0], &[2]).unwrap();
        let report = check(&values, &shapes, |p| {
            with_params(&mlp, p).loss(&Tape::no_grad(), &x, &y)
        })
        .unwrap();
        assert!(report.max_rel_error < 1e-6, "{report:?}");

        let config = TransformerConfig {
            vocab: 4,
            context: 5,
            width: 4,
            heads: 1,
            layers: 1,
        };
        let mut model = Transformer::new(&cpu, config, 5).unwrap();
        let (values, shapes) = random_params(&mut model, 0.5, 6);
        let seqs = vec![vec![1, 2, 3, 0], vec![3, 3, 1, 2, 0, 1]];
        let report = check(&values, &shapes, |p| {
            let lp =
                with_params(&model, p).completion_logprobs(&Tape::no_grad(), &seqs, &[2, 3])?;
            Ok(lp.sum())
        })
        .unwrap();
        assert!(report.max_rel_error < 1e-6, "{report:?}");
    }
}
