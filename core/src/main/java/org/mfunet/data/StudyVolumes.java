package org.mfunet.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.mfunet.AtomicFiles;
import org.mfunet.dicom.DicomSeries;
import org.mfunet.dicom.SegmentationWriter;
import org.mfunet.dicom.SeriesVolume;

/**
 * A DICOM study ready to segment: its volumes on the LGE's grid, the LGE series the segmentation refers to, the
 * series used and what was done to them. Writes the study's DICOM Segmentation and its record.
 *
 * @param study   the study
 * @param volumes the case as the network sees it, on the LGE's grid
 * @param lge     the LGE series as read
 * @param used    per sequence, the series used
 * @param notes   choices among several series, sequences missing, resampling
 */
public record StudyVolumes(DicomStudy study, CaseVolumes volumes, SeriesVolume lge, Map<Sequence, DicomSeries> used,
                           List<String> notes) {
    /** Name of the record of each study's output folder. */
    public static final String RECORD = "series.json";
    /** Suffix of the DICOM Segmentation after the study's name. */
    public static final String SEGMENTATION_SUFFIX = "_seg.dcm";
    /** SeriesNumber of the Segmentation series. */
    static final int SERIES_NUMBER = 9901;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public StudyVolumes {
        used = Map.copyOf(used);
        notes = List.copyOf(notes);
    }

    /** {@code LGE #7 "PSIR SAX" (uid, 12 images), T2 ...}: the series used, for the run's summary. */
    public String describeSeries() {
        return used.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().title() + " " + e.getValue().summary()).collect(Collectors.joining(", "));
    }

    /**
     * Writes the Segmentation object of a predicted label volume into {@code folder} as {@code <study>_seg.dcm}.
     *
     * @param labels MyoPS label values on {@link #volumes()}' grid, x fastest
     * @return the file written
     */
    public Path writeSegmentation(Path folder, int[] labels, String version) {
        Path target = folder.resolve(study.name() + SEGMENTATION_SUFFIX);
        SegmentationWriter.write(target, lge, DicomSegments.all(), DicomSegments.segmentOf(labels),
                new SegmentationWriter.Creator("mfunet MyoPS segmentation", SERIES_NUMBER, "mfunet", version));
        return target;
    }

    /** Writes {@value #RECORD} into {@code folder}: the study, the series used per sequence and the notes. */
    public void record(Path folder) {
        ObjectNode root = JSON.createObjectNode();
        root.put("study", study.name()).put("studyInstanceUid", study.studyUid()).put("grid", "LGE");
        ObjectNode series = root.putObject("series");
        used.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode node = series.putObject(e.getKey().title());
            node.put("seriesInstanceUid", e.getValue().seriesUid()).put("seriesNumber", e.getValue().number())
                    .put("description", e.getValue().description()).put("protocol", e.getValue().protocol())
                    .put("images", e.getValue().images().size());
        });
        notes.forEach(root.withArray("notes")::add);
        try {
            AtomicFiles.writeString(folder.resolve(RECORD), JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
