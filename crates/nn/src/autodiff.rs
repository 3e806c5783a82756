//! Reverse-mode automatic differentiation with a tape, generic over the backend.
//!
//! A [`Tape`] records, for every operation on tracked tensors, which slots it read and a
//! closure that maps the gradient of its output to gradients of its inputs using the
//! backend's primitives. The tape is in execution order, which is a topological order,
//! so `backward` simply walks it in reverse. Nothing here knows about devices: autodiff
//! is a layer over any [`Backend`], as in Burn, but a tape keeps it small.
//!
//! Typical use, one tape per training step:
//!
//! ```
//! use playground_nn::{Cpu, Tape, Tensor};
//! let cpu = Cpu::<f32>::new();
//! let w = Tensor::from_slice(&cpu, &[1.0, 2.0], &[2]).unwrap();
//! let tape = Tape::new();
//! let loss = tape.track(&w).mul(&tape.track(&w)).unwrap().sum();
//! let grads = loss.backward().unwrap();
//! assert_eq!(grads.get(&w).unwrap().to_vec().unwrap(), vec![2.0, 4.0]);
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::rc::Rc;

use crate::backend::{Backend, BinaryOp};
use crate::error::{NnError, Result};
use crate::tensor::{Tensor, TensorId};

/// Maps the output gradient to one optional gradient per input; `needs[i]` says whether
/// input i is tracked (so untracked inputs cost nothing).
pub(crate) type BackwardFn<B> =
    Box<dyn FnOnce(&B, &<B as Backend>::Storage, &[bool]) -> Vec<Option<<B as Backend>::Storage>>>;

struct Slot {
    shape: Vec<usize>,
    /// Set for tensors tracked with [`Tape::track`]: their gradients are reported.
    leaf: Option<TensorId>,
}

struct Entry<B: Backend> {
    output: usize,
    inputs: Vec<Option<usize>>,
    backward: BackwardFn<B>,
}

struct TapeInner<B: Backend> {
    slots: Vec<Slot>,
    entries: Vec<Entry<B>>,
}

/// A recording of operations for one backward pass. Cloning shares the recording.
/// `Tape::no_grad()` records nothing (inference).
pub struct Tape<B: Backend> {
    inner: Option<Rc<RefCell<TapeInner<B>>>>,
}

impl<B: Backend> Clone for Tape<B> {
    fn clone(&self) -> Self {
        Tape {
            inner: self.inner.clone(),
        }
    }
}

impl<B: Backend> fmt::Debug for Tape<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            None => write!(f, "Tape(no_grad)"),
            Some(t) => write!(f, "Tape({} ops)", t.borrow().entries.len()),
        }
    }
}

impl<B: Backend> Default for Tape<B> {
    fn default() -> Self {
        Self::new()
    }
}

/// A tensor's place on a tape.
pub(crate) struct Node<B: Backend> {
    tape: Rc<RefCell<TapeInner<B>>>,
    slot: usize,
}

impl<B: Backend> Clone for Node<B> {
    fn clone(&self) -> Self {
        Node {
            tape: self.tape.clone(),
            slot: self.slot,
        }
    }
}

impl<B: Backend> Tape<B> {
    pub fn new() -> Self {
        Tape {
            inner: Some(Rc::new(RefCell::new(TapeInner {
                slots: Vec::new(),
                entries: Vec::new(),
            }))),
        }
    }

    /// A tape that records nothing: forward passes for inference and sampling.
    pub fn no_grad() -> Self {
        Tape { inner: None }
    }

    pub fn is_recording(&self) -> bool {
        self.inner.is_some()
    }

    /// `t` as a leaf of this tape: operations on the result are recorded and `backward`
    /// reports its gradient under `t`'s id. Already-tracked tensors are returned as they
    /// are; with `no_grad` this is a plain clone.
    pub fn track(&self, t: &Tensor<B>) -> Tensor<B> {
        let Some(inner) = &self.inner else {
            return t.clone();
        };
        if t.node.is_some() {
            return t.clone();
        }
        let mut tape = inner.borrow_mut();
        tape.slots.push(Slot {
            shape: t.shape.clone(),
            leaf: Some(t.id),
        });
        let slot = tape.slots.len() - 1;
        Tensor {
            node: Some(Node {
                tape: inner.clone(),
                slot,
            }),
            ..t.clone()
        }
    }
}

