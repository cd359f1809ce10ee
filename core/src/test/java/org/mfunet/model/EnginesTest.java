package org.mfunet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnginesTest {
    @TempDir
    Path cache;

    /** Started in a fresh JVM: configures the engine as the command line does, then loads and uses it. */
    public static void main(String[] args) {
        Engines.configure(false);
        try (NDManager manager = Engines.engine().newBaseManager()) {
            float sum = manager.ones(new ai.djl.ndarray.types.Shape(2, 3)).sum().getFloat();
            System.out.println(System.getProperty("ai.djl.offline") + " " + Engines.engine().getEngineName() + " "
                    + Engines.engine().getVersion() + " " + sum);
        }
    }

    @Test
    void engineStartsOfflineFromTheBundledNativesWithoutAWordOnTheConsole() throws IOException, InterruptedException {
        // No -Dai.djl.offline here: the program must set it itself, and an empty cache forces the natives to
        // come out of the pytorch-native-cpu jar rather than from an earlier run's download or extraction.
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-DDJL_CACHE_DIR=" + cache, "-DENGINE_CACHE_DIR=" + cache, "-cp", System.getProperty("java.class.path"),
                EnginesTest.class.getName())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.exitValue(), err);
        assertEquals("true PyTorch 2.7.1 6.0", out);
        assertEquals("", err);
    }
}
