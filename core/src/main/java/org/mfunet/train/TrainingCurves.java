package org.mfunet.train;

import org.mfunet.data.Structure;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.Styler;

/**
 * The picture of a training history: training and validation loss per head, validation Dice per structure, and
 * the learning rate, side by side against the epoch.
 */
public final class TrainingCurves {
    private static final int WIDTH = 600;
    private static final int HEIGHT = 420;
    private static final String[] HEADS = {"anatomy", "scar", "edema", EpochMetrics.TOTAL};
    private static final Color[] HEAD_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), Color.BLACK};

    private TrainingCurves() {
    }

    /** The three panels of a history as a PNG image. */
    public static byte[] png(List<EpochMetrics> history) {
        System.setProperty("java.awt.headless", "true");
        XYChart loss = chart("Loss", "loss");
        XYChart dice = chart("Validation Dice", "Dice");
        XYChart rate = chart("Learning rate", "lr");
        for (int h = 0; h < HEADS.length; h++) {
            String head = HEADS[h];
            // one colour per head; validation dashed next to its training curve
            XYSeries train = series(loss, "train " + head, history, m -> m.trainLoss().get(head));
            XYSeries val = series(loss, "val " + head, history, m -> m.validationLoss().get(head));
            for (XYSeries s : new XYSeries[] {train, val}) {
                if (s != null) {
                    s.setLineColor(HEAD_COLOURS[h]);
                    s.setMarkerColor(HEAD_COLOURS[h]);
                }
            }
            if (val != null) {
                val.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        for (Structure structure : Structure.values()) {
            series(dice, structure.key(), history, m -> m.validationDice().getOrDefault(structure.key(), Double.NaN));
        }
        series(rate, "lr", history, EpochMetrics::learningRate);
        rate.getStyler().setYAxisLogarithmic(true);
        BufferedImage image = new BufferedImage(3 * WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), HEIGHT);
        g.drawImage(BitmapEncoder.getBufferedImage(loss), 0, 0, null);
        g.drawImage(BitmapEncoder.getBufferedImage(dice), WIDTH, 0, null);
        g.drawImage(BitmapEncoder.getBufferedImage(rate), 2 * WIDTH, 0, null);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return png.toByteArray();
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(3);
        return chart;
    }

    /** Adds a series, skipping NaN values (e.g. Dice of a structure absent from the validation set). */
    private static XYSeries series(XYChart chart, String name, List<EpochMetrics> history, ToDoubleFunction<EpochMetrics> value) {
        double[] x = history.stream().filter(m -> Double.isFinite(value.applyAsDouble(m))).mapToDouble(EpochMetrics::epoch).toArray();
        double[] y = history.stream().mapToDouble(value).filter(Double::isFinite).toArray();
        return x.length > 0 ? chart.addSeries(name, x, y) : null;
    }
}
