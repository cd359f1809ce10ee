package org.mfunet.report;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mfunet.MfunetException;
import org.mfunet.RunFolder;
import org.mfunet.data.Structure;
import org.mfunet.train.EpochMetrics;
import org.mfunet.train.MetricsFile;
import org.mfunet.train.TrainingCurves;

/** The report's training curves (paper Fig. 7) and the first and last epoch's figures, from {@code metrics.jsonl}. */
final class CurvesSection {
    private static final String TITLE = "Training curves (paper Fig. 7)";

    private CurvesSection() {
    }

    static ReportPage.Section build(RunFolder run, FigureFolder figures) throws IOException {
        String metricsFile = run.metrics().getFileName().toString();
        if (!Files.isRegularFile(run.metrics())) {
            return ReportPage.Section.note("curves", TITLE, "No " + metricsFile + " in " + ReportInputs.absolute(run.dir()) + ".");
        }
        List<EpochMetrics> history;
        try {
            history = MetricsFile.read(run);
        } catch (MfunetException e) {
            return ReportPage.Section.note("curves", TITLE, e.getMessage());
        }
        if (history.isEmpty()) {
            return ReportPage.Section.note("curves", TITLE, metricsFile + " holds no epoch yet.");
        }
        ReportPage.Figure figure = figures.add(run.curves().getFileName().toString(), TrainingCurves.png(history),
                "Loss per head (training and validation), validation Dice, learning rate");
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("epoch", "learning rate", "train loss", "validation loss"));
        List.of(Structure.values()).forEach(s -> header.add("Dice " + s.title()));
        table.add(header);
        EpochMetrics last = history.get(history.size() - 1);
        for (EpochMetrics m : List.of(history.get(0), last).subList(history.size() == 1 ? 1 : 0, 2)) {
            List<String> row = new ArrayList<>(List.of(Integer.toString(m.epoch()), String.format(Locale.ROOT, "%.3g",
                    m.learningRate()), ReportPage.number(m.trainLoss().get(EpochMetrics.TOTAL)),
                    ReportPage.number(m.validationTotal())));
            List.of(Structure.values()).forEach(s -> row.add(ReportPage.number(m.validationDice().getOrDefault(s.key(), Double.NaN))));
            table.add(row);
        }
        return new ReportPage.Section("curves", TITLE, List.of(history.size() + " epochs recorded; first and last below."),
                List.of(), List.of(figure), table);
    }
}
