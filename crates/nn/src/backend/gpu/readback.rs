//! Reading a buffer back to the host: the backend's only synchronisation point.
//!
//! A storage buffer cannot be mapped by the host, so `read` records a copy into a
//! mappable staging buffer, submits the batch (which also starts all the work that
//! produces the buffer), and asks for the staging buffer to be mapped. The map completes
//! when the device has finished:
//! - natively, nothing happens on the device's side until it is polled, so the future
//!   polls the device (blocking) when it is polled itself, and `playground_nn::block_on`
//!   completes it on the first try;
//! - in a browser, the map resolves on a later turn of the event loop, which calls back
//!   and wakes the future, so callers `.await` it.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use super::{Gpu, GpuStorage, pool};
use crate::error::{NnError, Result};

/// Idle staging buffers by size class: a training step reads the same loss scalar every
/// time, so one buffer serves them all.
#[derive(Debug, Default)]
pub(super) struct Staging(Mutex<HashMap<u64, Vec<wgpu::Buffer>>>);

impl Staging {
    fn take(&self, device: &wgpu::Device, bytes: u64) -> wgpu::Buffer {
        let class = pool::size_class(bytes);
        let idle = self
            .0
            .lock()
            .ok()
            .and_then(|mut m| m.get_mut(&class)?.pop());
        idle.unwrap_or_else(|| {
            device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("playground-nn readback"),
                size: class,
                usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            })
        })
    }

    fn give(&self, buffer: wgpu::Buffer) {
        if let Ok(mut m) = self.0.lock() {
            let idle = m.entry(buffer.size()).or_default();
            if idle.len() < 4 {
                idle.push(buffer);
            }
        }
    }
}

/// What the map callback leaves for the future.
#[derive(Default)]
struct MapState {
    done: Option<std::result::Result<(), wgpu::BufferAsyncError>>,
    waker: Option<Waker>,
}

/// The future returned by `Gpu::read`.
pub(super) struct ReadFuture {
    gpu: Gpu,
    /// The staging buffer, or an error found before anything was queued.
    pending: std::result::Result<wgpu::Buffer, Option<NnError>>,
    len: usize,
    state: Arc<Mutex<MapState>>,
    #[cfg_attr(target_arch = "wasm32", allow(dead_code))]
    submission: Option<wgpu::SubmissionIndex>,
}

impl std::fmt::Debug for ReadFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ReadFuture({} values)", self.len)
    }
}

/// Queue the copy of `x` to a staging buffer, submit, and request the map.
pub(super) fn read(gpu: &Gpu, x: &GpuStorage) -> ReadFuture {
    let state = Arc::new(Mutex::new(MapState::default()));
    let len = x.len;
    if let Err(e) = gpu.inner.failure.check() {
        return ReadFuture {
            gpu: gpu.clone(),
            pending: Err(Some(e)),
            len,
            state,
            submission: None,
        };
    }
    let bytes = 4 * len as u64;
    let staging = gpu.inner.staging.take(&gpu.inner.device, bytes);
    let submission = {
        let mut batch = gpu.lock_batch();
        batch.copy(&gpu.inner.device, x.buffer(), &staging, bytes);
        gpu.submit(&mut batch)
    };
    let s = Arc::clone(&state);
    staging
        .slice(..bytes)
        .map_async(wgpu::MapMode::Read, move |result| {
            let waker = s.lock().ok().and_then(|mut st| {
                st.done = Some(result);
                st.waker.take()
            });
            if let Some(w) = waker {
                w.wake();
            }
        });
    ReadFuture {
        gpu: gpu.clone(),
        pending: Ok(staging),
        len,
        state,
        submission,
    }
}

impl ReadFuture {
    /// Natively, drive the device until the copy is done or it fails. The wait is cut
    /// into slices of a second so that the future returns to its caller now and then
    /// (a long computation on a software adapter is not an error: it is polled again).
    #[cfg(not(target_arch = "wasm32"))]
    fn drive(&self) -> Result<()> {
        let wait = wgpu::PollType::Wait {
            submission_index: self.submission.clone(),
            timeout: Some(std::time::Duration::from_secs(1)),
        };
        match self.gpu.inner.device.poll(wait) {
            Ok(_) | Err(wgpu::PollError::Timeout) => Ok(()),
            Err(e) => Err(NnError::Backend(format!("waiting for the GPU failed: {e}"))),
        }
    }

    /// In a browser the event loop drives the device.
    #[cfg(target_arch = "wasm32")]
    fn drive(&self) -> Result<()> {
        Ok(())
    }

    fn finish(&mut self, staging: wgpu::Buffer) -> Result<Vec<f32>> {
        let bytes = 4 * self.len as u64;
        let values = {
            let view = staging
                .slice(..bytes)
                .get_mapped_range()
                .map_err(|e| NnError::Backend(format!("reading a GPU buffer failed: {e:?}")))?;
            view.chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect()
        };
        staging.unmap();
        self.gpu.inner.staging.give(staging);
        // An error anywhere (a failed kernel, a lost device) makes the values unreliable.
        self.gpu.inner.failure.check()?;
        Ok(values)
    }
}

impl Future for ReadFuture {
    type Output = Result<Vec<f32>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        if let Err(e) = &mut this.pending {
            let e = e
                .take()
                .unwrap_or_else(|| NnError::Backend("read polled again".into()));
            return Poll::Ready(Err(e));
        }
        let done = |this: &Self| this.state.lock().ok().and_then(|s| s.done.clone());
        if done(this).is_none()
            && let Err(e) = this.drive()
        {
            return Poll::Ready(Err(e));
        }
        let Some(result) = done(this) else {
            if let Ok(mut s) = this.state.lock() {
                s.waker = Some(cx.waker().clone());
                // Natively nothing but this future drives the device, so it must be
                // polled again (a parking executor would otherwise sleep forever); and
                // anywhere, the callback may have run between the check and the lock.
                if cfg!(not(target_arch = "wasm32")) || s.done.is_some() {
                    cx.waker().wake_by_ref();
                }
            }
            return Poll::Pending;
        };
        let staging = std::mem::replace(&mut this.pending, Err(None));
        let Ok(staging) = staging else {
            return Poll::Ready(Err(NnError::Backend("read polled again".into())));
        };
        Poll::Ready(match result {
            Ok(()) => this.finish(staging),
            Err(e) => {
                this.gpu.inner.failure.check()?;
                Err(NnError::Backend(format!(
                    "mapping a GPU buffer for reading failed: {e}"
                )))
            }
        })
    }
}
