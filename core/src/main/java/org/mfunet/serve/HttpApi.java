package org.mfunet.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mfunet.JsonFiles;
import org.mfunet.data.MyopsLabels;

/**
 * The HTTP side of the service: a fixed table of routes (method, path pattern, the template that names it in the
 * metrics and the OpenAPI description), the bearer-token check, and JSON answers, errors included
 * ({@code {"error": "..."}}). Paths are matched raw, before any decoding, against patterns that admit only ids of the
 * service's own form, so no request can reach a file by a name it makes up.
 */
final class HttpApi implements HttpHandler {
    /** What is read and dropped of an upload refused part-way, so that the client can read the answer. */
    static final long DISCARD_LIMIT = 32L << 20;
    /** What a client refused for a full queue or loading models is told to wait before trying again. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String ID = "([0-9a-f]{32})";
    private static final String WEB = "web/";
    private static final String PAGE_POLICY = "default-src 'self'; img-src 'self' blob: data:; style-src 'self';"
            + " script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** One API call: what it answers and whether it needs the token. */
    private record Route(String method, Pattern path, String template, boolean needsToken, Handler handler) {
    }

    @FunctionalInterface
    private interface Handler {
        /** Answers the request; returns the status code sent. */
        int handle(HttpExchange exchange, Matcher path) throws IOException;
    }

    private final SegmentationService service;
    private final ServeConfig config;
    private final ServiceMetrics metrics;
    private final SliceImages slices;
    private final List<Route> routes;

    HttpApi(SegmentationService service, ServeConfig config, ServiceMetrics metrics, SliceImages slices) {
        this.service = service;
        this.config = config;
        this.metrics = metrics;
        this.slices = slices;
        this.routes = List.of(
                page("/", "index.html", "text/html; charset=utf-8"),
                page("/viewer.js", "viewer.js", "text/javascript; charset=utf-8"),
                page("/viewer.css", "viewer.css", "text/css; charset=utf-8"),
                api("GET", "/api/health", "/api/health", this::health),
                api("GET", "/api/openapi\\.json", "/api/openapi.json", this::openApi),
                api("POST", "/api/cases", "/api/cases", this::upload),
                api("GET", "/api/cases/" + ID, "/api/cases/{id}", this::status),
                api("DELETE", "/api/cases/" + ID, "/api/cases/{id}", this::delete),
                api("GET", "/api/cases/" + ID + "/segmentation\\.nii\\.gz", "/api/cases/{id}/segmentation.nii.gz",
                        this::segmentation),
                api("GET", "/api/cases/" + ID + "/slices/([0-9]{1,5})\\.png", "/api/cases/{id}/slices/{z}.png",
                        this::slice),
                api("GET", "/api/demo-cases", "/api/demo-cases", this::demoCases),
                api("POST", "/api/demo-cases/([a-z0-9_]{1,40})", "/api/demo-cases/{name}", this::demoCase),
                api("GET", "/metrics", "/metrics", this::metrics));
    }

    /** The method and path template of every API call, as the OpenAPI description must list them. */
    List<String> apiCalls() {
        return routes.stream().filter(Route::needsToken).map(r -> r.method() + " " + r.template()).toList();
    }

    private static Route api(String method, String path, String template, Handler handler) {
        return new Route(method, Pattern.compile(path), template, true, handler);
    }

    private Route page(String path, String resource, String type) {
        return new Route("GET", Pattern.compile(Pattern.quote(path)), path, false,
                (exchange, m) -> {
                    Headers headers = exchange.getResponseHeaders();
                    headers.set("Content-Security-Policy", PAGE_POLICY);
                    headers.set("X-Frame-Options", "DENY");
                    headers.set("Referrer-Policy", "no-referrer");
                    return send(exchange, 200, type, resource(WEB + resource));
                });
    }

