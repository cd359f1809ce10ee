package org.mfunet.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.Sequence;
import org.mfunet.data.SyntheticCohort;

/**
 * The built-in cases the viewer offers to try the service without files of one's own: the first cases of the
 * synthetic cohort that {@code mfunet synth} writes by default (seed {@value #SEED}), labels included.
 */
final class DemoCases {
    static final long SEED = 42;
    static final int COUNT = 5;

    private DemoCases() {
    }

    /** Their names: synth_101, synth_102, ... */
    static List<String> names() {
        return IntStream.range(0, COUNT).mapToObj(i -> SyntheticCohort.PREFIX + "_" + (SyntheticCohort.FIRST_ID + i)).toList();
    }

    /**
     * Writes demo case {@code name} into {@code inputFolder} as the inputs of case {@code id} and checks it as an upload.
     *
     * @param name one of {@link #names()}
     */
    static CaseUpload.Received write(String name, Path inputFolder, String id) throws IOException {
        int index = names().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("no demo case " + name);
        }
        MyopsCase written = SyntheticCohort.DEFAULT.writeCase(inputFolder, index, SEED);
        for (Sequence s : Sequence.values()) {
            Files.move(written.image(s), CaseStore.inputFile(inputFolder, id, s.suffix(), true));
        }
        Files.move(written.labels(), CaseStore.inputFile(inputFolder, id, "gd", true));
        return CaseUpload.check(CaseStore.inputCase(inputFolder, id, true));
    }
}
