//! Fused operations: each is one backend primitive forward and one backward, so a GPU can
//! run it as a single kernel.

use crate::autodiff::record;
use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::ops::record_unary;
use crate::shape::rows_cols;
use crate::tensor::{Ids, Tensor};

impl<B: Backend> Tensor<B> {
    /// Softmax along the last axis.
    pub fn softmax(&self) -> Self {
        let (rows, cols) = rows_cols(&self.shape);
        let y = self.backend.softmax(&self.data, rows, cols);
        let out = self.derived(y.clone(), &self.shape);
        record_unary(self, out, move |b, dy| {
            b.softmax_backward(&y, dy, rows, cols)
        })
    }

    /// Log-softmax along the last axis.
    pub fn log_softmax(&self) -> Self {
        let (rows, cols) = rows_cols(&self.shape);
        let y = self.backend.log_softmax(&self.data, rows, cols);
        let out = self.derived(y.clone(), &self.shape);
        record_unary(self, out, move |b, dy| {
            b.log_softmax_backward(&y, dy, rows, cols)
        })
    }

    /// Causal attention mask on the last two axes `[.., tq, tk]` (tq ≤ tk): entries where
    /// key j lies in the future of query i (j > i + tk − tq) become −∞, so a following
    /// softmax gives them zero weight.
    pub fn causal_mask(&self) -> Result<Self> {
        let r = self.rank();
        if r < 2 || self.shape[r - 2] > self.shape[r - 1] {
            return Err(NnError::shape(
                "causal_mask",
                format!(
                    "{:?}: need [.., queries, keys] with queries ≤ keys",
                    self.shape
                ),
            ));
        }
        let (tq, tk) = (self.shape[r - 2], self.shape[r - 1]);
        let batch = self.numel() / (tq * tk);
        let y = self
            .backend
            .causal_mask(&self.data, batch, tq, tk, f32::NEG_INFINITY);
        let out = self.derived(y, &self.shape);
        Ok(record_unary(self, out, move |b, dy| {
            b.causal_mask(dy, batch, tq, tk, 0.0)
        }))
    }

    /// Layer norm over the last axis with learned scale `gamma` and shift `beta` (both
    /// shaped like the last axis).
    pub fn layer_norm(&self, gamma: &Self, beta: &Self, eps: f32) -> Result<Self> {
        let (rows, cols) = rows_cols(&self.shape);
        gamma.expect_shape("layer_norm", "gamma", &[cols])?;
        beta.expect_shape("layer_norm", "beta", &[cols])?;
        let x = self.data.clone();
        let g = gamma.data.clone();
        let ln = self.backend.layer_norm(&x, &g, &beta.data, rows, cols, eps);
        let out = self.derived(ln.y, &self.shape);
        let (mean, rstd) = (ln.mean, ln.rstd);
        record(&[self, gamma, beta], out, move |b, dy, _| {
            let (dx, dg, db) = b.layer_norm_backward(&x, &g, &mean, &rstd, dy, rows, cols);
            vec![Some(dx), Some(dg), Some(db)]
        })
    }

    /// Cross-entropy of logits `[.., C]` against class ids shaped like the leading axes:
    /// one loss per row, −ln softmax(x)[target], shaped like `targets`.
    pub fn cross_entropy(&self, targets: &Ids<B>) -> Result<Self> {
        let (rows, cols) = self.rows_for_ids("cross_entropy", targets)?;
        let x = self.data.clone();
        let t = targets.data.clone();
        let y = self.backend.cross_entropy(&x, &t, rows, cols);
        let out = self.derived(y, &targets.shape);
        Ok(record_unary(self, out, move |b, dy| {
            b.cross_entropy_backward(&x, &t, dy, rows, cols)
        }))
    }

    /// Pick one entry per row of the last axis: out[..] = self[.., ids[..]]. With
    /// log-probabilities this gives each token's log-probability.
    pub fn gather_last(&self, ids: &Ids<B>) -> Result<Self> {
        let (rows, cols) = self.rows_for_ids("gather_last", ids)?;
        let i = ids.data.clone();
        let y = self.backend.gather(&self.data, &i, rows, cols);
        let out = self.derived(y, &ids.shape);
        Ok(record_unary(self, out, move |b, dy| {
            b.gather_backward(dy, &i, rows, cols)
        }))
    }

    /// Check `ids` indexes the last axis of `self` row by row; returns (rows, cols).
    fn rows_for_ids(&self, op: &'static str, ids: &Ids<B>) -> Result<(usize, usize)> {
        let r = self.rank();
        if r == 0 || ids.shape[..] != self.shape[..r - 1] {
            return Err(NnError::shape(
                op,
                format!(
                    "values {:?} need ids shaped like their leading axes, got ids {:?}",
                    self.shape, ids.shape
                ),
            ));
        }
        let (rows, cols) = rows_cols(&self.shape);
        ids.check_below(op, cols, "the last axis length")?;
        Ok((rows, cols))
    }

    /// Embedding lookup: row ids[..] of `table` (`[vocab, dim]`); the result is shaped
    /// `ids.shape + [dim]`.
    pub fn embedding(table: &Self, ids: &Ids<B>) -> Result<Self> {
        if table.rank() != 2 {
            return Err(NnError::shape(
                "embedding",
                format!("the table must be [vocab, dim], got {:?}", table.shape),
            ));
        }
        let (vocab, dim) = (table.shape[0], table.shape[1]);
        ids.check_below("embedding", vocab, "the vocabulary size")?;
        let n = ids.len();
        let i = ids.data.clone();
        let y = table.backend.embedding(&table.data, &i, n, dim);
        let mut shape = ids.shape.clone();
        shape.push(dim);
        let out = table.derived(y, &shape);
        Ok(record_unary(table, out, move |b, dy| {
            b.embedding_backward(dy, &i, n, vocab, dim)
        }))
    }
}
