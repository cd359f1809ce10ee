package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code mfunet info} through Main.run: JSON fields against the nibabel sidecars, and clean errors. */
class InfoCommandTest {
    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(InfoCommandTest.class.getResource("/nifti/" + name).toURI());
    }

    @ParameterizedTest
    @CsvSource({"scaled_int16_be.nii.gz, scaled_int16_be.json, 0", "nan_float32.nii.gz, nan_float32.json, 1",
        "image4d.nii, image4d.json, 0"})
    void jsonMatchesNibabel(String image, String sidecar, int nans) throws Exception {
        CliRun r = CliRun.of("info", fixture(image).toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode info = new ObjectMapper().readTree(r.out());
        JsonNode expected = new ObjectMapper().readTree(fixture(sidecar).toFile());
        assertEquals(expected.get("dims"), info.get("dims"));
        assertEquals(expected.get("datatype"), info.get("datatype"));
        assertEquals(expected.get("byte_order"), info.get("byte_order"));
        assertEquals(expected.get("qform_code"), info.get("qform_code"));
        assertEquals(expected.get("sform_code"), info.get("sform_code"));
        assertEquals(expected.get("sform").get(0), info.get("srow_x"));
        assertEquals(expected.get("pixdim"), info.get("pixdim"));
        assertEquals(nans, info.get("nan_count").asInt());
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        int n = 0;
        for (JsonNode v : expected.get("values")) {
            if (!v.isNull()) {
                min = Math.min(min, v.asDouble());
                max = Math.max(max, v.asDouble());
                sum += v.asDouble();
                n++;
            }
        }
        assertEquals((float) min, info.get("min").asDouble(), Math.ulp((float) min));
        assertEquals((float) max, info.get("max").asDouble(), Math.ulp((float) max));
        assertEquals(sum / n, info.get("mean").asDouble(), 1e-6 * Math.max(1, Math.abs(sum / n)));
        for (String key : new String[] {"scl_slope", "scl_inter", "srow_y", "srow_z", "description", "vox_offset",
            "quatern", "qoffset", "qfac", "affine"}) {
            assertTrue(info.has(key), key);
        }
    }

    @Test
    void textSummaryNamesTheEssentials() throws Exception {
        CliRun r = CliRun.of("info", fixture("image2d.nii.gz").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("dims         5 x 4  (uint8, little-endian)"), r.out());
        assertTrue(r.out().contains("20 voxels, 0 NaN"), r.out());
    }

    @Test
    void badFilesGiveOneLineAndExitOne() throws Exception {
        Path broken = Files.write(dir.resolve("broken.nii.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        for (Path file : new Path[] {broken, dir.resolve("missing.nii")}) {
            CliRun r = CliRun.of("info", file.toString(), "--json");
            assertEquals(1, r.code());
            assertEquals("", r.out());
            assertTrue(r.err().startsWith("error: " + file + ": "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("\tat "), r.err());
        }
    }
}
