//! `Tensor`: a shaped handle to device storage, optionally recorded on an autodiff tape,
//! and `Ids`: a shaped buffer of token ids or class indices.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::autodiff::Node;
use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::shape::{self, numel};

/// A process-unique identity. A parameter keeps its id when it is tracked on a tape, so
/// gradients can be looked up with the model's own (untracked) parameter tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TensorId(u64);

impl TensorId {
    pub(crate) fn fresh() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        TensorId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// An n-dimensional array of `f32` values (as seen from the host), row-major, living on
/// backend `B`. Cheap to clone: clones share the device buffer, which is never mutated.
pub struct Tensor<B: Backend> {
    pub(crate) backend: B,
    pub(crate) shape: Vec<usize>,
    pub(crate) data: B::Storage,
    pub(crate) id: TensorId,
    /// Where this tensor sits on an autodiff tape, if it is being recorded.
    pub(crate) node: Option<Node<B>>,
}

impl<B: Backend> Clone for Tensor<B> {
    fn clone(&self) -> Self {
        Tensor {
            backend: self.backend.clone(),
            shape: self.shape.clone(),
            data: self.data.clone(),
            id: self.id,
            node: self.node.clone(),
        }
    }
}

impl<B: Backend> fmt::Debug for Tensor<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tensor")
            .field("shape", &self.shape)
            .field("backend", &self.backend.name())
            .field("tracked", &self.node.is_some())
            .finish()
    }
}

impl<B: Backend> Tensor<B> {
    /// A tensor holding `data` (row-major) with `shape`.
    pub fn from_slice(backend: &B, data: &[f32], shape: &[usize]) -> Result<Self> {
        shape::check_shape("tensor", shape)?;
        if data.len() != numel(shape) {
            return Err(NnError::shape(
                "tensor",
                format!(
                    "{} values cannot fill shape {shape:?} ({} values)",
                    data.len(),
                    numel(shape)
                ),
            ));
        }
        Ok(Self::from_storage(backend, backend.upload(data), shape))
    }

    /// A tensor of `shape` filled with `value`.
    pub fn full(backend: &B, shape: &[usize], value: f32) -> Result<Self> {
        shape::check_shape("full", shape)?;
        Ok(Self::from_storage(
            backend,
            backend.fill(numel(shape), value),
            shape,
        ))
    }

    pub fn zeros(backend: &B, shape: &[usize]) -> Result<Self> {
        Self::full(backend, shape, 0.0)
    }

    /// A scalar (shape `[]`).
    pub fn scalar(backend: &B, value: f32) -> Self {
        Self::from_storage(backend, backend.fill(1, value), &[])
    }

    /// Wrap existing storage. The caller guarantees `storage` holds `numel(shape)` values.
    pub fn from_storage(backend: &B, storage: B::Storage, shape: &[usize]) -> Self {
        debug_assert_eq!(backend.len(&storage), numel(shape));
        Tensor {
            backend: backend.clone(),
            shape: shape.to_vec(),
            data: storage,
            id: TensorId::fresh(),
            node: None,
        }
    }

    /// New values for the same tensor (same id, same shape): optimiser updates and
    /// imports. The caller guarantees the length matches.
    pub(crate) fn replace_storage(&mut self, data: B::Storage) {
        debug_assert_eq!(self.backend.len(&data), self.numel());
        self.data = data;
        self.node = None;
    }

    /// A tensor with the same values but a new shape and identity, not recorded.
    pub(crate) fn derived(&self, data: B::Storage, shape: &[usize]) -> Self {
        Self::from_storage(&self.backend, data, shape)
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    pub fn numel(&self) -> usize {
        numel(&self.shape)
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    pub fn storage(&self) -> &B::Storage {
        &self.data
    }

    pub fn id(&self) -> TensorId {
        self.id
    }

    /// Whether this tensor is recorded on a tape (so `backward` reaches it).
    pub fn is_tracked(&self) -> bool {
        self.node.is_some()
    }

    /// The same values, not recorded on any tape (PyTorch's `detach`).
    pub fn detach(&self) -> Self {
        Tensor {
            node: None,
            ..self.clone()
        }
    }

    /// Copy the values to the host; the only synchronisation point with the device.
    pub async fn read(&self) -> Result<Vec<f32>> {
        self.backend.read(&self.data).await
    }

    /// [`Tensor::read`] for synchronous callers. Fine for the CPU backend and native GPU
    /// backends; in a browser with WebGPU use `read().await` instead.
    pub fn to_vec(&self) -> Result<Vec<f32>> {
        crate::block_on(self.read())
    }

    /// The single value of a one-element tensor.
    pub fn to_scalar(&self) -> Result<f32> {
        if self.numel() != 1 {
            return Err(NnError::shape(
                "to_scalar",
                format!("shape {:?} has {} values, not 1", self.shape, self.numel()),
            ));
        }
        Ok(self.to_vec()?[0])
    }

    pub(crate) fn expect_shape(&self, op: &'static str, what: &str, shape: &[usize]) -> Result<()> {
        if self.shape == shape {
            Ok(())
        } else {
            Err(NnError::shape(
                op,
                format!("{what} has shape {:?}, expected {shape:?}", self.shape),
            ))
        }
    }
}

/// Integer indices (token ids, class targets) on the device, with a shape. Every id is
/// known to be below `bound` (checked on the host when created, so device kernels never
/// read out of range).
pub struct Ids<B: Backend> {
    pub(crate) data: B::Ids,
    pub(crate) shape: Vec<usize>,
    /// One more than the largest id (0 if empty).
    pub(crate) bound: u32,
}

impl<B: Backend> Clone for Ids<B> {
    fn clone(&self) -> Self {
        Ids {
            data: self.data.clone(),
            shape: self.shape.clone(),
            bound: self.bound,
        }
    }
}

impl<B: Backend> fmt::Debug for Ids<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ids")
            .field("shape", &self.shape)
            .field("bound", &self.bound)
            .finish()
    }
}

impl<B: Backend> Ids<B> {
    pub fn new(backend: &B, ids: &[u32], shape: &[usize]) -> Result<Self> {
        shape::check_shape("ids", shape)?;
        if ids.len() != numel(shape) {
            return Err(NnError::shape(
                "ids",
                format!("{} ids cannot fill shape {shape:?}", ids.len()),
            ));
        }
        Ok(Ids {
            data: backend.upload_ids(ids),
            shape: shape.to_vec(),
            bound: ids.iter().max().map_or(0, |&m| m + 1),
        })
    }

    pub fn shape(&self) -> &[usize] {
        &self.shape
    }

    pub fn len(&self) -> usize {
        numel(&self.shape)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Err unless every id is below `limit`.
    pub(crate) fn check_below(&self, op: &'static str, limit: usize, what: &str) -> Result<()> {
        if (self.bound as usize) <= limit {
            Ok(())
        } else {
            Err(NnError::index(
                op,
                format!("id {} is not below {what} = {limit}", self.bound - 1),
            ))
        }
    }
}
