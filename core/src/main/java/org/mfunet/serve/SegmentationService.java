package org.mfunet.serve;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mfunet.MfunetException;
import org.mfunet.data.MyopsCase;

/**
 * The segmentation service: an HTTP server ({@link HttpApi}) in front of a bounded queue ({@link InferenceQueue}) and
 * one worker thread that loads the models once and segments one case at a time, every case kept in the data folder
 * ({@link CaseStore}).
 *
 * <p>Restarts: finished cases are files and stay; queued ones are queued again; one that was being segmented when the
 * process died fails with a reason, while a clean stop ({@link #close}) puts it back in the queue.
 */
public final class SegmentationService implements AutoCloseable {
    /** Threads answering HTTP requests (uploads stream to disk, so few are needed). */
    static final int HTTP_THREADS = 16;
    /** How long {@link #close} waits for a running segmentation before leaving it to the next start. */
    static final long STOP_WAIT_SECONDS = 5;
    /**
     * The JDK's server closes a connection whose request (or response) has taken longer than these properties say, in
     * seconds; it reads them once, when its first server starts.
     */
    private static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";
    private static final String MAX_RESPONSE_SECONDS = "sun.net.httpserver.maxRspTime";
    /** Seconds the server's own cut-off waits beyond the request timeout, so that a slow client gets its 408 first. */
    private static final long CUT_OFF_MARGIN_SECONDS = 2;

    /** Where the models are. */
    enum State { LOADING, READY, FAILED }

    /** Receives a case's files into an input folder; see {@link #accept}. */
    @FunctionalInterface
    interface Receiver {
        CaseUpload.Received receive(Path inputFolder, String id) throws IOException;
    }

    private final ServeConfig config;
    private final CaseStore store;
    private final InferenceQueue queue;
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final SliceImages slices;
    private final Consumer<String> log;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService httpThreads;
    private Thread worker;
    private volatile State state = State.LOADING;
    private volatile RuntimeException loadFailure;
    private volatile List<String> models = List.of();
    private volatile CaseRecord.Progress progress;
    /** Set by {@link #close}; once {@code closed} too, the worker records nothing more. Guarded by the queue's lock. */
    private boolean closing;
    private boolean closed;

    private SegmentationService(ServeConfig config, CaseStore store, Consumer<String> log) {
        this.config = config;
        this.store = store;
        this.queue = new InferenceQueue(config.maxQueue());
        this.slices = new SliceImages(store);
        this.log = log;
    }

