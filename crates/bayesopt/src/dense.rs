//! A separately written dense solver for the Verify panel: Gaussian elimination with
//! partial pivoting on the full system, sharing no code with the Cholesky path the GP
//! uses, so agreement between the two is evidence for both.

/// Solve A X = B for several right-hand sides (A n × n row-major, B n × m row-major).
pub fn gauss_solve(a: &[f64], n: usize, b: &[f64], m: usize) -> Option<Vec<f64>> {
    let w = n + m;
    let mut aug = vec![0.0; n * w];
    for i in 0..n {
        aug[i * w..i * w + n].copy_from_slice(&a[i * n..i * n + n]);
        aug[i * w + n..i * w + w].copy_from_slice(&b[i * m..i * m + m]);
    }
    for col in 0..n {
        let pivot = (col..n).max_by(|&r, &s| {
            aug[r * w + col]
                .abs()
                .partial_cmp(&aug[s * w + col].abs())
                .unwrap_or(std::cmp::Ordering::Equal)
        })?;
        if aug[pivot * w + col] == 0.0 {
            return None;
        }
        if pivot != col {
            for k in 0..w {
                aug.swap(pivot * w + k, col * w + k);
            }
        }
        for r in col + 1..n {
            let f = aug[r * w + col] / aug[col * w + col];
            if f != 0.0 {
                for k in col..w {
                    aug[r * w + k] -= f * aug[col * w + k];
                }
            }
        }
    }
    let mut x = vec![0.0; n * m];
    for j in 0..m {
        for i in (0..n).rev() {
            let mut s = aug[i * w + n + j];
            for k in i + 1..n {
                s -= aug[i * w + k] * x[k * m + j];
            }
            x[i * m + j] = s / aug[i * w + i];
        }
    }
    Some(x)
}
