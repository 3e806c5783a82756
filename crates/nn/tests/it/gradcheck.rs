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
