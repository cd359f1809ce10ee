package org.mfunet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mfunet.MfunetException;

/**
 * Finds MyoPS cases in a folder by file name: {@code <prefix>_<id>_C0}, {@code _DE} and {@code _T2}
 * ({@code .nii} or {@code .nii.gz}), with optional labels {@code <prefix>_<id>_gd} either next to the
 * images or in a separate labels folder (the official release ships {@code train25/} and
 * {@code train25_myops_gd/}).
 */
public final class MyopsCohort {
    private static final Pattern FILE = Pattern.compile("(.+)_([^_]+)_(C0|DE|T2|gd)\\.nii(\\.gz)?");
    private static final String LABELS = "gd";

    private MyopsCohort() {
    }

    /**
     * Lists the cases of a folder, sorted by {@link MyopsCase#name()}.
     *
     * @param imagesDir folder holding the images (and possibly the labels); not searched recursively
     * @param labelsDir separate folder of {@code _gd} files, or null to look for labels in {@code imagesDir}
     * @throws MfunetException if a folder is missing, holds no case, a case lacks a sequence, a file exists
     *                         both as {@code .nii} and {@code .nii.gz}, or a label file has no images
     */
    public static List<MyopsCase> scan(Path imagesDir, Path labelsDir) {
        Map<String, Map<String, Path>> files = new TreeMap<>();
        Map<String, String[]> keys = new TreeMap<>();
        collect(imagesDir, files, keys);
        if (labelsDir != null && !sameFolder(imagesDir, labelsDir)) {
            collect(labelsDir, files, keys);
        }
        List<MyopsCase> cases = new ArrayList<>();
        for (Map.Entry<String, Map<String, Path>> entry : files.entrySet()) {
            String name = entry.getKey();
            Map<String, Path> bySuffix = entry.getValue();
            String[] key = keys.get(name);
            if (bySuffix.size() == 1 && bySuffix.containsKey(LABELS)) {
                throw new MfunetException(bySuffix.get(LABELS) + ": labels of case " + name
                        + " have no images in " + imagesDir);
            }
            Map<Sequence, Path> images = new EnumMap<>(Sequence.class);
            for (Sequence s : Sequence.values()) {
                Path p = bySuffix.get(s.suffix());
                if (p == null) {
                    throw new MfunetException("case " + name + ": missing the " + s + " sequence ("
                            + name + "_" + s.suffix() + ".nii[.gz]) in " + imagesDir);
                }
                images.put(s, p);
            }
            cases.add(new MyopsCase(key[0], key[1], images, bySuffix.get(LABELS)));
        }
        if (cases.isEmpty()) {
            throw new MfunetException(imagesDir + ": no MyoPS case found (expected files named"
                    + " <prefix>_<id>_C0, _DE and _T2 with .nii or .nii.gz)");
        }
        cases.sort(Comparator.comparing(MyopsCase::name));
        return List.copyOf(cases);
    }

    private static void collect(Path dir, Map<String, Map<String, Path>> files, Map<String, String[]> keys) {
        if (!Files.isDirectory(dir)) {
            throw new MfunetException(dir + ": no such folder");
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path p : entries) {
            Matcher m = FILE.matcher(p.getFileName().toString());
            if (!m.matches() || !Files.isRegularFile(p)) {
                continue;
            }
            String name = m.group(1) + "_" + m.group(2);
            keys.putIfAbsent(name, new String[] {m.group(1), m.group(2)});
            Path previous = files.computeIfAbsent(name, k -> new TreeMap<>()).putIfAbsent(m.group(3), p);
            if (previous != null) {
                throw new MfunetException(p + ": duplicate of " + previous + "; keep only one of them");
            }
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
