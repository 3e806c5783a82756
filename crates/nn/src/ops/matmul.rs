//! Matrix products: `[.., m, k] @ [.., k, n]` (batched over equal leading axes) and
//! `[.., m, k] @ [k, n]` (one matrix applied to every row, as in a linear layer).

use crate::autodiff::record;
use crate::backend::{Backend, MatmulDims};
use crate::error::{NnError, Result};
use crate::tensor::Tensor;

impl<B: Backend> Tensor<B> {
    /// self · other. `self` is `[.., m, k]`; `other` is `[k, n]` or `[.., k, n]` with the
    /// same leading axes as `self`. The result is `[.., m, n]`.
    pub fn matmul(&self, other: &Self) -> Result<Self> {
        self.matmul_impl(other, false, "matmul")
    }

    /// self · otherᵀ without materialising the transpose. `self` is `[.., m, k]`;
    /// `other` is `[n, k]` or `[.., n, k]`. The result is `[.., m, n]` (attention scores
    /// q·kᵀ use this).
    pub fn matmul_t(&self, other: &Self) -> Result<Self> {
        self.matmul_impl(other, true, "matmul_t")
    }

    fn matmul_impl(&self, other: &Self, trans_b: bool, op: &'static str) -> Result<Self> {
        let (a, b) = (&self.shape, &other.shape);
        if a.len() < 2 || b.len() < 2 {
            return Err(NnError::shape(
                op,
                format!(
                    "{a:?} and {b:?}: both operands need at least 2 axes (reshape vectors to [1, n])"
                ),
            ));
        }
        let (m, k) = (a[a.len() - 2], a[a.len() - 1]);
        let (kb, n) = if trans_b {
            (b[b.len() - 1], b[b.len() - 2])
        } else {
            (b[b.len() - 2], b[b.len() - 1])
        };
        if k != kb {
            let what = if trans_b {
                "last axes"
            } else {
                "inner dimensions"
            };
            return Err(NnError::shape(
                op,
                format!("{a:?} and {b:?}: {what} differ ({k} vs {kb})"),
            ));
        }
        let lead = &a[..a.len() - 2];
        let (batch, m_eff) = if b.len() == 2 {
            // A shared matrix: fold all leading axes of `self` into its rows.
            (1, lead.iter().product::<usize>() * m)
        } else if b[..b.len() - 2] == *lead {
            (lead.iter().product(), m)
        } else {
            return Err(NnError::shape(
                op,
                format!(
                    "{a:?} and {b:?}: leading (batch) axes differ; they must be equal, or the right operand must be 2-D"
                ),
            ));
        };
        let dims = MatmulDims {
            batch,
            m: m_eff,
            k,
            n,
            trans_a: false,
            trans_b,
        };
        let y = self.backend.matmul(&self.data, &other.data, dims);
        let mut out_shape = a[..a.len() - 1].to_vec();
        out_shape.push(n);
        let out = self.derived(y, &out_shape);
        let (av, bv) = (self.data.clone(), other.data.clone());
        record(&[self, other], out, move |be, dc, needs| {
            let (da, db) = matmul_grads(be, &av, &bv, dc, dims, needs);
            vec![da, db]
        })
    }
}

/// Gradients of C = A·op(B) (A never transposed at the front end): dA = dC·op(B)ᵀ, and
/// dB = Aᵀ·dC, or its transpose dCᵀ·A when B was used transposed.
fn matmul_grads<B: Backend>(
    be: &B,
    a: &B::Storage,
    b: &B::Storage,
    dc: &B::Storage,
    d: MatmulDims,
    needs: &[bool],
) -> (Option<B::Storage>, Option<B::Storage>) {
    let da = needs[0].then(|| {
        let dims = MatmulDims {
            batch: d.batch,
            m: d.m,
            k: d.n,
            n: d.k,
            trans_a: false,
            trans_b: !d.trans_b,
        };
        be.matmul(dc, b, dims)
    });
    let db = needs[1].then(|| {
        if d.trans_b {
            let dims = MatmulDims {
                batch: d.batch,
                m: d.n,
                k: d.m,
                n: d.k,
                trans_a: true,
                trans_b: false,
            };
            be.matmul(dc, a, dims)
        } else {
            let dims = MatmulDims {
                batch: d.batch,
                m: d.k,
                k: d.m,
                n: d.n,
                trans_a: true,
                trans_b: false,
            };
            be.matmul(a, dc, dims)
        }
    });
    (da, db)
}
