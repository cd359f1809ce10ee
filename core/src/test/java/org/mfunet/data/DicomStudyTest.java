package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.dicom.DicomTools;
import org.mfunet.dicom.FixtureSeries;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;

/**
 * A DICOM study written by pydicom becomes a case on its LGE's grid, and its segmentation a SEG object that dciodvfy
 * accepts and pydicom decodes, frame by frame at the referenced positions, into the NIfTI segmentation written beside.
 */
class DicomStudyTest {
    static final String STUDY = "1.2.826.0.1.3680043.8.498.100";

    /** LGE and T2 on one grid, a bSSFP on a coarser one, and a structured report, in patient01/. */
    static Path writeStudy(Path dir) {
        Path root = dir.resolve("in");
        Path patient = root.resolve("patient01");
        ArrayNode files = FixtureSeries.JSON.createArrayNode();
        FixtureSeries lge = new FixtureSeries(STUDY, STUDY + ".1");
        lge.addTo(files, mkdirs(patient.resolve("lge")));
        FixtureSeries t2 = new FixtureSeries(STUDY, STUDY + ".2");
        t2.description = "T2 STIR SAX";
        t2.seriesNumber = 5;
        t2.syntax = "implicit";
        t2.slope = 3;
        t2.intercept = 7;
        t2.addTo(files, mkdirs(patient.resolve("t2")));
        FixtureSeries cine = new FixtureSeries(STUDY, STUDY + ".3");
        cine.description = "";
        cine.protocol = "cine_trufi_sax";
        cine.seriesNumber = 3;
        cine.rows = 16;
        cine.columns = 20;
        cine.spacing = new double[] {2.5, 2.4};
        cine.slices = 5;
        cine.sliceGap = 6.0;
        cine.addTo(files, mkdirs(patient.resolve("cine")));
        files.add(FixtureSeries.nonImage("sr", patient.resolve("report"), STUDY, STUDY + ".9"));
        FixtureSeries.write(files, dir);
        return root;
    }

    static Path mkdirs(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every class somewhere: stripes of the six label values shifted per slice. */
    static int[] labels(int nx, int ny, int nz) {
        int[] values = {0, MyopsLabels.MYOCARDIUM, MyopsLabels.LV, MyopsLabels.RV, MyopsLabels.EDEMA, MyopsLabels.SCAR};
        int[] out = new int[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    out[x + nx * (y + ny * z)] = values[(x / 5 + 2 * (y / 7) + z) % values.length];
                }
            }
        }
        return out;
    }

    @Test
    void aStudyBecomesACaseOnTheLgeGridWithItsSeriesNamed(@TempDir Path dir) {
        Path root = writeStudy(dir);
        DicomStudies.Listing listing = DicomStudies.list(root, Map.of());
        assertEquals(1, listing.studies().size(), listing.toString());
        assertTrue(listing.failures().isEmpty(), listing.failures().toString());
        assertTrue(listing.notes().stream().anyMatch(n -> n.contains("report") && n.contains("not an image")
                && n.endsWith("ignored")), listing.notes().toString());
        DicomStudy study = listing.studies().get(0);
        assertEquals("patient01", study.name());

        StudyVolumes loaded = study.load(SeriesRules.DEFAULT, Sequence.all());
        assertEquals(STUDY + ".1", loaded.used().get(Sequence.LGE).seriesUid());
        assertEquals(STUDY + ".2", loaded.used().get(Sequence.T2).seriesUid());
        assertEquals(STUDY + ".3", loaded.used().get(Sequence.BSSFP).seriesUid());
        assertEquals(List.of("bSSFP resampled (trilinear) from its 20 x 16 x 5 grid onto the LGE's 32 x 32 x 4"),
                loaded.notes());
        CaseVolumes v = loaded.volumes();
        assertEquals("patient01", v.source().name());
        assertArrayEquals(new int[] {32, 32, 4}, new int[] {v.nx(), v.ny(), v.nz()});
        assertArrayEquals(loaded.lge().voxels(), v.images().get(Sequence.LGE));
        float[] lge = v.images().get(Sequence.LGE);
        float[] t2 = v.images().get(Sequence.T2);
        for (int i = 0; i < lge.length; i++) {
            assertEquals((lge[i] + 100) / 2 * 3 + 7, t2[i], 0, "T2 on the LGE's grid is used as read, voxel " + i);
        }
        assertArrayEquals(new double[] {1.5, 1.25, 8.0}, v.grid().pixdim(), 1e-6);
    }

    @Test
    void theSegmentationPassesDciodvfyAndPydicomDecodesItIntoTheNiftiSegmentation(@TempDir Path dir) throws IOException {
        DicomTools.require("dciodvfy");
        String python = DicomTools.python();
        Path root = writeStudy(dir);
        StudyVolumes loaded = DicomStudies.list(root, Map.of()).studies().get(0).load(SeriesRules.DEFAULT, Sequence.all());
        CaseVolumes v = loaded.volumes();
        int[] labels = labels(v.nx(), v.ny(), v.nz());
        Path out = Files.createDirectories(dir.resolve("out"));
        Path nifti = SegmentationFiles.segmentation(out, "patient01");
        SegmentationFiles.writeLabels(nifti, v.grid(), labels);
        Path seg = loaded.writeSegmentation(out, labels, "test");
        assertEquals("patient01_seg.dcm", seg.getFileName().toString());

        DicomTools.Result check = DicomTools.run(List.of("dciodvfy", seg.toString()));
        assertTrue(check.output().contains("Segmentation"), check.output());
        List<String> errors = check.output().lines().filter(l -> l.startsWith("Error")).toList();
        assertTrue(errors.isEmpty(), "dciodvfy: " + String.join("\n", errors));

        DicomTools.Result read = DicomTools.run(List.of(python, DicomTools.script("read_seg.py").toString(),
                seg.toString(), root.toString()));
        assertEquals(0, read.exitCode(), read.output());
        JsonNode back = FixtureSeries.JSON.readTree(read.output());
        assertEquals(0, back.get("errors").size(), back.get("errors").toString());
        assertEquals("SEG", back.get("modality").asText());
        assertEquals(STUDY, back.get("study").asText());
        assertEquals(STUDY + ".1", back.get("referencedSeries").asText());
        assertEquals("[4,32,32]", back.get("shape").toString());
        List<String> types = List.of("Left Ventricle Myocardium", "Left Ventricle", "Right Ventricle", "Edema", "Scar");
        for (int s = 0; s < 5; s++) {
            assertEquals(s + 1, back.get("segments").get(s).get("number").asInt());
            assertEquals(types.get(s), back.get("segments").get(s).get("type").asText());
        }
        NiftiImage written = NiftiReader.read(nifti);
        JsonNode decoded = back.get("labels");
        int nx = v.nx();
        int ny = v.ny();
        int mismatches = 0;
        for (int z = 0; z < v.nz(); z++) {
            for (int row = 0; row < ny; row++) {
                for (int x = 0; x < nx; x++) {
                    int segment = decoded.get(x + nx * (row + ny * z)).asInt();
                    int label = (int) written.get(x, ny - 1 - row, z);
                    if (MyopsLabels.classOf(label) != segment) {
                        mismatches++;
                    }
                }
            }
        }
        assertEquals(0, mismatches, "voxels where the SEG and the NIfTI segmentation disagree");
        assertFalse(Files.list(out).anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
}
