package org.mfunet.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.mfunet.MfunetException;

/**
 * Start-up settings of the deep-learning engine: offline mode (the natives ship in the jar, nothing is
 * ever downloaded), quiet logging, the number of threads and the compute device.
 */
public final class Engines {
    private Engines() {
    }

    /**
     * Must run before anything touches DJL: DJL reads these properties once, when the engine loads.
     *
     * @param debug when true, the engine's own log messages reach the console
     */
    public static void configure(boolean debug) {
        System.setProperty("ai.djl.offline", "true");
        // The graph-executor optimiser only matters for TorchScript models, which this tool never loads.
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "info" : "error");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (!debug) {
            // DJL probes CUDA at start-up and logs the failed probe as a warning on CPU machines.
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl", "off");
        }
    }

    /** Sets intra-op threads of the engine; 0 keeps the engine's default (all cores). */
    public static void threads(int threads) {
        if (threads < 0) {
            throw new MfunetException("--threads must be 0 (all cores) or positive, got " + threads);
        }
        if (threads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /**
     * Turns the engine's gradient recording off for the calling thread. The engine turns it off only on the thread
     * that loads it (training turns it on while it records); on any other thread, loading weights into a network
     * fails ("a leaf Variable that requires grad is being used in an in-place operation"). Code that loads networks
     * on a thread of its own, such as a server's worker, needs this first; loading the engine if it is not yet.
     */
    public static void disableGradientsOnThisThread() {
        engine();
        JniUtils.setGradMode(false);
    }

    /** The engine, loading it on first use. */
    public static Engine engine() {
        return Engine.getEngine("PyTorch");
    }

    /**
     * The device named by a user setting: "cpu", "gpu", "gpu:N", or "auto" (first GPU if the engine sees one).
     */
    public static Device device(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("auto")) {
            return engine().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        }
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu") || n.matches("gpu:\\d+")) {
            int id = n.equals("gpu") ? 0 : Integer.parseInt(n.substring(4));
            if (id >= engine().getGpuCount()) {
                throw new MfunetException("--device " + name + ": the engine sees " + engine().getGpuCount() + " GPU(s)");
            }
            return Device.gpu(id);
        }
        throw new MfunetException("--device must be auto, cpu, gpu or gpu:N, got '" + name + "'");
    }
}
