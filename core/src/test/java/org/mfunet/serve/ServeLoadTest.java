package org.mfunet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.data.TestCohorts;

/** The bounded queue under load: 50 uploads from 10 threads with a queue of 8. */
class ServeLoadTest {
    static final int UPLOADS = 50;
    static final int CLIENTS = 10;
    static final int QUEUE = 8;

    @TempDir
    Path dir;

    /**
     * The first case accepted is held at its last slice until every upload is answered, so the queue fills for
     * certain: every request ends in 202 or 429, the queue never holds more than 8, and every 202 finishes.
     */
    @Test
    void everyUploadIsAcceptedOrRefusedAndEveryAcceptedOneFinishes() throws Exception {
        Path cohort = TestCohorts.synthetic(dir.resolve("cohort"), 40, 48, 1, 5);
        GatedSegmenter gated = new GatedSegmenter(new BackgroundSegmenter());
        try (TestService served = TestService.start(TestService.config(dir.resolve("data")).withMaxQueue(QUEUE),
                () -> gated)) {
            AtomicInteger longestQueue = new AtomicInteger();
            AtomicBoolean uploading = new AtomicBoolean(true);
            Thread watcher = new Thread(() -> {
                while (uploading.get()) {
                    longestQueue.accumulateAndGet(served.service.waitingCount(), Math::max);
                    Thread.onSpinWait();
                }
            });
            watcher.start();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<HttpResponse<String>> answers = new ArrayList<>();
            try {
                List<Future<HttpResponse<String>>> pending = new ArrayList<>();
                for (int i = 0; i < UPLOADS; i++) {
                    pending.add(clients.submit(() -> served.upload(cohort, "synth_101", false)));
                }
                for (Future<HttpResponse<String>> f : pending) {
                    answers.add(f.get(120, TimeUnit.SECONDS));
                }
            } finally {
                clients.shutdownNow();
                uploading.set(false);
                watcher.join();
            }
            List<String> accepted = new ArrayList<>();
            for (HttpResponse<String> answer : answers) {
                if (answer.statusCode() == 202) {
                    accepted.add(TestService.idOf(answer));
                } else {
                    ServeApiTest.assertError(429, "the queue is full (8 cases waiting); try again later", answer);
                    assertEquals("5", answer.headers().firstValue("Retry-After").orElseThrow());
                }
            }
            // Eight wait and, if the worker took the first before the queue filled, a ninth runs.
            assertTrue(accepted.size() == QUEUE || accepted.size() == QUEUE + 1, accepted.size() + " accepted");
            assertTrue(longestQueue.get() <= QUEUE, "the queue held " + longestQueue.get());
            assertTrue(gated.awaitReached(60));
            gated.open();
            for (String id : accepted) {
                assertEquals("done", served.awaitFinished(id).get("status").asText(), id);
            }
            assertEquals(0, TestService.json(served.get("/api/health")).get("queue").asInt());
        } finally {
            gated.abort();
        }
    }
}
