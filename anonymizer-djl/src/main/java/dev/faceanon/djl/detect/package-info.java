/**
 * The default face detector: face-alignment 1.4.1's S3FD boxes and 2DFAN4 68-point landmarks on
 * DJL's PyTorch engine ({@link dev.faceanon.djl.detect.S3fdFanFaceDetector}), with the parts it is
 * made of: the S3FD network loaded from the published state dict, its priors, decoding and NMS,
 * the FAN crop with OpenCV's bilinear resize, the 2DFAN4 network computed in Java from the tensors
 * of its TorchScript archive (whose code is never run) and the heatmap decoding.
 */
package dev.faceanon.djl.detect;