    /**
     * Starts a service: opens the data folder (queueing again what a previous process left queued), listens, and
     * loads the models on the worker thread; until they are loaded, uploads are answered 503.
     *
     * @param loader loads the models; a failure stops the service ({@link #awaitStop} throws it)
     * @param log    receives a line when the service listens, is ready, finishes a case and stops
     * @throws MfunetException when the data folder cannot be used or the address cannot be listened on
     */
    public static SegmentationService start(ServeConfig config, Callable<CaseSegmenter> loader, Consumer<String> log) {
        InetSocketAddress address = config.bindAddress();
        CaseStore store = CaseStore.open(config.dataDir());
        SegmentationService service = new SegmentationService(config, store, log);
        try {
            for (String id : store.recover()) {
                service.queue.resume(id);
            }
            service.listen(address);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        service.worker = new Thread(() -> service.work(loader), "mfunet-inference");
        service.worker.setDaemon(true);
        service.worker.start();
        log.accept("mfunet serve: listening on " + service.uri() + " (data in " + config.dataDir() + ", "
                + service.queue.waitingCount() + " case(s) queued); loading the models");
        return service;
    }

    /**
     * Sets the JDK server's cut-off for stalled requests and responses, a little beyond {@code requestTimeout}, unless
     * already set. The server reads it when its first server starts in the process; later calls change nothing.
     */
    static void cutOffStalledConnections(Duration requestTimeout) {
        long cutOff = requestTimeout.toSeconds() + CUT_OFF_MARGIN_SECONDS;
        System.getProperties().putIfAbsent(MAX_REQUEST_SECONDS, Long.toString(cutOff));
        System.getProperties().putIfAbsent(MAX_RESPONSE_SECONDS, Long.toString(cutOff));
    }

    private void listen(InetSocketAddress address) {
        cutOffStalledConnections(config.requestTimeout());
        try {
            server = HttpServer.create(address, 128);
        } catch (BindException e) {
            throw new MfunetException("--port " + config.port() + ": cannot listen on " + config.host() + ":"
                    + config.port() + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        httpThreads = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads("mfunet-http-"));
        server.setExecutor(httpThreads);
        server.createContext("/", new HttpApi(this, config, metrics, slices));
        server.start();
    }

    /** The service's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** The port listened on (the free one chosen when the configured port is 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Blocks until the service stops.
     *
     * @throws MfunetException or another runtime exception: why the models could not be loaded
     */
    public void awaitStop() throws InterruptedException {
        stopped.await();
        if (loadFailure != null) {
            throw loadFailure;
        }
    }

    State state() {
        return state;
    }

    List<String> models() {
        return models;
    }

    int waitingCount() {
        return queue.waitingCount();
    }

    int runningCount() {
        return queue.running() == null ? 0 : 1;
    }

    ServiceMetrics.Gauges gauges() {
        return new ServiceMetrics.Gauges(waitingCount(), runningCount(), state == State.READY);
    }

    /**
     * Accepts a case: takes a place in the queue, has {@code receiver} write and check its files in a new upload
     * folder, then makes it a queued case. Whatever fails leaves no file and no place behind.
     *
     * @param source recorded as the case's source, e.g. {@code upload}
     * @throws ApiException 503 while the models load, 429 when the queue is full, or what the receiver throws
     */
    CaseRecord accept(String source, Receiver receiver) throws IOException {
        if (state != State.READY) {
            throw new ApiException(503, state == State.LOADING ? "the models are still loading; try again shortly"
                    : "the models could not be loaded");
        }
        if (!queue.reserve()) {
            throw new ApiException(429, "the queue is full (" + config.maxQueue() + " cases waiting); try again later");
        }
        String id = store.newId();
        Path upload = null;
        boolean queued = false;
        try {
            upload = store.newUploadFolder(id);
            CaseUpload.Received received = receiver.receive(Files.createDirectory(upload.resolve(CaseStore.INPUT)), id);
            CaseRecord record = CaseRecord.queued(id, Instant.now().toString(), source, received.grid().nx(),
                    received.grid().ny(), received.grid().nz(), received.source().labelled(),
                    CaseUpload.fieldsOf(received.source()));
            store.admit(upload, record);
            queue.submit(id);
            queued = true;
            return record;
        } finally {
            if (!queued) {
                queue.release();
                if (upload != null) {
                    store.discardUpload(upload);
                }
            }
        }
    }

    /** A case as the API shows it, live progress or queue position included; empty when there is no such case. */
    Optional<CaseRecord> find(String id) {
        return store.read(id).map(record -> switch (record.status()) {
            case RUNNING -> record.withLive(id.equals(queue.running()) ? progress : null, null);
            case QUEUED -> record.withLive(null, queue.position(id));
            default -> record;
        });
    }

    /** The segmentation file of a case. */
    Path segmentation(String id) {
        return store.segmentation(id);
    }

    /**
     * Deletes a case and its files; one being segmented is marked deleted at once and removed when it finishes.
     *
     * @return false when there was no such case
     */
    boolean delete(String id) {
        synchronized (queue) {
            if (store.read(id).isEmpty()) {
                return false;
            }
            if (queue.remove(id) == InferenceQueue.Removal.RUNNING) {
                store.markDeleted(id);
            } else {
                store.delete(id);
            }
            slices.forget(id);
            return true;
        }
    }

    private void work(Callable<CaseSegmenter> loader) {
        CaseSegmenter segmenter;
        try {
            segmenter = loader.call();
        } catch (Exception e) {
            loadFailure = e instanceof RuntimeException r ? r : new MfunetException("cannot load the models: " + e, e);
            state = State.FAILED;
            stopListening();
            stopped.countDown();
            return;
        }
        models = List.copyOf(segmenter.models());
        state = State.READY;
        log.accept("mfunet serve: ready with " + String.join(", ", models) + " on " + uri());
        try (segmenter) {
            for (String id = queue.take(); id != null; id = queue.take()) {
                segment(segmenter, id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Segments one case and records the outcome; a case deleted meanwhile is removed. */
    private void segment(CaseSegmenter segmenter, String id) {
        long start = System.nanoTime();
        CaseRecord outcome = null;
        try {
            outcome = store.read(id).map(record -> run(segmenter, record)).orElse(null);
        } catch (RuntimeException e) {
            // Only the data folder itself failing gets here (a full disk, say): nothing can be recorded.
            log.accept("case " + id + ": cannot record its state: " + e);
        }
        synchronized (queue) {
            try {
                if (closed) {
                    // close() has put the case back in the queue on disk, for the next start: this process's result
                    // is dropped, so that a closed service writes nothing more.
                    outcome = null;
                } else if (store.isMarkedDeleted(id)) {
                    store.delete(id);
                } else if (outcome != null) {
                    store.write(outcome);
                }
            } catch (RuntimeException e) {
                log.accept("case " + id + ": cannot record its outcome: " + e);
            } finally {
                queue.finished();
                progress = null;
            }
        }
        if (outcome != null) {
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.caseFinished(outcome.status(), seconds);
            log.accept(String.format(Locale.ROOT, "case %s: %s in %.1f s%s", id, outcome.status().key(), seconds,
                    outcome.error() == null ? "" : ": " + outcome.error()));
        }
    }

    /** Marks a case running, segments it as {@code predict} does and measures it; returns it done or failed. */
    private CaseRecord run(CaseSegmenter segmenter, CaseRecord record) {
        progress = null;
        store.write(record.running());
        MyopsCase source = store.inputCase(record.id(), record.labelled());
        long start = System.nanoTime();
        try {
            Path labels = segmenter.segment(source, store.folder(record.id()),
                    (model, models, slice, slices) -> progress = new CaseRecord.Progress(model, models, slice, slices));
            double seconds = (System.nanoTime() - start) / 1e9;
            CaseMeasures measures = CaseMeasures.of(CaseStore.caseName(record.id()), labels, source.labels());
            return record.done(Math.round(seconds * 1000) / 1000.0, measures.volumesMl(), measures.dice());
        } catch (MfunetException | UncheckedIOException e) {
            String reason = e instanceof UncheckedIOException u ? u.getCause().toString() : e.getMessage();
            return record.failed(CaseUpload.forClient(reason, source));
        } catch (RuntimeException e) {
            return record.failed("internal error: " + e);
        }
    }

    /**
     * Stops: no more requests, the queue closed; a segmentation still running after {@value #STOP_WAIT_SECONDS} s is
     * recorded as queued again, for the next start. From then on the service writes nothing to its data folder (the
     * worker, a daemon thread, drops that segmentation's result if the process lives on).
     */
    @Override
    public void close() {
        synchronized (queue) {
            if (closing) {
                return;
            }
            closing = true;
        }
        stopListening();
        queue.close();
        try {
            worker.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (queue) {
            closed = true;
            String running = queue.running();
            if (running != null) {
                store.read(running).filter(r -> r.status() == CaseStatus.RUNNING)
                        .ifPresent(r -> store.write(r.requeued()));
            }
        }
        store.close();
        stopped.countDown();
        log.accept("mfunet serve: stopped");
    }

    /** Closes the listening socket and every connection; safe to call twice. */
    private synchronized void stopListening() {
        if (httpThreads.isShutdown()) {
            return;
        }
        server.stop(0);
        httpThreads.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
