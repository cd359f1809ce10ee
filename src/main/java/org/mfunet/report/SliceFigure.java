package org.mfunet.report;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.Sequence;

/**
 * A side-by-side picture of one short-axis slice: LGE, T2 and bSSFP in grey levels, then bSSFP with the
 * label classes overlaid semi-transparently (myocardium green, LV red, RV blue, edema yellow, scar magenta).
 */
public final class SliceFigure {
    /** Overlay colour of each class index of {@link MyopsLabels}; background is left uncoloured. */
    private static final Color[] CLASS_COLOURS = {
        null,
        new Color(40, 200, 80),
        new Color(230, 40, 40),
        new Color(50, 110, 255),
        new Color(255, 230, 0),
        new Color(255, 0, 255),
    };
    private static final float OVERLAY_ALPHA = 0.45f;
    private static final int TITLE_HEIGHT = 22;
    private static final int GAP = 4;

    private SliceFigure() {
    }

    /**
     * Draws the figure.
     *
     * @param width   slice width in pixels (NIfTI x, drawn left to right)
     * @param height  slice height in pixels (NIfTI y, drawn top to bottom)
     * @param images  per sequence one slice {@code [y][x]}, x fastest, any intensity units (each is windowed
     *                to its own 1st-99.5th percentile)
     * @param classes class indices {@code [y][x]} of {@link MyopsLabels}, or null to leave the overlay panel unlabelled
     */
    public static BufferedImage render(int width, int height, Map<Sequence, float[]> images, byte[] classes) {
        Sequence[] order = {Sequence.LGE, Sequence.T2, Sequence.BSSFP, Sequence.BSSFP};
        String[] titles = {"LGE", "T2", "bSSFP", "labels on bSSFP"};
        BufferedImage figure = new BufferedImage(order.length * (width + GAP) - GAP, height + TITLE_HEIGHT,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = figure.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, figure.getWidth(), figure.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            for (int p = 0; p < order.length; p++) {
                int left = p * (width + GAP);
                g.setColor(Color.WHITE);
                g.drawString(titles[p], left + 4, TITLE_HEIGHT - 6);
                g.drawImage(grey(width, height, images.get(order[p])), left, TITLE_HEIGHT, null);
                if (p == order.length - 1 && classes != null) {
                    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, OVERLAY_ALPHA));
                    g.drawImage(overlay(width, height, classes), left, TITLE_HEIGHT, null);
                    g.setComposite(AlphaComposite.SrcOver);
                }
            }
        } finally {
            g.dispose();
        }
        return figure;
    }

    /** Writes {@link #render} as a PNG, through a temporary file in the same folder so no partial file is left. */
    public static void write(Path png, int width, int height, Map<Sequence, float[]> images, byte[] classes) {
        BufferedImage figure = render(width, height, images, classes);
        try {
            Path parent = png.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, ".slice-figure", ".png");
            try {
                ImageIO.write(figure, "png", tmp.toFile());
                Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the figure of slice {@code z} of a loaded case (scanner intensities, its labels if any). */
    public static void write(Path png, CaseVolumes volumes, int z) {
        Map<Sequence, float[]> images = new EnumMap<>(Sequence.class);
        for (Sequence s : Sequence.values()) {
            images.put(s, volumes.slice(s, z));
        }
        write(png, volumes.nx(), volumes.ny(), images, volumes.labelled() ? volumes.classSlice(z) : null);
    }

    private static BufferedImage grey(int width, int height, float[] slice) {
        float[] sorted = slice.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.01 * (sorted.length - 1))];
        float hi = sorted[(int) (0.995 * (sorted.length - 1))];
        float range = hi > lo ? hi - lo : 1;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = new byte[width * height];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.round(255 * Math.max(0, Math.min(1, (slice[i] - lo) / range)));
        }
        img.getRaster().setDataElements(0, 0, width, height, pixels);
        return img;
    }

    private static BufferedImage overlay(int width, int height, byte[] classes) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                Color c = CLASS_COLOURS[classes[y * width + x]];
                if (c != null) {
                    img.setRGB(x, y, c.getRGB());
                }
            }
        }
        return img;
    }
}
