//! Verify-panel checks: a named comparison against an exact answer, with its tolerance.

use serde::{Deserialize, Serialize};

/// The outcome of one check. `detail` says what was compared and with which tolerance,
/// in words a student can read ("posterior mean 0.7143 vs quadrature 0.7143, |Δ| ≤ 1e-9").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Check {
    pub name: String,
    pub passed: bool,
    pub detail: String,
}

impl Check {
    pub fn new(name: impl Into<String>, passed: bool, detail: impl Into<String>) -> Self {
        Check {
            name: name.into(),
            passed,
            detail: detail.into(),
        }
    }

    /// Passes when |got − want| ≤ tol; the detail shows all three numbers.
    pub fn close(name: impl Into<String>, got: f64, want: f64, tol: f64) -> Self {
        let err = (got - want).abs();
        let passed = err <= tol;
        let detail = format!("got {got:.6}, exact {want:.6}, |Δ| = {err:.2e} ≤ {tol:.0e}");
        Check::new(name, passed, detail)
    }
}
