package org.mfunet.infer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mfunet.MfunetException;
import org.mfunet.data.MyopsLabels;

class CompositionTest {
    private static final byte BG = MyopsLabels.ANATOMY_BACKGROUND;
    private static final byte MYO = MyopsLabels.ANATOMY_MYOCARDIUM;
    private static final byte LV = MyopsLabels.ANATOMY_LV;
    private static final byte RV = MyopsLabels.ANATOMY_RV;

    /**
     * Six voxels in a row: scar the anatomy head calls LV, edema it calls myocardium, edema it calls RV, scar it calls
     * background, plain LV, plain RV.
     */
    private static VolumeSegmentation heads() {
        byte[] anatomy = {LV, MYO, RV, BG, LV, RV};
        boolean[] scar = {true, false, false, true, false, false};
        boolean[] edema = {true, true, true, false, false, false};
        return new VolumeSegmentation(6, 1, 1, anatomy, scar, edema);
    }

    private static void assertHeads(VolumeSegmentation expected, VolumeSegmentation actual) {
        assertArrayEquals(expected.anatomy(), actual.anatomy(), "anatomy");
        assertArrayEquals(expected.scar(), actual.scar(), "scar");
        assertArrayEquals(expected.edema(), actual.edema(), "edema");
    }

    @Test
    void nestedMakesMyocardiumWhereverPathologyIs() {
        assertHeads(new VolumeSegmentation(6, 1, 1, new byte[] {MYO, MYO, MYO, MYO, LV, RV},
                new boolean[] {true, false, false, true, false, false},
                new boolean[] {true, true, true, false, false, false}), Composition.NESTED.apply(heads()));
    }

    @Test
    void nestedLvKeepsPathologyOnTheLvSideAndDropsItInTheRvAndBackground() {
        VolumeSegmentation s = Composition.NESTED_LV.apply(heads());
        assertHeads(new VolumeSegmentation(6, 1, 1, new byte[] {MYO, MYO, RV, BG, LV, RV},
                new boolean[] {true, false, false, false, false, false},
                new boolean[] {true, true, false, false, false, false}), s);
        int[] labels = LabelComposer.compose(s);
        assertEquals(MyopsLabels.SCAR, labels[0]);
        assertEquals(MyopsLabels.EDEMA, labels[1]);
        assertEquals(MyopsLabels.RV, labels[2]);
        assertEquals(0, labels[3]);
    }

    @Test
    void anatomyFirstLeavesTheHeadsAsTheyAre() {
        assertHeads(heads(), Composition.ANATOMY_FIRST.apply(heads()));
    }

    @Test
    void inputIsNotChangedAndNamesRoundTrip() {
        VolumeSegmentation in = heads();
        Composition.NESTED_LV.apply(in);
        assertHeads(heads(), in);
        for (Composition c : Composition.values()) {
            assertEquals(c, Composition.fromId(c.id()));
        }
        MfunetException e = assertThrows(MfunetException.class, () -> Composition.fromId("loose"));
        assertEquals("composition 'loose' is unknown: use one of nested, nested-lv, anatomy-first", e.getMessage());
    }
}
