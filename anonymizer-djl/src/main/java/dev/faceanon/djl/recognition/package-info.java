/**
 * Face recognition: {@link dev.faceanon.djl.recognition.FaceApiRecognizer}, the 128-value face descriptor of
 * {@code @vladmandic/face-api} 1.7.15 (dlib's ResNet) computed on DJL from the package's published TensorFlow.js
 * weights, behind the core API's {@link dev.faceanon.face.FaceRecognizer}. The blocks mirror the published weight
 * names ({@code conv32_down}, {@code conv64_1/conv2/scale}, {@code fc}...); the crop and the input follow face-api's
 * own code, so that the descriptors match its JavaScript implementation (docs/parity.md).
 */
package dev.faceanon.djl.recognition;
