//! Gaussian elimination for the few small systems here (at most 6 × 5): the support
//! enumeration's equalising equations and Newton's steps for the Bradley–Terry fit.

/// A pivot smaller than this counts as zero: the system has no unique solution.
const PIVOT: f64 = 1e-12;

/// The unique x with A x = b for an m × k matrix A, m ≥ k, when A has rank k and the
/// system is consistent (the m − k equations left over hold within `tolerance`);
/// otherwise `None`. Gauss–Jordan with partial pivoting.
pub fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>, tolerance: f64) -> Option<Vec<f64>> {
    let m = a.len();
    let k = a.first().map_or(0, Vec::len);
    if m < k {
        return None;
    }
    for col in 0..k {
        let pivot = (col..m).max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))?;
        if a[pivot][col].abs() < PIVOT {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let lead = a[col][col];
        let pivot_row = a[col].clone();
        for row in 0..m {
            let f = a[row][col] / lead;
            if row == col || f == 0.0 {
                continue;
            }
            for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    if b[k..].iter().any(|r| r.abs() > tolerance) {
        return None;
    }
    Some((0..k).map(|i| b[i] / a[i][i]).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_rectangular_singular_and_inconsistent() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0], 1e-12).unwrap();
        assert!(
            (x[0] - 0.8).abs() < 1e-15 && (x[1] - 1.4).abs() < 1e-15,
            "{x:?}"
        );
        let a = vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![1.0, 1.0]];
        assert_eq!(
            solve(a.clone(), vec![1.0, 2.0, 3.0], 1e-12),
            Some(vec![1.0, 2.0])
        );
        assert_eq!(solve(a, vec![1.0, 2.0, 4.0], 1e-12), None);
        assert_eq!(
            solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 2.0], 1e-12),
            None
        );
    }
}
