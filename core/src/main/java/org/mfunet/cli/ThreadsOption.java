package org.mfunet.cli;

import org.mfunet.model.Engines;
import picocli.CommandLine.Option;

/**
 * The {@code --threads} option of the commands that run the engine; mixed in with {@code @Mixin}. The thread count
 * is a setting of the engine on this machine, not of a run: it changes time, not what is computed, so no settings
 * file records it.
 */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N", defaultValue = "0", description = "Engine threads, 0 for all cores (default).")
    int count;

    /** Sets the engine's threads; call before anything loads the engine. */
    void apply() {
        Engines.threads(count);
    }
}
