package org.mfunet.nifti;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The nibabel-made fixtures of src/test/resources/nifti and their JSON sidecars. */
final class Fixtures {
    private Fixtures() {
    }

    static Path folder() {
        try {
            return Path.of(Fixtures.class.getResource("/nifti").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every fixture image (sidecars excluded), sorted by name. */
    static List<Path> images() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.filter(p -> p.toString().endsWith(".nii") || p.toString().endsWith(".nii.gz"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode sidecar(Path image) {
        String name = image.getFileName().toString().replaceAll("\\.nii(\\.gz)?$", ".json");
        try {
            return new ObjectMapper().readTree(image.resolveSibling(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
