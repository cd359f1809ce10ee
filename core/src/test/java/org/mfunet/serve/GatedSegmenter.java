package org.mfunet.serve;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.mfunet.data.MyopsCase;
import org.mfunet.infer.SliceProgress;

/**
 * The real segmenter with a gate in front of a case's last slice: while the gate is shut, a case being segmented waits
 * there (its status shows that slice), so tests can hold the queue full or stop the service mid-case. {@link #abort}
 * makes a waiting or later case fail instead, so nothing outlives a test.
 */
final class GatedSegmenter implements CaseSegmenter {
    private final CaseSegmenter real;
    private volatile CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch reachedGate = new CountDownLatch(1);
    private volatile boolean aborted;

    GatedSegmenter(CaseSegmenter real) {
        this.real = real;
    }

    /** Lets every case through from now on. */
    void open() {
        gate.countDown();
    }

    /** Makes cases fail at the gate from now on, and releases the one waiting there. */
    void abort() {
        aborted = true;
        gate.countDown();
    }

    /** Waits until a case has reached the gate. */
    boolean awaitReached(long seconds) throws InterruptedException {
        return reachedGate.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public List<String> models() {
        return real.models();
    }

    @Override
    public Path segment(MyopsCase source, Path outDir, SliceProgress progress) {
        return real.segment(source, outDir, (model, models, slice, slices) -> {
            progress.sliceStarted(model, models, slice, slices);
            if (slice == slices - 1) {
                reachedGate.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (aborted) {
                    throw new IllegalStateException("aborted by the test");
                }
            }
        });
    }

    @Override
    public void close() {
        real.close();
    }
}
