//! The GPU backend: WebGPU through `wgpu`, with WGSL compute kernels.
//!
//! The same code runs in a browser (WebGPU) and natively (Vulkan; in CI, Mesa's
//! lavapipe), and matches the CPU backend within the tolerances of the parity suite
//! (`crate::testing::parity`). How it is organised:
//!
//! - `device`: opening an adapter and device, and turning asynchronous device failures
//!   into errors from `read` (primitives are infallible).
//! - `pool`: device buffers recycled by size when their last handle is dropped.
//! - `encoder`: primitives only record dispatches into one open command encoder; it is
//!   submitted when results are read, before uploads, or when the batch is full.
//! - `readback`: `read`, the one synchronisation point, asynchronous as WebGPU needs.
//! - `pipelines` and `kernels/*.wgsl`: the compute kernels, compiled on first use.
//! - the host side of each family of kernels, which turns a primitive's sizes into a
//!   kernel's parameters and grid: `elementwise`, `layout`, `matmul`, `rowwise`,
//!   `index`, `optim`; and `backend` (the `Backend` impl) connects them.
//!
//! Everything computes in f32 with reductions in a fixed order and no atomics, so the
//! same inputs give the same outputs on every run on a given device.
//!
//! Choosing a backend, in a browser or natively:
//!
//! ```ignore
//! match Gpu::new().await {
//!     // A software adapter (SwiftShader, lavapipe) is correct but slower than the CPU.
//!     Ok(gpu) if !gpu.is_software() => train(gpu),
//!     // No WebGPU (or no Vulkan driver): the error says why; show it on the badge.
//!     _ => train(Cpu::<f32>::new()),
//! }
//! ```

mod backend;
mod device;
mod elementwise;
mod encoder;
mod index;
mod layout;
mod matmul;
mod optim;
mod pipelines;
mod pool;
mod readback;
mod rowwise;

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

pub use device::GpuOptions;

use crate::error::Result;
use device::Failure;
use encoder::Batch;
use pipelines::{Kernel, Pipelines};
use pool::{Pool, Pooled};

/// Shared ownership of device objects: `Arc` natively (the tests share one device
/// between threads), `Rc` in a browser, where wgpu's handles are not thread-safe and
/// everything runs on one thread anyway.
#[cfg(not(target_arch = "wasm32"))]
type Shared<T> = Arc<T>;
#[cfg(target_arch = "wasm32")]
type Shared<T> = std::rc::Rc<T>;

/// The WebGPU backend. Cheap to clone: clones share one device.
#[derive(Clone)]
pub struct Gpu {
    inner: Shared<Inner>,
}

struct Inner {
    device: wgpu::Device,
    queue: wgpu::Queue,
    info: wgpu::AdapterInfo,
    limits: wgpu::Limits,
    failure: Arc<Failure>,
    pool: Shared<Pool>,
    pipelines: Pipelines,
    batch: Mutex<Batch>,
    staging: readback::Staging,
}

impl fmt::Debug for Gpu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Gpu({})", self.describe())
    }
}

/// A buffer of `f32` values in device memory. Clones share the buffer, which no
/// primitive ever writes after creating it; it returns to the pool with its last clone.
#[derive(Clone)]
pub struct GpuStorage {
    buffer: Shared<Pooled>,
    len: usize,
}

/// A buffer of `u32` ids in device memory (the same kind of buffer, read as integers).
#[derive(Clone)]
pub struct GpuIds {
    buffer: Shared<Pooled>,
    len: usize,
}

impl GpuStorage {
    fn buffer(&self) -> &wgpu::Buffer {
        self.buffer.buffer()
    }
}

impl GpuIds {
    fn buffer(&self) -> &wgpu::Buffer {
        self.buffer.buffer()
    }
}

impl fmt::Debug for GpuStorage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GpuStorage[{}]", self.len)
    }
}

impl fmt::Debug for GpuIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GpuIds[{}]", self.len)
    }
}

impl Gpu {
    /// Open the default adapter (the high-performance GPU). Fails, never panics, when
    /// there is none (no WebGPU in the browser, no Vulkan driver natively): callers fall
    /// back to the CPU backend. In a browser, `.await` it.
    pub async fn new() -> Result<Gpu> {
        Gpu::with_options(GpuOptions::default()).await
    }

    /// Open an adapter chosen by `options`.
    pub async fn with_options(options: GpuOptions) -> Result<Gpu> {
        let opened = device::open(&options).await?;
        let pool = Pool::new(opened.device.clone());
        let batch = Batch::new(&opened.device, &opened.limits);
        Ok(Gpu {
            inner: Shared::new(Inner {
                device: opened.device,
                queue: opened.queue,
                info: opened.info,
                limits: opened.limits,
                failure: opened.failure,
                pool,
                pipelines: Pipelines::default(),
                batch: Mutex::new(batch),
                staging: readback::Staging::default(),
            }),
        })
    }

