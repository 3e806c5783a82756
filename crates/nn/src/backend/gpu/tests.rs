//! Unit tests of the GPU backend's machinery (the numbers are tested by the parity
//! suite in `tests/it/parity_gpu.rs`). They skip, with a notice, where no adapter opens.

use super::{Gpu, GpuOptions};
use crate::backend::Backend;
use crate::block_on;
use crate::error::NnError;

fn gpu() -> Option<Gpu> {
    match Gpu::new_blocking() {
        Ok(g) => Some(g),
        Err(e) => {
            eprintln!("SKIPPING a GPU backend test: {e}");
            None
        }
    }
}

#[test]
fn an_impossible_adapter_request_is_an_error_not_a_panic() {
    // No backend at all: what a browser without WebGPU or a machine without Vulkan sees.
    let options = GpuOptions {
        backends: wgpu::Backends::empty(),
        ..GpuOptions::default()
    };
    let err = Gpu::with_options_blocking(options).expect_err("no backend, no adapter");
    assert!(matches!(err, NnError::Backend(_)), "{err:?}");
    assert!(err.to_string().contains("no GPU adapter"), "{err}");
}

#[test]
fn an_adapter_below_the_kernels_limits_is_refused_by_name() {
    let ok = super::device::required_limits(&wgpu::Limits::default()).expect("defaults suffice");
    assert_eq!(ok.max_compute_invocations_per_workgroup, 256);
    // Graphics limits below WebGPU's defaults do not matter to compute kernels...
    let weak_graphics = wgpu::Limits {
        max_texture_dimension_2d: 2048,
        ..wgpu::Limits::default()
    };
    assert!(super::device::required_limits(&weak_graphics).is_ok());
    // ...compute limits do.
    let weak = wgpu::Limits {
        max_storage_buffers_per_shader_stage: 4,
        ..wgpu::Limits::default()
    };
    let err = super::device::required_limits(&weak).expect_err("too few storage buffers");
    assert!(
        err.to_string()
            .contains("max_storage_buffers_per_shader_stage"),
        "{err}"
    );
}

#[test]
fn lavapipe_counts_as_a_software_adapter() {
    let Some(gpu) = gpu() else { return };
    if gpu.adapter_info().name.contains("llvmpipe") {
        assert!(gpu.is_software(), "{}", gpu.describe());
    }
}

#[test]
fn a_lost_device_makes_read_fail_instead_of_panicking() {
    let Some(gpu) = gpu() else { return };
    let x = gpu.upload(&[1.0, 2.0, 3.0]);
    let y = gpu.affine(&x, 2.0, 1.0);
    assert_eq!(block_on(gpu.read(&y)).unwrap(), vec![3.0, 5.0, 7.0]);
    gpu.inner.device.destroy();
    let z = gpu.affine(&y, 2.0, 1.0);
    let err = block_on(gpu.read(&z)).expect_err("the device is gone");
    assert!(matches!(err, NnError::Backend(_)), "{err:?}");
}

#[test]
fn dropped_buffers_return_to_the_pool_and_are_reused() {
    let Some(gpu) = gpu() else { return };
    let x = gpu.fill(10_000, 1.5);
    let before = gpu.pooled_bytes();
    drop(x);
    let held = gpu.pooled_bytes();
    assert!(held >= before + 40_000, "{before} -> {held}");
    let y = gpu.fill(10_000, 2.5);
    assert_eq!(gpu.pooled_bytes(), before, "the idle buffer was taken back");
    assert_eq!(block_on(gpu.read(&y)).unwrap()[9_999], 2.5);
}

#[test]
fn uploads_do_not_overtake_recorded_work_on_recycled_buffers() {
    // x is read by a recorded (unsubmitted) dispatch, then dropped; the upload that
    // recycles its buffer must not land before that dispatch runs.
    let Some(gpu) = gpu() else { return };
    let x = gpu.upload(&[1.0; 1000]);
    let y = gpu.affine(&x, 3.0, 0.0);
    drop(x);
    let z = gpu.upload(&[5.0; 1000]);
    assert!(block_on(gpu.read(&y)).unwrap().iter().all(|&v| v == 3.0));
    assert!(block_on(gpu.read(&z)).unwrap().iter().all(|&v| v == 5.0));
}

#[test]
fn long_batches_are_split_and_stay_in_order() {
    // More dispatches than one batch holds, each depending on the previous one.
    let Some(gpu) = gpu() else { return };
    let mut x = gpu.fill(300, 0.0);
    for _ in 0..700 {
        x = gpu.affine(&x, 1.0, 1.0);
    }
    assert!(block_on(gpu.read(&x)).unwrap().iter().all(|&v| v == 700.0));
}

#[test]
fn launches_beyond_65535_workgroups_wrap_into_a_second_dimension() {
    let Some(gpu) = gpu() else { return };
    // One more element than 65 535 workgroups of 256 cover.
    let n = 65_535 * 256 + 1;
    let x = gpu.fill(n, 1.0);
    let y = block_on(gpu.read(&gpu.affine(&x, 2.0, 0.5))).unwrap();
    assert!(y[0] == 2.5 && y[n - 1] == 2.5 && y.iter().all(|&v| v == 2.5));
    // One workgroup per row, more rows than one grid dimension holds.
    let rows = 70_000;
    let p = block_on(gpu.read(&gpu.softmax(&gpu.fill(rows * 2, 3.0), rows, 2))).unwrap();
    assert!(p.iter().all(|&v| v == 0.5));
}

#[test]
fn reads_complete_under_a_parking_executor_too() {
    // pollster sleeps until woken, unlike `block_on`'s busy loop.
    let Some(gpu) = gpu() else { return };
    let x = gpu.fill(5, 4.0);
    assert_eq!(pollster::block_on(gpu.read(&x)).unwrap(), vec![4.0; 5]);
}

#[test]
fn a_browser_error_is_shown_as_its_message_alone() {
    let js = "JsValue(Error: the device was refused\nError: the device was refused\n    at f (x.js:1:2))";
    assert_eq!(
        super::device::one_line(&js),
        "Error: the device was refused"
    );
    assert_eq!(super::device::one_line(&"no adapter"), "no adapter");
}
