//! CPU buffers that return their memory to a per-thread pool when dropped.
//!
//! A training step allocates the same few dozen buffer sizes every time (activations,
//! gradients, optimiser updates) and frees them all when the tape is dropped. Given back
//! to the system allocator, large blocks are unmapped and mapped again next step, and the
//! page faults cost as much as the arithmetic; kept in a pool keyed by length, the next
//! step reuses them. Small buffers are left to the allocator, which handles them well.

use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::element::Element;

/// Buffers shorter than this are not pooled.
const MIN_LEN: usize = 1024;
/// At most this many idle buffers of one length are kept.
const MAX_PER_LEN: usize = 64;
/// At most this many idle elements in all are kept (64 MiB of f32).
const MAX_HELD: usize = 1 << 24;

/// Idle vectors of one element type, by capacity.
#[derive(Debug)]
pub(crate) struct VecPool<E> {
    free: HashMap<usize, Vec<Vec<E>>>,
    held: usize,
}

impl<E> Default for VecPool<E> {
    fn default() -> Self {
        VecPool {
            free: HashMap::new(),
            held: 0,
        }
    }
}

impl<E> VecPool<E> {
    /// A vector with capacity for `len` elements: from the pool with whatever it last
    /// held, or new and empty.
    pub(crate) fn take(&mut self, len: usize) -> Vec<E> {
        if len >= MIN_LEN
            && let Some(v) = self.free.get_mut(&len).and_then(Vec::pop)
        {
            self.held -= v.capacity();
            return v;
        }
        Vec::with_capacity(len)
    }

    pub(crate) fn give(&mut self, v: Vec<E>) {
        let cap = v.capacity();
        if cap < MIN_LEN || self.held + cap > MAX_HELD {
            return;
        }
        let bucket = self.free.entry(cap).or_default();
        if bucket.len() < MAX_PER_LEN {
            // Contents kept: `overwrite` hands them out again without a memset.
            bucket.push(v);
            self.held += cap;
        }
    }
}

/// The contents of a CPU storage handle: a vector whose memory goes back to the pool.
pub struct Buffer<E: Element> {
    data: Vec<E>,
}

impl<E: Element> Buffer<E> {
    pub(crate) fn new(data: Vec<E>) -> Self {
        Buffer { data }
    }
}

impl<E: Element> Deref for Buffer<E> {
    type Target = [E];
    fn deref(&self) -> &[E] {
        &self.data
    }
}

impl<E: Element> Drop for Buffer<E> {
    fn drop(&mut self) {
        E::pool_give(std::mem::take(&mut self.data));
    }
}

impl<E: Element> fmt::Debug for Buffer<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Buffer<{}>[{}]", E::NAME, self.data.len())
    }
}

/// The storage handle of the CPU backend.
pub type CpuStorage<E> = Arc<Buffer<E>>;

pub(crate) fn store<E: Element>(v: Vec<E>) -> CpuStorage<E> {
    Arc::new(Buffer::new(v))
}

/// An empty vector with room for `len` elements, from the pool when possible.
pub(crate) fn take<E: Element>(len: usize) -> Vec<E> {
    let mut v = E::pool_take(len);
    v.clear();
    v
}

pub(crate) fn zeros<E: Element>(len: usize) -> Vec<E> {
    let mut v = take(len);
    v.resize(len, E::ZERO);
    v
}

/// `len` elements whose values are unspecified (a pooled buffer keeps its last contents),
/// for an output the caller writes in full: it skips zeroing, which in a small model's
/// training step costs about 5% of the time.
pub(crate) fn overwrite<E: Element>(len: usize) -> Vec<E> {
    let mut v = E::pool_take(len);
    v.resize(len, E::ZERO);
    v
}

/// `len` values from an iterator that yields exactly that many.
pub(crate) fn collect<E: Element>(len: usize, values: impl Iterator<Item = E>) -> Vec<E> {
    let mut v = take(len);
    v.extend(values);
    debug_assert_eq!(v.len(), len);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_buffers_are_reused() {
        let v: Vec<f64> = zeros(5000);
        let ptr = v.as_ptr();
        drop(store(v));
        let again: Vec<f64> = take(5000);
        assert_eq!(again.as_ptr(), ptr, "the pooled allocation comes back");
        assert!(again.is_empty() && again.capacity() >= 5000);
        let small: Vec<f64> = take(10);
        assert!(small.capacity() >= 10);
    }

    #[test]
    fn overwrite_reuses_without_zeroing_and_take_still_starts_empty() {
        drop(store(vec![7.0f64; 4096]));
        let stale: Vec<f64> = overwrite(4096);
        assert_eq!(stale.len(), 4096);
        assert_eq!(stale[0], 7.0, "the pooled contents come back as they were");
        drop(store(stale));
        assert!(take::<f64>(4096).is_empty());
        let fresh: Vec<f64> = overwrite(3000);
        assert!(fresh.len() == 3000 && fresh.iter().all(|&x| x == 0.0));
    }
}
