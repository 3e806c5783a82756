//! The fused row-wise operations of the CPU backend: softmax, log-softmax, layer norm,
//! cross-entropy, and the index operations (gather, embedding). Each works on a buffer
//! viewed as rows × cols, one row at a time, with sums in [`element::sum`]'s fixed order.

use super::buffer::{collect, take, zeros};
use crate::backend::LayerNormOut;
use crate::element::{self, Element};

fn row_max<E: Element>(row: &[E]) -> E {
    row.iter().fold(E::NEG_INFINITY, |m, &v| m.max(v))
}

pub fn softmax<E: Element>(x: &[E], cols: usize) -> Vec<E> {
    let mut y = zeros(x.len());
    for (xr, yr) in x.chunks_exact(cols).zip(y.chunks_exact_mut(cols)) {
        let max = row_max(xr);
        for (o, &v) in yr.iter_mut().zip(xr) {
            *o = (v - max).exp();
        }
        let total = element::sum(yr);
        for o in yr.iter_mut() {
            *o = *o / total;
        }
    }
    y
}

pub fn softmax_backward<E: Element>(y: &[E], dy: &[E], cols: usize) -> Vec<E> {
    let mut dx = zeros(y.len());
    let rows = y.chunks_exact(cols).zip(dy.chunks_exact(cols));
    for ((yr, gr), dr) in rows.zip(dx.chunks_exact_mut(cols)) {
        let inner = element::dot(yr, gr);
        for ((o, &yv), &gv) in dr.iter_mut().zip(yr).zip(gr) {
            *o = yv * (gv - inner);
        }
    }
    dx
}

/// max + ln Σ exp(x − max) of one row.
fn log_sum_exp<E: Element>(row: &[E]) -> E {
    let max = row_max(row);
    max + element::sum_map(row, |v| (v - max).exp()).ln()
}

pub fn log_softmax<E: Element>(x: &[E], cols: usize) -> Vec<E> {
    let mut y = zeros(x.len());
    for (xr, yr) in x.chunks_exact(cols).zip(y.chunks_exact_mut(cols)) {
        let lse = log_sum_exp(xr);
        for (o, &v) in yr.iter_mut().zip(xr) {
            *o = v - lse;
        }
    }
    y
}

pub fn log_softmax_backward<E: Element>(y: &[E], dy: &[E], cols: usize) -> Vec<E> {
    let mut dx = zeros(y.len());
    let rows = y.chunks_exact(cols).zip(dy.chunks_exact(cols));
    for ((yr, gr), dr) in rows.zip(dx.chunks_exact_mut(cols)) {
        let total = element::sum(gr);
        for ((o, &yv), &gv) in dr.iter_mut().zip(yr).zip(gr) {
            *o = gv - yv.exp() * total;
        }
    }
    dx
}

pub fn layer_norm<E: Element>(
    x: &[E],
    gamma: &[E],
    beta: &[E],
    cols: usize,
    eps: E,
) -> LayerNormOut<Vec<E>> {
    let rows = x.len() / cols;
    let n = E::from_usize(cols);
    let (mut y, mut mean, mut rstd) = (zeros(x.len()), zeros(rows), zeros(rows));
    for (r, (xr, yr)) in x
        .chunks_exact(cols)
        .zip(y.chunks_exact_mut(cols))
        .enumerate()
    {
        let mu = element::sum(xr) / n;
        let var = element::sum_map(xr, |v| (v - mu) * (v - mu)) / n;
        let rs = E::ONE / (var + eps).sqrt();
        for (((o, &v), &g), &b) in yr.iter_mut().zip(xr).zip(gamma).zip(beta) {
            *o = (v - mu) * rs * g + b;
        }
        mean[r] = mu;
        rstd[r] = rs;
    }
    LayerNormOut { y, mean, rstd }
}

