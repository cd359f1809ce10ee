package org.mfunet.dicom;

import java.nio.file.Path;

/**
 * A DICOM Part 10 file as read: its file meta information and its data set.
 *
 * @param path           where it was read from
 * @param transferSyntax the UID of the syntax of its data set
 * @param meta           the file meta information (group 0002)
 * @param dataset        the data set; without its pixel data when read with {@link DicomReader#readHeader}
 */
public record DicomFile(Path path, String transferSyntax, DicomObject meta, DicomObject dataset) {
}
