//! Finding an adapter and opening a device, and remembering device failures.
//!
//! Every way this can fail (no `navigator.gpu`, `requestAdapter()` resolving to null,
//! no Vulkan driver, a device that lacks the limits the kernels need) comes back as an
//! `Err` with a sentence saying what happened, so a caller falls back to the CPU backend.

use std::sync::{Arc, Mutex};

use crate::error::{NnError, Result};

/// How to choose the adapter. The default asks for the high-performance GPU on any
/// backend compiled in (Vulkan natively, WebGPU in a browser).
#[derive(Clone, Debug)]
pub struct GpuOptions {
    pub backends: wgpu::Backends,
    pub power_preference: wgpu::PowerPreference,
    /// Ask for a software adapter only (e.g. lavapipe).
    pub force_fallback_adapter: bool,
}

impl Default for GpuOptions {
    fn default() -> Self {
        GpuOptions {
            backends: wgpu::Backends::all(),
            power_preference: wgpu::PowerPreference::HighPerformance,
            force_fallback_adapter: false,
        }
    }
}

/// The first asynchronous device failure (a validation error, an out-of-memory error,
/// a lost device). wgpu reports these through callbacks rather than return values; the
/// backend records them here and `read` turns them into `Err`, since primitives are
/// infallible and the default handler would panic.
#[derive(Debug, Default)]
pub(super) struct Failure(Mutex<Option<String>>);

impl Failure {
    pub(super) fn record(&self, what: String) {
        if let Ok(mut slot) = self.0.lock()
            && slot.is_none()
        {
            *slot = Some(what);
        }
    }

    pub(super) fn check(&self) -> Result<()> {
        match self.0.lock().ok().and_then(|s| s.clone()) {
            None => Ok(()),
            Some(what) => Err(NnError::Backend(what)),
        }
    }
}

/// An open device and what the backend needs to know about it.
pub(super) struct Opened {
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    pub info: wgpu::AdapterInfo,
    pub limits: wgpu::Limits,
    pub failure: Arc<Failure>,
}

fn backend_err(what: impl Into<String>) -> NnError {
    NnError::Backend(what.into())
}

/// The limits to ask for. The kernels need WebGPU's default compute limits (256
/// invocations per workgroup, 16×16 workgroups, 8 KiB of workgroup memory, 8 storage
/// buffers per stage, 65 535 workgroups per dimension); every conforming adapter has
/// them, and one that lacks them is refused with a message naming what is missing. Other
/// limits (textures, vertex stages) do not matter here, so they are lowered to whatever the
/// adapter offers rather than refused; buffer sizes are raised to the adapter's maximum.
pub(super) fn required_limits(adapter: &wgpu::Limits) -> Result<wgpu::Limits> {
    // (name, needed, the adapter's value) of every limit the kernels depend on.
    macro_rules! need {
        ($field:ident, $value:expr) => {
            (stringify!($field), $value, u64::from(adapter.$field))
        };
    }
    let needs = [
        need!(max_compute_invocations_per_workgroup, 256),
        need!(max_compute_workgroup_size_x, 256),
        need!(max_compute_workgroup_size_y, 16),
        need!(max_compute_workgroup_storage_size, 8192),
        need!(max_storage_buffers_per_shader_stage, 8),
        need!(max_compute_workgroups_per_dimension, 65_535),
        need!(max_bindings_per_bind_group, 10),
        need!(max_uniform_buffer_binding_size, 256),
    ];
    let missing: Vec<String> = needs
        .iter()
        .filter(|(_, need, have)| have < need)
        .map(|(name, need, have)| format!("{name} (needs {need}, adapter has {have})"))
        .collect();
    if !missing.is_empty() {
        return Err(backend_err(format!(
            "the GPU adapter lacks limits the kernels need: {}",
            missing.join(", ")
        )));
    }
    Ok(wgpu::Limits {
        max_storage_buffer_binding_size: adapter.max_storage_buffer_binding_size,
        max_buffer_size: adapter.max_buffer_size,
        ..wgpu::Limits::default().or_worse_values_from(adapter)
    })
}

/// On the web, `Instance::new` would panic where there is no `navigator` (e.g. in a
/// worklet); this asks first, and also catches `requestAdapter()` resolving to null.
#[cfg(target_arch = "wasm32")]
async fn check_browser(options: &GpuOptions) -> Result<()> {
    if options.backends.contains(wgpu::Backends::BROWSER_WEBGPU)
        && !wgpu::util::is_browser_webgpu_supported().await
    {
        return Err(backend_err(
            "WebGPU is not available in this browser (no navigator.gpu, or requestAdapter() \
             returned null; Chromium needs a secure context and, headless, \
             --enable-unsafe-webgpu)",
        ));
    }
    Ok(())
}

#[cfg(not(target_arch = "wasm32"))]
async fn check_browser(_options: &GpuOptions) -> Result<()> {
    Ok(())
}

/// Open a device; see the module docs for the failure modes.
pub(super) async fn open(options: &GpuOptions) -> Result<Opened> {
    check_browser(options).await?;
    let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
    desc.backends = options.backends;
    // No debug layers even in debug builds: they slow every dispatch and are rarely
    // installed; wgpu still validates every call itself.
    desc.flags = wgpu::InstanceFlags::empty();
    let instance = wgpu::Instance::new(desc);
    let adapter = instance
        .request_adapter(&wgpu::RequestAdapterOptions {
            power_preference: options.power_preference,
            force_fallback_adapter: options.force_fallback_adapter,
            compatible_surface: None,
            apply_limit_buckets: false,
        })
        .await
        .map_err(|e| backend_err(format!("no GPU adapter: {e}")))?;
    let info = adapter.get_info();
    let limits = required_limits(&adapter.limits())?;
    let (device, queue) = adapter
        .request_device(&wgpu::DeviceDescriptor {
            label: Some("playground-nn"),
            required_features: wgpu::Features::empty(),
            required_limits: limits.clone(),
            experimental_features: Default::default(),
            memory_hints: wgpu::MemoryHints::Performance,
            trace: wgpu::Trace::Off,
        })
        .await
        .map_err(|e| {
            let name = match info.name.as_str() {
                "" => String::new(),
                name => format!(" ({name})"),
            };
            backend_err(format!(
                "the GPU adapter{name} refused a device: {}",
                one_line(&e)
            ))
        })?;
    let failure = Arc::new(Failure::default());
    let f = Arc::clone(&failure);
    device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
        f.record(format!("GPU error: {e}"));
    }));
    let f = Arc::clone(&failure);
    device.set_device_lost_callback(move |reason, message| {
        f.record(format!("the GPU device was lost ({reason:?}): {message}"));
    });
    Ok(Opened {
        device,
        queue,
        info,
        limits,
        failure,
    })
}

/// An error as one readable line. In the browser wgpu passes a JavaScript error on whole,
/// stack included (`JsValue(Error: … \n    at …)`): a visitor needs only its message.
pub(super) fn one_line(e: &impl std::fmt::Display) -> String {
    let text = e.to_string();
    let first = text.lines().next().unwrap_or_default();
    match first.strip_prefix("JsValue(") {
        Some(inner) => inner.trim_end_matches(')').to_string(),
        None => first.to_string(),
    }
}
