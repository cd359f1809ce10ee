package org.mfunet.infer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;
import org.mfunet.data.MyopsLabels;

/** How the three heads' predictions become one MyoPS label per voxel. */
public enum Composition {
    /**
     * The MyoPS nesting (scar ⊂ scar + edema ⊂ myocardium): wherever the scar or edema head says present, the voxel is
     * myocardium with that pathology, whatever the anatomy head says; elsewhere the anatomy head decides. As
     * nnU-Net's region-based training treats nested labels.
     */
    NESTED("nested"),
    /**
     * The nesting on the LV side only: pathology the scar or edema head finds where the anatomy head says myocardium
     * or LV cavity is myocardium with that pathology (scarred myocardium is as bright as blood on LGE); where the
     * anatomy head says RV cavity or background, it is dropped (pathology lies in the LV wall, and the anatomy head,
     * which sees every sequence, tells the RV and the surroundings apart from the wall best).
     */
    NESTED_LV("nested-lv"),
    /**
     * The anatomy head first: pathology counts only on voxels the anatomy head calls myocardium, so scarred
     * myocardium that looks like blood on LGE loses its scar (the reference implementation's rule).
     */
    ANATOMY_FIRST("anatomy-first");

    private final String id;

    Composition(String id) {
        this.id = id;
    }

    /** Name on the command line and in files. */
    public String id() {
        return id;
    }

    /** The composition of that name; the message lists the names otherwise. */
    public static Composition fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id.toLowerCase(Locale.ROOT))).findFirst()
                .orElseThrow(() -> new MfunetException("composition '" + id + "' is unknown: use one of "
                        + Arrays.stream(values()).map(Composition::id).collect(Collectors.joining(", "))));
    }

    /** The segmentation this rule starts from: for {@link #NESTED}, anatomy set to myocardium under any pathology. */
    public VolumeSegmentation apply(VolumeSegmentation s) {
        if (this == ANATOMY_FIRST) {
            return s;
        }
        byte[] anatomy = s.anatomy().clone();
        boolean[] scar = s.scar().clone();
        boolean[] edema = s.edema().clone();
        for (int i = 0; i < anatomy.length; i++) {
            if (!scar[i] && !edema[i]) {
                continue;
            }
            if (this == NESTED || anatomy[i] == MyopsLabels.ANATOMY_MYOCARDIUM || anatomy[i] == MyopsLabels.ANATOMY_LV) {
                anatomy[i] = MyopsLabels.ANATOMY_MYOCARDIUM;
            } else {
                scar[i] = false;
                edema[i] = false;
            }
        }
        return new VolumeSegmentation(s.nx(), s.ny(), s.nz(), anatomy, scar, edema);
    }
}
