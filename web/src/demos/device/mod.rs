//! Labs whose experiment runs a transformer on WebGPU or the CPU (the transformer page and
//! the Tiny-LM Alignment Lab) share this: the run on whichever backend it is on now
//! ([`Device`]), moving it between backends through host copies, a host checkpoint while
//! on the GPU so a lost device costs a few steps and the run continues on the CPU, the
//! scenario's `backend` followed (`auto` passes over software adapters), and the switch,
//! badge and speed readout beside the run controls.

mod controls;
mod run;

pub use controls::{DeviceUi, backend_controls, follow_scenario_backend, keep_on_target};
pub use run::{DeviceRun, DeviceStatus, OnBackend};

/// The command every device lab takes: move the run to this backend (between steps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Switch(pub BackendKind);

/// A lab's view that says where its run computes.
pub trait DeviceView {
    fn device(&self) -> &DeviceStatus;
}

use playground_nn::Cpu;
use playground_nn::backend::gpu::Gpu;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum BackendKind {
    #[default]
    Cpu,
    Gpu,
}

impl BackendKind {
    pub fn label(self) -> &'static str {
        match self {
            BackendKind::Cpu => "CPU (WebAssembly)",
            BackendKind::Gpu => "WebGPU",
        }
    }
}

/// An experiment of family `F` on one of the two backends.
#[derive(Debug)]
pub enum Device<F: OnBackend> {
    Cpu(F::On<Cpu<f32>>),
    Gpu(F::On<Gpu>),
}

/// Apply the same expression to whichever experiment is inside a [`Device`].
#[macro_export]
macro_rules! on_device {
    ($dev:expr, $e:ident => $body:expr) => {
        match $dev {
            $crate::demos::device::Device::Cpu($e) => $body,
            $crate::demos::device::Device::Gpu($e) => $body,
        }
    };
}

/// Whether a GPU adapter exists and is real hardware, and a note when it is a software
/// rasteriser (SwiftShader, lavapipe): those work but are far slower than the CPU backend,
/// so `auto` does not pick them.
pub async fn hardware_gpu() -> (bool, Option<String>) {
    match Gpu::new().await {
        Ok(gpu) if gpu.is_software() => (
            false,
            Some(
                "WebGPU is available here, but its adapter is a software rasteriser (no GPU), \
                 which is far slower than the CPU backend: computing on the CPU. Switch to \
                 WebGPU to compare (a step may take seconds)."
                    .into(),
            ),
        ),
        Ok(_) => (true, None),
        Err(_) => (false, None),
    }
}
