//! Opening the native GPU backend (Vulkan, Metal or DX12 through wgpu; Mesa's lavapipe on
//! a machine without a GPU).

use playground_nn::backend::gpu::Gpu;

/// The GPU backend, or why there is none.
pub fn open() -> Result<Gpu, String> {
    Gpu::new_blocking().map_err(|e| e.to_string())
}
