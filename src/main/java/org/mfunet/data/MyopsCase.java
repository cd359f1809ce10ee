package org.mfunet.data;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One MyoPS case: the files of its three co-registered sequences and, if labelled, its ground truth.
 *
 * @param prefix file-name prefix before the id, e.g. {@code myops_training}
 * @param id     case id, e.g. {@code 101}
 * @param images one file per {@link Sequence}; all three are required
 * @param labels the {@code _gd} label file, or null for an unlabelled case
 */
public record MyopsCase(String prefix, String id, Map<Sequence, Path> images, Path labels) {
    public MyopsCase {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(images, "images");
        for (Sequence s : Sequence.values()) {
            if (!images.containsKey(s)) {
                throw new IllegalArgumentException("case " + prefix + "_" + id + " has no " + s + " image");
            }
        }
        images = Map.copyOf(new EnumMap<>(images));
    }

    /** {@code <prefix>_<id>}, e.g. {@code myops_training_101}. */
    public String name() {
        return prefix + "_" + id;
    }

    /** The image file of one sequence. */
    public Path image(Sequence sequence) {
        return images.get(sequence);
    }

    /** True when the case has a label file. */
    public boolean labelled() {
        return labels != null;
    }
}
