//! Small dense linear algebra for the GP: Cholesky factors (row-major, lower) and the
//! triangular solves that use them.

/// The lower Cholesky factor of a symmetric positive-definite n × n matrix, or `None`
/// when a pivot is not positive (the matrix is not numerically positive definite).
pub fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut s = a[i * n + j];
            for k in 0..j {
                s -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i * n + i] = s.sqrt();
            } else {
                l[i * n + j] = s / l[j * n + j];
            }
        }
    }
    Some(l)
}

/// Cholesky of a + jitter·I, the jitter growing tenfold from `start` (relative to the
/// mean diagonal) until the factor exists: kernel matrices on a fine grid are singular
/// to rounding. Returns the factor and the jitter used.
pub fn cholesky_jittered(a: &[f64], n: usize, start: f64) -> Option<(Vec<f64>, f64)> {
    let scale = (0..n).map(|i| a[i * n + i]).sum::<f64>() / n.max(1) as f64;
    let mut jitter = 0.0;
    for _ in 0..12 {
        let mut b = a.to_vec();
        for i in 0..n {
            b[i * n + i] += jitter;
        }
        if let Some(l) = cholesky(&b, n) {
            return Some((l, jitter));
        }
        jitter = if jitter == 0.0 {
            start * scale
        } else {
            jitter * 10.0
        };
    }
    None
}

/// Solve L x = b (L lower triangular).
pub fn forward(l: &[f64], n: usize, b: &[f64]) -> Vec<f64> {
    let mut x = b.to_vec();
    for i in 0..n {
        let mut s = x[i];
        for k in 0..i {
            s -= l[i * n + k] * x[k];
        }
        x[i] = s / l[i * n + i];
    }
    x
}

/// Solve Lᵀ x = b.
pub fn backward(l: &[f64], n: usize, b: &[f64]) -> Vec<f64> {
    let mut x = b.to_vec();
    for i in (0..n).rev() {
        let mut s = x[i];
        for k in i + 1..n {
            s -= l[k * n + i] * x[k];
        }
        x[i] = s / l[i * n + i];
    }
    x
}

/// Solve (L Lᵀ) x = b.
pub fn solve(l: &[f64], n: usize, b: &[f64]) -> Vec<f64> {
    backward(l, n, &forward(l, n, b))
}

/// The inverse of L Lᵀ, column by column.
pub fn inverse(l: &[f64], n: usize) -> Vec<f64> {
    let mut inv = vec![0.0; n * n];
    for j in 0..n {
        let mut e = vec![0.0; n];
        e[j] = 1.0;
        let col = solve(l, n, &e);
        for i in 0..n {
            inv[i * n + j] = col[i];
        }
    }
    inv
}

/// L·z: a draw from N(0, L Lᵀ) when z is standard normal.
pub fn lower_times(l: &[f64], n: usize, z: &[f64]) -> Vec<f64> {
    (0..n)
        .map(|i| (0..=i).map(|k| l[i * n + k] * z[k]).sum())
        .collect()
}

pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
