//! The Minimax Winner two independent ways: a linear programme solved by the simplex
//! method, and support enumeration (solving the equalising equations on every support).
//! With at most five responses both are exact up to rounding.

use super::game::Game;
use super::linalg;

/// Reduced costs and ratios within this of zero are zero (entries of P are at most 1).
const EPS: f64 = 1e-12;
/// How far from an equation or an inequality a candidate of the enumeration may be.
const SLACK: f64 = 1e-12;

/// The Minimax Winner by linear programming.
///
/// The minimising player of the game P looks for q with Pq ≤ v·1 for the smallest v;
/// with y = q/v this is the linear programme
///   maximise Σ_j y_j  subject to  P y ≤ 1, y ≥ 0,
/// whose optimum is 1/v. Since P's value is ½, q = y/Σy has P(y' ≻ q) ≤ ½ for every
/// response y': it is a Minimax Winner. The origin is feasible (every right-hand side is
/// 1), so no first phase is needed, and the programme is bounded (y_j ≤ 2 because
/// P(j ≻ j) = ½). Pivots follow Bland's rule (the lowest-numbered improving column
/// enters; ties in the ratio test go to the lowest-numbered basic variable), which
/// cannot cycle.
pub fn by_linear_programming(game: &Game) -> Vec<f64> {
    let n = game.responses();
    let (mut t, mut basis) = tableau(game);
    // At most C(2n, n) ≤ 252 bases; the cap only guards against rounding.
    for _ in 0..1000 {
        let Some(enter) = (0..2 * n).find(|&j| t[n][j] < -EPS) else {
            break;
        };
        let Some(leave) = ratio_test(&t, &basis, enter) else {
            break;
        };
        pivot(&mut t, leave, enter);
        basis[leave] = enter;
    }
    let mut y = vec![0.0; n];
    for (row, &var) in basis.iter().enumerate() {
        if var < n {
            y[var] = t[row][2 * n].max(0.0);
        }
    }
    let total: f64 = y.iter().sum();
    y.iter().map(|v| v / total).collect()
}

/// Rows 0..n: [P | I | 1], the slacks basic; row n: the objective's reduced costs
/// (−1 for every y_j, which we maximise).
fn tableau(game: &Game) -> (Vec<Vec<f64>>, Vec<usize>) {
    let n = game.responses();
    let mut t = vec![vec![0.0; 2 * n + 1]; n + 1];
    for i in 0..n {
        t[i][..n].copy_from_slice(&game.p[i]);
        t[i][n + i] = 1.0;
        t[i][2 * n] = 1.0;
        t[n][i] = -1.0;
    }
    (t, (n..2 * n).collect())
}

/// The leaving row: smallest ratio rhs/entry over positive entries, ties to the
/// lowest-numbered basic variable (Bland).
fn ratio_test(t: &[Vec<f64>], basis: &[usize], enter: usize) -> Option<usize> {
    let rhs = t[0].len() - 1;
    let mut best: Option<(usize, f64)> = None;
    for (row, &var) in basis.iter().enumerate() {
        let a = t[row][enter];
        if a <= EPS {
            continue;
        }
        let ratio = t[row][rhs] / a;
        best = match best {
            Some((b, r)) if ratio > r + EPS || (ratio >= r - EPS && basis[b] < var) => Some((b, r)),
            _ => Some((row, ratio)),
        };
    }
    best.map(|(row, _)| row)
}

fn pivot(t: &mut [Vec<f64>], row: usize, col: usize) {
    let lead = t[row][col];
    t[row].iter_mut().for_each(|x| *x /= lead);
    let pivot_row = t[row].clone();
    for (r, line) in t.iter_mut().enumerate() {
        let f = line[col];
        if r == row || f == 0.0 {
            continue;
        }
        for (x, p) in line.iter_mut().zip(&pivot_row) {
            *x -= f * p;
        }
    }
}

/// The Minimax Winner by support enumeration, the first found by increasing support
/// size (then in binary order of the support).
///
/// On its support S a Minimax Winner π makes every response of S tie with it:
/// P(y ≻ π) ≤ ½ for all y and Σ_y π_y P(y ≻ π) = πᵀPπ = ½ force equality where π_y > 0.
/// Writing P = ½·11ᵀ + M (M skew-symmetric), that is M_S π_S = 0 and Σ π_S = 1: |S| + 1
/// equations in |S| unknowns, solved exactly when they have a unique solution. A
/// candidate counts when it is non-negative and no response outside S beats it.
pub fn by_support_enumeration(game: &Game) -> Option<Vec<f64>> {
    let n = game.responses();
    let mut supports: Vec<u32> = (1..1u32 << n).collect();
    supports.sort_by_key(|s| s.count_ones());
    supports.into_iter().find_map(|s| on_support(game, s))
}

fn on_support(game: &Game, mask: u32) -> Option<Vec<f64>> {
    let n = game.responses();
    let support: Vec<usize> = (0..n).filter(|&i| mask & (1 << i) != 0).collect();
    let mut a: Vec<Vec<f64>> = support
        .iter()
        .map(|&y| support.iter().map(|&s| game.p[y][s] - 0.5).collect())
        .collect();
    a.push(vec![1.0; support.len()]);
    let mut b = vec![0.0; support.len()];
    b.push(1.0);
    let x = linalg::solve(a, b, SLACK)?;
    if x.iter().any(|&v| v < -SLACK) {
        return None;
    }
    let mut pi = vec![0.0; n];
    for (&y, &v) in support.iter().zip(&x) {
        pi[y] = v.max(0.0);
    }
    let total: f64 = pi.iter().sum();
    pi.iter_mut().for_each(|v| *v /= total);
    (game.duality_gap(&pi) <= SLACK).then_some(pi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycle(a: f64, b: f64, c: f64) -> Game {
        Game::new(vec![
            vec![0.5, 0.5 + a, 0.5 - c],
            vec![0.5 - a, 0.5, 0.5 + b],
            vec![0.5 + c, 0.5 - b, 0.5],
        ])
    }

    #[test]
    fn a_three_cycle_has_the_closed_form_winner() {
        // M π = 0 for the cycle 0 ≻ 1 ≻ 2 ≻ 0 with margins a, b, c: π ∝ (b, c, a).
        let g = cycle(0.4, 0.3, 0.2);
        let want = [0.3 / 0.9, 0.2 / 0.9, 0.4 / 0.9];
        for pi in [
            by_linear_programming(&g),
            by_support_enumeration(&g).unwrap(),
        ] {
            for (p, w) in pi.iter().zip(want) {
                assert!((p - w).abs() < 1e-12, "{pi:?}");
            }
        }
    }

    #[test]
    fn a_tie_everywhere_gives_some_winner() {
        let g = Game::new(vec![vec![0.5; 3]; 3]);
        let lp = by_linear_programming(&g);
        assert!((lp.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert_eq!(by_support_enumeration(&g), Some(vec![1.0, 0.0, 0.0]));
    }
}
