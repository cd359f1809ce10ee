package org.mfunet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.MyopsCohort;
import org.mfunet.nifti.NiftiDatatype;
import org.mfunet.nifti.NiftiReader;

class SynthCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesSixReadableLabelledCasesAndAPreview() throws IOException {
        Path cohort = dir.resolve("cohort");
        Path png = dir.resolve("slice.png");

        CliRun r = CliRun.of("synth", "--out", cohort.toString(), "--cases", "6", "--seed", "3", "--preview", png.toString());

        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        try (Stream<Path> files = Files.list(cohort)) {
            assertEquals(24, files.count());
        }
        List<MyopsCase> cases = MyopsCohort.scan(cohort, null);
        assertEquals(List.of("synth_101", "synth_102", "synth_103", "synth_104", "synth_105", "synth_106"),
                cases.stream().map(MyopsCase::name).toList());
        for (MyopsCase c : cases) {
            CaseVolumes v = CaseVolumes.load(c);
            assertTrue(v.labelled() && v.nx() >= 160 && v.nx() <= 512 && v.ny() >= 160 && v.ny() <= 512, c.name());
            assertEquals(NiftiDatatype.INT16, NiftiReader.readHeader(c.labels()).datatype());
        }
        BufferedImage preview = ImageIO.read(png.toFile());
        CaseVolumes first = CaseVolumes.load(cases.get(0));
        assertEquals(first.ny() + 22, preview.getHeight());
        assertTrue(r.out().startsWith("wrote 6 cases (24 files) to " + cohort), r.out());
    }

    @Test
    void refusesFewerThanOneCase() {
        CliRun r = CliRun.of("synth", "--out", dir.resolve("none").toString(), "--cases", "0");
        assertEquals(1, r.code());
        assertEquals("error: --cases must be at least 1, got 0", r.err().strip());
        assertTrue(Files.notExists(dir.resolve("none")));
    }
}
