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
 * Finds MyoPS cases in a folder by file name: {@code <prefix>_<id>_DE} (LGE, required), {@code _C0} and {@code _T2}
 * (either may be missing) ({@code .nii} or {@code .nii.gz}), with optional labels {@code <prefix>_<id>_gd} either next
 * to the images or in a separate labels folder (the official release ships {@code train25/} and
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
     * @throws MfunetException if a folder is missing, holds no case, a case lacks its LGE, a file exists
     *                         both as {@code .nii} and {@code .nii.gz}, or a label file has no images
     */
    public static List<MyopsCase> scan(Path imagesDir, Path labelsDir) {
        Listing listing = list(imagesDir, labelsDir);
        if (!listing.incomplete().isEmpty()) {
            throw new MfunetException(listing.incomplete().values().iterator().next());
        }
        return listing.cases();
    }

    /**
     * The complete cases of a folder and, apart, the incomplete ones, so that a caller can go on with the
     * others and report these (as {@code predict} does).
     *
     * @param cases      complete cases, sorted by name
     * @param incomplete case name to the one-line reason it is incomplete, sorted by name
     */
    public record Listing(List<MyopsCase> cases, Map<String, String> incomplete) {
        public Listing {
            cases = List.copyOf(cases);
            incomplete = java.util.Collections.unmodifiableMap(new TreeMap<>(incomplete));
        }
    }

    /**
     * As {@link #scan} but a case that lacks its LGE or whose labels have no images is listed as
     * incomplete instead of refusing the folder.
     *
     * @throws MfunetException if a folder is missing, holds no case at all, or a file exists both as
     *                         {@code .nii} and {@code .nii.gz}
     */
    public static Listing list(Path imagesDir, Path labelsDir) {
        Map<String, Map<String, Path>> files = new TreeMap<>();
        Map<String, String[]> keys = new TreeMap<>();
        collect(imagesDir, files, keys);
        if (labelsDir != null && !sameFolder(imagesDir, labelsDir)) {
            collect(labelsDir, files, keys);
        }
        if (files.isEmpty()) {
            throw new MfunetException(imagesDir + ": no MyoPS case found (expected files named"
                    + " <prefix>_<id>_DE, with _C0 and _T2 where acquired, .nii or .nii.gz)");
        }
        List<MyopsCase> cases = new ArrayList<>();
        Map<String, String> incomplete = new TreeMap<>();
        for (Map.Entry<String, Map<String, Path>> entry : files.entrySet()) {
            String name = entry.getKey();
            Map<String, Path> bySuffix = entry.getValue();
            String[] key = keys.get(name);
            if (bySuffix.size() == 1 && bySuffix.containsKey(LABELS)) {
                incomplete.put(name, bySuffix.get(LABELS) + ": labels of case " + name + " have no images in " + imagesDir);
                continue;
            }
            Map<Sequence, Path> images = new EnumMap<>(Sequence.class);
            for (Sequence s : Sequence.values()) {
                Path p = bySuffix.get(s.suffix());
                if (p != null) {
                    images.put(s, p);
                }
            }
            if (images.containsKey(Sequence.REQUIRED)) {
                cases.add(new MyopsCase(key[0], key[1], images, bySuffix.get(LABELS)));
            } else {
                incomplete.put(name, "case " + name + ": missing the LGE sequence (" + name + "_"
                        + Sequence.REQUIRED.suffix() + ".nii[.gz]) in " + imagesDir + ", which every case needs; it has "
                        + String.join(", ", bySuffix.values().stream().map(p -> p.getFileName().toString()).toList()));
            }
        }
        cases.sort(Comparator.comparing(MyopsCase::name));
        return new Listing(cases, incomplete);
    }

    /**
     * The cases of a folder, as {@link #list}, or of a list file: one case per line, the path of its LGE file
     * ({@code <prefix>_<id>_DE.nii[.gz]}, relative paths from the list's folder), its other sequences taken from beside
     * it; blank lines and lines starting with {@code #} are skipped. Cases are sorted by name either way.
     *
     * @param input a folder of cases or a list file
     * @throws MfunetException naming the list and line when a line is not an existing LGE file or names a case twice,
     *                         and as {@link #list} for the folders
     */
    public static Listing listInput(Path input) {
        if (Files.isDirectory(input)) {
            return list(input, null);
        }
        if (!Files.isRegularFile(input)) {
            throw new MfunetException(input + ": no such folder or list of cases");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(input);
        } catch (IOException e) {
            throw new MfunetException(input + ": cannot read the list of cases (" + e.getMessage() + ")");
        }
        Map<String, Integer> lineOf = new TreeMap<>();
        Map<Path, List<String>> namesByFolder = new TreeMap<>();
        Path base = input.toAbsolutePath().getParent();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = input + ":" + (i + 1) + ": ";
            Path lge = base.resolve(line).normalize();
            Matcher m = FILE.matcher(lge.getFileName().toString());
            if (!m.matches() || !m.group(3).equals(Sequence.REQUIRED.suffix())) {
                throw new MfunetException(where + line + " is not a case's LGE file (<prefix>_<id>_"
                        + Sequence.REQUIRED.suffix() + ".nii[.gz])");
            }
            if (!Files.isRegularFile(lge)) {
                throw new MfunetException(where + line + ": no such file");
            }
            String name = m.group(1) + "_" + m.group(2);
            Integer previous = lineOf.putIfAbsent(name, i + 1);
            if (previous != null) {
                throw new MfunetException(where + "case " + name + " is listed again (first on line " + previous
                        + "); its predictions would overwrite each other");
            }
            namesByFolder.computeIfAbsent(lge.getParent(), k -> new ArrayList<>()).add(name);
        }
        if (lineOf.isEmpty()) {
            throw new MfunetException(input + ": the list of cases names no case (one LGE file per line)");
        }
        List<MyopsCase> cases = new ArrayList<>();
        Map<String, String> incomplete = new TreeMap<>();
        namesByFolder.forEach((folder, names) -> {
            Listing listing = list(folder, null);
            listing.cases().stream().filter(c -> names.contains(c.name())).forEach(cases::add);
            listing.incomplete().forEach((name, reason) -> {
                if (names.contains(name)) {
                    incomplete.put(name, reason);
                }
            });
        });
        cases.sort(Comparator.comparing(MyopsCase::name));
        return new Listing(cases, incomplete);
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

    /**
     * True when {@code dir} (not its subfolders) holds at least one file named as a MyoPS image or label; false for a
     * folder of DICOM files, whatever their names.
     */
    public static boolean holdsCases(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.anyMatch(p -> FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameFolder(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
