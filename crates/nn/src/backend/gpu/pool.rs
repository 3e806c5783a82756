//! Device buffers that go back to a pool when their last handle is dropped.
//!
//! A training step creates the same few dozen buffer sizes every time (activations,
//! gradients, optimiser updates) and drops them all when its tape is dropped. Creating
//! a device buffer costs a driver call and, in a browser, a JavaScript round trip, so the
//! pool keeps dropped buffers by size class and the next step takes them back.
//!
//! Reuse is safe without waiting for the device: every command that reads a buffer was
//! encoded before the buffer was dropped, and the queue executes commands in order, so a
//! later command that overwrites the recycled buffer runs after every earlier reader.
//! (The one exception, `Queue::write_buffer`, is handled where uploads happen.)

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use super::Shared;

/// Smallest buffer handed out, in bytes: tiny buffers all share one class.
const MIN_BYTES: u64 = 256;
/// Idle bytes the pool may hold; beyond that, dropped buffers are freed.
const MAX_HELD_BYTES: u64 = 256 << 20;

/// Every buffer the backend computes with can be bound as storage, written by uploads
/// and copied out for readback.
pub(super) const USAGE: wgpu::BufferUsages = wgpu::BufferUsages::STORAGE
    .union(wgpu::BufferUsages::COPY_SRC)
    .union(wgpu::BufferUsages::COPY_DST);

/// The size class of a request: the next of 1, 1.25, 1.5 or 1.75 times a power of two
/// (at least [`MIN_BYTES`]). Four classes per doubling bound the waste at 25% while
/// letting slightly different sizes share buffers.
pub(super) fn size_class(bytes: u64) -> u64 {
    let bytes = bytes.max(MIN_BYTES);
    let pow = bytes.next_power_of_two();
    if pow == bytes {
        return bytes;
    }
    let half = pow / 2;
    (1..=4)
        .map(|q| half + q * half / 4)
        .find(|&c| c >= bytes)
        .unwrap_or(pow)
}

#[derive(Default)]
struct Idle {
    by_class: HashMap<u64, Vec<wgpu::Buffer>>,
    held: u64,
}

/// The shared pool. Handles keep it alive through a shared pointer, so a buffer dropped after
/// the backend itself still has somewhere to go.
pub(super) struct Pool {
    device: wgpu::Device,
    idle: Mutex<Idle>,
}

impl fmt::Debug for Pool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held = self.idle.lock().map(|i| i.held).unwrap_or(0);
        write!(f, "Pool({held} idle bytes)")
    }
}

impl Pool {
    pub(super) fn new(device: wgpu::Device) -> Shared<Self> {
        Shared::new(Pool {
            device,
            idle: Mutex::default(),
        })
    }

    /// A buffer of at least `bytes` bytes with [`USAGE`], recycled when possible. Its
    /// contents are whatever the last user left: every kernel writes all of its output.
    pub(super) fn take(self: &Shared<Self>, bytes: u64) -> Pooled {
        let class = size_class(bytes);
        let recycled = self.idle.lock().ok().and_then(|mut idle| {
            let buffer = idle.by_class.get_mut(&class)?.pop()?;
            idle.held -= class;
            Some(buffer)
        });
        let buffer = recycled.unwrap_or_else(|| {
            self.device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("playground-nn tensor"),
                size: class,
                usage: USAGE,
                mapped_at_creation: false,
            })
        });
        Pooled {
            buffer: Some(buffer),
            pool: Shared::clone(self),
        }
    }

    fn give(&self, buffer: wgpu::Buffer) {
        let class = buffer.size();
        if let Ok(mut idle) = self.idle.lock()
            && idle.held + class <= MAX_HELD_BYTES
        {
            idle.held += class;
            idle.by_class.entry(class).or_default().push(buffer);
        }
        // Otherwise the buffer is dropped here and wgpu frees it once the device is done.
    }

    /// Idle bytes currently held (for tests and diagnostics).
    pub(super) fn idle_bytes(&self) -> u64 {
        self.idle.lock().map(|i| i.held).unwrap_or(0)
    }
}

/// One device buffer on loan from the pool; dropping it returns the buffer.
pub(super) struct Pooled {
    buffer: Option<wgpu::Buffer>,
    pool: Shared<Pool>,
}

impl Pooled {
    pub(super) fn buffer(&self) -> &wgpu::Buffer {
        self.buffer
            .as_ref()
            .expect("a pooled buffer is present until dropped")
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(buffer) = self.buffer.take() {
            self.pool.give(buffer);
        }
    }
}

impl fmt::Debug for Pooled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pooled({} bytes)", self.buffer().size())
    }
}

#[cfg(test)]
mod tests {
    use super::size_class;

    #[test]
    fn size_classes_are_at_most_a_quarter_larger() {
        assert_eq!(size_class(1), 256);
        assert_eq!(size_class(256), 256);
        assert_eq!(size_class(257), 320);
        assert_eq!(size_class(1000), 1024);
        assert_eq!(size_class(1025), 1280);
        for bytes in [300u64, 4_000, 65_537, 1 << 20, 3_000_001] {
            let c = size_class(bytes);
            assert!(c >= bytes && c * 4 <= bytes * 5 + 4 * 256, "{bytes} -> {c}");
            assert_eq!(c % 4, 0);
        }
    }
}
