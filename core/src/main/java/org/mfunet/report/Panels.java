package org.mfunet.report;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.mfunet.data.MyopsLabels;

/**
 * The drawing conventions shared by every figure: grey-level slices windowed to their 1st-99.5th percentile,
 * class overlays (myocardium green, LV red, RV blue, edema yellow, scar magenta) at 45 % opacity, heat maps for
 * network features, structure contours, and titled panels laid out in rows on a black background.
 * Every plane is {@code [y][x]} flattened, x fastest, drawn with x to the right and y downwards.
 */
public final class Panels {
    /** Colour of contours drawn over feature maps: the myocardium's, so it reads as the same structure. */
    public static final Color CONTOUR = classColour(MyopsLabels.CLASS_MYOCARDIUM);
    private static final float OVERLAY_ALPHA = 0.45f;
    private static final int TITLE_HEIGHT = 22;
    private static final int GAP = 4;
    private static final int TITLE_FONT = 13;
    private static final int MIN_TITLE_FONT = 9;

    private Panels() {
    }

    /**
     * A titled picture in a figure.
     *
     * @param title line drawn above the picture
     * @param image the picture, drawn at its own size
     */
    public record Panel(String title, BufferedImage image) {
        public Panel {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(image, "image");
        }
    }

    /** Overlay colour of a class index 1..5 of {@link MyopsLabels}. */
    public static Color classColour(int classIndex) {
        return new Color(MyopsLabels.colourOf(classIndex));
    }

