package org.mfunet.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.cli.CliRun;
import org.mfunet.data.MyopsLabels;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.Structure;
import org.mfunet.data.TestCohorts;
import org.mfunet.eval.CaseEvaluation;
import org.mfunet.eval.CohortEvaluator;
import org.mfunet.eval.StructureVolumes;
import org.mfunet.nifti.NiftiHeader;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;

/** The API of a real service on a free port: upload, poll, download and compare with {@code predict}, and the rest. */
class ServeApiTest {
    @TempDir
    static Path dir;
    /** Three labelled synthetic cases, synth_101 to synth_103, of 40 to 48 pixels. */
    static Path cohort;
    static Path model;
    static TestService served;
    /** synth_101 sent without labels and segmented. */
    static String unlabelled;
    /** synth_102 sent with its labels and segmented. */
    static String labelled;

    @BeforeAll
    static void start() {
        cohort = TestCohorts.synthetic(dir.resolve("cohort"), 40, 48, 3, 5);
        model = TestService.model(dir.resolve("model"));
        served = TestService.start(TestService.config(dir.resolve("data")), TestService.predictor(model));
        unlabelled = TestService.idOf(served.upload(cohort, "synth_101", false));
        labelled = TestService.idOf(served.upload(cohort, "synth_102", true));
        served.awaitFinished(labelled);
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    @Test
    void aCaseIsSegmentedByteForByteAsPredictWritesIt() throws IOException {
        String id = unlabelled;
        JsonNode done = served.awaitFinished(id);
        assertEquals("done", done.get("status").asText(), done.toString());
        NiftiHeader c0 = NiftiReader.readHeader(cohort.resolve("synth_101_C0.nii.gz"));
        assertEquals(c0.nx(), done.get("width").asInt());
        assertEquals(c0.ny(), done.get("height").asInt());
        assertEquals(c0.nz(), done.get("slices").asInt());
        assertFalse(done.get("labelled").asBoolean());
        assertFalse(done.has("dice"), "no labels, no Dice: " + done);
        assertFalse(done.has("error") || done.has("progress") || done.has("queue_position"), done.toString());
        assertTrue(done.get("seconds").asDouble() > 0, done.toString());

        HttpResponse<byte[]> download = served.getBytes("/api/cases/" + id + "/segmentation.nii.gz");
        assertEquals(200, download.statusCode());
        assertEquals("application/gzip", download.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=\"case_" + id + "_seg.nii.gz\"",
                download.headers().firstValue("Content-Disposition").orElseThrow());

        Path input = Files.createDirectories(dir.resolve("predict-input"));
        for (String suffix : List.of("C0", "DE", "T2")) {
            Files.copy(cohort.resolve("synth_101_" + suffix + ".nii.gz"), input.resolve("synth_101_" + suffix + ".nii.gz"));
        }
        Path out = dir.resolve("predict-out");
        CliRun predict = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--out", out.toString());
        assertEquals(0, predict.code(), predict.err());
        assertArrayEquals(Files.readAllBytes(SegmentationFiles.segmentation(out, "synth_101")), download.body(),
                "the service's file is predict's, byte for byte");

        // The volumes are the downloaded labels counted, in ml.
        Path seg = Files.write(dir.resolve("downloaded_seg.nii.gz"), download.body());
        NiftiImage labels = NiftiReader.read(seg);
        double voxelMl = c0.pixdim()[0] * c0.pixdim()[1] * c0.pixdim()[2] / 1000;
        JsonNode volumes = done.get("volumes_ml");
        assertEquals(List.of("myo", "lv", "rv", "scar", "edema"), names(volumes));
        for (Structure s : StructureVolumes.REPORTED) {
            long voxels = 0;
            for (float v : labels.data()) {
                voxels += s.contains((int) v) ? 1 : 0;
            }
            assertEquals(voxels * voxelMl, volumes.get(s.key()).asDouble(), 0.0006, s.key());
        }
    }

    @Test
    void casesWithoutT2OrBssfpAreSegmentedAsPredictSegmentsThem() throws IOException {
        NiftiHeader lgeGrid = NiftiReader.readHeader(cohort.resolve("synth_103_DE.nii.gz"));
        for (List<String> suffixes : List.of(List.of("DE", "C0"), List.of("DE"))) {
            MultipartBody form = new MultipartBody();
            for (String suffix : suffixes) {
                form.file(suffix.equals("DE") ? "lge" : "bssfp", cohort.resolve("synth_103_" + suffix + ".nii.gz"));
            }
            String id = TestService.idOf(served.upload(form));
            JsonNode done = served.awaitFinished(id);
            assertEquals("done", done.get("status").asText(), done.toString());
            List<String> sent = suffixes.equals(List.of("DE")) ? List.of("lge") : List.of("lge", "bssfp");
            assertEquals(TestService.JSON.valueToTree(sent), done.get("sequences"), done.toString());
            assertEquals(lgeGrid.nz(), done.get("slices").asInt());

            Path input = Files.createDirectories(dir.resolve("partial-input-" + suffixes.size()));
            for (String suffix : suffixes) {
                Files.copy(cohort.resolve("synth_103_" + suffix + ".nii.gz"), input.resolve("synth_103_" + suffix + ".nii.gz"));
            }
            Path out = dir.resolve("partial-out-" + suffixes.size());
            CliRun predict = CliRun.of("predict", "--model", model.toString(), "--input", input.toString(), "--out",
                    out.toString());
            assertEquals(0, predict.code(), predict.err());
            assertArrayEquals(Files.readAllBytes(SegmentationFiles.segmentation(out, "synth_103")),
                    served.getBytes("/api/cases/" + id + "/segmentation.nii.gz").body(),
                    "the service's file is predict's for the same sequences, byte for byte");

            String slice = "/api/cases/" + id + "/slices/0.png";
            assertEquals(200, served.getBytes(slice).statusCode(), "the default picture is the LGE, which every case has");
            assertError(404, "the case has no t2 (it was sent " + String.join(", ", sent) + ")",
                    served.get(slice + "?sequence=t2"));
        }
    }

    @Test
    void labelsSentWithTheCaseGiveTheDiceOfEvaluate() throws IOException {
        String id = labelled;
        JsonNode done = served.awaitFinished(id);
        assertEquals("done", done.get("status").asText(), done.toString());
        assertTrue(done.get("labelled").asBoolean());
        Path seg = Files.write(dir.resolve("102_seg.nii.gz"),
                served.getBytes("/api/cases/" + id + "/segmentation.nii.gz").body());
        CaseEvaluation expected = CohortEvaluator.evaluateCase("synth_102", seg, cohort.resolve("synth_102_gd.nii.gz"));
        JsonNode dice = done.get("dice");
        assertEquals(Structure.values().length, dice.size(), dice.toString());
        for (Structure s : Structure.values()) {
            double d = expected.get(s).dice();
            if (Double.isNaN(d)) {
                assertTrue(dice.get(s.key()).isNull(), s.key());
            } else {
                assertEquals(d, dice.get(s.key()).asDouble(), 1e-12, s.key());
            }
        }
    }

    @Test
    void slicesArePicturesOfTheCaseWithTheStructuresAskedFor() throws IOException {
        String id = labelled;
        JsonNode done = served.awaitFinished(id);
        int width = done.get("width").asInt();
        int height = done.get("height").asInt();
        byte[] segBytes = served.getBytes("/api/cases/" + id + "/segmentation.nii.gz").body();
        NiftiImage seg = NiftiReader.read(Files.write(dir.resolve("slices_seg.nii.gz"), segBytes));
        int z = busiestSlice(seg);
        String slice = "/api/cases/" + id + "/slices/" + z + ".png";

        BufferedImage plain = png(slice + "?sequence=lge&overlay=none");
        BufferedImage painted = png(slice + "?sequence=lge");
        assertEquals(width, plain.getWidth());
        assertEquals(height, plain.getHeight());
        BufferedImage layer = png(slice + "?sequence=none&overlay=lv,scar,myocardium,rv,edema");
        BufferedImage lvOnly = png(slice + "?sequence=none&overlay=lv");
        int plane = width * height;
        int labelled = 0;
        for (int i = 0; i < plane; i++) {
            int value = (int) seg.data()[z * plane + i];
            int x = i % width;
            int y = i / width;
            int argb = layer.getRGB(x, y);
            if (value == 0) {
                assertEquals(0, argb >>> 24, "background is transparent at " + x + "," + y);
                assertEquals(plain.getRGB(x, y), painted.getRGB(x, y), "background is not painted");
            } else {
                labelled++;
                int c = MyopsLabels.classOf(value);
                assertEquals(0xff000000 | MyopsLabels.colourOf(c), argb, "class " + c + " in its colour");
                if (c == MyopsLabels.CLASS_LV) {
                    assertEquals(argb, lvOnly.getRGB(x, y));
                } else {
                    assertEquals(0, lvOnly.getRGB(x, y) >>> 24, "only the LV is painted with overlay=lv");
                }
            }
        }
        assertTrue(labelled > 0, "the busiest slice has labels");
        assertNotEquals(pixels(plain), pixels(painted), "the overlay shows");
        assertArrayEquals(pixels(plain), pixels(png(slice + "?sequence=lge&overlay=all&opacity=0")));

        assertError(400, "sequence: 'flair' is not lge, t2, bssfp or none", served.get(slice + "?sequence=flair"));
        assertError(400, "overlay: 'heart' is not a structure", served.get(slice + "?overlay=lv,heart"));
        assertError(400, "opacity: '1.5' is not a number from 0 to 1", served.get(slice + "?opacity=1.5"));
        assertError(400, "unknown parameter 'zoom'", served.get(slice + "?zoom=2"));
        assertError(400, "parameter 'overlay' given twice", served.get(slice + "?overlay=lv&overlay=rv"));
        int slices = done.get("slices").asInt();
        assertError(404, "no slice " + slices + ": the case has slices 0 to " + (slices - 1),
                served.get("/api/cases/" + id + "/slices/" + slices + ".png"));
    }

    @Test
    void anAcceptedCaseHasARandomIdAndAnAddressAndCanBeDeletedWithItsFiles() {
        try (TestService quick = TestService.start(TestService.config(dir.resolve("delete")), BackgroundSegmenter::new)) {
            HttpResponse<String> accepted = quick.upload(cohort, "synth_101", false);
            String id = TestService.idOf(accepted);
            assertEquals("{\"id\":\"" + id + "\",\"status\":\"queued\"}", accepted.body());
            assertEquals("/api/cases/" + id, accepted.headers().firstValue("Location").orElseThrow());
            assertTrue(CaseStore.isId(id), id);
            assertNotEquals(TestService.idOf(quick.upload(cohort, "synth_101", false)), id);
            quick.awaitFinished(id);
            Path folder = dir.resolve("delete/cases").resolve(id);
            assertTrue(Files.isDirectory(folder));
            assertEquals(204, quick.delete("/api/cases/" + id).statusCode());
            assertFalse(Files.exists(folder));
            assertError(404, "no case " + id, quick.get("/api/cases/" + id));
            assertError(404, "no case " + id, quick.get("/api/cases/" + id + "/segmentation.nii.gz"));
            assertError(404, "no case " + id, quick.delete("/api/cases/" + id));
            assertEquals(List.of(), TestService.listing(dir.resolve("delete/uploads")));
        }
    }

    @Test
    void healthListsTheModelsQueueAndLabelColours() {
        HttpResponse<String> response = served.get("/api/health");
        assertEquals(200, response.statusCode());
        JsonNode health = TestService.json(response);
        assertEquals("ok", health.get("status").asText());
        assertEquals("[\"model\"]", health.get("models").toString());
        assertTrue(health.get("queue").isInt());
        assertEquals(5, health.get("labels").size());
        assertEquals("{\"name\":\"scar\",\"value\":2221,\"colour\":\"#ff00ff\"}", health.get("labels").get(4).toString());
    }

    @Test
    void theOpenApiDescriptionListsEveryApiCallAndNoOther() {
        HttpResponse<String> response = served.get("/api/openapi.json");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode paths = TestService.json(response).get("paths");
        Set<String> described = new TreeSet<>();
        for (Iterator<String> p = paths.fieldNames(); p.hasNext(); ) {
            String path = p.next();
            for (String method : List.of("get", "post", "delete", "put", "patch")) {
                if (paths.get(path).has(method)) {
                    described.add(method.toUpperCase() + " " + path);
                }
            }
        }
        HttpApi api = new HttpApi(null, TestService.config(dir), new ServiceMetrics(), null);
        assertEquals(new TreeSet<>(api.apiCalls()), described);
    }

    @Test
    void metricsCountRequestsByRouteTemplateAndInferenceTime() {
        String id = labelled;
        served.get("/api/cases/" + id + "/slices/0.png");
        HttpResponse<String> response = served.get("/metrics");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        String text = response.body();
        for (String expected : List.of(
                "# TYPE mfunet_http_requests_total counter",
                "mfunet_http_requests_total{method=\"POST\",route=\"/api/cases\",code=\"202\"} ",
                "mfunet_http_requests_total{method=\"GET\",route=\"/api/cases/{id}/slices/{z}.png\",code=\"200\"} ",
                "# TYPE mfunet_queue_length gauge",
                "mfunet_models_ready 1",
                "# TYPE mfunet_inference_seconds histogram",
                "mfunet_inference_seconds_bucket{le=\"+Inf\"} ")) {
            assertTrue(text.contains(expected), expected + " in\n" + text);
        }
        assertFalse(text.contains(id), "ids stay out of the metrics");
        long count = text.lines().filter(l -> l.startsWith("mfunet_inference_seconds_count ")).findFirst()
                .map(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1))).orElseThrow();
        assertTrue(count >= 1, text);
    }

    @Test
    void theViewerIsServedFromTheJarWithAStrictContentPolicy() {
        HttpResponse<String> page = served.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"viewer.js\" defer></script>"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'self'"));
        for (String asset : List.of("/viewer.js", "/viewer.css")) {
            HttpResponse<String> r = served.get(asset);
            assertEquals(200, r.statusCode(), asset);
            assertFalse(r.body().contains("http://") || r.body().contains("https://"), asset + " loads nothing from elsewhere");
        }
    }

    /** While a case is segmented its status shows the slice; queued ones their place; deleting works on both. */
    @Test
    void progressAndQueuePositionsAreLive() throws Exception {
        GatedSegmenter gated = new GatedSegmenter(new BackgroundSegmenter());
        try (TestService gatedService = TestService.start(TestService.config(dir.resolve("gated")), () -> gated)) {
            String running = TestService.idOf(gatedService.upload(cohort, "synth_101", false));
            assertTrue(gated.awaitReached(60));
            String second = TestService.idOf(gatedService.upload(cohort, "synth_102", false));
            String third = TestService.idOf(gatedService.upload(cohort, "synth_103", false));

            JsonNode status = TestService.json(gatedService.get("/api/cases/" + running));
            int slices = status.get("slices").asInt();
            assertEquals("running", status.get("status").asText());
            assertEquals("{\"model\":0,\"models\":1,\"slice\":" + (slices - 1) + ",\"slices\":" + slices + "}",
                    status.get("progress").toString());
            assertEquals(1, TestService.json(gatedService.get("/api/cases/" + third)).get("queue_position").asInt());
            assertEquals(200, gatedService.getBytes("/api/cases/" + running + "/slices/0.png").statusCode(),
                    "the sequences show before the segmentation");
            assertError(409, "the case is running: no segmentation to draw yet",
                    gatedService.get("/api/cases/" + running + "/slices/0.png?sequence=none"));
            assertError(409, "the case is running: no segmentation yet",
                    gatedService.get("/api/cases/" + running + "/segmentation.nii.gz"));

            assertEquals(204, gatedService.delete("/api/cases/" + second).statusCode());
            assertEquals(0, TestService.json(gatedService.get("/api/cases/" + third)).get("queue_position").asInt());
            assertEquals(204, gatedService.delete("/api/cases/" + running).statusCode());
            assertError(404, "no case " + running, gatedService.get("/api/cases/" + running));

            gated.open();
            assertEquals("done", gatedService.awaitFinished(third).get("status").asText());
            assertEquals(List.of(third), TestService.listing(dir.resolve("gated/cases")).stream()
                    .filter(CaseStore::isId).toList(), "the deleted cases' folders are gone");
        } finally {
            gated.abort();
        }
    }

    @Test
    void demoCasesAreSegmentedWithTheirLabels() {
        try (TestService demo = TestService.start(TestService.config(dir.resolve("demo")), BackgroundSegmenter::new)) {
            assertEquals("{\"cases\":[\"synth_101\",\"synth_102\",\"synth_103\",\"synth_104\",\"synth_105\"]}",
                    demo.get("/api/demo-cases").body());
            String id = TestService.idOf(demo.post("/api/demo-cases/synth_102", new byte[0], "text/plain"));
            JsonNode done = demo.awaitFinished(id);
            assertEquals("done", done.get("status").asText(), done.toString());
            assertEquals("demo synth_102", done.get("source").asText());
            assertTrue(done.get("labelled").asBoolean());
            assertEquals(0.0, done.get("dice").get("myo").asDouble(), "an empty prediction of a labelled heart");
            assertError(404, "no demo case synth_999", demo.post("/api/demo-cases/synth_999", new byte[0], "text/plain"));
        }
    }

    @Test
    void uploadsWaitWith503WhileTheModelsLoad() throws Exception {
        CountDownLatch loaded = new CountDownLatch(1);
        SegmentationService service = SegmentationService.start(TestService.config(dir.resolve("loading")), () -> {
            loaded.await();
            return new BackgroundSegmenter();
        }, line -> { });
        try {
            TestService client = TestService.of(service, null);
            HttpResponse<String> health = client.get("/api/health");
            assertEquals(503, health.statusCode());
            assertEquals("loading", TestService.json(health).get("status").asText());
            assertError(503, "the models are still loading; try again shortly", client.upload(cohort, "synth_101", false));
            loaded.countDown();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (client.get("/api/health").statusCode() != 200 && System.nanoTime() < deadline) {
                TestService.sleep(20);
            }
            String id = TestService.idOf(client.upload(cohort, "synth_101", false));
            TestService.of(service, null).awaitFinished(id);
        } finally {
            loaded.countDown();
            service.close();
        }
    }

    @Test
    void modelsThatCannotLoadStopTheServiceWithTheReason() {
        SegmentationService service = SegmentationService.start(TestService.config(dir.resolve("broken")),
                TestService.predictor(dir.resolve("no-such-model")), line -> { });
        MfunetException e = assertThrows(MfunetException.class, service::awaitStop);
        assertEquals(dir.resolve("no-such-model") + ": no such model or run folder", e.getMessage());
        service.close();

        CliRun r = CliRun.of("serve", "--model", dir.resolve("no-such-model").toString(), "--port", "0",
                "--data", dir.resolve("broken-cli").toString());
        assertEquals(1, r.code());
        assertEquals("error: " + dir.resolve("no-such-model") + ": no such model or run folder", r.err().strip());
    }

    static void assertError(int status, String message, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        String error = TestService.json(response).get("error").asText();
        assertTrue(error.startsWith(message), "expected \"" + message + "...\", got \"" + error + "\"");
    }

    private static BufferedImage png(String path) throws IOException {
        HttpResponse<byte[]> response = served.getBytes(path);
        assertEquals(200, response.statusCode(), path);
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
        return ImageIO.read(new ByteArrayInputStream(response.body()));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** The slice with the most labelled voxels. */
    static int busiestSlice(NiftiImage labels) {
        int plane = labels.nx() * labels.ny();
        int best = 0;
        long bestCount = -1;
        for (int z = 0; z < labels.nz(); z++) {
            long count = 0;
            for (int i = 0; i < plane; i++) {
                count += labels.data()[z * plane + i] != 0 ? 1 : 0;
            }
            if (count > bestCount) {
                best = z;
                bestCount = count;
            }
        }
        return best;
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
