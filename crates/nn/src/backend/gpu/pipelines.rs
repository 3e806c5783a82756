//! The kernels: which WGSL file and entry point each one is, which buffers it binds, and
//! a cache of compiled pipelines.
//!
//! Pipelines are compiled on first use rather than all at start-up, so a page that only
//! runs an MLP never waits for the transformer's kernels (compiling is the slow part of
//! opening a backend, especially in a browser).
//!
//! Binding convention, shared by every kernel file: binding 0 is the kernel's `Params`
//! uniform; the others are storage buffers, read-only for inputs and read-write for
//! outputs. Each [`Kernel`] lists the binding numbers it uses, and buffers are passed to
//! `Gpu::dispatch` in that order (reads, then writes).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The WGSL files under `kernels/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Shader {
    Elementwise,
    Layout,
    Reduce,
    Matmul,
    Softmax,
    LayerNorm,
    Index,
    Optim,
}

impl Shader {
    fn source(self) -> &'static str {
        match self {
            Shader::Elementwise => include_str!("kernels/elementwise.wgsl"),
            Shader::Layout => include_str!("kernels/layout.wgsl"),
            Shader::Reduce => include_str!("kernels/reduce.wgsl"),
            Shader::Matmul => include_str!("kernels/matmul.wgsl"),
            Shader::Softmax => include_str!("kernels/softmax.wgsl"),
            Shader::LayerNorm => include_str!("kernels/layer_norm.wgsl"),
            Shader::Index => include_str!("kernels/index.wgsl"),
            Shader::Optim => include_str!("kernels/optim.wgsl"),
        }
    }

    /// The file as compiled: the shared helpers, then the file itself.
    pub(super) fn full_source(self) -> String {
        format!("{}\n{}", include_str!("kernels/common.wgsl"), self.source())
    }
}

/// One compute entry point and its bindings.
#[derive(Debug)]
pub(super) struct Kernel {
    pub shader: Shader,
    pub entry: &'static str,
    /// Binding numbers of the read-only storage buffers, in the order they are passed.
    pub reads: &'static [u32],
    /// Binding numbers of the read-write storage buffers (outputs), passed after the reads.
    pub writes: &'static [u32],
}

/// A compiled kernel and the layout its bind groups are made with.
#[derive(Debug)]
pub(super) struct Compiled {
    pub pipeline: wgpu::ComputePipeline,
    pub layout: wgpu::BindGroupLayout,
}

/// Compiled shader modules and pipelines, by file and entry point.
#[derive(Debug, Default)]
pub(super) struct Pipelines {
    modules: Mutex<HashMap<Shader, wgpu::ShaderModule>>,
    compiled: Mutex<HashMap<(Shader, &'static str), Arc<Compiled>>>,
}

fn storage_entry(binding: u32, read_only: bool) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::COMPUTE,
        ty: wgpu::BindingType::Buffer {
            ty: wgpu::BufferBindingType::Storage { read_only },
            has_dynamic_offset: false,
            min_binding_size: None,
        },
        count: None,
    }
}

impl Pipelines {
    /// The pipeline of `kernel`, compiling it (and its file) on first use.
    pub(super) fn get(&self, device: &wgpu::Device, kernel: &Kernel) -> Arc<Compiled> {
        let key = (kernel.shader, kernel.entry);
        if let Some(c) = self.compiled.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return c;
        }
        let module = self.module(device, kernel.shader);
        let mut entries = vec![wgpu::BindGroupLayoutEntry {
            binding: 0,
            visibility: wgpu::ShaderStages::COMPUTE,
            ty: wgpu::BindingType::Buffer {
                ty: wgpu::BufferBindingType::Uniform,
                has_dynamic_offset: false,
                min_binding_size: None,
            },
            count: None,
        }];
        entries.extend(kernel.reads.iter().map(|&b| storage_entry(b, true)));
        entries.extend(kernel.writes.iter().map(|&b| storage_entry(b, false)));
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some(kernel.entry),
            entries: &entries,
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some(kernel.entry),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some(kernel.entry),
            layout: Some(&pipeline_layout),
            module: &module,
            entry_point: Some(kernel.entry),
            // Every kernel writes its workgroup memory before reading it, so zeroing it
            // first is wasted work (browsers zero it regardless).
            compilation_options: wgpu::PipelineCompilationOptions {
                zero_initialize_workgroup_memory: false,
                ..Default::default()
            },
            cache: None,
        });
        let compiled = Arc::new(Compiled { pipeline, layout });
        if let Ok(mut map) = self.compiled.lock() {
            map.insert(key, Arc::clone(&compiled));
        }
        compiled
    }

    fn module(&self, device: &wgpu::Device, shader: Shader) -> wgpu::ShaderModule {
        if let Some(m) = self
            .modules
            .lock()
            .ok()
            .and_then(|m| m.get(&shader).cloned())
        {
            return m;
        }
        let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some(&format!("{shader:?}")),
            source: wgpu::ShaderSource::Wgsl(shader.full_source().into()),
        });
        if let Ok(mut map) = self.modules.lock() {
            map.insert(shader, module.clone());
        }
        module
    }
}
