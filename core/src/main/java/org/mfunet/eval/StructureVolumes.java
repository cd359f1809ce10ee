package org.mfunet.eval;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.Structure;
import org.mfunet.nifti.NiftiImage;

/** The volume of each structure of a segmentation file, in ml, from its voxel count and voxel size. */
public final class StructureVolumes {
    /** The structures whose volumes are reported, in this order. */
    public static final List<Structure> REPORTED = List.of(Structure.MYO, Structure.LV, Structure.RV, Structure.SCAR,
            Structure.EDEMA);

    private StructureVolumes() {
    }

    /**
     * Measures a label file.
     *
     * @return ml of myo (myocardium with scar and edema), lv, rv, scar and edema by {@link Structure#key()}, in the
     *         order of {@link #REPORTED}, rounded to 0.001 ml
     * @throws org.mfunet.MfunetException naming the file when it is not a readable label volume
     */
    public static Map<String, Double> millilitres(Path segmentation) {
        NiftiImage image = SegmentationFiles.readLabels(segmentation);
        VoxelGrid grid = CohortEvaluator.grid(image.header(), segmentation);
        int[] values = SegmentationFiles.values(image);
        Map<String, Double> volumes = new LinkedHashMap<>();
        for (Structure s : REPORTED) {
            long voxels = 0;
            for (int v : values) {
                if (s.contains(v)) {
                    voxels++;
                }
            }
            volumes.put(s.key(), Math.round(voxels * grid.voxelMillilitres() * 1000) / 1000.0);
        }
        return Collections.unmodifiableMap(volumes);
    }
}
