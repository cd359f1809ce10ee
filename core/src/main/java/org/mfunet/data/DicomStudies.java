package org.mfunet.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;
import org.mfunet.dicom.DicomFolder;
import org.mfunet.dicom.DicomSeries;

/**
 * The DICOM studies of an input folder, named for their outputs: after the study's folder under the input when each
 * study has a folder of its own (all its files under one first-level folder that no other study uses), else after
 * their StudyInstanceUIDs. Files that could not be read make their study fail (or, when not even their study is
 * known, stand as failures of their own); objects that are not images and files that are not DICOM are noted.
 */
public final class DicomStudies {
    private static final int NAMED_FILES = 5;

    private DicomStudies() {
    }

    /**
     * What an input folder holds.
     *
     * @param studies  the studies to segment, by name
     * @param failures study name (or file, when its study is unknown) to the one-line reason it cannot be segmented
     * @param notes    lines about what was set aside
     */
    public record Listing(List<DicomStudy> studies, Map<String, String> failures, List<String> notes) {
        public Listing {
            studies = List.copyOf(studies);
            failures = java.util.Collections.unmodifiableMap(new TreeMap<>(failures));
            notes = List.copyOf(notes);
        }
    }

    /**
     * Lists the studies under {@code root}.
     *
     * @param chosenSeries SeriesInstanceUIDs the user named; each must be in the folder
     * @throws MfunetException when the folder holds no DICOM file at all, or a named series is not there
     */
    public static Listing list(Path root, Map<Sequence, String> chosenSeries) {
        DicomFolder.Scan scan = DicomFolder.scan(root);
        if (!scan.hasDicom()) {
            throw new MfunetException(root + ": no MyoPS case (<prefix>_<id>_DE.nii[.gz]) and no DICOM file"
                    + (scan.notDicom().isEmpty() ? " (the folder is empty)" : " among its " + scan.notDicom().size()
                    + " files"));
        }
        Set<String> uids = scan.series().stream().map(DicomSeries::seriesUid).collect(Collectors.toSet());
        chosenSeries.forEach((sequence, uid) -> {
            if (!uids.contains(uid)) {
                throw new MfunetException("--series " + sequence.title() + "=" + uid + ": no image series with that"
                        + " SeriesInstanceUID under " + root);
            }
        });
        Map<String, List<DicomSeries>> byStudy = new TreeMap<>(DicomFolder.byStudy(scan.series()));
        Map<String, List<String>> problems = new TreeMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        for (DicomFolder.Problem p : scan.problems()) {
            if (p.studyUid() == null) {
                failures.put(p.file().toString(), p.message());
            } else {
                problems.computeIfAbsent(p.studyUid(), k -> new ArrayList<>()).add(p.message());
                byStudy.putIfAbsent(p.studyUid(), List.of());
            }
        }
        Map<String, String> names = names(root, byStudy, scan);
        List<DicomStudy> studies = new ArrayList<>();
        byStudy.forEach((uid, series) -> {
            String name = names.get(uid);
            List<String> bad = problems.getOrDefault(uid, List.of());
            if (!bad.isEmpty()) {
                failures.put(name, bad.get(0) + (bad.size() > 1 ? " (and " + (bad.size() - 1) + " more unreadable"
                        + " files)" : ""));
            } else {
                studies.add(new DicomStudy(name, uid, series));
            }
        });
        studies.sort(java.util.Comparator.comparing(DicomStudy::name));
        List<String> notes = new ArrayList<>();
        scan.ignored().forEach(line -> notes.add(line + ": ignored"));
        if (!scan.notDicom().isEmpty()) {
            List<Path> files = scan.notDicom();
            notes.add("ignored " + files.size() + " file(s) that are not DICOM Part 10 (no \"DICM\" after a 128-byte"
                    + " preamble): " + files.stream().limit(NAMED_FILES).map(Path::toString)
                    .collect(Collectors.joining(", ")) + (files.size() > NAMED_FILES ? " and "
                    + (files.size() - NAMED_FILES) + " more" : ""));
        }
        return new Listing(studies, failures, notes);
    }

    /** Study UID to output name: first-level folders when each study has its own, else the UIDs. */
    private static Map<String, String> names(Path root, Map<String, List<DicomSeries>> byStudy, DicomFolder.Scan scan) {
        Map<String, Set<String>> folders = new TreeMap<>();
        byStudy.forEach((uid, series) -> {
            Set<String> firsts = new HashSet<>();
            series.forEach(s -> s.images().forEach(i -> firsts.add(firstFolder(root, i.path()))));
            folders.put(uid, firsts);
        });
        scan.problems().stream().filter(p -> p.studyUid() != null).forEach(p ->
                folders.get(p.studyUid()).add(firstFolder(root, p.file())));
        Set<String> used = new HashSet<>();
        boolean own = folders.values().stream().allMatch(f -> f.size() == 1 && !f.contains("")
                && used.add(f.iterator().next()));
        Map<String, String> names = new TreeMap<>();
        folders.forEach((uid, f) -> names.put(uid, own ? f.iterator().next() : uid));
        return names;
    }

    private static String firstFolder(Path root, Path file) {
        Path relative = root.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize());
        return relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
    }
}
