package org.mfunet.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mfunet.MfunetException;
import org.mfunet.model.Engines;
import org.mfunet.serve.BearerToken;
import org.mfunet.serve.CaseSegmenter;
import org.mfunet.serve.SegmentationService;
import org.mfunet.serve.ServeConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mfunet serve --model RUN ...}: the segmentation service and its web viewer, until stopped (Ctrl-C). */
@Command(name = "serve", header = "Serve segmentation over HTTP, with a web viewer.",
        description = "Load the model(s) once and segment the cases sent to an HTTP API (POST /api/cases), one at a"
                + " time from a bounded queue, exactly as predict does; the viewer is at http://HOST:PORT/. Cases and"
                + " results are kept under --data across restarts. Stop with Ctrl-C.")
public final class ServeCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "RUN",
            description = "Training run folder (uses its best model) or saved model folder; repeat to ensemble folds.")
    List<Path> models;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServeConfig.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Another address needs"
                    + " --token-file, or --insecure.")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "" + ServeConfig.DEFAULT_PORT,
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    int port;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "mfunet-serve-data",
            description = "Folder for uploads, records and results, created if missing (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--max-queue", paramLabel = "N", defaultValue = "" + ServeConfig.DEFAULT_MAX_QUEUE,
            description = "Cases that may wait for inference; more are refused with 429 (default: ${DEFAULT-VALUE}).")
    int maxQueue;

    @Option(names = "--max-upload-mb", paramLabel = "N", defaultValue = "" + ServeConfig.DEFAULT_MAX_UPLOAD_MB,
            description = "Largest upload in MB; larger ones are refused with 413 (default: ${DEFAULT-VALUE}).")
    long maxUploadMb;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding a secret of at least 16 characters that every API call must send as"
                    + " 'Authorization: Bearer <token>'.")
    Path tokenFile;

    @Option(names = "--insecure", description = "Allow an address other than loopback without a token.")
    boolean insecure;

    @Mixin
    ThreadsOption threads;

    @Mixin
    DeviceOption device;

    @Override
    public Integer call() throws InterruptedException {
        if (maxUploadMb < 1 || maxUploadMb > Long.MAX_VALUE / 1_000_000) {
            throw new MfunetException("--max-upload-mb " + maxUploadMb + ": must be a positive number of MB");
        }
        ServeConfig config = ServeConfig.of(data).withHost(host).withPort(port).withMaxQueue(maxQueue)
                .withMaxUploadBytes(maxUploadMb * 1_000_000).withInsecure(insecure)
                .withToken(tokenFile == null ? null : BearerToken.read(tokenFile));
        threads.apply();
        PrintWriter console = spec.commandLine().getOut();
        SegmentationService service = SegmentationService.start(config,
                () -> CaseSegmenter.predictor(models, Engines.device(device.name)), line -> {
                    console.println(line);
                    console.flush();
                });
        Thread stopOnExit = new Thread(service::close, "mfunet-serve-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            service.awaitStop();
        } finally {
            service.close();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down (Ctrl-C): the hook is what stopped the service.
            }
        }
        return 0;
    }
}
