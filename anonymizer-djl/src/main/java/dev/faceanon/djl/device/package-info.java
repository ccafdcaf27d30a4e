/**
 * Where the model runs and how it fits: the device and precision ({@link dev.faceanon.djl.device.DevicePolicy}),
 * the GPU's free memory read through NVML or the CUDA runtime
 * ({@link dev.faceanon.djl.device.GpuMemoryProbe}, loaded lazily, absent libraries reported, never thrown),
 * the placement of the five networks and the attention chunk size
 * ({@link dev.faceanon.djl.device.PlacementPlanner}), and recovery from CUDA out-of-memory errors
 * ({@link dev.faceanon.djl.device.GpuMemoryGuard}).
 */
package dev.faceanon.djl.device;
