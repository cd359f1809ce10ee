package org.mfunet.data;

import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One MyoPS case: the files of its co-registered sequences and, if labelled, its ground truth. The LGE is required;
 * T2 and bSSFP may be missing.
 *
 * @param prefix file-name prefix before the id, e.g. {@code myops_training}; the whole name of a case named by
 *               {@link #named} (a DICOM study)
 * @param id     case id, e.g. {@code 101}; empty for a case named by {@link #named}
 * @param images one file per {@link Sequence} the case has; the LGE is required
 * @param labels the {@code _gd} label file, or null for an unlabelled case
 */
public record MyopsCase(String prefix, String id, Map<Sequence, Path> images, Path labels) {
    public MyopsCase {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(images, "images");
        if (!images.containsKey(Sequence.REQUIRED)) {
            throw new IllegalArgumentException("case " + prefix + "_" + id + " has no " + Sequence.REQUIRED + " image");
        }
        images = Collections.unmodifiableMap(new EnumMap<>(images));
    }

    /** An unlabelled case known by one name rather than a prefix and an id, such as a DICOM study. */
    public static MyopsCase named(String name, Map<Sequence, Path> images) {
        return new MyopsCase(name, "", images, null);
    }

    /** {@code <prefix>_<id>}, e.g. {@code myops_training_101}; the name alone for a case made by {@link #named}. */
    public String name() {
        return id.isEmpty() ? prefix : prefix + "_" + id;
    }

    /** The image file of one sequence, or null when the case does not have it. */
    public Path image(Sequence sequence) {
        return images.get(sequence);
    }

    /** The sequences the case has, in channel order; the LGE always among them. */
    public Set<Sequence> sequences() {
        return Collections.unmodifiableSet(EnumSet.copyOf(images.keySet()));
    }

    /** True when the case has all three sequences. */
    public boolean complete() {
        return images.size() == Sequence.values().length;
    }

    /**
     * The sequence whose file gives the case's grid, and so the grid of its predictions: the first of
     * {@link Sequence#GRID_ORDER} (bSSFP, LGE, T2) the case has.
     */
    public Sequence gridSequence() {
        return Sequence.GRID_ORDER.stream().filter(images::containsKey).findFirst().orElseThrow();
    }

    /**
     * The same case seen with only those of its sequences that are in {@code kept}, as if the others had not been
     * acquired: what the robustness evaluations use to remove a sequence from a complete case.
     *
     * @param kept must contain the LGE
     */
    public MyopsCase withOnly(Set<Sequence> kept) {
        Map<Sequence, Path> subset = new EnumMap<>(Sequence.class);
        images.forEach((s, p) -> {
            if (kept.contains(s)) {
                subset.put(s, p);
            }
        });
        return new MyopsCase(prefix, id, subset, labels);
    }

    /** True when the case has a label file. */
    public boolean labelled() {
        return labels != null;
    }
}
