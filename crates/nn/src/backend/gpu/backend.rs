//! `impl Backend for Gpu`: each primitive is one (or two) kernel dispatches, recorded
//! by the module that owns the kernel family. See `BACKEND.md` for the contract.

use std::future::Future;

use super::{
    Gpu, GpuIds, GpuStorage, elementwise, index, layout, matmul, optim, readback, rowwise,
};
use crate::backend::{AdamStep, Backend, BinaryOp, LayerNormOut, MatmulDims, SgdStep, UnaryOp};
use crate::error::Result;

impl Backend for Gpu {
    type Storage = GpuStorage;
    type Ids = GpuIds;

    fn name(&self) -> String {
        "webgpu".into()
    }

    fn upload(&self, data: &[f32]) -> GpuStorage {
        let words: Vec<u32> = data.iter().map(|v| v.to_bits()).collect();
        GpuStorage {
            buffer: self.upload_words(&words),
            len: data.len(),
        }
    }

    fn upload_ids(&self, ids: &[u32]) -> GpuIds {
        GpuIds {
            buffer: self.upload_words(ids),
            len: ids.len(),
        }
    }

    fn fill(&self, len: usize, value: f32) -> GpuStorage {
        elementwise::fill(self, len, value)
    }

    fn len(&self, x: &GpuStorage) -> usize {
        x.len
    }

    fn read(&self, x: &GpuStorage) -> impl Future<Output = Result<Vec<f32>>> {
        readback::read(self, x)
    }

    fn unary(&self, op: UnaryOp, x: &GpuStorage) -> GpuStorage {
        elementwise::unary(self, op, x)
    }

    fn unary_backward(
        &self,
        op: UnaryOp,
        x: &GpuStorage,
        y: &GpuStorage,
        dy: &GpuStorage,
    ) -> GpuStorage {
        elementwise::unary_backward(self, op, x, y, dy)
    }

    fn affine(&self, x: &GpuStorage, mul: f32, add: f32) -> GpuStorage {
        elementwise::affine(self, x, mul, add)
    }

    fn binary(
        &self,
        op: BinaryOp,
        a: &GpuStorage,
        a_shape: &[usize],
        b: &GpuStorage,
        b_shape: &[usize],
        out: &[usize],
    ) -> GpuStorage {
        elementwise::binary(self, op, a, a_shape, b, b_shape, out)
    }

    fn sum_to(&self, x: &GpuStorage, shape: &[usize], to: &[usize]) -> GpuStorage {
        elementwise::sum_to(self, x, shape, to)
    }

    fn expand(&self, x: &GpuStorage, shape: &[usize], to: &[usize]) -> GpuStorage {
        elementwise::expand(self, x, shape, to)
    }

    fn permute(&self, x: &GpuStorage, shape: &[usize], perm: &[usize]) -> GpuStorage {
        layout::permute(self, x, shape, perm)
    }

    fn narrow(
        &self,
        x: &GpuStorage,
        outer: usize,
        axis: usize,
        inner: usize,
        start: usize,
        len: usize,
    ) -> GpuStorage {
        layout::narrow(self, x, outer, axis, inner, start, len)
    }

    fn pad(
        &self,
        x: &GpuStorage,
        outer: usize,
        len: usize,
        inner: usize,
        start: usize,
        axis: usize,
    ) -> GpuStorage {
        layout::pad(self, x, outer, len, inner, start, axis)
    }

    fn causal_mask(
        &self,
        x: &GpuStorage,
        _batch: usize,
        tq: usize,
        tk: usize,
        value: f32,
    ) -> GpuStorage {
        layout::causal_mask(self, x, tq, tk, value)
    }

    fn matmul(&self, a: &GpuStorage, b: &GpuStorage, dims: MatmulDims) -> GpuStorage {
        matmul::matmul(self, a, b, dims)
    }

