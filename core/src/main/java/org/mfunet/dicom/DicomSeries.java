package org.mfunet.dicom;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The images of one series of one study, as found: in file order, not yet sorted in space.
 *
 * @param studyUid  StudyInstanceUID
 * @param seriesUid SeriesInstanceUID
 * @param images    at least one
 */
public record DicomSeries(String studyUid, String seriesUid, List<DicomImage> images) {
    public DicomSeries {
        Objects.requireNonNull(studyUid, "studyUid");
        Objects.requireNonNull(seriesUid, "seriesUid");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("series " + seriesUid + " has no image");
        }
        images = images.stream().sorted(Comparator.comparing(DicomImage::path)).toList();
    }

    /** SeriesDescription of the first image, {@code ""} when absent. */
    public String description() {
        return images.get(0).header().string(Tag.SERIES_DESCRIPTION, "");
    }

    /** ProtocolName of the first image, {@code ""} when absent. */
    public String protocol() {
        return images.get(0).header().string(Tag.PROTOCOL_NAME, "");
    }

    /** SeriesNumber of the first image, or -1 when absent or not a number. */
    public int number() {
        return (int) images.get(0).header().decimal(Tag.SERIES_NUMBER, -1);
    }

    /** {@code #7 "LGE PSIR SAX" (1.2.3...) 12 images}: how messages name a series. */
    public String summary() {
        String name = description().isEmpty() ? protocol() : description();
        return "#" + (number() < 0 ? "?" : Integer.toString(number())) + " \"" + name + "\" (" + seriesUid + ", "
                + images.size() + (images.size() == 1 ? " image)" : " images)");
    }
}
