package org.mfunet.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mfunet.data.TestCohorts;
import org.mfunet.model.Engines;
import org.mfunet.model.MfuNetConfig;
import org.mfunet.model.Presets;

/**
 * A real service on a free loopback port for tests, with a tiny untrained model (its output is as good as any for
 * checking the service), and a client for it.
 */
final class TestService implements AutoCloseable {
    /** Two levels of four filters on 48-pixel tiles: segments a small case in a fraction of a second. */
    static final MfuNetConfig TINY = Presets.CPU_SMALL.withDepth(2).withBaseFilters(4).withInputSide(48);
    /**
     * The request timeout of every test service: the JDK's server reads its cut-off for stalled clients (derived from
     * it) once per process, so all services of the test JVM must agree.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Before any server of the test JVM starts, whichever test starts first.
        SegmentationService.cutOffStalledConnections(REQUEST_TIMEOUT);
    }

    final SegmentationService service;
    final URI base;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String token;

    private TestService(SegmentationService service, String token) {
        this.service = service;
        this.base = service.uri();
        this.token = token;
    }

    /** The defaults of the tests: any free port on loopback, {@link #REQUEST_TIMEOUT}. */
    static ServeConfig config(Path dataDir) {
        return ServeConfig.of(dataDir).withPort(0).withRequestTimeout(REQUEST_TIMEOUT);
    }

    /** Writes the tiny model into {@code folder}. */
    static Path model(Path folder) {
        Engines.configure(false);
        return TestCohorts.untrainedModel(folder, TINY, 1);
    }

    /** The loader of {@code predict}'s segmenter for a model. */
    static Callable<CaseSegmenter> predictor(Path model) {
        return () -> CaseSegmenter.predictor(List.of(model), Device.cpu());
    }

    /** Starts a service and waits until its models are loaded. */
    static TestService start(ServeConfig config, Callable<CaseSegmenter> loader) {
        return start(config, loader, null);
    }

    /** A client of a started service, sending {@code token} (if not null) with every request. */
    static TestService of(SegmentationService service, String token) {
        return new TestService(service, token);
    }

    /** As {@link #start(ServeConfig, Callable)}, sending {@code token} with every request. */
    static TestService start(ServeConfig config, Callable<CaseSegmenter> loader, String token) {
        TestService t = new TestService(SegmentationService.start(config, loader, line -> { }), token);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (t.service.state() == SegmentationService.State.LOADING) {
            if (System.nanoTime() > deadline) {
                fail("the models did not load within 60 s");
            }
            sleep(20);
        }
        if (t.service.state() == SegmentationService.State.FAILED) {
            try {
                t.service.awaitStop();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return t;
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<byte[]> getBytes(String path) {
        try {
            return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, byte[] body, String contentType) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    HttpResponse<String> upload(MultipartBody form) {
        return post("/api/cases", form.bytes(), MultipartBody.contentType());
    }

    /** Uploads a synthetic case of {@code cohort}: its three sequences and, if asked, its labels. */
    HttpResponse<String> upload(Path cohort, String caseName, boolean withLabels) {
        MultipartBody form = new MultipartBody()
                .file("lge", cohort.resolve(caseName + "_DE.nii.gz"))
                .file("t2", cohort.resolve(caseName + "_T2.nii.gz"))
                .file("bssfp", cohort.resolve(caseName + "_C0.nii.gz"));
        if (withLabels) {
            form.file("labels", cohort.resolve(caseName + "_gd.nii.gz"));
        }
        return upload(form);
    }

    HttpResponse<String> delete(String path) {
        return send(request(path).DELETE().build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    /** The id of an accepted upload; fails unless it was accepted. */
    static String idOf(HttpResponse<String> response) {
        assertTrue(response.statusCode() == 202, "expected 202, got " + response.statusCode() + " " + response.body());
        return json(response).get("id").asText();
    }

    /** Polls a case until its status is one of {@code statuses}; returns the last answer. */
    JsonNode await(String id, Set<String> statuses) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            JsonNode record = json(get("/api/cases/" + id));
            if (statuses.contains(record.path("status").asText())) {
                return record;
            }
            if (System.nanoTime() > deadline) {
                fail("case " + id + " is still " + record + " after 120 s");
            }
            sleep(25);
        }
    }

    /** Polls a case until it is done or failed. */
    JsonNode awaitFinished(String id) {
        return await(id, Set.of("done", "failed"));
    }

    /**
     * Files and folders under {@code dir}, relative, sorted: what a test expects left behind. A walk that meets a file
     * the server deletes under it starts again.
     */
    static List<String> listing(Path dir) {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> walk = Files.walk(dir)) {
                return walk.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                if (!(cause instanceof NoSuchFileException) || attempt == 10) {
                    throw e instanceof UncheckedIOException u ? u : new UncheckedIOException((IOException) e);
                }
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