    fn softmax(&self, x: &GpuStorage, rows: usize, cols: usize) -> GpuStorage {
        rowwise::softmax(self, x, rows, cols)
    }

    fn softmax_backward(
        &self,
        y: &GpuStorage,
        dy: &GpuStorage,
        rows: usize,
        cols: usize,
    ) -> GpuStorage {
        rowwise::softmax_backward(self, y, dy, rows, cols)
    }

    fn log_softmax(&self, x: &GpuStorage, rows: usize, cols: usize) -> GpuStorage {
        rowwise::log_softmax(self, x, rows, cols)
    }

    fn log_softmax_backward(
        &self,
        y: &GpuStorage,
        dy: &GpuStorage,
        rows: usize,
        cols: usize,
    ) -> GpuStorage {
        rowwise::log_softmax_backward(self, y, dy, rows, cols)
    }

    fn layer_norm(
        &self,
        x: &GpuStorage,
        gamma: &GpuStorage,
        beta: &GpuStorage,
        rows: usize,
        cols: usize,
        eps: f32,
    ) -> LayerNormOut<GpuStorage> {
        rowwise::layer_norm(self, x, gamma, beta, rows, cols, eps)
    }

    fn layer_norm_backward(
        &self,
        x: &GpuStorage,
        gamma: &GpuStorage,
        mean: &GpuStorage,
        rstd: &GpuStorage,
        dy: &GpuStorage,
        rows: usize,
        cols: usize,
    ) -> (GpuStorage, GpuStorage, GpuStorage) {
        rowwise::layer_norm_backward(self, x, gamma, mean, rstd, dy, rows, cols)
    }

    fn cross_entropy(
        &self,
        logits: &GpuStorage,
        targets: &GpuIds,
        rows: usize,
        cols: usize,
    ) -> GpuStorage {
        rowwise::cross_entropy(self, logits, targets, rows, cols)
    }

    fn cross_entropy_backward(
        &self,
        logits: &GpuStorage,
        targets: &GpuIds,
        dloss: &GpuStorage,
        rows: usize,
        cols: usize,
    ) -> GpuStorage {
        rowwise::cross_entropy_backward(self, logits, targets, dloss, rows, cols)
    }

    fn gather(&self, x: &GpuStorage, ids: &GpuIds, rows: usize, cols: usize) -> GpuStorage {
        index::gather(self, x, ids, rows, cols)
    }

    fn gather_backward(
        &self,
        dy: &GpuStorage,
        ids: &GpuIds,
        rows: usize,
        cols: usize,
    ) -> GpuStorage {
        index::gather_backward(self, dy, ids, rows, cols)
    }

    fn embedding(&self, table: &GpuStorage, ids: &GpuIds, n: usize, dim: usize) -> GpuStorage {
        index::embedding(self, table, ids, n, dim)
    }

    fn embedding_backward(
        &self,
        dy: &GpuStorage,
        ids: &GpuIds,
        n: usize,
        vocab: usize,
        dim: usize,
    ) -> GpuStorage {
        index::embedding_backward(self, dy, ids, n, vocab, dim)
    }

    fn clip_scale(&self, sumsq: &GpuStorage, max_norm: f32) -> GpuStorage {
        optim::clip_scale(self, sumsq, max_norm)
    }

    fn sgd_step(
        &self,
        param: &GpuStorage,
        grad: &GpuStorage,
        buf: &GpuStorage,
        grad_scale: &GpuStorage,
        h: &SgdStep,
    ) -> (GpuStorage, GpuStorage) {
        optim::sgd_step(self, param, grad, buf, grad_scale, h)
    }

    fn adam_step(
        &self,
        param: &GpuStorage,
        grad: &GpuStorage,
        m: &GpuStorage,
        v: &GpuStorage,
        grad_scale: &GpuStorage,
        h: &AdamStep,
    ) -> (GpuStorage, GpuStorage, GpuStorage) {
        optim::adam_step(self, param, grad, m, v, grad_scale, h)
    }
}