/// Record `out = op(inputs)` if any input is tracked; otherwise return `out` as it is.
/// `backward` must return one entry per input, in order.
pub(crate) fn record<B: Backend>(
    inputs: &[&Tensor<B>],
    mut out: Tensor<B>,
    backward: impl FnOnce(&B, &B::Storage, &[bool]) -> Vec<Option<B::Storage>> + 'static,
) -> Result<Tensor<B>> {
    let mut tape: Option<&Rc<RefCell<TapeInner<B>>>> = None;
    for node in inputs.iter().filter_map(|t| t.node.as_ref()) {
        match tape {
            None => tape = Some(&node.tape),
            Some(t) if Rc::ptr_eq(t, &node.tape) => {}
            Some(_) => {
                return Err(NnError::Autodiff(
                    "an operation mixes tensors recorded on two different tapes".into(),
                ));
            }
        }
    }
    let Some(tape) = tape else {
        return Ok(out);
    };
    let mut inner = tape.borrow_mut();
    inner.slots.push(Slot {
        shape: out.shape.clone(),
        leaf: None,
    });
    let output = inner.slots.len() - 1;
    inner.entries.push(Entry {
        output,
        inputs: inputs
            .iter()
            .map(|t| t.node.as_ref().map(|n| n.slot))
            .collect(),
        backward: Box::new(backward),
    });
    out.node = Some(Node {
        tape: tape.clone(),
        slot: output,
    });
    Ok(out)
}

/// Gradients of a scalar with respect to the tracked leaves, keyed by tensor id.
pub struct Grads<B: Backend> {
    map: HashMap<TensorId, Tensor<B>>,
}

impl<B: Backend> fmt::Debug for Grads<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Grads({} tensors)", self.map.len())
    }
}

impl<B: Backend> Grads<B> {
    /// The gradient for `t` (the untracked parameter or its tracked copy), if `t` was
    /// tracked and the output depends on it.
    pub fn get(&self, t: &Tensor<B>) -> Option<&Tensor<B>> {
        self.map.get(&t.id)
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

fn accumulate<B: Backend>(b: &B, slot: &mut Option<B::Storage>, g: B::Storage, shape: &[usize]) {
    *slot = Some(match slot.take() {
        None => g,
        Some(prev) => b.binary(BinaryOp::Add, &prev, shape, &g, shape, shape),
    });
}

impl<B: Backend> Tensor<B> {
    /// Back-propagate from this scalar. Consumes the tape's recording: call it once.
    pub fn backward(&self) -> Result<Grads<B>> {
        let Some(node) = &self.node else {
            return Err(NnError::Autodiff(
                "backward() on a tensor that was not recorded: track the parameters with \
                 Tape::track before the forward pass"
                    .into(),
            ));
        };
        if self.numel() != 1 {
            return Err(NnError::Autodiff(format!(
                "backward() needs a scalar loss, got shape {:?}",
                self.shape
            )));
        }
        let b = &self.backend;
        let (entries, slots) = {
            let mut inner = node.tape.borrow_mut();
            let entries = std::mem::take(&mut inner.entries);
            let slots: Vec<(Vec<usize>, Option<TensorId>)> = inner
                .slots
                .iter()
                .map(|s| (s.shape.clone(), s.leaf))
                .collect();
            (entries, slots)
        };
        let mut grads: Vec<Option<B::Storage>> = vec![None; slots.len()];
        grads[node.slot] = Some(b.fill(1, 1.0));
        for entry in entries.into_iter().rev() {
            // An output nothing depends on contributes nothing.
            let Some(dy) = grads[entry.output].take() else {
                continue;
            };
            let needs: Vec<bool> = entry.inputs.iter().map(Option::is_some).collect();
            let dxs = (entry.backward)(b, &dy, &needs);
            for (input, dx) in entry.inputs.iter().zip(dxs) {
                if let (Some(i), Some(dx)) = (input, dx) {
                    accumulate(b, &mut grads[*i], dx, &slots[*i].0);
                }
            }
        }
        let mut map: HashMap<TensorId, Tensor<B>> = HashMap::new();
        for ((shape, leaf), g) in slots.iter().zip(grads) {
            let (Some(id), Some(g)) = (leaf, g) else {
                continue;
            };
            let merged = match map.remove(id) {
                None => g,
                Some(prev) => b.binary(BinaryOp::Add, &prev.data, shape, &g, shape, shape),
            };
            let mut t = Tensor::from_storage(b, merged, shape);
            t.id = *id;
            map.insert(*id, t);
        }
        Ok(Grads { map })
    }
}
