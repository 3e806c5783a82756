//! Named parameters: the [`Module`] trait walks a model's parameters in a fixed order
//! with dotted names ("blocks.0.attn.qkv.weight"), which is what optimisers, export to the
//! host, import from the host (moving a model between backends) and safetensors files
//! are built on.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::backend::Backend;
use crate::error::{NnError, Result};
use crate::tensor::Tensor;

/// A tensor copied to the host, with its name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HostTensor {
    pub name: String,
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

/// Anything with parameters. Implementations list every parameter and child module, in
/// the same order in both methods.
pub trait Module<B: Backend> {
    fn visit(&self, v: &mut Visitor<'_, B>);
    fn visit_mut(&mut self, v: &mut VisitorMut<'_, B>);
}

fn joined(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Walks parameters read-only, calling `f(full_name, tensor)`.
pub struct Visitor<'a, B: Backend> {
    prefix: String,
    f: &'a mut dyn FnMut(&str, &Tensor<B>),
}

impl<B: Backend> std::fmt::Debug for Visitor<'_, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Visitor({})", self.prefix)
    }
}

impl<'a, B: Backend> Visitor<'a, B> {
    pub fn new(f: &'a mut dyn FnMut(&str, &Tensor<B>)) -> Self {
        Visitor {
            prefix: String::new(),
            f,
        }
    }

    pub fn param(&mut self, name: &str, t: &Tensor<B>) {
        (self.f)(&joined(&self.prefix, name), t);
    }

    pub fn child(&mut self, name: &str, m: &impl Module<B>) {
        let saved = std::mem::take(&mut self.prefix);
        self.prefix = joined(&saved, name);
        m.visit(self);
        self.prefix = saved;
    }
}

/// Walks parameters mutably, calling `f(full_name, tensor)`.
pub struct VisitorMut<'a, B: Backend> {
    prefix: String,
    f: &'a mut dyn FnMut(&str, &mut Tensor<B>),
}

impl<B: Backend> std::fmt::Debug for VisitorMut<'_, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VisitorMut({})", self.prefix)
    }
}

impl<'a, B: Backend> VisitorMut<'a, B> {
    pub fn new(f: &'a mut dyn FnMut(&str, &mut Tensor<B>)) -> Self {
        VisitorMut {
            prefix: String::new(),
            f,
        }
    }

    pub fn param(&mut self, name: &str, t: &mut Tensor<B>) {
        (self.f)(&joined(&self.prefix, name), t);
    }

    pub fn child(&mut self, name: &str, m: &mut impl Module<B>) {
        let saved = std::mem::take(&mut self.prefix);
        self.prefix = joined(&saved, name);
        m.visit_mut(self);
        self.prefix = saved;
    }
}

/// Every parameter with its name, in the module's order (clones share device memory).
pub fn parameters<B: Backend>(m: &impl Module<B>) -> Vec<(String, Tensor<B>)> {
    let mut out = Vec::new();
    m.visit(&mut Visitor::new(&mut |name, t| {
        out.push((name.to_string(), t.clone()))
    }));
    out
}

/// Total number of scalar parameters.
pub fn count<B: Backend>(m: &impl Module<B>) -> usize {
    parameters(m).iter().map(|(_, t)| t.numel()).sum()
}

/// Copy tensors to the host (awaiting each readback).
pub async fn read_all<B: Backend>(tensors: &[(String, Tensor<B>)]) -> Result<Vec<HostTensor>> {
    let mut out = Vec::with_capacity(tensors.len());
    for (name, t) in tensors {
        out.push(HostTensor {
            name: name.clone(),
            shape: t.shape().to_vec(),
            data: t.read().await?,
        });
    }
    Ok(out)
}

/// Copy every parameter to the host. Await this in a browser with WebGPU.
pub async fn export_async<B: Backend>(m: &impl Module<B>) -> Result<Vec<HostTensor>> {
    read_all(&parameters(m)).await
}

/// [`export_async`] for synchronous callers (CPU, native GPU).
pub fn export<B: Backend>(m: &impl Module<B>) -> Result<Vec<HostTensor>> {
    crate::block_on(export_async(m))
}

/// Overwrite every parameter of `m` with the host tensor of the same name. Every
/// parameter must be present with the same shape, and no extra tensors may be given;
/// on error `m` is left unchanged.
pub fn import<B: Backend>(m: &mut impl Module<B>, tensors: &[HostTensor]) -> Result<()> {
    let by_name: HashMap<&str, &HostTensor> =
        tensors.iter().map(|t| (t.name.as_str(), t)).collect();
    let expected = parameters(m);
    for (name, t) in &expected {
        let Some(h) = by_name.get(name.as_str()) else {
            return Err(NnError::Format(format!("parameter {name} is missing")));
        };
        if h.shape != t.shape() || h.data.len() != t.numel() {
            return Err(NnError::Format(format!(
                "parameter {name} has shape {:?} ({} values), the model needs {:?}",
                h.shape,
                h.data.len(),
                t.shape()
            )));
        }
    }
    if let Some(extra) = tensors
        .iter()
        .find(|h| !expected.iter().any(|(n, _)| *n == h.name))
    {
        return Err(NnError::Format(format!(
            "unknown parameter {} for this model",
            extra.name
        )));
    }
    m.visit_mut(&mut VisitorMut::new(&mut |name, t| {
        let h = by_name[name];
        let storage = t.backend().upload(&h.data);
        t.replace_storage(storage);
    }));
    Ok(())
}
