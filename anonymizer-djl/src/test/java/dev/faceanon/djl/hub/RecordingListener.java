package dev.faceanon.djl.hub;

import dev.faceanon.DownloadProgressListener;
import dev.faceanon.DownloadProgress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Keeps every progress event. */
final class RecordingListener implements DownloadProgressListener {
    final List<DownloadProgress> started = Collections.synchronizedList(new ArrayList<>());
    final List<DownloadProgress> progressed = Collections.synchronizedList(new ArrayList<>());
    final List<DownloadProgress> finished = Collections.synchronizedList(new ArrayList<>());
    final List<DownloadProgress> all = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void fileStarted(DownloadProgress p) {
        started.add(p);
    }

    @Override
    public void progressed(DownloadProgress p) {
        progressed.add(p);
    }

    @Override
    public void fileFinished(DownloadProgress p) {
        finished.add(p);
    }

    @Override
    public void allFinished(DownloadProgress p) {
        all.add(p);
    }
}
