//! Models and what the web page uses them for: log-probabilities of completions, saving
//! and loading, sampling, attention maps.

use playground_core::rng::Rng;
use playground_nn::sample::Sampling;
use playground_nn::{Cpu, Ids, Tape, Transformer, TransformerConfig, params, safetensors};

fn model() -> Transformer<Cpu> {
    let config = TransformerConfig {
        vocab: 5,
        context: 6,
        width: 8,
        heads: 2,
        layers: 2,
    };
    Transformer::new(&Cpu::new(), config, 11).unwrap()
}

#[test]
fn completion_logprobs_sum_the_completion_tokens_only() {
    let m = model();
    let seqs = vec![vec![1, 2, 3, 4], vec![0, 4, 4, 2, 1, 3, 0]];
    let prompts = [2, 5];
    let got = m
        .completion_logprobs(&Tape::no_grad(), &seqs, &prompts)
        .unwrap()
        .to_vec()
        .unwrap();
    for ((seq, &p), g) in seqs.iter().zip(&prompts).zip(&got) {
        // Unpadded, one sequence at a time.
        let ids = Ids::new(&Cpu::new(), &seq[..seq.len() - 1], &[1, seq.len() - 1]).unwrap();
        let logp = m
            .forward(&Tape::no_grad(), &ids)
            .unwrap()
            .logits
            .log_softmax()
            .to_vec()
            .unwrap();
        let want: f32 = (p..seq.len())
            .map(|t| logp[(t - 1) * 5 + seq[t] as usize])
            .sum();
        assert!((g - want).abs() < 1e-5, "{g} vs {want}");
        assert!(*g < 0.0);
    }
}

#[test]
fn weights_survive_a_safetensors_round_trip() {
    let a = model();
    let bytes = safetensors::save(&a, &[("step".into(), "0".into())]).unwrap();
    let mut b = Transformer::new(&Cpu::<f32>::new(), a.config, 99).unwrap();
    assert_ne!(params::export(&a).unwrap(), params::export(&b).unwrap());
    let meta = safetensors::load(&mut b, &bytes).unwrap();
    assert_eq!(meta, vec![("step".to_string(), "0".to_string())]);
    assert_eq!(params::export(&a).unwrap(), params::export(&b).unwrap());
    let names: Vec<String> = params::export(&a)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert!(
        names.contains(&"blocks.1.attn.qkv.weight".to_string()),
        "{names:?}"
    );
}

#[test]
fn generation_is_seeded_and_respects_the_vocabulary() {
    let m = model();
    let s = Sampling {
        temperature: 0.8,
        top_k: 3,
    };
    let a = m.generate(&[1, 2], 20, s, &mut Rng::new(3)).unwrap();
    let b = m.generate(&[1, 2], 20, s, &mut Rng::new(3)).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.len(), 22);
    assert_eq!(&a[..2], &[1, 2]);
    assert!(a.iter().all(|&t| t < 5));
}
