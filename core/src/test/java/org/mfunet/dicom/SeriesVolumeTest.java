package org.mfunet.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;

/** Series written by pydicom, read by mfunet and converted by dcm2niix: the two volumes must agree. */
class SeriesVolumeTest {
    static Stream<Arguments> series() {
        return Stream.of(
                Arguments.of("oblique, explicit VR, rescaled", "explicit", new double[] {0.8, 0.6, 0, 0, 0, -1}, 4,
                        false, 2.0, -100.0),
                Arguments.of("double oblique, implicit VR, signed", "implicit",
                        new double[] {0.936293, 0.289629, -0.198669, -0.275509, 0.956425, 0.096890}, 4, true, 1.0, 0.0),
                Arguments.of("sagittal, one slice", "explicit", new double[] {0, 1, 0, 0, 0, -1}, 1, false, 1.0, 0.0),
                Arguments.of("axial, flipped rows", "implicit", new double[] {1, 0, 0, 0, -1, 0}, 3, true, 0.5, 3.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("series")
    void agreesWithDcm2niix(String name, String syntax, double[] orientation, int slices, boolean signed, double slope,
                            double intercept, @TempDir Path dir) throws IOException {
        DicomTools.require("dcm2niix");
        FixtureSeries fixture = new FixtureSeries("1.2.826.0.1.3680043.8.498.1", "1.2.826.0.1.3680043.8.498.2");
        fixture.syntax = syntax;
        fixture.orientation = orientation;
        fixture.slices = slices;
        fixture.signed = signed;
        fixture.slope = slope;
        fixture.intercept = intercept;
        fixture.rows = 24;
        Path folder = fixture.writeInto(dir.resolve("series"));

        DicomFolder.Scan scan = DicomFolder.scan(folder);
        assertEquals(1, scan.series().size(), scan.toString());
        SeriesVolume volume = SeriesVolume.of(scan.series().get(0));

        Path out = Files.createDirectories(dir.resolve("nifti"));
        DicomTools.Result r = DicomTools.run(List.of("dcm2niix", "-z", "n", "-b", "n", "-f", "series", "-o",
                out.toString(), folder.toString()));
        assertEquals(0, r.exitCode(), r.output());
        NiftiImage reference = NiftiReader.read(out.resolve("series.nii"));
        assertArrayEquals(new int[] {reference.nx(), reference.ny(), reference.nz()},
                new int[] {volume.nx(), volume.ny(), volume.nz()}, "dims");
        double[][] affine = reference.header().affine();
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(affine[i], volume.affine()[i], 1e-3, "affine row " + i);
        }
        assertArrayEquals(reference.data(), volume.voxels(), "voxel values");
        assertEquals(fixture.stored(3, 0, 0) * slope + intercept, volume.voxels()[3 + 24 * 32 * 0 + 32 * 23], 0,
                "first row of the first slice is the last y");
    }

    @Test
    void slicesAreSortedAlongTheNormalWhateverTheFileNames(@TempDir Path dir) {
        FixtureSeries fixture = new FixtureSeries("1.2.3", "1.2.3.4");
        fixture.writeInto(dir.resolve("s"));
        SeriesVolume volume = SeriesVolume.of(DicomFolder.scan(dir).series().get(0));
        for (int z = 0; z < fixture.slices; z++) {
            assertArrayEquals(fixture.position(z), volume.position(z), 1e-9, "slice " + z);
        }
        assertArrayEquals(new double[] {1.5, 1.25, 8.0}, volume.spacing(), 1e-9);
    }
}
