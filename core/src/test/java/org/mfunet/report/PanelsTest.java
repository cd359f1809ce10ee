package org.mfunet.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class PanelsTest {
    @Test
    void contourMarksMaskPixelsWithANeighbourOutside() {
        // 5 x 5 image, 3 x 3 mask in the middle: its 8 border pixels are the contour, the centre is not
        boolean[] mask = new boolean[25];
        for (int y = 1; y <= 3; y++) {
            for (int x = 1; x <= 3; x++) {
                mask[y * 5 + x] = true;
            }
        }
        BufferedImage drawn = Panels.contour(new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB), mask, Color.GREEN);
        int marked = 0;
        for (int i = 0; i < 25; i++) {
            marked += drawn.getRGB(i % 5, i / 5) == Color.GREEN.getRGB() ? 1 : 0;
        }
        assertEquals(8, marked);
        assertEquals(Color.BLACK.getRGB(), drawn.getRGB(2, 2));
    }

    @Test
    void heatRunsFromBlackThroughRedAndYellowToWhite() {
        BufferedImage heat = Panels.heat(4, 1, new float[] {-2, -1, 0, 1});
        int[][] expected = {{0, 0, 0}, {255, 0, 0}, {255, 255, 0}, {255, 255, 255}};
        for (int x = 0; x < 4; x++) {
            Color c = new Color(heat.getRGB(x, 0));
            assertEquals(List.of(expected[x][0], expected[x][1], expected[x][2]), List.of(c.getRed(), c.getGreen(), c.getBlue()));
        }
    }

    @Test
    void overlayPaintsOnlyTheChosenClasses() {
        BufferedImage base = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        BufferedImage out = Panels.overlay(base, new byte[] {5, 4}, 5);
        Color scar = new Color(out.getRGB(0, 0));
        // 45 % of magenta (255, 0, 255) over black
        assertEquals(List.of(115, 0, 115), List.of(scar.getRed(), scar.getGreen(), scar.getBlue()));
        assertEquals(Color.BLACK.getRGB(), out.getRGB(1, 0));
    }

    @Test
    void gridStacksRowsWithTitleBands() {
        BufferedImage a = new BufferedImage(10, 6, BufferedImage.TYPE_INT_RGB);
        BufferedImage b = new BufferedImage(20, 8, BufferedImage.TYPE_INT_RGB);
        BufferedImage grid = Panels.grid(List.of(List.of(new Panels.Panel("a", a), new Panels.Panel("b", b)),
                List.of(new Panels.Panel("a", a))));
        // width 10 + 4 + 20; height (22 + 8) + 4 + (22 + 6)
        assertEquals(34, grid.getWidth());
        assertEquals(62, grid.getHeight());
    }
}
