package org.mfunet.serve;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The service's counters, written for Prometheus ({@code GET /metrics}, text format 0.0.4): requests by method, route
 * template and status code, cases finished by outcome, the time each segmentation took (a histogram), and the queue
 * as it is now. Routes are templates ({@code /api/cases/{id}}), so the number of series stays bounded whatever clients
 * ask. Thread-safe.
 */
final class ServiceMetrics {
    /** Upper bounds of the inference-time histogram's buckets, in seconds. */
    static final double[] SECONDS_BUCKETS = {1, 2, 5, 10, 30, 60, 120, 300, 600};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> cases = new ConcurrentHashMap<>();
    private final long[] bucketCounts = new long[SECONDS_BUCKETS.length];
    private long inferenceCount;
    private double inferenceSum;

    /** The state of the queue and the models, read when the metrics are written. */
    record Gauges(int waiting, int running, boolean modelsReady) {
    }

    /** Counts one answered request; {@code status} is the HTTP code, or a word when none could be sent. */
    void request(String method, String route, String status) {
        String key = "method=\"" + method + "\",route=\"" + route + "\",code=\"" + status + "\"";
        requests.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** Counts a case that finished with {@code status} (done or failed) after {@code seconds} of inference. */
    synchronized void caseFinished(CaseStatus status, double seconds) {
        cases.computeIfAbsent(status.key(), k -> new LongAdder()).increment();
        inferenceCount++;
        inferenceSum += seconds;
        for (int i = 0; i < SECONDS_BUCKETS.length; i++) {
            if (seconds <= SECONDS_BUCKETS[i]) {
                bucketCounts[i]++;
            }
        }
    }

    /** All metrics in the Prometheus text format. */
    synchronized String prometheus(Gauges gauges) {
        StringBuilder out = new StringBuilder();
        header(out, "mfunet_http_requests_total", "counter", "HTTP requests answered, by method, route and status code.");
        new TreeMap<>(requests).forEach((labels, n) -> out.append("mfunet_http_requests_total{").append(labels)
                .append("} ").append(n.sum()).append('\n'));
        header(out, "mfunet_queue_length", "gauge", "Cases waiting for inference.");
        out.append("mfunet_queue_length ").append(gauges.waiting()).append('\n');
        header(out, "mfunet_cases_running", "gauge", "Cases being segmented (0 or 1).");
        out.append("mfunet_cases_running ").append(gauges.running()).append('\n');
        header(out, "mfunet_models_ready", "gauge", "1 once the models are loaded.");
        out.append("mfunet_models_ready ").append(gauges.modelsReady() ? 1 : 0).append('\n');
        header(out, "mfunet_cases_finished_total", "counter", "Cases segmented since the start, by outcome.");
        for (CaseStatus s : new CaseStatus[] {CaseStatus.DONE, CaseStatus.FAILED}) {
            LongAdder n = cases.get(s.key());
            out.append("mfunet_cases_finished_total{status=\"").append(s.key()).append("\"} ")
                    .append(n == null ? 0 : n.sum()).append('\n');
        }
        header(out, "mfunet_inference_seconds", "histogram", "Time to segment a case, in seconds.");
        for (int i = 0; i < SECONDS_BUCKETS.length; i++) {
            out.append("mfunet_inference_seconds_bucket{le=\"").append(number(SECONDS_BUCKETS[i])).append("\"} ")
                    .append(bucketCounts[i]).append('\n');
        }
        out.append("mfunet_inference_seconds_bucket{le=\"+Inf\"} ").append(inferenceCount).append('\n');
        out.append("mfunet_inference_seconds_sum ").append(number(inferenceSum)).append('\n');
        out.append("mfunet_inference_seconds_count ").append(inferenceCount).append('\n');
        return out.toString();
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.6f", value);
    }
}
