package org.mfunet.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.data.TestCohorts;

/** What a restart keeps: finished cases, the queue, and a clean failure for a case a dead process was segmenting. */
class ServeRestartTest {
    @TempDir
    Path dir;

    @Test
    void aRestartKeepsFinishedCasesResumesTheQueueAndFailsCleanlyWhatDiedRunning() throws Exception {
        Path cohort = TestCohorts.synthetic(dir.resolve("cohort"), 40, 48, 2, 5);
        Path data = dir.resolve("data");
        ServeConfig config = TestService.config(data);
        String finished;
        String interrupted;
        String waiting;
        String crashed;
        byte[] segmentation;
        GatedSegmenter gated = new GatedSegmenter(new BackgroundSegmenter());
        try (TestService first = TestService.start(config, () -> gated)) {
            gated.open();
            finished = TestService.idOf(first.upload(cohort, "synth_101", true));
            assertEquals("done", first.awaitFinished(finished).get("status").asText());
            segmentation = first.getBytes("/api/cases/" + finished + "/segmentation.nii.gz").body();
        } finally {
            gated.abort();
        }
        GatedSegmenter held = new GatedSegmenter(new BackgroundSegmenter());
        try (TestService second = TestService.start(config, () -> held)) {
            interrupted = TestService.idOf(second.upload(cohort, "synth_102", false));
            assertTrue(held.awaitReached(60));
            waiting = TestService.idOf(second.upload(cohort, "synth_101", false));
            crashed = TestService.idOf(second.upload(cohort, "synth_102", false));
            assertEquals("running", TestService.json(second.get("/api/cases/" + interrupted)).get("status").asText());
        } finally {
            held.abort();
        }
        try (CaseStore store = CaseStore.open(data)) {
            // The clean stop put the running case back in the queue and wrote nothing after.
            assertEquals(CaseStatus.QUEUED, store.read(interrupted).orElseThrow().status());
            // As if a process had died while segmenting a case, and left half an upload behind.
            store.write(store.read(crashed).orElseThrow().running());
            Files.createDirectories(data.resolve("uploads/0123/input"));
            Files.write(data.resolve("uploads/0123/input/lge.part"), new byte[] {1, 2, 3});
        }

        try (TestService third = TestService.start(config, BackgroundSegmenter::new)) {
            JsonNode kept = TestService.json(third.get("/api/cases/" + finished));
            assertEquals("done", kept.get("status").asText());
            assertTrue(kept.has("dice") && kept.has("volumes_ml"), kept.toString());
            assertArrayEquals(segmentation, third.getBytes("/api/cases/" + finished + "/segmentation.nii.gz").body());
            assertEquals("done", third.awaitFinished(interrupted).get("status").asText());
            assertEquals("done", third.awaitFinished(waiting).get("status").asText());
            JsonNode failed = third.awaitFinished(crashed);
            assertEquals("failed", failed.get("status").asText());
            assertEquals("the server stopped while this case was being segmented; send it again",
                    failed.get("error").asText());
            assertEquals(List.of(), TestService.listing(data.resolve("uploads")));
        }
    }

    @Test
    void aSecondServiceOnTheSameDataFolderIsRefused() {
        Path data = dir.resolve("data");
        try (TestService first = TestService.start(TestService.config(data), BackgroundSegmenter::new)) {
            MfunetException e = assertThrows(MfunetException.class,
                    () -> SegmentationService.start(TestService.config(data), BackgroundSegmenter::new, line -> { }));
            assertEquals("--data " + data + ": another mfunet serve is using this data folder", e.getMessage());
            assertEquals(200, first.get("/api/health").statusCode(), "the first one goes on");
        }
        TestService.start(TestService.config(data), BackgroundSegmenter::new).close();
    }
}
