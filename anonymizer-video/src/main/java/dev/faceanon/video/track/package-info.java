/**
 * Following faces over the frames of a video: {@link dev.faceanon.video.track.FaceTracker}
 * (constant-velocity Kalman filters, association by intersection over union, a maximum age for
 * detection gaps, interpolation between detections, backfill before a late first detection,
 * landmark smoothing), configured by {@link dev.faceanon.video.track.TrackerSettings}; it reports
 * {@link dev.faceanon.video.track.TrackedFace}s.
 */
package dev.faceanon.video.track;
