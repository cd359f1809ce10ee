package org.mfunet.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The DICOM images of a folder and its subfolders, whatever the file names: every Part 10 file is read (without its
 * pixel data) and its images grouped by StudyInstanceUID and SeriesInstanceUID. Files that are not DICOM and DICOM
 * objects that are not slices of a volume (structured reports, presentation states, segmentations, screenshots) are
 * set aside with the reason; files that claim to be DICOM but cannot be read are problems, tied to their study when
 * enough of them was read to know it.
 */
public final class DicomFolder {
    private DicomFolder() {
    }

    /**
     * A file that could not be read.
     *
     * @param studyUid the study it belongs to when that much was read, else null
     * @param message  {@code "<file>: <problem>"}
     */
    public record Problem(Path file, String studyUid, String message) {
    }

    /**
     * What a folder holds.
     *
     * @param series   the series found, by StudyInstanceUID then SeriesInstanceUID
     * @param ignored  DICOM objects set aside, each with a {@code "<file>: <why>"} line, in path order
     * @param notDicom files without the Part 10 preamble and {@code DICM}, in path order
     * @param problems files that claim to be DICOM but could not be read, in path order
     */
    public record Scan(Path root, List<DicomSeries> series, List<String> ignored, List<Path> notDicom,
                       List<Problem> problems) {
        public Scan {
            series = List.copyOf(series);
            ignored = List.copyOf(ignored);
            notDicom = List.copyOf(notDicom);
            problems = List.copyOf(problems);
        }

        /** True when the folder held at least one DICOM file, usable or not. */
        public boolean hasDicom() {
            return !series.isEmpty() || !problems.isEmpty() || !ignored.isEmpty();
        }
    }

    /**
     * Reads the headers of every file under {@code root}.
     *
     * @throws DicomException when {@code root} is not a readable folder
     */
    public static Scan scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new DicomException(root, "no such folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new DicomException(root, "cannot list the folder: " + e.getMessage(), e);
        }
        Map<String, Map<String, List<DicomImage>>> byStudy = new TreeMap<>();
        List<String> ignored = new ArrayList<>();
        List<Path> notDicom = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            if (!DicomReader.isPart10(file)) {
                notDicom.add(file);
                continue;
            }
            DicomFile read;
            try {
                read = DicomReader.readHeader(file);
            } catch (DicomException e) {
                String study = e.partial() == null ? null : e.partial().string(Tag.STUDY_INSTANCE_UID);
                problems.add(new Problem(file, study == null || study.isEmpty() ? null : study, e.getMessage()));
                continue;
            }
            DicomImage image;
            try {
                image = DicomImage.of(read);
            } catch (DicomException e) {
                ignored.add(e.getMessage());
                continue;
            }
            byStudy.computeIfAbsent(image.studyUid(), k -> new TreeMap<>())
                    .computeIfAbsent(image.seriesUid(), k -> new ArrayList<>()).add(image);
        }
        List<DicomSeries> series = new ArrayList<>();
        byStudy.forEach((study, bySeries) -> bySeries.forEach((uid, images) ->
                series.add(new DicomSeries(study, uid, images))));
        return new Scan(root, series, ignored, notDicom, problems);
    }

    /** The series of each study, by StudyInstanceUID in sorted order. */
    public static Map<String, List<DicomSeries>> byStudy(List<DicomSeries> series) {
        Map<String, List<DicomSeries>> studies = new LinkedHashMap<>();
        series.forEach(s -> studies.computeIfAbsent(s.studyUid(), k -> new ArrayList<>()).add(s));
        return studies;
    }
}
