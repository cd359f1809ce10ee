package org.mfunet.train;

import org.mfunet.data.Structure;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal, a progress bar per epoch with the running loss and ETA; always one
 * summary line per epoch (losses, validation Dice, learning rate, time), which is all a log file gets.
 */
public final class ProgressListener implements TrainingListener {
    private final PrintWriter out;
    private final PrintStream terminal;
    private ProgressBar bar;
    private int totalEpochs;

    /**
     * @param out      receives the per-epoch summary lines
     * @param terminal where the live bar is drawn, or null when not attached to a terminal
     */
    public ProgressListener(PrintWriter out, PrintStream terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A listener that draws the bar on standard error only when the JVM has a console. */
    public static ProgressListener forConsole(PrintWriter out) {
        return new ProgressListener(out, System.console() == null ? null : System.err);
    }

    @Override
    public void onTrainingStart(List<Phase> phases, List<EpochMetrics> history) {
        totalEpochs = phases.stream().mapToInt(Phase::epochs).sum();
        for (Phase phase : phases) {
            out.println(String.format(Locale.ROOT, "%s: %d epochs from lr %.1e, training on %d cases, validating on %d",
                    phase.name(), phase.epochs(), phase.initialRate(), phase.trainCases().size(), phase.validationCases().size()));
        }
        if (!history.isEmpty()) {
            out.println("resuming after epoch " + history.get(history.size() - 1).epoch());
            out.flush();
        }
    }

    @Override
    public void onEpochStart(int epoch, Phase phase, int phaseEpoch, int steps) {
        if (terminal != null) {
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format(Locale.ROOT, "%s epoch %d/%d", phase.name(), phaseEpoch + 1, phase.epochs()))
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(terminal))
                    .clearDisplayOnFinish()
                    .build();
        }
    }

    @Override
    public void onStep(int step, Map<String, Double> runningLoss) {
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", runningLoss.get(EpochMetrics.TOTAL)));
        }
    }

    private static double dice(Map<String, Double> d, Structure s) {
        return d.getOrDefault(s.key(), Double.NaN);
    }

    /** "  Dice scar 0.745 s+e ... rv 0.957" for the console, or "" when nothing was scored. */
    /** The best model's epoch, validation loss and whole-case Dice, e.g. {@code epoch 30, validation loss 1.0691  Dice scar 0.729 ...}. */
    public static String bestModelSummary(EpochMetrics best) {
        return String.format(Locale.ROOT, "epoch %d, validation loss %.4f%s", best.epoch(), best.validationTotal(),
                diceSummary(best.validationDice()));
    }

    static String diceSummary(Map<String, Double> d) {
        return d.isEmpty() ? "" : String.format(Locale.ROOT,
                "  Dice scar %.3f s+e %.3f edema %.3f myo %.3f lv %.3f rv %.3f", dice(d, Structure.SCAR),
                dice(d, Structure.SCAR_EDEMA), dice(d, Structure.EDEMA), dice(d, Structure.MYO), dice(d, Structure.LV),
                dice(d, Structure.RV));
    }

    @Override
    public void onEpochEnd(EpochEnd end) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        EpochMetrics m = end.metrics();
        String dice = diceSummary(m.validationDice());
        out.println(String.format(Locale.ROOT, "epoch %d/%d (%s %d/%d) lr %.2e  train %.4f  val %.4f%s  %.1fs%s",
                m.epoch(), totalEpochs, end.phase().name(), m.phaseEpoch() + 1, end.phase().epochs(), m.learningRate(),
                m.trainLoss().get(EpochMetrics.TOTAL), m.validationTotal(), dice, m.seconds(),
                end.phaseEnds() && m.phaseEpoch() + 1 < end.phase().epochs() ? "  (early stop)" : ""));
        out.flush();
    }
}