    @Override
    public void handle(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        String template = "unmatched";
        String status = "aborted";
        try {
            String path = exchange.getRequestURI().getRawPath();
            Route route = null;
            Matcher matched = null;
            List<String> allowed = new ArrayList<>();
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (m.matches()) {
                    if (r.method().equals(method)) {
                        route = r;
                        matched = m;
                        break;
                    }
                    allowed.add(r.method());
                }
            }
            try {
                if (route == null) {
                    if (!allowed.isEmpty()) {
                        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
                        throw new ApiException(405, method + " is not allowed here (allowed: " + String.join(", ", allowed) + ")");
                    }
                    throw new ApiException(404, "no such page or API call");
                }
                template = route.template();
                if (route.needsToken() && config.token() != null
                        && !config.token().admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mfunet\"");
                    throw new ApiException(401, "missing or wrong token: send the header Authorization: Bearer <token>");
                }
                status = Integer.toString(route.handler().handle(exchange, matched));
            } catch (ApiException e) {
                status = Integer.toString(e.status());
                sendError(exchange, e);
            } catch (RuntimeException e) {
                status = "500";
                sendError(exchange, new ApiException(500, "internal error: " + e.getClass().getSimpleName()));
            } catch (IOException e) {
                if (e instanceof RequestBody.ClientGone || exchange.getResponseCode() != -1) {
                    throw e;
                }
                // The server's own files failed (a full disk, say); their paths stay on the server.
                status = "500";
                sendError(exchange, new ApiException(500, "server I/O error: " + e.getClass().getSimpleName()));
            }
        } catch (IOException e) {
            // The client went away mid-request or mid-answer: there is no one left to answer.
            status = "aborted";
        } finally {
            metrics.request(method, template, status);
            exchange.close();
        }
    }

    private int health(HttpExchange exchange, Matcher path) throws IOException {
        SegmentationService.State state = service.state();
        List<Map<String, Object>> labels = new ArrayList<>();
        for (int c = 1; c < MyopsLabels.CLASSES; c++) {
            Map<String, Object> label = new LinkedHashMap<>();
            label.put("name", MyopsLabels.nameOf(c));
            label.put("value", MyopsLabels.valueOf(c));
            label.put("colour", String.format("#%06x", MyopsLabels.colourOf(c)));
            labels.add(label);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", switch (state) {
            case READY -> "ok";
            case LOADING -> "loading";
            case FAILED -> "failed";
        });
        body.put("models", service.models());
        body.put("queue", service.waitingCount());
        body.put("running", service.runningCount());
        body.put("max_queue", config.maxQueue());
        body.put("max_upload_bytes", config.maxUploadBytes());
        body.put("labels", labels);
        return sendJson(exchange, state == SegmentationService.State.READY ? 200 : 503, body);
    }

    private int openApi(HttpExchange exchange, Matcher path) throws IOException {
        return send(exchange, 200, JSON_TYPE, resource("openapi.json"));
    }

    private int upload(HttpExchange exchange, Matcher path) throws IOException {
        RequestBody body = requestBody(exchange);
        try {
            String declared = exchange.getRequestHeaders().getFirst("Content-Length");
            if (declared != null && declared.matches("[0-9]{1,18}") && Long.parseLong(declared) > config.maxUploadBytes()) {
                throw new ApiException(413, "the upload is larger than the limit of "
                        + RequestBody.megabytes(config.maxUploadBytes()) + " MB");
            }
            String boundary = MultipartForm.boundary(exchange.getRequestHeaders().getFirst("Content-Type"));
            CaseRecord record = service.accept("upload",
                    (input, id) -> CaseUpload.receive(new MultipartForm(body, boundary), input, id));
            return accepted(exchange, record);
        } catch (ApiException e) {
            body.discardRest(DISCARD_LIMIT);
            throw e;
        }
    }

    private int demoCases(HttpExchange exchange, Matcher path) throws IOException {
        return sendJson(exchange, 200, Map.of("cases", DemoCases.names()));
    }

    private int demoCase(HttpExchange exchange, Matcher path) throws IOException {
        String name = path.group(1);
        if (!DemoCases.names().contains(name)) {
            throw new ApiException(404, "no demo case " + name + " (GET /api/demo-cases lists them)");
        }
        return accepted(exchange, service.accept("demo " + name, (input, id) -> DemoCases.write(name, input, id)));
    }

    private int accepted(HttpExchange exchange, CaseRecord record) throws IOException {
        exchange.getResponseHeaders().set("Location", "/api/cases/" + record.id());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", record.id());
        body.put("status", record.status().key());
        return sendJson(exchange, 202, body);
    }

    private int status(HttpExchange exchange, Matcher path) throws IOException {
        return sendJson(exchange, 200, caseOf(path.group(1)));
    }

    private int delete(HttpExchange exchange, Matcher path) throws IOException {
        if (!service.delete(path.group(1))) {
            throw noCase(path.group(1));
        }
        exchange.sendResponseHeaders(204, -1);
        return 204;
    }

    private int segmentation(HttpExchange exchange, Matcher path) throws IOException {
        CaseRecord record = caseOf(path.group(1));
        if (record.status() != CaseStatus.DONE) {
            throw new ApiException(409, "the case is " + record.status().key() + ": no segmentation yet");
        }
        Path file = service.segmentation(record.id());
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/gzip");
        headers.set("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"");
        headers.set("Cache-Control", "no-store");
        try (InputStream in = Files.newInputStream(file)) {
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
        return 200;
    }

    private int slice(HttpExchange exchange, Matcher path) throws IOException {
        CaseRecord record = caseOf(path.group(1));
        SliceImages.View view = SliceImages.View.parse(query(exchange));
        return send(exchange, 200, "image/png", slices.png(record, Integer.parseInt(path.group(2)), view));
    }

    private int metrics(HttpExchange exchange, Matcher path) throws IOException {
        byte[] text = metrics.prometheus(service.gauges()).getBytes(StandardCharsets.UTF_8);
        return send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text);
    }

    private CaseRecord caseOf(String id) {
        return service.find(id).orElseThrow(() -> noCase(id));
    }

    private static ApiException noCase(String id) {
        return new ApiException(404, "no case " + id);
    }

    private RequestBody requestBody(HttpExchange exchange) {
        return new RequestBody(exchange.getRequestBody(), config.maxUploadBytes(), System.nanoTime(),
                config.requestTimeout());
    }

    /** The query parameters, decoded; a name given twice is refused. */
    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (query.put(name, value) != null) {
                    throw new ApiException(400, "parameter '" + CaseUpload.printable(name) + "' given twice");
                }
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "malformed query string");
            }
        }
        return query;
    }

    private static void sendError(HttpExchange exchange, ApiException e) throws IOException {
        if (e.status() == 408 || e.status() == 413) {
            // What is left of the body is not read: the connection cannot carry another request.
            exchange.getResponseHeaders().set("Connection", "close");
        }
        if (e.status() == 429 || e.status() == 503) {
            exchange.getResponseHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        sendJson(exchange, e.status(), Map.of("error", e.getMessage()));
    }

    private static int sendJson(HttpExchange exchange, int status, Object body) throws IOException {
        return send(exchange, status, JSON_TYPE, JsonFiles.toJson(JSON, body).getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("X-Content-Type-Options", "nosniff");
        if (!headers.containsKey("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    /** A file shipped in the jar beside this class. */
    private static byte[] resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