    /// [`Gpu::new`] for native callers.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new_blocking() -> Result<Gpu> {
        pollster::block_on(Gpu::new())
    }

    /// [`Gpu::with_options`] for native callers.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn with_options_blocking(options: GpuOptions) -> Result<Gpu> {
        pollster::block_on(Gpu::with_options(options))
    }

    /// The adapter in use (name, driver, backend, device type).
    pub fn adapter_info(&self) -> &wgpu::AdapterInfo {
        &self.inner.info
    }

    /// One line about the adapter, e.g. for a badge's tooltip or a benchmark's header.
    pub fn describe(&self) -> String {
        let i = &self.inner.info;
        let driver = if i.driver.is_empty() {
            String::new()
        } else {
            format!(", {}", i.driver)
        };
        let info = if i.driver_info.is_empty() {
            String::new()
        } else {
            format!(" {}", i.driver_info)
        };
        // Browsers may withhold the adapter's name (fingerprinting).
        let name = if i.name.is_empty() {
            "unnamed adapter"
        } else {
            &i.name
        };
        format!(
            "{name} ({:?}, {:?}{driver}{info})",
            i.backend, i.device_type
        )
    }

    /// Whether the adapter is a software rasteriser (lavapipe, SwiftShader, a browser's
    /// "fallback adapter"). Its results are as correct as a GPU's, but it is usually far
    /// slower than the CPU backend, so a caller choosing a default should prefer the CPU.
    pub fn is_software(&self) -> bool {
        self.inner.info.device_type == wgpu::DeviceType::Cpu
    }

    /// Bytes of device memory held idle in the buffer pool.
    pub fn pooled_bytes(&self) -> u64 {
        self.inner.pool.idle_bytes()
    }

    fn lock_batch(&self) -> MutexGuard<'_, Batch> {
        self.inner
            .batch
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Submit the batch; natively, also let wgpu retire finished work (it only does so
    /// when polled).
    fn submit(&self, batch: &mut Batch) -> Option<wgpu::SubmissionIndex> {
        let index = batch.submit(&self.inner.queue);
        #[cfg(not(target_arch = "wasm32"))]
        if index.is_some() {
            let _ = self.inner.device.poll(wgpu::PollType::Poll);
        }
        index
    }

    /// A device buffer for `len` values (f32 or u32). A request beyond the device's
    /// limits is recorded as a device failure (so `read` reports it) rather than a panic.
    fn alloc(&self, len: usize) -> Shared<Pooled> {
        let bytes = 4 * len as u64;
        let max = self.inner.limits.max_storage_buffer_binding_size;
        if bytes > max {
            self.inner.failure.record(format!(
                "a tensor of {len} values ({bytes} bytes) exceeds this GPU's largest storage \
                 buffer ({max} bytes)"
            ));
        }
        Shared::new(self.inner.pool.take(bytes))
    }

    /// A new output buffer of `len` f32 values (contents undefined until a kernel writes).
    fn output(&self, len: usize) -> GpuStorage {
        GpuStorage {
            buffer: self.alloc(len),
            len,
        }
    }

    /// Copy host words into a new device buffer.
    fn upload_words(&self, words: &[u32]) -> Shared<Pooled> {
        let buffer = self.alloc(words.len());
        let mut batch = self.lock_batch();
        // A recycled buffer may still be read by recorded, unsubmitted dispatches, and a
        // queue write lands before the commands of the next submission: submit them first.
        self.submit(&mut batch);
        self.inner
            .queue
            .write_buffer(buffer.buffer(), 0, bytemuck::cast_slice(words));
        buffer
    }

    /// Record one dispatch of `kernel`; `reads` and `writes` in the kernel's binding order.
    fn dispatch(
        &self,
        kernel: &Kernel,
        params: &[u32],
        reads: &[&wgpu::Buffer],
        writes: &[&GpuStorage],
        groups: [u32; 3],
    ) {
        debug_assert_eq!(reads.len(), kernel.reads.len(), "{}", kernel.entry);
        debug_assert_eq!(writes.len(), kernel.writes.len(), "{}", kernel.entry);
        let compiled = self.inner.pipelines.get(&self.inner.device, kernel);
        let buffers: Vec<&wgpu::Buffer> = reads
            .iter()
            .copied()
            .chain(writes.iter().map(|w| w.buffer()))
            .collect();
        let bindings = kernel.reads.iter().chain(kernel.writes).copied();
        let mut batch = self.lock_batch();
        batch.dispatch(
            &self.inner.device,
            &self.inner.queue,
            &compiled,
            bindings,
            params,
            &buffers,
            groups,
        );
    }
}

/// A size as a kernel parameter. Buffers are far below 2³² elements (storage bindings
/// are limited to a few GiB), so this never truncates in practice.
fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An f32 kernel parameter, passed as its bits in the u32 parameter words.
fn bits(x: f32) -> u32 {
    x.to_bits()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
