//! Points in objective space: dominance, the Pareto front (by a sweep and by pairwise
//! comparison), hypervolume (by a sweep along either axis and by inclusion–exclusion),
//! and the convex hull of a front — the part linear scalarisation can reach.
//!
//! Both objectives are maximised.

/// Returns (J₁, J₂).
pub type Point = [f64; 2];

/// `a` is at least as good as `b` in both objectives.
pub fn weakly_dominates(a: Point, b: Point) -> bool {
    a[0] >= b[0] && a[1] >= b[1]
}

/// `a` is at least as good in both objectives and better in one.
pub fn dominates(a: Point, b: Point) -> bool {
    weakly_dominates(a, b) && a != b
}

/// The non-dominated points, without repeats, by J₁ ascending (so J₂ descending): sort by
/// J₁ descending, then keep each point whose J₂ beats every point before it.
pub fn pareto_front(points: &[Point]) -> Vec<Point> {
    let mut sorted: Vec<Point> = points.to_vec();
    sorted.sort_by(|a, b| b[0].total_cmp(&a[0]).then(b[1].total_cmp(&a[1])));
    let mut out: Vec<Point> = Vec::new();
    for p in sorted {
        if out.last().is_none_or(|q| p[1] > q[1]) {
            out.push(p);
        }
    }
    out.reverse();
    out
}

/// The same front by comparing every pair: the slow, obvious way, to check the sweep.
pub fn pareto_front_pairwise(points: &[Point]) -> Vec<Point> {
    let mut out: Vec<Point> = Vec::new();
    for &p in points {
        let beaten = points.iter().any(|&q| dominates(q, p));
        if !beaten && !out.contains(&p) {
            out.push(p);
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    out
}

/// The area dominated by `points` and above the reference point `r`: a sweep along J₁
/// over the front (points that do not beat `r` in both objectives add nothing).
pub fn hypervolume(points: &[Point], r: Point) -> f64 {
    let inside: Vec<Point> = points
        .iter()
        .copied()
        .filter(|p| p[0] > r[0] && p[1] > r[1])
        .collect();
    let mut area = 0.0;
    let mut x = r[0];
    // Ascending J₁, descending J₂: between the previous J₁ and this one, the best J₂
    // still available is this point's.
    for p in pareto_front(&inside) {
        area += (p[0] - x) * (p[1] - r[1]);
        x = p[0];
    }
    area
}

/// The same area swept along J₂ instead (the objectives swapped).
pub fn hypervolume_along_second(points: &[Point], r: Point) -> f64 {
    let swapped: Vec<Point> = points.iter().map(|p| [p[1], p[0]]).collect();
    hypervolume(&swapped, [r[1], r[0]])
}

/// The largest set [`hypervolume_by_inclusion_exclusion`] takes (2ⁿ subsets).
pub const INCLUSION_EXCLUSION_MAX: usize = 16;

/// The same area by inclusion–exclusion over the boxes [r, p]: the sum over non-empty
/// subsets S of (−1)^{|S|+1}·vol(∩_{p∈S} box(p)). Exact and independent of any sorting;
/// `None` above [`INCLUSION_EXCLUSION_MAX`] points.
pub fn hypervolume_by_inclusion_exclusion(points: &[Point], r: Point) -> Option<f64> {
    let n = points.len();
    if n > INCLUSION_EXCLUSION_MAX {
        return None;
    }
    let mut total = 0.0;
    for mask in 1u32..(1 << n) {
        let mut corner = [f64::INFINITY; 2];
        for (k, p) in points.iter().enumerate() {
            if mask & (1 << k) != 0 {
                corner = [corner[0].min(p[0]), corner[1].min(p[1])];
            }
        }
        let vol = (corner[0] - r[0]).max(0.0) * (corner[1] - r[1]).max(0.0);
        let sign = if mask.count_ones() % 2 == 1 {
            1.0
        } else {
            -1.0
        };
        total += sign * vol;
    }
    Some(total)
}

/// Twice the signed area of the triangle (a, b, c): negative for a clockwise turn.
fn cross(a: Point, b: Point, c: Point) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// The front's points that are vertices of its upper-right convex hull: the only points
/// some weight w > 0 makes the unique maximiser of w·J. A front point on a hull edge
/// (collinear) or inside the hull is reached by no linear weight alone.
pub fn supported(front: &[Point]) -> Vec<Point> {
    let front = pareto_front(front);
    let mut hull: Vec<Point> = Vec::new();
    // Left to right, the upper hull turns clockwise at every vertex.
    for p in front {
        while hull.len() >= 2 && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) >= 0.0 {
            hull.pop();
        }
        hull.push(p);
    }
    hull
}

/// The points that maximise w·J uniquely for some w = (w₁, 1 − w₁), w₁ ∈ (0, 1), found in
/// weight space: every weight where two points tie splits (0, 1) into intervals on which
/// the maximiser is one point; each interval's midpoint names it. Checks [`supported`].
pub fn linear_reach(points: &[Point]) -> Vec<Point> {
    let front = pareto_front(points);
    let mut cuts = vec![0.0, 1.0];
    for (i, p) in front.iter().enumerate() {
        for q in &front[i + 1..] {
            let denom = (p[0] - q[0]) - (p[1] - q[1]);
            if denom != 0.0 {
                let w = (q[1] - p[1]) / denom;
                if w > 0.0 && w < 1.0 {
                    cuts.push(w);
                }
            }
        }
    }
    cuts.sort_by(f64::total_cmp);
    let mut out: Vec<Point> = Vec::new();
    for pair in cuts.windows(2) {
        if pair[1] <= pair[0] {
            continue;
        }
        let w = (pair[0] + pair[1]) / 2.0;
        let score = |p: &Point| w * p[0] + (1.0 - w) * p[1];
        let best = front.iter().map(score).fold(f64::NEG_INFINITY, f64::max);
        let winners: Vec<Point> = front.iter().copied().filter(|p| score(p) == best).collect();
        if let [only] = winners[..]
            && !out.contains(&only)
        {
            out.push(only);
        }
    }
    out.sort_by(|a, b| a[0].total_cmp(&b[0]));
    out
}

/// Whether `p` is weakly dominated by a mixture of `points` (what a stochastic policy
/// over them can reach), within `tol`: for every weight w ≥ 0, w·p ≤ max_q w·q. It is
/// enough to test the axes and the normals of the upper hull's edges.
pub fn in_mixture_region(p: Point, points: &[Point], tol: f64) -> bool {
    let hull = supported(points);
    let mut normals: Vec<Point> = vec![[1.0, 0.0], [0.0, 1.0]];
    for e in hull.windows(2) {
        // The edge goes right and down: its outward normal has both parts ≥ 0.
        normals.push([e[0][1] - e[1][1], e[1][0] - e[0][0]]);
    }
    normals.iter().all(|n| {
        let best = points
            .iter()
            .map(|q| n[0] * q[0] + n[1] * q[1])
            .fold(f64::NEG_INFINITY, f64::max);
        n[0] * p[0] + n[1] * p[1] <= best + tol * (n[0].abs() + n[1].abs())
    })
}

/// Whether `p` is on or dominated by some point of `front` (within `tol`).
pub fn on_or_below(p: Point, front: &[Point], tol: f64) -> bool {
    front
        .iter()
        .any(|q| q[0] >= p[0] - tol && q[1] >= p[1] - tol)
}
