package org.mfunet.train;

import org.mfunet.AtomicFiles;
import org.mfunet.RunFolder;

/** Redraws the run's {@code curves.png} ({@link TrainingCurves}) after every epoch, atomically. */
public final class CurvesListener implements TrainingListener {
    private final RunFolder run;

    public CurvesListener(RunFolder run) {
        this.run = run;
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        AtomicFiles.write(run.curves(), TrainingCurves.png(end.history()));
    }
}
