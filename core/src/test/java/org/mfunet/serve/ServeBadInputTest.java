package org.mfunet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mfunet.serve.ServeApiTest.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.data.TestCohorts;
import org.mfunet.nifti.BrokenNifti;
import org.mfunet.nifti.NiftiDatatype;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;
import org.mfunet.nifti.NiftiWriter;

/**
 * Bad input and load against a real service: every bad upload of the issue gets its status and a JSON error naming
 * the field, slow and stalled clients are cut off, a hundred concurrent requests are all answered, requests for paths
 * outside the API find nothing, and none of it leaves a file behind or a place in the queue taken.
 */
class ServeBadInputTest {
    /** Small enough for a test to exceed easily, large enough for the real cases (tens of kB). */
    static final long UPLOAD_LIMIT = 1_000_000;

    @TempDir
    static Path dir;
    static Path cohort;
    static Path data;
    static TestService served;

    @BeforeAll
    static void start() {
        cohort = TestCohorts.synthetic(dir.resolve("cohort"), 40, 48, 2, 5);
        data = dir.resolve("data");
        // A queue of one: a place an upload failed to give back would make the next good upload a 429.
        served = TestService.start(TestService.config(data).withMaxQueue(1).withMaxUploadBytes(UPLOAD_LIMIT),
                BackgroundSegmenter::new);
    }

    @AfterAll
    static void stop() {
        served.close();
    }

    /** One bad upload and what the service must answer. */
    record Bad(String what, byte[] body, String contentType, String error) {
        static Bad form(String what, MultipartBody form, String error) {
            return new Bad(what, form.bytes(), MultipartBody.contentType(), error);
        }
    }

    @Test
    void everyBadUploadIsRefusedNamingTheFieldAndLeavesNothingBehind() throws IOException {
        byte[] lge = bytes("synth_101_DE.nii.gz");
        byte[] t2 = bytes("synth_101_T2.nii.gz");
        byte[] bssfp = bytes("synth_101_C0.nii.gz");
        byte[] garbage = new byte[5000];
        new Random(1).nextBytes(garbage);
        List<Bad> bad = List.of(
                Bad.form("garbage bytes", caseWith(garbage, t2, bssfp), "lge: " + readerSays(garbage)),
                Bad.form("truncated gzip", caseWith(Arrays.copyOf(lge, lge.length * 3 / 5), t2, bssfp),
                        "lge: truncated gzip data: the stream ends inside the voxel data"),
                Bad.form("4D volume", caseWith(lge, fourD("synth_101_T2.nii.gz"), bssfp),
                        "t2: 4D image with 2 volumes; a 3D volume is needed"),
                Bad.form("grids differ", caseWith(lge, bytes("synth_102_T2.nii.gz"), bssfp),
                        "bssfp and t2 are not on the same grid"),
                Bad.form("labels on another grid", caseWith(lge, t2, bssfp).file("labels", "gd.nii.gz",
                        bytes("synth_102_gd.nii.gz")), "bssfp and labels are not on the same grid"),
                Bad.form("a header claiming 32767³ voxels", caseWith(lge, t2, BrokenNifti.huge()),
                        "bssfp: 32767 x 32767 x 32767 voxels need 134,205,440 MiB as floats"),
                Bad.form("no LGE", new MultipartBody().file("t2", "t2.nii.gz", t2).file("bssfp", "bssfp.nii.gz", bssfp),
                        "missing field lge: send lge, with t2 and bssfp where acquired (and optionally labels), as .nii"
                        + " or .nii.gz files"),
                Bad.form("grids differ in a case without bSSFP", new MultipartBody().file("lge", "lge.nii.gz", lge)
                        .file("t2", "t2.nii.gz", bytes("synth_102_T2.nii.gz")), "lge and t2 are not on the same grid"),
                Bad.form("an unknown field", caseWith(lge, t2, bssfp).file("dicom", "study.zip", new byte[10]),
                        "unknown field 'dicom': send lge, with t2 and bssfp where acquired"),
                Bad.form("a field twice", caseWith(lge, t2, bssfp).file("t2", "again.nii.gz", t2), "t2: sent twice"),
                Bad.form("a value for a file", new MultipartBody().value("lge", "lge.nii.gz"),
                        "lge: expected a file (.nii or .nii.gz), got a plain form value"),
                Bad.form("an empty file", caseWith(new byte[0], t2, bssfp), "lge: the file is empty"),
                new Bad("an unterminated form", caseWith(lge, t2, bssfp).unterminated(), MultipartBody.contentType(),
                        "malformed multipart/form-data body: the body ends before its closing boundary"),
                new Bad("no form at all", "{\"lge\": 1}".getBytes(StandardCharsets.UTF_8), "application/json",
                        "expected a multipart/form-data body (the fields lge, t2 and bssfp as files), got Content-Type"
                                + " application/json"),
                new Bad("no boundary", caseWith(lge, t2, bssfp).bytes(), "multipart/form-data",
                        "the multipart/form-data Content-Type has no valid boundary"));
        List<String> before = TestService.listing(data);
        for (Bad b : bad) {
            HttpResponse<String> response = served.post("/api/cases", b.body(), b.contentType());
            assertEquals(400, response.statusCode(), b.what() + ": " + response.body());
            String error = TestService.json(response).get("error").asText();
            assertTrue(error.startsWith(b.error()), b.what() + ": expected \"" + b.error() + "...\", got \"" + error + "\"");
            assertTrue(!error.contains(dir.toString()), b.what() + ": no server path in " + error);
        }
        assertEquals(before, TestService.listing(data), "no case and no upload left");
        String good = TestService.idOf(served.upload(cohort, "synth_101", true));
        assertEquals("done", served.awaitFinished(good).get("status").asText(), "the queue's one place is free");
    }

