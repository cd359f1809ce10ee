/**
 * The command line: thin picocli commands that parse options, call one library method and print its
 * result. No segmentation, training or file-format logic lives here.
 */
package org.mfunet.cli;
