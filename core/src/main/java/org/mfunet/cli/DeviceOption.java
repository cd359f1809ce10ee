package org.mfunet.cli;

import picocli.CommandLine.Option;

/** The {@code --device} option of the commands that run the network; mixed in with {@code @Mixin}. */
public final class DeviceOption {
    @Option(names = "--device", paramLabel = "D", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default: ${DEFAULT-VALUE}).")
    String name;
}