    @Test
    void voxelsThatOnlyReadingFindsBadFailTheCaseNamingTheField() throws IOException {
        NiftiImage lge = NiftiReader.read(cohort.resolve("synth_101_DE.nii.gz"));
        float[] values = lge.data().clone();
        values[7] = Float.NaN;
        Path withNaN = dir.resolve("nan_DE.nii.gz");
        NiftiWriter.write(withNaN, lge.header().withDatatype(NiftiDatatype.FLOAT32).withScaling(1, 0), values);
        String id = TestService.idOf(served.upload(caseWith(Files.readAllBytes(withNaN), bytes("synth_101_T2.nii.gz"),
                bytes("synth_101_C0.nii.gz"))));
        JsonNode failed = served.awaitFinished(id);
        assertEquals("failed", failed.get("status").asText());
        assertEquals("lge: 1 voxels are NaN or infinite", failed.get("error").asText());
        ServeApiTest.assertError(409, "the case is failed: no segmentation yet",
                served.get("/api/cases/" + id + "/segmentation.nii.gz"));
    }

    @Test
    void anUploadOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot() {
        List<String> before = TestService.listing(data);
        byte[] big = new byte[(int) (UPLOAD_LIMIT * 3 / 2)];
        byte[] body = caseWith(big, new byte[10], new byte[10]).bytes();
        HttpResponse<String> declared = served.post("/api/cases", body, MultipartBody.contentType());
        assertError(413, "the upload is larger than the limit of 1 MB", declared);
        HttpResponse<String> streamed = served.send(served.request("/api/cases")
                .header("Content-Type", MultipartBody.contentType())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build());
        assertError(413, "the upload is larger than the limit of 1 MB", streamed);
        awaitNoUploadLeft();
        assertEquals(before, TestService.listing(data));
    }

    /** A client that sends its body a byte at a time is answered 408 once the request time is up. */
    @Test
    void aClientTooSlowToSendIsAnswered408() throws IOException {
        byte[] body = caseWith(bytes("synth_101_DE.nii.gz"), bytes("synth_101_T2.nii.gz"), bytes("synth_101_C0.nii.gz"))
                .bytes();
        long start = System.nanoTime();
        try (Socket socket = RawHttp.open(served.service.port())) {
            OutputStream out = socket.getOutputStream();
            RawHttp.send(out, "POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + MultipartBody.contentType()
                    + "\r\nContent-Length: " + body.length + "\r\n\r\n");
            InputStream in = socket.getInputStream();
            for (int i = 0; i < body.length && in.available() == 0; i++) {
                out.write(body[i]);
                out.flush();
                TestService.sleep(100);
            }
            RawHttp.Response response = RawHttp.read(in);
            assertEquals(408, response.status(), response.body());
            assertEquals("{\"error\":\"the request did not arrive within 3 s\"}", response.body());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 3 && seconds < 10, seconds + " s");
        awaitNoUploadLeft();
    }

