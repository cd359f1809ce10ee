package org.mfunet.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A series the tests make and pydicom writes (src/test/resources/dicom/write_series.py): a small volume of known
 * pixels at a known place. Pixel (column i, row j) of the k-th slice written is {@link #stored(int, int, int)}.
 */
public final class FixtureSeries {
    static final ObjectMapper JSON = new ObjectMapper();

    final String study;
    final String series;
    String frameOfReference = "1.2.826.0.1.3680043.8.498.77";
    String description = "LGE PSIR short axis";
    String protocol = "";
    int seriesNumber = 7;
    int rows = 32;
    int columns = 32;
    int slices = 4;
    /** Row direction then column direction. */
    double[] orientation = {0.8, 0.6, 0.0, 0.0, 0.0, -1.0};
    double[] origin = {10.5, -20.25, 30.0};
    /** Between rows, between columns. */
    double[] spacing = {1.25, 1.5};
    double sliceGap = 8.0;
    String syntax = "explicit";
    double slope = 2;
    double intercept = -100;
    boolean signed;

    FixtureSeries(String study, String series) {
        this.study = study;
        this.series = series;
    }

    /** The stored value of pixel (column i, row j) of slice k (k in the order along the normal). */
    int stored(int i, int j, int k) {
        return (i * 37 + j * 101 + k * 1009 + i * j) % 4000 + (signed ? -1000 : 0);
    }

    /** The normal: row direction x column direction. */
    double[] normal() {
        double[] r = {orientation[0], orientation[1], orientation[2]};
        double[] c = {orientation[3], orientation[4], orientation[5]};
        return new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
    }

    /** ImagePositionPatient of slice k. */
    double[] position(int k) {
        double[] n = normal();
        return new double[] {origin[0] + k * sliceGap * n[0], origin[1] + k * sliceGap * n[1], origin[2] + k * sliceGap * n[2]};
    }

    /** Adds one file per slice to a spec, written in reverse order of position and with names that do not sort by it. */
    void addTo(ArrayNode files, Path folder) {
        for (int k = slices - 1; k >= 0; k--) {
            files.add(image(folder.resolve("img" + ((k * 7919) % 1000) + (syntax.equals("implicit") ? "" : ".dcm")), k));
        }
    }

    ObjectNode image(Path path, int k) {
        ObjectNode f = JSON.createObjectNode();
        f.put("kind", "image").put("path", path.toString()).put("syntax", syntax).put("study", study)
                .put("series", series).put("frameOfReference", frameOfReference).put("description", description)
                .put("protocol", protocol).put("seriesNumber", seriesNumber).put("instance", k + 1).put("rows", rows)
                .put("columns", columns).put("thickness", sliceGap).put("slope", slope).put("intercept", intercept)
                .put("signed", signed);
        ArrayNode pos = f.putArray("position");
        for (double v : position(k)) {
            pos.add(v);
        }
        ArrayNode ori = f.putArray("orientation");
        for (double v : orientation) {
            ori.add(v);
        }
        f.putArray("spacing").add(spacing[0]).add(spacing[1]);
        ArrayNode pixels = f.putArray("pixels");
        for (int j = 0; j < rows; j++) {
            for (int i = 0; i < columns; i++) {
                pixels.add(stored(i, j, k));
            }
        }
        return f;
    }

    /** Writes the files of a spec with pydicom. */
    static void write(ArrayNode files, Path workDir) {
        try {
            Path spec = Files.createTempFile(workDir, "spec", ".json");
            JSON.writeValue(spec.toFile(), JSON.createObjectNode().set("files", files));
            DicomTools.Result r = DicomTools.run(List.of(DicomTools.python(),
                    DicomTools.script("write_series.py").toString(), spec.toString()));
            assertEquals(0, r.exitCode(), "write_series.py failed: " + r.output());
            Files.delete(spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes this series alone into {@code folder} (created). */
    Path writeInto(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ArrayNode files = JSON.createArrayNode();
        addTo(files, folder);
        write(files, folder.getParent());
        return folder;
    }
}
