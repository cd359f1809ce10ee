package org.mfunet.scratch;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mfunet.data.*;

class CropProbe {
    @Test
    void probe() {
        for (MyopsCase c : MyopsCohort.scan(Path.of("/tmp/demo2"), null)) {
            CaseVolumes v = CaseVolumes.load(c);
            long all = 0;
            for (byte b : v.classes()) if (b != 0) all++;
            StringBuilder sb = new StringBuilder(c.name());
            for (int side : new int[] {128, 144, 160, 176, 192}) {
                long inside = 0, pin = 0;
                for (PreparedSlice s : new SlicePreparation(side).prepare(v)) for (byte b : s.classes()) { if (b != 0) inside++; if (b >= 4) pin++; }
                sb.append(String.format(" %d:%.2f", side, inside / (double) all));
            }
            System.out.println(sb);
        }
    }
}