    /**
     * Grey-level picture of a plane, windowed to its own 1st-99.5th percentile.
     *
     * @param values {@code [height][width]}, any intensity units
     */
    public static BufferedImage grey(int width, int height, float[] values) {
        checkPlane(width, height, values.length);
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.01 * (sorted.length - 1))];
        float hi = sorted[(int) (0.995 * (sorted.length - 1))];
        float range = hi > lo ? hi - lo : 1;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < values.length; i++) {
            int v = Math.round(255 * Math.max(0, Math.min(1, (values[i] - lo) / range)));
            img.setRGB(i % width, i / width, v << 16 | v << 8 | v);
        }
        return img;
    }

    /**
     * Heat-map picture of a plane (black, red, yellow, white from its minimum to its maximum), for network
     * features and attention maps whose units mean nothing to a reader.
     *
     * @param values {@code [height][width]}
     */
    public static BufferedImage heat(int width, int height, float[] values) {
        checkPlane(width, height, values.length);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float range = hi > lo ? hi - lo : 1;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < values.length; i++) {
            float t = 3 * (values[i] - lo) / range;
            int r = channel(t);
            int g = channel(t - 1);
            int b = channel(t - 2);
            img.setRGB(i % width, i / width, r << 16 | g << 8 | b);
        }
        return img;
    }

    private static int channel(float t) {
        return Math.round(255 * Math.max(0, Math.min(1, t)));
    }

    /**
     * A copy of {@code base} with the chosen classes painted semi-transparently.
     *
     * @param classes class indices {@code [height][width]} of {@link MyopsLabels}, the size of {@code base}
     * @param shown   the class indices to paint; others are left uncoloured
     */
    public static BufferedImage overlay(BufferedImage base, byte[] classes, int... shown) {
        return overlay(base, classes, OVERLAY_ALPHA, shown);
    }

    /**
     * As {@link #overlay(BufferedImage, byte[], int...)} with the colours painted at {@code opacity}, 0 (not at all)
     * to 1 (opaque).
     */
    public static BufferedImage overlay(BufferedImage base, byte[] classes, float opacity, int... shown) {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException("opacity must lie in [0, 1], got " + opacity);
        }
        BufferedImage layer = labelLayer(base.getWidth(), base.getHeight(), classes, shown);
        BufferedImage out = copy(base);
        Graphics2D g = out.createGraphics();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, opacity));
        g.drawImage(layer, 0, 0, null);
        g.dispose();
        return out;
    }

    /**
     * The chosen classes in their opaque colours on a transparent picture, to lay over a slice elsewhere (a web page).
     *
     * @param classes class indices {@code [height][width]} of {@link MyopsLabels}
     * @param shown   the class indices to paint; others, and background, stay transparent
     */
    public static BufferedImage labelLayer(int width, int height, byte[] classes, int... shown) {
        checkPlane(width, height, classes.length);
        boolean[] paint = new boolean[MyopsLabels.CLASS_SCAR + 1];
        for (int c : shown) {
            paint[c] = c != MyopsLabels.CLASS_BACKGROUND;
        }
        BufferedImage layer = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int i = 0; i < classes.length; i++) {
            if (paint[classes[i]]) {
                layer.setRGB(i % width, i / width, classColour(classes[i]).getRGB());
            }
        }
        return layer;
    }

    /**
     * A copy of {@code base} with the boundary of a mask drawn: mask pixels with a 4-neighbour outside it.
     *
     * @param mask {@code [height][width]}, the size of {@code base}
     */
    public static BufferedImage contour(BufferedImage base, boolean[] mask, Color colour) {
        int width = base.getWidth();
        int height = base.getHeight();
        checkPlane(width, height, mask.length);
        BufferedImage out = copy(base);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (mask[y * width + x] && (x == 0 || y == 0 || x == width - 1 || y == height - 1
                        || !mask[y * width + x - 1] || !mask[y * width + x + 1]
                        || !mask[(y - 1) * width + x] || !mask[(y + 1) * width + x])) {
                    out.setRGB(x, y, colour.getRGB());
                }
            }
        }
        return out;
    }

    /** {@code image} enlarged by an integer factor with nearest-neighbour pixels, so small maps stay crisp. */
    public static BufferedImage enlarge(BufferedImage image, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("enlargement factor must be at least 1, got " + factor);
        }
        BufferedImage out = new BufferedImage(image.getWidth() * factor, image.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /**
     * Lays out rows of titled panels, left to right and top to bottom, on black; rows may differ in length
     * and panels in size (each row is as tall as its tallest panel).
     */
    public static BufferedImage grid(List<List<Panel>> rows) {
        int width = 0;
        int height = 0;
        for (List<Panel> row : rows) {
            width = Math.max(width, row.stream().mapToInt(p -> p.image().getWidth() + GAP).sum() - GAP);
            height += rowHeight(row) + GAP;
        }
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("a figure needs at least one panel");
        }
        BufferedImage figure = new BufferedImage(width, height - GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = figure.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, figure.getWidth(), figure.getHeight());
            int top = 0;
            for (List<Panel> row : rows) {
                int left = 0;
                for (Panel p : row) {
                    title(g, p.title(), left, top, p.image().getWidth());
                    g.drawImage(p.image(), left, top + TITLE_HEIGHT, null);
                    left += p.image().getWidth() + GAP;
                }
                top += rowHeight(row) + GAP;
            }
        } finally {
            g.dispose();
        }
        return figure;
    }

    /** Draws a title above a panel, in a smaller font when it is wider than the panel, and clipped to it. */
    private static void title(Graphics2D g, String text, int left, int top, int width) {
        int size = TITLE_FONT;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, size));
        while (size > MIN_TITLE_FONT && g.getFontMetrics().stringWidth(text) > width - 4) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, --size));
        }
        g.setColor(Color.WHITE);
        g.setClip(left, top, width, TITLE_HEIGHT);
        g.drawString(text, left + 3, top + TITLE_HEIGHT - 7);
        g.setClip(null);
    }

    /** PNG bytes of an image. */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int rowHeight(List<Panel> row) {
        return TITLE_HEIGHT + row.stream().mapToInt(p -> p.image().getHeight()).max().orElse(0);
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }

    private static void checkPlane(int width, int height, int length) {
        if (width < 1 || height < 1 || length != width * height) {
            throw new IllegalArgumentException("plane of " + length + " values does not match " + width + " x " + height);
        }
    }
}
