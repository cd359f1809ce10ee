package org.mfunet.train;

/** Names of the files in a run folder; they are all written with {@link org.mfunet.AtomicFiles}. */
public final class RunFiles {
    public static final String LAST = "last.ckpt";
    public static final String BEST = "best.ckpt";
    public static final String METRICS = "metrics.jsonl";
    public static final String CURVES = "curves.png";
    public static final String MODEL = "model.json";
    public static final String TRAINING = "training.json";
    public static final String SCHEDULE = "schedule.json";
    public static final String DATA = "data.json";
    public static final String INIT_ENCODERS = "init-encoders.json";

    private RunFiles() {
    }
}