    /** A client that stops sending mid-body has its connection closed, and meanwhile others are served. */
    @Test
    void aStalledClientIsCutOffWhileOthersAreServed() throws IOException {
        long start = System.nanoTime();
        try (Socket socket = RawHttp.open(served.service.port())) {
            RawHttp.send(socket.getOutputStream(), "POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    + MultipartBody.contentType() + "\r\nContent-Length: 100000\r\n\r\n--" + MultipartBody.BOUNDARY
                    + "\r\nContent-Disposition: form-data; name=\"lge\"; filename=\"a.nii\"\r\n\r\nabc");
            TestService.sleep(200);
            assertEquals(200, served.get("/api/health").statusCode(), "others are served meanwhile");
            InputStream in = socket.getInputStream();
            int answer;
            try {
                answer = in.read();
                while (answer >= 0) {
                    answer = in.read();
                }
            } catch (IOException e) {
                answer = -1;
            }
            assertEquals(-1, answer);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(seconds >= 3 && seconds < 15, "cut off after " + seconds + " s");
        awaitNoUploadLeft();
    }

    /**
     * A hundred requests at once, good and bad: each gets its own answer and the service stays up. The queue has one
     * place, which each upload takes while it is read: concurrent bad uploads are 400 or, while another holds the
     * place, 429.
     */
    @Test
    void aHundredConcurrentRequestsAreEachAnswered() throws Exception {
        byte[] garbageForm = caseWith(new byte[] {1, 2, 3}, new byte[] {4}, new byte[] {5}).bytes();
        ExecutorService clients = Executors.newFixedThreadPool(25);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int kind = i % 4;
                answers.add(clients.submit(() -> switch (kind) {
                    case 0 -> served.post("/api/cases", garbageForm, MultipartBody.contentType()).statusCode();
                    case 1 -> served.get("/api/health").statusCode();
                    case 2 -> served.get("/api/cases/" + "0".repeat(32)).statusCode();
                    default -> served.get("/metrics").statusCode();
                }));
            }
            int refused = 0;
            for (int i = 0; i < answers.size(); i++) {
                int status = answers.get(i).get(60, TimeUnit.SECONDS);
                if (i % 4 == 0) {
                    assertTrue(status == 400 || status == 429, "upload " + i + ": " + status);
                    refused += status == 400 ? 1 : 0;
                } else {
                    assertEquals(i % 4 == 2 ? 404 : 200, status, "request " + i);
                }
            }
            assertTrue(refused > 0, "some garbage uploads were read and refused");
        } finally {
            clients.shutdownNow();
        }
        assertEquals(200, served.get("/api/health").statusCode());
        awaitNoUploadLeft();
    }

    @Test
    void pathsOutsideTheApiFindNothing() throws IOException {
        int port = served.service.port();
        for (String path : List.of("/api/cases/../../etc/passwd", "/api/cases/..%2f..%2fetc%2fpasswd",
                "/api/cases/%2e%2e/segmentation.nii.gz", "/../pom.xml", "/viewer.js/../../pom.xml",
                "/api/cases/" + "A".repeat(32), "/api/cases/" + "0".repeat(31) + "/segmentation.nii.gz",
                "/api/cases/" + "0".repeat(32) + "/input/case_x_C0.nii.gz", "/web/index.html", "/openapi.json",
                "/api/cases/" + "0".repeat(32) + "/slices/-1.png")) {
            RawHttp.Response response = RawHttp.get(port, path);
            assertEquals(404, response.status(), path + ": " + response.body());
            assertEquals("{\"error\":\"no such page or API call\"}", response.body(), path);
        }
        assertEquals(404, RawHttp.get(port, "/api/cases/" + "0".repeat(32)).status());
        HttpResponse<String> put = served.send(served.request("/api/cases")
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build());
        assertError(405, "PUT is not allowed here (allowed: POST)", put);
        assertEquals("POST", put.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void aDataFolderThatIsAFileIsRefusedNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        MfunetException e = assertThrows(MfunetException.class,
                () -> SegmentationService.start(TestService.config(file), BackgroundSegmenter::new, line -> { }));
        assertTrue(e.getMessage().startsWith("--data " + file + ": cannot use as the data folder"), e.getMessage());
    }

    /** Waits (the server finishes a refused request just after answering it) until no upload folder is left. */
    private static void awaitNoUploadLeft() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!TestService.listing(data.resolve("uploads")).isEmpty() && System.nanoTime() < deadline) {
            TestService.sleep(20);
        }
        assertEquals(List.of(), TestService.listing(data.resolve("uploads")));
    }

    private static MultipartBody caseWith(byte[] lge, byte[] t2, byte[] bssfp) {
        return new MultipartBody().file("lge", "lge.nii.gz", lge).file("t2", "t2.nii.gz", t2)
                .file("bssfp", "bssfp.nii.gz", bssfp);
    }

    private static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(cohort.resolve(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What the NIfTI reader says of a file with these bytes, without the file's name. */
    private static String readerSays(byte[] content) throws IOException {
        Path file = Files.write(dir.resolve("probe.nii"), content);
        MfunetException e = assertThrows(MfunetException.class, () -> NiftiReader.verify(file));
        return e.getMessage().substring((file + ": ").length());
    }

    /** A sequence of synth_101 saved as a 4D file of two copies of its volume. */
    private static byte[] fourD(String file) throws IOException {
        NiftiImage image = NiftiReader.read(cohort.resolve(file));
        float[] twice = Arrays.copyOf(image.data(), image.data().length * 2);
        System.arraycopy(image.data(), 0, twice, image.data().length, image.data().length);
        Path out = dir.resolve("4d.nii.gz");
        NiftiWriter.write(out, image.header().withDims(image.nx(), image.ny(), image.nz(), 2), twice);
        return Files.readAllBytes(out);
    }
}
