//! Thinning long series before drawing: a 100 000-step run has far more points than a
//! canvas has pixels, and drawing them all costs frames.

/// Indices of at most `max_points` points spread evenly along the x axis (in log space
/// when `log_x`), always keeping the first and the last. A path whose x goes back and
/// forth (a trajectory on the simplex, KL against reward) is thinned evenly by index.
pub fn decimate(xs: &[f64], max_points: usize, log_x: bool) -> Vec<usize> {
    let n = xs.len();
    if n <= max_points.max(2) {
        return (0..n).collect();
    }
    if !xs.windows(2).all(|w| w[0] < w[1]) {
        return by_index(n, max_points.max(2));
    }
    let pos = |x: f64| {
        if log_x {
            x.max(f64::MIN_POSITIVE).ln()
        } else {
            x
        }
    };
    let (lo, hi) = (pos(xs[0]), pos(xs[n - 1]));
    let step = (hi - lo) / (max_points - 1) as f64;
    let mut out = vec![0];
    let mut next = lo + step;
    for (i, &x) in xs.iter().enumerate().skip(1) {
        if pos(x) >= next || i == n - 1 {
            out.push(i);
            while next <= pos(x) {
                next += step;
            }
        }
    }
    out
}

/// `m` indices spread evenly over 0..n, the first and the last included.
fn by_index(n: usize, m: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (0..m).map(|k| k * (n - 1) / (m - 1)).collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_turn_back_are_thinned_by_index() {
        // A loop: x goes out and comes back to where it started.
        let xs: Vec<f64> = (0..10_000).map(|t| (t as f64 / 500.0).sin()).collect();
        let idx = decimate(&xs, 800, false);
        assert!(idx.len() <= 800 && idx.len() > 700, "{}", idx.len());
        assert_eq!((idx[0], *idx.last().unwrap()), (0, xs.len() - 1));
        assert!(idx.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn keeps_ends_and_caps_the_count() {
        let xs: Vec<f64> = (1..=100_000).map(f64::from).collect();
        for log_x in [false, true] {
            let idx = decimate(&xs, 800, log_x);
            assert!(idx.len() <= 801, "{}", idx.len());
            assert_eq!(idx[0], 0);
            assert_eq!(*idx.last().unwrap(), xs.len() - 1);
            assert!(idx.windows(2).all(|w| w[0] < w[1]));
        }
        // On a log axis the early points are all kept.
        let idx = decimate(&xs, 800, true);
        assert!(idx[..10] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }

    #[test]
    fn short_series_are_untouched() {
        assert_eq!(decimate(&[1.0, 2.0, 3.0], 800, false), vec![0, 1, 2]);
        assert!(decimate(&[], 800, false).is_empty());
    }
}
