package org.mfunet.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Options every command accepts ({@code --help}, {@code --version}, {@code --debug}); mixed into each command
 * with {@code @Mixin}, so no command can forget its help.
 */
@Command(mixinStandardHelpOptions = true)
public final class GlobalOptions {
    @Option(names = "--debug", description = "Print stack traces and the engine's log messages.")
    boolean debug;
}
