package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mfunet.nifti.NiftiHeader;

class SlicePreparationTest {
    private static final NiftiHeader GRID = NiftiHeader.create(3, 1, 2, new double[] {1, 1, 10},
            new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 10, 0}, {0, 0, 0, 1}});

    private static CaseVolumes volumes(byte[] classes) {
        Path f = Path.of("x");
        MyopsCase source = new MyopsCase("c", "7", Map.of(Sequence.LGE, f, Sequence.T2, f, Sequence.BSSFP, f), null);
        // 3 x 1 x 2 volumes; bSSFP has 6 values so its 5th-95th percentile clip is visible.
        return new CaseVolumes(source, GRID, Map.of(
                Sequence.LGE, new float[] {0, 10, 20, 30, 40, 50},
                Sequence.T2, new float[] {4, 4, 4, 4, 4, 4},
                Sequence.BSSFP, new float[] {0, 100, 200, 300, 400, 500}), classes);
    }

    @Test
    void normalisesPerVolumeAndKeepsTheWholeSliceOnItsOwnGridAtSpacingZero() {
        List<PreparedSlice> slices = new SlicePreparation(0, 0).prepare(volumes(new byte[] {0, 1, 2, 3, 4, 5}));
        assertEquals(2, slices.size());
        PreparedSlice second = slices.get(1);
        assertEquals("c_7", second.caseName());
        assertEquals(1, second.z());
        assertEquals(3, second.width());
        assertEquals(1, second.height());
        // LGE 30, 40, 50 -> 0.2, 0.6, 1; T2 constant -> 0; bSSFP clipped to [25, 475]: 300, 400, 500.
        float[] expected = {0.2f, 0.6f, 1, 0, 0, 0, 2 * 275f / 450 - 1, 2 * 375f / 450 - 1, 1};
        assertArrayEquals(expected, second.image(), 1e-6f);
        assertArrayEquals(new byte[] {3, 4, 5}, second.classes());
        assertNull(new SlicePreparation(0, 0).prepare(volumes(null)).get(0).classes());
    }

    @Test
    void resamplesEachSliceToTheModelSpacing() {
        // 3 pixels of 1 mm at 0.5 mm: 6 pixels; 1 pixel of 1 mm: 2 pixels.
        PreparedSlice first = new SlicePreparation(0.5, 0).prepare(volumes(new byte[] {0, 1, 2, 3, 4, 5})).get(0);
        assertEquals(6, first.width());
        assertEquals(2, first.height());
        // LGE 0, 10, 20 -> -1, -0.6, -0.2 at case pixels 0, 1, 2; new pixel u sits at case x (u + 0.5) / 2 - 0.5.
        assertArrayEquals(new float[] {-1, -0.9f, -0.7f, -0.5f, -0.3f, -0.2f}, java.util.Arrays.copyOfRange(first.image(), 0, 6), 1e-6f);
        assertArrayEquals(new byte[] {0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2}, first.classes());
    }

    @Test
    void alignsEachSliceOfTheOtherSequencesToTheGridSequence() {
        NiftiHeader grid = NiftiHeader.create(SequenceAlignmentTest.NX, SequenceAlignmentTest.NY, 1,
                new double[] {1, 1, 10}, new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 10, 0}, {0, 0, 0, 1}});
        Path f = Path.of("x");
        MyopsCase source = new MyopsCase("c", "8", Map.of(Sequence.LGE, f, Sequence.T2, f, Sequence.BSSFP, f), null);
        float[] bssfp = SequenceAlignmentTest.heart(20, 18, false);
        // T2 3 pixels right and 1 up (3 mm), LGE 1 pixel left
        CaseVolumes shifted = new CaseVolumes(source, grid, Map.of(Sequence.BSSFP, bssfp,
                Sequence.T2, SequenceAlignmentTest.heart(23, 17, true), Sequence.LGE, SequenceAlignmentTest.heart(19, 18, false)), null);
        CaseVolumes inPlace = new CaseVolumes(source, grid, Map.of(Sequence.BSSFP, bssfp,
                Sequence.T2, SequenceAlignmentTest.heart(20, 18, true), Sequence.LGE, bssfp), null);
        float[] aligned = new SlicePreparation(0, 4).prepare(shifted).get(0).image();
        float[] expected = new SlicePreparation(0, 0).prepare(inPlace).get(0).image();
        float[] unaligned = new SlicePreparation(0, 0).prepare(shifted).get(0).image();
        int plane = SequenceAlignmentTest.NX * SequenceAlignmentTest.NY;
        for (int c = 0; c < 3; c++) {
            for (int y = 1; y < SequenceAlignmentTest.NY; y++) {
                for (int x = 1; x < SequenceAlignmentTest.NX - 3; x++) {
                    int i = c * plane + y * SequenceAlignmentTest.NX + x;
                    assertEquals(expected[i], aligned[i], 1e-6f, "channel " + c + " pixel " + x + ", " + y);
                }
            }
        }
        // without alignment the T2's ring and body edge lie 3 pixels away from the bSSFP's
        int differing = 0;
        for (int i = plane; i < 2 * plane; i++) {
            differing += Math.abs(expected[i] - unaligned[i]) > 1e-3 ? 1 : 0;
        }
        assertTrue(differing > 100, differing + " T2 pixels differ");
    }
}
