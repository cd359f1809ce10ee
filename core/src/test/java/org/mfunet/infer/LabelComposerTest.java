package org.mfunet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class LabelComposerTest {

    @Test
    void composesWithScarOverEdemaAndPathologyOnlyOnMyocardium() {
        // background, four myocardium voxels, LV, RV, LV, background
        byte[] anatomy = {0, 1, 1, 1, 1, 2, 3, 2, 0};
        boolean[] scar = PostprocessingTest.mask("000110010");
        boolean[] edema = PostprocessingTest.mask("001010101");
        int[] labels = LabelComposer.compose(new VolumeSegmentation(9, 1, 1, anatomy, scar, edema));
        assertArrayEquals(new int[] {0, 200, 1220, 2221, 2221, 500, 600, 500, 0}, labels);
    }
}
