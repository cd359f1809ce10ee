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

    @Test
    void nestedMakesMyocardiumWhereverPathologyIs() {
        VolumeSegmentation s = Composition.NESTED.apply(heads());
        assertArrayEquals(new byte[] {MYO, MYO, MYO, MYO, LV, RV}, s.anatomy());
        assertArrayEquals(new boolean[] {true, false, false, true, false, false}, s.scar());
        assertArrayEquals(new boolean[] {true, true, true, false, false, false}, s.edema());
    }

    @Test
    void nestedLvKeepsPathologyOnTheLvSideAndDropsItInTheRvAndBackground() {
        VolumeSegmentation s = Composition.NESTED_LV.apply(heads());
        assertArrayEquals(new byte[] {MYO, MYO, RV, BG, LV, RV}, s.anatomy());
        assertArrayEquals(new boolean[] {true, false, false, false, false, false}, s.scar());
        assertArrayEquals(new boolean[] {true, true, false, false, false, false}, s.edema());
        int[] labels = LabelComposer.compose(s);
        assertEquals(MyopsLabels.SCAR, labels[0]);
        assertEquals(MyopsLabels.EDEMA, labels[1]);
        assertEquals(MyopsLabels.RV, labels[2]);
        assertEquals(0, labels[3]);
    }

    @Test
    void anatomyFirstLeavesTheHeadsAsTheyAre() {
        VolumeSegmentation in = heads();
        VolumeSegmentation s = Composition.ANATOMY_FIRST.apply(in);
        assertArrayEquals(in.anatomy(), s.anatomy());
        assertArrayEquals(in.scar(), s.scar());
        assertArrayEquals(in.edema(), s.edema());
    }

    @Test
    void inputIsNotChangedAndNamesRoundTrip() {
        VolumeSegmentation in = heads();
        Composition.NESTED_LV.apply(in);
        assertArrayEquals(new byte[] {LV, MYO, RV, BG, LV, RV}, in.anatomy());
        assertArrayEquals(new boolean[] {true, true, true, false, false, false}, in.edema());
        for (Composition c : Composition.values()) {
            assertEquals(c, Composition.fromId(c.id()));
        }
        MfunetException e = assertThrows(MfunetException.class, () -> Composition.fromId("loose"));
        assertEquals("composition 'loose' is unknown: use one of nested, nested-lv, anatomy-first", e.getMessage());
    }
}
