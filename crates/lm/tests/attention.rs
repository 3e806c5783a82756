//! What the page shows besides the loss: attention maps and samples.

use playground_core::scenario::LmScenario;
use playground_lm::LmExperiment;
use playground_nn::sample::Sampling;

#[test]
fn the_attention_map_is_causal_and_normalised() {
    let mut s = LmScenario::with_defaults(2);
    s.steps = 5;
    let e = LmExperiment::new(s).unwrap();
    let tokens: Vec<u32> = e.sample_chain(10, 4);
    let map = e.attention(&tokens).unwrap();
    assert_eq!(map.weights.len(), 100);
    for i in 0..10 {
        let row = &map.weights[i * 10..(i + 1) * 10];
        assert!((row.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(
            row[i + 1..].iter().all(|&w| w == 0.0),
            "row {i} looks ahead"
        );
    }
    assert!(e.attention(&[]).is_err());
    assert!(e.attention(&[99]).is_err());
    let text = e.sample_model(12, Sampling::default(), 1).unwrap();
    assert_eq!(text.len(), 12);
}
