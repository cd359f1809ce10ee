package org.mfunet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.MfunetException;
import org.mfunet.cli.CliRun;
import org.mfunet.data.TestCohorts;

/** The token and the address: who may call the API. */
class ServeAccessTest {
    static final String TOKEN = "s3cret-token-for-tests-0123456789";

    @TempDir
    Path dir;

    @Test
    void withATokenEveryApiCallNeedsItAndThePageDoesNot() throws Exception {
        Path cohort = TestCohorts.synthetic(dir.resolve("cohort"), 40, 48, 1, 5);
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        List<String> log = new CopyOnWriteArrayList<>();
        ServeConfig config = TestService.config(dir.resolve("data")).withToken(BearerToken.read(tokenFile));
        SegmentationService service = SegmentationService.start(config, BackgroundSegmenter::new, log::add);
        try {
            TestService anonymous = TestService.of(service, null);
            TestService wrong = TestService.of(service, TOKEN.substring(1));
            TestService longer = TestService.of(service, TOKEN + "x");
            TestService client = TestService.of(service, TOKEN);
            while (client.get("/api/health").statusCode() != 200) {
                TestService.sleep(20);
            }
            for (TestService refused : List.of(anonymous, wrong, longer)) {
                for (HttpResponse<String> r : List.of(refused.get("/api/health"), refused.get("/metrics"),
                        refused.get("/api/openapi.json"), refused.upload(cohort, "synth_101", false),
                        refused.get("/api/cases/" + "0".repeat(32)))) {
                    ServeApiTest.assertError(401, "missing or wrong token: send the header Authorization: Bearer <token>", r);
                    assertEquals("Bearer realm=\"mfunet\"", r.headers().firstValue("WWW-Authenticate").orElseThrow());
                    assertFalse(r.body().contains(TOKEN.substring(1)), "the token is never echoed");
                }
            }
            assertEquals(200, anonymous.get("/").statusCode(), "the page itself asks for the token");
            assertEquals(200, anonymous.get("/viewer.js").statusCode());
            String id = TestService.idOf(client.upload(cohort, "synth_101", false));
            assertEquals("done", client.awaitFinished(id).get("status").asText());
            assertEquals(200, client.get("/metrics").statusCode());
        } finally {
            service.close();
        }
        assertFalse(log.isEmpty());
        assertTrue(log.stream().noneMatch(line -> line.contains(TOKEN)), "the token stays out of the log: " + log);
    }

    @Test
    void tokensAreComparedWholeAndNeverShown() {
        BearerToken token = BearerToken.of(TOKEN, "test");
        assertTrue(token.admits("Bearer " + TOKEN));
        assertTrue(token.admits("bearer " + TOKEN), "the scheme is case-insensitive (RFC 7235)");
        for (String header : new String[] {null, "", TOKEN, "Bearer", "Bearer " + TOKEN.substring(0, 20),
                "Bearer " + TOKEN + "0", "Basic " + TOKEN, "Bearer " + TOKEN.toUpperCase()}) {
            assertFalse(token.admits(header), String.valueOf(header));
        }
        assertEquals("BearerToken[hidden]", token.toString());
    }

    @Test
    void aTokenFileMustHoldALongEnoughSecret() throws Exception {
        Path shortToken = Files.writeString(dir.resolve("short"), "abc\n");
        assertEquals("--token-file " + shortToken + ": the token must have at least 16 characters, it has 3",
                assertThrows(MfunetException.class, () -> BearerToken.read(shortToken)).getMessage());
        Path spaced = Files.writeString(dir.resolve("spaced"), "a token with spaces inside");
        assertEquals("--token-file " + spaced + ": the token must not contain spaces or control characters",
                assertThrows(MfunetException.class, () -> BearerToken.read(spaced)).getMessage());
        Path missing = dir.resolve("missing");
        assertEquals("--token-file " + missing + ": no such file",
                assertThrows(MfunetException.class, () -> BearerToken.read(missing)).getMessage());
    }

    @Test
    void anAddressBeyondThisMachineNeedsATokenOrInsecure() throws Exception {
        ServeConfig open = TestService.config(dir.resolve("data")).withHost("0.0.0.0");
        MfunetException refused = assertThrows(MfunetException.class,
                () -> SegmentationService.start(open, BackgroundSegmenter::new, line -> { }));
        assertEquals("--host 0.0.0.0: refusing to serve beyond this machine without a token; give --token-file FILE"
                + " (or --insecure to let anyone who can reach it in)", refused.getMessage());
        assertFalse(Files.exists(dir.resolve("data")), "refused before anything is created or bound");
        // Allowed with a token or --insecure; checked without binding, so that no test listens beyond loopback.
        assertEquals("0.0.0.0", open.withToken(BearerToken.of(TOKEN, "test")).bindAddress().getHostString());
        assertEquals("0.0.0.0", open.withInsecure(true).bindAddress().getHostString());
        assertTrue(TestService.config(dir).withHost("localhost").bindAddress().getAddress().isLoopbackAddress());

        CliRun cli = CliRun.of("serve", "--model", dir.toString(), "--host", "0.0.0.0", "--port", "0",
                "--data", dir.resolve("cli-data").toString());
        assertEquals(1, cli.code());
        assertEquals("error: " + refused.getMessage(), cli.err().strip());
    }
}
