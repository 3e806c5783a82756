//! Recording work: primitives append dispatches to one open command encoder and compute
//! pass, which is submitted only when someone needs results (a readback), before an
//! upload, or when the batch is full.
//!
//! Why batch: a submission costs a driver round trip (and in a browser a JavaScript
//! call), while a training step of the tiny transformer is a few hundred dispatches of a
//! few microseconds each. Recorded in one pass and submitted once, the step costs one
//! round trip instead of hundreds.
//!
//! Each dispatch needs its sizes in a uniform buffer. Rather than one small buffer per
//! dispatch, a batch writes them into consecutive slots of one host array, copies that
//! array to the device once just before submitting (`Queue::write_buffer` lands before
//! the command buffer of the same `submit` runs), and binds each dispatch to its slot.

use std::num::NonZeroU64;

/// Dispatches per batch: one uniform slot each.
const SLOTS: u64 = 256;

/// The open batch. Guarded by a mutex in `Gpu`, so primitives called from several
/// threads interleave whole dispatches.
pub(super) struct Batch {
    // The pass is declared first so that it is dropped (ended) before its encoder.
    pass: Option<wgpu::ComputePass<'static>>,
    encoder: Option<wgpu::CommandEncoder>,
    /// The uniform slots of the dispatches recorded so far.
    params: Vec<u8>,
    /// Their device copy, `SLOTS` slots of `slot` bytes.
    arena: wgpu::Buffer,
    /// Bytes per slot: the device's uniform offset alignment (256 by default).
    slot: u64,
}

impl std::fmt::Debug for Batch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Batch({} dispatches)",
            self.params.len() as u64 / self.slot
        )
    }
}

impl Batch {
    pub(super) fn new(device: &wgpu::Device, limits: &wgpu::Limits) -> Self {
        let slot = u64::from(limits.min_uniform_buffer_offset_alignment).max(256);
        let arena = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("playground-nn params"),
            size: slot * SLOTS,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        Batch {
            encoder: None,
            pass: None,
            params: Vec::new(),
            arena,
            slot,
        }
    }

    fn encoder(&mut self, device: &wgpu::Device) -> &mut wgpu::CommandEncoder {
        self.encoder.get_or_insert_with(|| {
            device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("playground-nn batch"),
            })
        })
    }

    /// Record one dispatch of `compiled` with `params` (at most one slot of u32 words)
    /// in binding 0 and `buffers` bound to `bindings`, in order.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn dispatch(
        &mut self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        compiled: &super::pipelines::Compiled,
        bindings: impl Iterator<Item = u32>,
        params: &[u32],
        buffers: &[&wgpu::Buffer],
        groups: [u32; 3],
    ) {
        if self.params.len() as u64 >= self.slot * SLOTS {
            self.submit(queue);
        }
        let offset = self.params.len() as u64;
        let bytes: &[u8] = bytemuck::cast_slice(params);
        debug_assert!(
            bytes.len() as u64 <= self.slot,
            "params exceed one uniform slot"
        );
        self.params.extend_from_slice(bytes);
        self.params.resize((offset + self.slot) as usize, 0);

        let mut entries = vec![wgpu::BindGroupEntry {
            binding: 0,
            resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                buffer: &self.arena,
                offset,
                size: NonZeroU64::new(self.slot),
            }),
        }];
        entries.extend(
            bindings
                .zip(buffers)
                .map(|(binding, b)| wgpu::BindGroupEntry {
                    binding,
                    resource: b.as_entire_binding(),
                }),
        );
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &compiled.layout,
            entries: &entries,
        });
        if self.pass.is_none() {
            let pass = self
                .encoder(device)
                .begin_compute_pass(&wgpu::ComputePassDescriptor {
                    label: Some("playground-nn kernels"),
                    timestamp_writes: None,
                })
                .forget_lifetime();
            self.pass = Some(pass);
        }
        let pass = self.pass.as_mut().expect("the pass was just opened");
        pass.set_pipeline(&compiled.pipeline);
        pass.set_bind_group(0, &group, &[]);
        pass.dispatch_workgroups(groups[0], groups[1], groups[2]);
    }

    /// Record a buffer copy (readback), closing the compute pass first.
    pub(super) fn copy(
        &mut self,
        device: &wgpu::Device,
        from: &wgpu::Buffer,
        to: &wgpu::Buffer,
        bytes: u64,
    ) {
        self.pass = None;
        self.encoder(device)
            .copy_buffer_to_buffer(from, 0, to, 0, bytes);
    }

    /// Submit everything recorded so far (nothing if the batch is empty).
    pub(super) fn submit(&mut self, queue: &wgpu::Queue) -> Option<wgpu::SubmissionIndex> {
        self.pass = None;
        let encoder = self.encoder.take()?;
        if !self.params.is_empty() {
            queue.write_buffer(&self.arena, 0, &self.params);
            self.params.clear();
        }
        Some(queue.submit([encoder.finish()]))
    }
}

/// Workgroups for `groups` workgroups of a 1-D launch: at most 65 535 per dimension, so
/// longer launches wrap into a second dimension (kernels unfold it with `group_index`
/// and skip the few surplus workgroups of the last row).
pub(super) fn grid(groups: u32) -> [u32; 3] {
    const MAX: u32 = 65_535;
    if groups <= MAX {
        [groups.max(1), 1, 1]
    } else {
        [MAX, groups.div_ceil(MAX), 1]
    }
}

#[cfg(test)]
mod tests {
    use super::grid;

    #[test]
    fn long_launches_wrap_into_two_dimensions() {
        assert_eq!(grid(1), [1, 1, 1]);
        assert_eq!(grid(65_535), [65_535, 1, 1]);
        let [x, y, _] = grid(200_000);
        assert!(x * y >= 200_000 && x <= 65_535 && y <= 65_535);
    }
}
