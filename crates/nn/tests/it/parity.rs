//! The backend-parity suite, instantiated for the CPU backend in f32.

mod cpu_f32 {
    playground_nn::backend_parity_tests!(playground_nn::Cpu::<f32>::new());
}
