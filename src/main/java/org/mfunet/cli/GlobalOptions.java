package org.mfunet.cli;

import picocli.CommandLine.Option;

/** Options every command accepts; mixed into each command with {@code @Mixin}. */
public final class GlobalOptions {
    @Option(names = "--debug", description = "Print stack traces and the engine's log messages.")
    boolean debug;
}