/// Returns (dx, dgamma, dbeta); see `Backend::layer_norm_backward`.
pub fn layer_norm_backward<E: Element>(
    x: &[E],
    gamma: &[E],
    mean: &[E],
    rstd: &[E],
    dy: &[E],
    cols: usize,
) -> (Vec<E>, Vec<E>, Vec<E>) {
    let n = E::from_usize(cols);
    let mut dx = zeros(x.len());
    let (mut dgamma, mut dbeta) = (zeros(cols), zeros(cols));
    let (mut xhat, mut g) = (zeros(cols), zeros(cols));
    let rows = x.chunks_exact(cols).zip(dy.chunks_exact(cols));
    for (r, ((xr, gr), dr)) in rows.zip(dx.chunks_exact_mut(cols)).enumerate() {
        for j in 0..cols {
            xhat[j] = (xr[j] - mean[r]) * rstd[r];
            g[j] = gr[j] * gamma[j];
            dgamma[j] = dgamma[j] + gr[j] * xhat[j];
            dbeta[j] = dbeta[j] + gr[j];
        }
        let g_mean = element::sum(&g) / n;
        let gx_mean = element::dot(&g, &xhat) / n;
        for j in 0..cols {
            dr[j] = rstd[r] * (g[j] - g_mean - xhat[j] * gx_mean);
        }
    }
    (dx, dgamma, dbeta)
}

pub fn cross_entropy<E: Element>(logits: &[E], targets: &[u32], cols: usize) -> Vec<E> {
    let losses = logits.chunks_exact(cols).zip(targets);
    collect(
        targets.len(),
        losses.map(|(row, &t)| log_sum_exp(row) - row[t as usize]),
    )
}

pub fn cross_entropy_backward<E: Element>(
    logits: &[E],
    targets: &[u32],
    dloss: &[E],
    cols: usize,
) -> Vec<E> {
    let mut dx = zeros(logits.len());
    let rows = logits.chunks_exact(cols).zip(targets).zip(dloss);
    for (((row, &t), &dl), dr) in rows.zip(dx.chunks_exact_mut(cols)) {
        let lse = log_sum_exp(row);
        for (o, &v) in dr.iter_mut().zip(row) {
            *o = dl * (v - lse).exp();
        }
        dr[t as usize] = dr[t as usize] - dl;
    }
    dx
}

pub fn gather<E: Element>(x: &[E], ids: &[u32], cols: usize) -> Vec<E> {
    x.chunks_exact(cols)
        .zip(ids)
        .map(|(row, &i)| row[i as usize])
        .collect()
}

pub fn gather_backward<E: Element>(dy: &[E], ids: &[u32], cols: usize) -> Vec<E> {
    let mut dx = zeros(dy.len() * cols);
    for ((row, &i), &g) in dx.chunks_exact_mut(cols).zip(ids).zip(dy) {
        row[i as usize] = g;
    }
    dx
}

pub fn embedding<E: Element>(table: &[E], ids: &[u32], dim: usize) -> Vec<E> {
    let mut out = take(ids.len() * dim);
    for &i in ids {
        let i = i as usize;
        out.extend_from_slice(&table[i * dim..(i + 1) * dim]);
    }
    out
}

pub fn embedding_backward<E: Element>(dy: &[E], ids: &[u32], vocab: usize, dim: usize) -> Vec<E> {
    let mut dt = zeros(vocab * dim);
    for (row, &i) in dy.chunks_exact(dim).zip(ids) {
        let i = i as usize;
        for (o, &g) in dt[i * dim..(i + 1) * dim].iter_mut().zip(row) {
            *o = *o + g;
        }
    }
    dt
}

/// Copy `x` ([batch, tq, tk]) with the future (j > i + tk − tq) set to `value`.
pub fn causal_mask<E: Element>(x: &[E], tq: usize, tk: usize, value: E) -> Vec<E> {
    let mut y = take(x.len());
    y.extend_from_slice(x);
    for m in y.chunks_exact_mut(tq * tk) {
        for (i, row) in m.chunks_exact_mut(tk).enumerate() {
            for v in row.iter_mut().skip(i + 1 + (tk - tq)) {
                *v = value;
            }
        }
    }
    y
}

/// [outer, axis, inner] → [outer, len, inner], keeping start..start + len.
pub fn narrow<E: Element>(x: &[E], axis: usize, inner: usize, start: usize, len: usize) -> Vec<E> {
    let mut y = take(x.len() / axis * len);
    for block in x.chunks_exact(axis * inner) {
        y.extend_from_slice(&block[start * inner..(start + len) * inner]);
    }
    y
}

/// [outer, len, inner] → [outer, axis, inner], zeros outside start..start + len.
pub fn pad<E: Element>(x: &[E], len: usize, inner: usize, start: usize, axis: usize) -> Vec<E> {
    let outer = x.len() / (len * inner).max(1);
    let mut y = zeros(outer * axis * inner);
    for (src, dst) in x
        .chunks_exact(len * inner)
        .zip(y.chunks_exact_mut(axis * inner))
    {
        dst[start * inner..(start + len) * inner].copy_from_slice(src);
    }
    y
}
