package org.mfunet.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.mfunet.MfunetException;
import org.mfunet.dicom.DicomSeries;
import org.mfunet.dicom.SeriesVolume;
import org.mfunet.dicom.Tag;
import org.mfunet.nifti.NiftiHeader;

/**
 * One DICOM study of an input folder: its name for the outputs and its image series.
 *
 * @param name     the output name: its folder under the input, or its StudyInstanceUID
 * @param studyUid StudyInstanceUID
 * @param series   its image series
 */
public record DicomStudy(String name, String studyUid, List<DicomSeries> series) {
    public DicomStudy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(studyUid, "studyUid");
        series = List.copyOf(series);
    }

    /**
     * Chooses the study's series, reads them and puts them on the LGE's grid: the case as the network sees it.
     *
     * @param wanted the sequences to use, the LGE among them
     * @throws MfunetException naming the study and the file or series at fault
     */
    public StudyVolumes load(SeriesRules rules, Set<Sequence> wanted) {
        SeriesRules.Selection selection = rules.select(name, series, wanted);
        SeriesVolume lge = SeriesVolume.of(selection.chosen().get(Sequence.LGE));
        int[] dims = {lge.nx(), lge.ny(), lge.nz()};
        NiftiHeader grid = NiftiHeader.create(lge.nx(), lge.ny(), lge.nz(), lge.spacing(), lge.affine());
        Map<Sequence, float[]> images = new EnumMap<>(Sequence.class);
        Map<Sequence, Path> files = new EnumMap<>(Sequence.class);
        List<String> notes = new ArrayList<>(selection.notes());
        String frame = frameOfReference(lge);
        for (Map.Entry<Sequence, DicomSeries> e : selection.chosen().entrySet()) {
            Sequence s = e.getKey();
            SeriesVolume volume = s == Sequence.LGE ? lge : SeriesVolume.of(e.getValue());
            files.put(s, volume.slices().get(0).path());
            if (s == Sequence.LGE) {
                images.put(s, volume.voxels());
                continue;
            }
            if (!frame.equals(frameOfReference(volume))) {
                throw new MfunetException("study " + name + ": the " + s.title() + " series " + e.getValue().summary()
                        + " has FrameOfReferenceUID " + frameOfReference(volume) + ", the LGE " + frame
                        + "; mfunet cannot place one on the other (name another with --series)");
            }
            NiftiHeader own = NiftiHeader.create(volume.nx(), volume.ny(), volume.nz(), volume.spacing(), volume.affine());
            if (grid.sameGrid(own, CaseVolumes.GRID_TOLERANCE_MM)) {
                images.put(s, volume.voxels());
            } else {
                images.put(s, GridResampling.onto(volume.voxels(), new int[] {volume.nx(), volume.ny(), volume.nz()},
                        volume.affine(), dims, lge.affine()));
                notes.add(String.format(Locale.ROOT, "%s resampled (trilinear) from its %d x %d x %d grid onto the LGE's"
                        + " %d x %d x %d", s.title(), volume.nx(), volume.ny(), volume.nz(), dims[0], dims[1], dims[2]));
            }
        }
        CaseVolumes volumes = new CaseVolumes(MyopsCase.named(name, files), grid, images, null);
        return new StudyVolumes(this, volumes, lge, selection.chosen(), notes);
    }

    private static String frameOfReference(SeriesVolume volume) {
        return volume.slices().get(0).header().string(Tag.FRAME_OF_REFERENCE_UID, "(none)");
    }

    @Override
    public String toString() {
        return name + " (" + studyUid + ", " + series.size() + " series: " + Arrays.toString(
                series.stream().map(DicomSeries::summary).toArray()) + ")";
    }
}
