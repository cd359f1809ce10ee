package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
    void normalisesPerVolumeThenCropsEachSliceToTheSquare() {
        // side 2 on a 3 x 1 slice: x0 = 1 - 1 = 0, y0 = 0 - 1 = -1 (one padded row above).
        List<PreparedSlice> slices = new SlicePreparation(2).prepare(volumes(new byte[] {0, 1, 2, 3, 4, 5}));
        assertEquals(2, slices.size());
        PreparedSlice second = slices.get(1);
        assertEquals("c_7", second.caseName());
        assertEquals(1, second.z());
        // LGE 30, 40 -> 0.2, 0.6; T2 constant -> 0; bSSFP clipped to [25, 475]: 300, 400 -> 2 * 275 / 450 - 1, 2 * 375 / 450 - 1.
        float[] expected = {-1, -1, 0.2f, 0.6f, -1, -1, 0, 0, -1, -1, 2 * 275f / 450 - 1, 2 * 375f / 450 - 1};
        assertArrayEquals(expected, second.image(), 1e-6f);
        assertArrayEquals(new byte[] {0, 0, 3, 4}, second.classes());
        assertNull(new SlicePreparation(2).prepare(volumes(null)).get(0).classes());
    }

    @Test
    void labelVolumePastesClassMapsBackAsMyopsValues() {
        CaseVolumes v = volumes(null);
        float[] labels = new SlicePreparation(2).labelVolume(v, List.of(new byte[] {5, 5, 1, 2}, new byte[] {0, 0, 3, 4}));
        // Region row 1 is image row 0 at x 0..1; image x = 2 lies outside the region and stays background.
        assertArrayEquals(new float[] {200, 500, 0, 600, 1220, 0}, labels);
    }
}
