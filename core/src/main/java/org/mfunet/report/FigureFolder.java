package org.mfunet.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code figures/} folder of a report being written: saves PNG figures and counts them. */
final class FigureFolder {
    /** Name of the folder inside the report folder. */
    static final String NAME = "figures";

    private final Path folder;
    private int count;

    /** Creates {@code reportFolder/figures}. */
    FigureFolder(Path reportFolder) throws IOException {
        this.folder = Files.createDirectories(reportFolder.resolve(NAME));
    }

    /** Saves a picture as {@code figures/<name>} and returns it as a figure of the page. */
    ReportPage.Figure add(String name, BufferedImage image, String caption) throws IOException {
        return add(name, Panels.png(image), caption);
    }

    /** Saves PNG bytes as {@code figures/<name>} and returns them as a figure of the page. */
    ReportPage.Figure add(String name, byte[] png, String caption) throws IOException {
        Files.write(folder.resolve(name), png);
        count++;
        return new ReportPage.Figure(NAME + "/" + name, caption);
    }

    /** Number of figures saved. */
    int count() {
        return count;
    }
}
