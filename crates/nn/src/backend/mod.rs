//! The `Backend` trait: device-resident storage and the primitive operations that the
//! tensor front end and its autodiff are built from. `BACKEND.md` (beside `Cargo.toml`)
//! is the contract for implementers; this file is the authoritative list.
//!
//! Design rules that make the trait fit a GPU:
//! - Storage is a handle to a flat buffer that lives on the device between steps. No
//!   primitive reads values back; [`Backend::read`] is the one synchronisation point and it
//!   is asynchronous (a browser's WebGPU readback needs the event loop).
//! - Storage is immutable once created: every primitive returns new storage and never
//!   writes to its inputs, so clones of a handle may share memory.
//! - Shapes live in the front end ([`crate::Tensor`]); primitives receive the sizes they
//!   need as plain numbers, already validated. A primitive given inconsistent sizes is a bug
//!   in this crate, not a user error, so primitives are infallible.
//! - Fused operations (softmax, log-softmax, layer norm, cross-entropy, optimiser updates)
//!   are primitives so a GPU can run each as one kernel.
//! - Host data crosses the boundary as `f32` (the public element type); a CPU backend may
//!   compute in `f64` internally (see [`cpu::Cpu`]).

pub mod cpu;
// The WebGPU backend lives in `gpu/` (added by its own engineer): `pub mod gpu;`
pub mod gpu;

use std::fmt::Debug;
use std::future::Future;

use crate::error::Result;

pub use cpu::Cpu;

/// Element-wise functions of one argument. `unary_backward` gives their derivatives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// e^x.
    Exp,
    /// ln x.
    Log,
    /// tanh x.
    Tanh,
    /// GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
    Gelu,
    /// max(x, 0); derivative 1 for x > 0, else 0.
    Relu,
    /// σ(x) = 1 / (1 + e^(−x)).
    Sigmoid,
    /// ln σ(x) = −ln(1 + e^(−x)), computed without overflow (DPO-style losses need it).
    LogSigmoid,
}

/// Element-wise functions of two arguments, with NumPy broadcasting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
}

/// Sizes of a (batched) matrix product C = op(A)·op(B).
///
/// For each `i in 0..batch`: C_i is `m × n`, op(A_i) is `m × k`, op(B_i) is `k × n`.
/// A_i is stored row-major as `m × k`, or as `k × m` when `trans_a` (and op(A_i) = A_iᵀ);
/// B_i likewise as `k × n`, or `n × k` when `trans_b`. Matrix `i` starts at element
/// `i·m·k` of `a`, `i·k·n` of `b` and `i·m·n` of the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MatmulDims {
    pub batch: usize,
    pub m: usize,
    pub k: usize,
    pub n: usize,
    pub trans_a: bool,
    pub trans_b: bool,
}

/// Hyperparameters of one Adam/AdamW update, with the bias corrections for this step
/// computed on the host. The update, per element, with `g = grad · grad_scale[0]`:
///
/// ```text
/// if !decoupled { g += weight_decay · p }           // Adam with L2 penalty
/// m = beta1 · m + (1 − beta1) · g
/// v = beta2 · v + (1 − beta2) · g · g
/// if decoupled { p = p − lr · weight_decay · p }    // AdamW
/// p = p − lr · (m / bias1) / (sqrt(v / bias2) + eps)
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AdamStep {
    pub lr: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub eps: f32,
    pub weight_decay: f32,
    pub decoupled: bool,
    /// 1 − beta1^t for step t ≥ 1.
    pub bias1: f32,
    /// 1 − beta2^t.
    pub bias2: f32,
}

/// Hyperparameters of one SGD-with-momentum update. Per element, with
/// `g = grad · grad_scale[0] + weight_decay · p`: `buf = momentum · buf + g`,
/// `p = p − lr · buf` (with `momentum = 0` this is plain SGD).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SgdStep {
    pub lr: f32,
    pub momentum: f32,
    pub weight_decay: f32,
}

/// The saved outputs of a layer-norm forward pass.
#[derive(Clone, Debug)]
pub struct LayerNormOut<S> {
    /// Normalised, scaled and shifted output, `rows × cols`.
    pub y: S,
    /// Mean of each row, `rows`.
    pub mean: S,
    /// 1 / sqrt(variance + eps) of each row (biased variance), `rows`.
    pub rstd: S,
}

