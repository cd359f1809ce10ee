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
    public static final ObjectMapper JSON = new ObjectMapper();

    public final String study;
    public final String series;
    public String frameOfReference = "1.2.826.0.1.3680043.8.498.77";
    public String description = "LGE PSIR short axis";
    public String protocol = "";
    public int seriesNumber = 7;
    public int rows = 32;
    public int columns = 32;
    public int slices = 4;
    /** Row direction then column direction. */
    public double[] orientation = {0.8, 0.6, 0.0, 0.0, 0.0, -1.0};
    public double[] origin = {10.5, -20.25, 30.0};
    /** Between rows, between columns. */
    public double[] spacing = {1.25, 1.5};
    public double sliceGap = 8.0;
    public String syntax = "explicit";
    public double slope = 2;
    public double intercept = -100;
    public boolean signed;

    public FixtureSeries(String study, String series) {
        this.study = study;
        this.series = series;
    }

    /** The stored value of pixel (column i, row j) of slice k (k in the order along the normal). */
    public int stored(int i, int j, int k) {
        return (i * 37 + j * 101 + k * 1009 + i * j) % 4000 + (signed ? -1000 : 0);
    }

    /** The normal: row direction x column direction. */
    public double[] normal() {
        double[] r = {orientation[0], orientation[1], orientation[2]};
        double[] c = {orientation[3], orientation[4], orientation[5]};
        return new double[] {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
    }

    /** ImagePositionPatient of slice k. */
    public double[] position(int k) {
        double[] n = normal();
        return new double[] {origin[0] + k * sliceGap * n[0], origin[1] + k * sliceGap * n[1], origin[2] + k * sliceGap * n[2]};
    }

    /** Adds one file per slice to a spec, written in reverse order of position and with names that do not sort by it. */
    public void addTo(ArrayNode files, Path folder) {
        for (int k = slices - 1; k >= 0; k--) {
            files.add(image(folder.resolve("img" + ((k * 7919) % 1000) + (syntax.equals("implicit") ? "" : ".dcm")), k));
        }
    }

    public ObjectNode image(Path path, int k) {
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

    /** A structured report ({@code "sr"}) or presentation state ({@code "pr"}) of a study, for a spec. */
    public static ObjectNode nonImage(String kind, Path path, String study, String series) {
        return JSON.createObjectNode().put("kind", kind).put("path", path.toString()).put("study", study)
                .put("series", series);
    }

    /** Writes the files of a spec with pydicom. */
    public static void write(ArrayNode files, Path workDir) {
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
    public Path writeInto(Path folder) {
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
