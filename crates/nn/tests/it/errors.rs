//! User mistakes come back as errors that say what was wrong, never as panics.

use playground_nn::{Cpu, Ids, NnError, Tape, Tensor, Transformer, TransformerConfig};

fn t(shape: &[usize]) -> Tensor<Cpu> {
    let n: usize = shape.iter().product();
    Tensor::from_slice(&Cpu::new(), &vec![0.5; n], shape).unwrap()
}

fn message<T: std::fmt::Debug>(r: Result<T, NnError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn shape_mismatches_are_errors_that_name_the_shapes() {
    let m = message(t(&[2, 3]).matmul(&t(&[4, 5])));
    assert!(
        m.contains("matmul") && m.contains("[2, 3]") && m.contains("[4, 5]"),
        "{m}"
    );
    assert!(m.contains("inner dimensions differ (3 vs 4)"), "{m}");
    let m = message(t(&[2, 3]).add(&t(&[4])));
    assert!(m.contains("do not broadcast"), "{m}");
    let m = message(t(&[2, 3]).reshape(&[5]));
    assert!(m.contains("cannot reshape [2, 3] (6 values) to [5]"), "{m}");
    let m = message(Tensor::from_slice(&Cpu::<f32>::new(), &[1.0, 2.0], &[3]));
    assert!(m.contains("2 values cannot fill shape [3]"), "{m}");
    let m = message(t(&[2, 3]).layer_norm(&t(&[2]), &t(&[3]), 1e-5));
    assert!(m.contains("gamma has shape [2], expected [3]"), "{m}");
    let m = message(t(&[2, 3]).narrow(1, 2, 2));
    assert!(m.contains("range 2..4"), "{m}");
    let m = message(t(&[2, 3]).permute(&[0, 0]));
    assert!(m.contains("not a permutation"), "{m}");
    let m = message(t(&[2, 3]).transpose(0, 5));
    assert!(m.contains("axis 5"), "{m}");
    let m = message(Tensor::concat(&[&t(&[2, 3]), &t(&[3, 3])], 1));
    assert!(m.contains("differ outside axis 1"), "{m}");
    let m = message(t(&[3, 2]).causal_mask());
    assert!(m.contains("queries ≤ keys"), "{m}");
    let m = message(Tensor::zeros(&Cpu::<f32>::new(), &[2, 0]));
    assert!(m.contains("empty axis"), "{m}");
}

#[test]
fn ids_out_of_range_are_errors() {
    let cpu = Cpu::<f32>::new();
    let ids = Ids::new(&cpu, &[0, 7], &[2]).unwrap();
    let m = message(t(&[2, 5]).cross_entropy(&ids));
    assert!(
        m.contains("id 7 is not below the last axis length = 5"),
        "{m}"
    );
    let m = message(Tensor::embedding(&t(&[4, 3]), &ids));
    assert!(
        m.contains("id 7 is not below the vocabulary size = 4"),
        "{m}"
    );
    let wrong_shape = Ids::new(&cpu, &[0, 1, 2], &[3]).unwrap();
    let m = message(t(&[2, 5]).gather_last(&wrong_shape));
    assert!(m.contains("ids shaped like their leading axes"), "{m}");
}

#[test]
fn model_and_autodiff_misuse_are_errors() {
    let cpu = Cpu::<f32>::new();
    let config = TransformerConfig {
        vocab: 4,
        context: 3,
        width: 6,
        heads: 4,
        layers: 1,
    };
    let m = message(Transformer::new(&cpu, config, 0));
    assert!(m.contains("width 6 must be divisible by heads 4"), "{m}");
    let model = Transformer::new(&cpu, TransformerConfig { heads: 2, ..config }, 0).unwrap();
    let long = Ids::new(&cpu, &[0, 1, 2, 3], &[1, 4]).unwrap();
    let m = message(model.forward(&Tape::no_grad(), &long));
    assert!(m.contains("time ≤ context = 3"), "{m}");
    let m = message(model.generate(
        &[9],
        2,
        Default::default(),
        &mut playground_core::rng::Rng::new(1),
    ));
    assert!(m.contains("token 9"), "{m}");
    let m = message(t(&[2]).sum().backward());
    assert!(m.contains("not recorded"), "{m}");
    let tape = Tape::new();
    let m = message(tape.track(&t(&[2])).backward());
    assert!(m.contains("scalar"), "{m}");
    let other = Tape::new();
    let m = message(tape.track(&t(&[2])).add(&other.track(&t(&[2]))));
    assert!(m.contains("two different tapes"), "{m}");
}

#[test]
fn bad_weight_files_are_errors() {
    let cpu = Cpu::<f32>::new();
    let config = TransformerConfig {
        vocab: 4,
        context: 3,
        width: 4,
        heads: 2,
        layers: 1,
    };
    let mut model = Transformer::new(&cpu, config, 0).unwrap();
    assert!(playground_nn::safetensors::load(&mut model, b"not a file").is_err());
    let bigger = Transformer::new(&cpu, TransformerConfig { width: 8, ..config }, 0).unwrap();
    let bytes = playground_nn::safetensors::save(&bigger, &[]).unwrap();
    let m = message(playground_nn::safetensors::load(&mut model, &bytes));
    assert!(m.contains("the model needs"), "{m}");
}