/// A compute device with its own memory. See the module docs and `BACKEND.md`.
///
/// Conventions: every buffer is row-major; "rows × cols" means the last axis is `cols`
/// long and contiguous; sizes are in elements; an output's length is implied by the sizes.
pub trait Backend: Clone + Debug + 'static {
    /// A handle to a buffer of floats in device memory. Cloning shares the buffer.
    type Storage: Clone + Debug;
    /// A handle to a buffer of `u32` indices (token ids, targets) in device memory.
    type Ids: Clone + Debug;

    /// A short name for badges and messages, e.g. "cpu-f32" or "webgpu".
    fn name(&self) -> String;

    // ---- memory -------------------------------------------------------------------

    /// Copy host values into a new device buffer.
    fn upload(&self, data: &[f32]) -> Self::Storage;
    /// Copy host indices into a new device buffer.
    fn upload_ids(&self, ids: &[u32]) -> Self::Ids;
    /// A new buffer of `len` copies of `value`.
    fn fill(&self, len: usize, value: f32) -> Self::Storage;
    /// Number of elements in a buffer.
    fn len(&self, x: &Self::Storage) -> usize;
    /// Copy a buffer back to the host. The only synchronisation point: it waits for all
    /// queued work that produces `x`. Native implementations may finish before returning
    /// the future; in a browser the future resolves on a later turn of the event loop.
    fn read(&self, x: &Self::Storage) -> impl Future<Output = Result<Vec<f32>>>;

    // ---- element-wise -------------------------------------------------------------

    /// y = f(x) element-wise.
    fn unary(&self, op: UnaryOp, x: &Self::Storage) -> Self::Storage;
    /// dx = dy · f′(x), element-wise; `y = f(x)` is passed so Exp, Tanh and Sigmoid can
    /// reuse it.
    fn unary_backward(
        &self,
        op: UnaryOp,
        x: &Self::Storage,
        y: &Self::Storage,
        dy: &Self::Storage,
    ) -> Self::Storage;
    /// y = mul · x + add, element-wise.
    fn affine(&self, x: &Self::Storage, mul: f32, add: f32) -> Self::Storage;
    /// out = a ∘ b with broadcasting. `a_shape`, `b_shape` and `out` have the same rank
    /// (at most 6); each input dimension equals the output's or is 1 (then repeated).
    fn binary(
        &self,
        op: BinaryOp,
        a: &Self::Storage,
        a_shape: &[usize],
        b: &Self::Storage,
        b_shape: &[usize],
        out: &[usize],
    ) -> Self::Storage;
    /// Sum `x` (of `shape`) over the axes where `to` is 1 (same rank, each `to[d]` is
    /// `shape[d]` or 1). The adjoint of [`Backend::expand`]; also sums and means.
    fn sum_to(&self, x: &Self::Storage, shape: &[usize], to: &[usize]) -> Self::Storage;
    /// Repeat `x` (of `shape`) along its size-1 axes to `to` (same rank). The adjoint of
    /// [`Backend::sum_to`].
    fn expand(&self, x: &Self::Storage, shape: &[usize], to: &[usize]) -> Self::Storage;

    // ---- layout -------------------------------------------------------------------

    /// Reorder axes: output axis `i` is input axis `perm[i]` (rank at most 6).
    fn permute(&self, x: &Self::Storage, shape: &[usize], perm: &[usize]) -> Self::Storage;
    /// View `x` as `[outer, axis, inner]` and keep `start..start + len` of the middle
    /// axis: output `[outer, len, inner]`.
    fn narrow(
        &self,
        x: &Self::Storage,
        outer: usize,
        axis: usize,
        inner: usize,
        start: usize,
        len: usize,
    ) -> Self::Storage;
    /// The adjoint of `narrow`: `x` is `[outer, len, inner]`; the output is
    /// `[outer, axis, inner]`, zero except `start..start + len` of the middle axis, which
    /// holds `x`.
    fn pad(
        &self,
        x: &Self::Storage,
        outer: usize,
        len: usize,
        inner: usize,
        start: usize,
        axis: usize,
    ) -> Self::Storage;
    /// View `x` as `[batch, tq, tk]`; set entry (i, j) to `value` where
    /// `j > i + (tk − tq)` (the future, for causal attention); copy the rest.
    fn causal_mask(
        &self,
        x: &Self::Storage,
        batch: usize,
        tq: usize,
        tk: usize,
        value: f32,
    ) -> Self::Storage;

    // ---- matrix product -----------------------------------------------------------

    /// Batched C = op(A)·op(B); see [`MatmulDims`].
    fn matmul(&self, a: &Self::Storage, b: &Self::Storage, dims: MatmulDims) -> Self::Storage;

    // ---- fused row-wise operations (rows × cols, along the last axis) ------------

    /// y = exp(x − max) / Σ exp(x − max) per row. Rows may contain −∞ (masked entries)
    /// but not only −∞.
    fn softmax(&self, x: &Self::Storage, rows: usize, cols: usize) -> Self::Storage;
    /// dx = y · (dy − Σ_row dy·y), from the forward output y.
    fn softmax_backward(
        &self,
        y: &Self::Storage,
        dy: &Self::Storage,
        rows: usize,
        cols: usize,
    ) -> Self::Storage;
    /// y = x − max − ln Σ exp(x − max) per row.
    fn log_softmax(&self, x: &Self::Storage, rows: usize, cols: usize) -> Self::Storage;
    /// dx = dy − exp(y) · Σ_row dy, from the forward output y.
    fn log_softmax_backward(
        &self,
        y: &Self::Storage,
        dy: &Self::Storage,
        rows: usize,
        cols: usize,
    ) -> Self::Storage;
    /// Layer norm per row: (x − mean) · rstd · gamma + beta, with gamma and beta of
    /// length `cols` and rstd = 1 / sqrt(biased variance + eps).
    fn layer_norm(
        &self,
        x: &Self::Storage,
        gamma: &Self::Storage,
        beta: &Self::Storage,
        rows: usize,
        cols: usize,
        eps: f32,
    ) -> LayerNormOut<Self::Storage>;
    /// Gradients of layer norm: returns (dx `rows × cols`, dgamma `cols`, dbeta `cols`).
    /// With x̂ = (x − mean)·rstd and g = dy·gamma:
    /// dx = rstd · (g − mean_row(g) − x̂ · mean_row(g·x̂)), dgamma = Σ_rows dy·x̂,
    /// dbeta = Σ_rows dy.
    #[allow(clippy::too_many_arguments)]
    fn layer_norm_backward(
        &self,
        x: &Self::Storage,
        gamma: &Self::Storage,
        mean: &Self::Storage,
        rstd: &Self::Storage,
        dy: &Self::Storage,
        rows: usize,
        cols: usize,
    ) -> (Self::Storage, Self::Storage, Self::Storage);
    /// Per-row cross-entropy of `logits` (`rows × cols`) against class indices
    /// `targets` (`rows`, each < cols): loss_r = logsumexp(x_r) − x_r[t_r]. Output `rows`.
    fn cross_entropy(
        &self,
        logits: &Self::Storage,
        targets: &Self::Ids,
        rows: usize,
        cols: usize,
    ) -> Self::Storage;
    /// dlogits_rj = dloss_r · (softmax(x_r)_j − [j = t_r]). `dloss` has `rows` entries.
    fn cross_entropy_backward(
        &self,
        logits: &Self::Storage,
        targets: &Self::Ids,
        dloss: &Self::Storage,
        rows: usize,
        cols: usize,
    ) -> Self::Storage;
    /// out_r = x[r, ids[r]]: one entry per row (`rows`), e.g. per-token log-probabilities.
    fn gather(&self, x: &Self::Storage, ids: &Self::Ids, rows: usize, cols: usize)
    -> Self::Storage;
    /// The adjoint of `gather`: `rows × cols` zeros with dy[r] at (r, ids[r]).
    fn gather_backward(
        &self,
        dy: &Self::Storage,
        ids: &Self::Ids,
        rows: usize,
        cols: usize,
    ) -> Self::Storage;
    /// Row lookup: out[i, :] = table[ids[i], :] for `i < n`; output `n × dim`.
    fn embedding(
        &self,
        table: &Self::Storage,
        ids: &Self::Ids,
        n: usize,
        dim: usize,
    ) -> Self::Storage;
    /// Scatter-add, the adjoint of `embedding`: `vocab × dim` zeros plus, for each `i`
    /// in increasing order, dy[i, :] added to row ids[i]. Deterministic: a GPU must not
    /// use float atomics (e.g. one thread per (row, column) looping over `i`).
    fn embedding_backward(
        &self,
        dy: &Self::Storage,
        ids: &Self::Ids,
        n: usize,
        vocab: usize,
        dim: usize,
    ) -> Self::Storage;

    // ---- optimisers ---------------------------------------------------------------

    /// The gradient scale of global-norm clipping, as a 1-element buffer:
    /// min(1, max_norm / (sqrt(sumsq[0]) + 1e-6)). `sumsq` holds Σ g² over all gradients.
    fn clip_scale(&self, sumsq: &Self::Storage, max_norm: f32) -> Self::Storage;
    /// One SGD step; returns (new param, new momentum buffer). See [`SgdStep`].
    fn sgd_step(
        &self,
        param: &Self::Storage,
        grad: &Self::Storage,
        buf: &Self::Storage,
        grad_scale: &Self::Storage,
        h: &SgdStep,
    ) -> (Self::Storage, Self::Storage);
    /// One Adam/AdamW step; returns (new param, new m, new v). See [`AdamStep`].
    fn adam_step(
        &self,
        param: &Self::Storage,
        grad: &Self::Storage,
        m: &Self::Storage,
        v: &Self::Storage,
        grad_scale: &Self::Storage,
        h: &AdamStep,
    ) -> (Self::Storage, Self::Storage, Self::Storage);
}
