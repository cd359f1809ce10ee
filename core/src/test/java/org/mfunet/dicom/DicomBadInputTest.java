package org.mfunet.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad DICOM input: one line naming the file and what is wrong, never a crash. */
class DicomBadInputTest {
    @TempDir
    Path dir;

    private Path series() {
        return new FixtureSeries("1.2.3", "1.2.3.4").writeInto(dir.resolve("study/lge"));
    }

    private static List<Path> files(Path folder) throws IOException {
        try (var s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    private static DicomException volumeFails(Path root) {
        DicomFolder.Scan scan = DicomFolder.scan(root);
        assertEquals(1, scan.series().size());
        return assertThrows(DicomException.class, () -> SeriesVolume.of(scan.series().get(0)));
    }

    @Test
    void aTruncatedFileIsAProblemOfItsStudy() throws IOException {
        Path folder = series();
        Path file = files(folder).get(0);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 700));
        DicomFolder.Scan scan = DicomFolder.scan(dir);
        assertEquals(1, scan.problems().size());
        DicomFolder.Problem p = scan.problems().get(0);
        assertEquals("1.2.3", p.studyUid());
        assertTrue(p.message().startsWith(file + ": truncated: the file ends inside the value of (7FE0,0010)"),
                p.message());
    }

    /**
     * A cut inside an element is reported as a truncation; a cut between two elements leaves a shorter data set whose
     * image lacks its pixel data. Either way one DicomException naming the file, never another exception.
     */
    @Test
    void everyTruncationIsADicomExceptionNamingTheFile() throws IOException {
        Path file = files(series()).get(0);
        byte[] bytes = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.dcm");
        for (int length = 0; length < bytes.length; length += length < 900 ? 1 : 97) {
            Files.write(cut, Arrays.copyOf(bytes, length));
            DicomException e = assertThrows(DicomException.class, () -> DicomImage.of(DicomReader.read(cut)),
                    "length " + length);
            assertTrue(e.getMessage().startsWith(cut + ": "), e.getMessage());
        }
    }

    @Test
    void aFileWithoutPreambleAndMarkerIsNotDicom() {
        FixtureSeries s = new FixtureSeries("1.2.3", "1.2.3.4");
        ArrayNode files = FixtureSeries.JSON.createArrayNode();
        Path file = dir.resolve("raw.dcm");
        files.add(s.image(file, 0).put("noMarker", true));
        FixtureSeries.write(files, dir);
        assertEquals(List.of(file), DicomFolder.scan(dir).notDicom());
        DicomException e = assertThrows(DicomException.class, () -> DicomReader.read(file));
        assertEquals(file + ": not a DICOM Part 10 file: no \"DICM\" after a 128-byte preamble", e.getMessage());
    }

    @Test
    void reportsAndPresentationStatesAreIgnoredWithANote() {
        Path folder = series();
        ArrayNode files = FixtureSeries.JSON.createArrayNode();
        files.add(FixtureSeries.nonImage("sr", folder.resolve("sr.dcm"), "1.2.3", "1.2.3.8"));
        files.add(FixtureSeries.nonImage("pr", folder.resolve("pr"), "1.2.3", "1.2.3.9"));
        FixtureSeries.write(files, dir);
        DicomFolder.Scan scan = DicomFolder.scan(dir);
        assertEquals(1, scan.series().size());
        assertEquals(List.of(folder.resolve("pr") + ": not an image (modality PR, SOP class 1.2.840.10008.5.1.4.1.1.11.1)",
                folder.resolve("sr.dcm") + ": not an image (modality SR, SOP class 1.2.840.10008.5.1.4.1.1.88.11)"),
                scan.ignored());
        assertEquals(4, SeriesVolume.of(scan.series().get(0)).nz());
    }

    @Test
    void aMissingSliceIsNamed() throws IOException {
        FixtureSeries s = new FixtureSeries("1.2.3", "1.2.3.4");
        Path folder = s.writeInto(dir.resolve("study/lge"));
        Path second = find(folder, s, 1);
        Files.delete(second);
        DicomException e = volumeFails(dir);
        assertTrue(e.getMessage().startsWith(find(folder, s, 2) + ": 16.00 mm from the previous slice "
                + find(folder, s, 0) + " where the others of series 1.2.3.4 are 8.00 mm apart: a slice is missing"),
                e.getMessage());
    }

    @Test
    void aDuplicatedSliceIsNamed() throws IOException {
        FixtureSeries s = new FixtureSeries("1.2.3", "1.2.3.4");
        Path folder = s.writeInto(dir.resolve("study/lge"));
        Files.copy(find(folder, s, 2), folder.resolve("copy.dcm"));
        DicomException e = volumeFails(dir);
        assertTrue(e.getMessage().contains("duplicated slice"), e.getMessage());
        assertTrue(e.getMessage().contains("copy.dcm"), e.getMessage());
    }

    @Test
    void anInconsistentOrientationIsNamed() {
        FixtureSeries s = new FixtureSeries("1.2.3", "1.2.3.4");
        Path folder = s.writeInto(dir.resolve("study/lge"));
        FixtureSeries tilted = new FixtureSeries("1.2.3", "1.2.3.4");
        tilted.orientation = new double[] {0.6, 0.8, 0, 0, 0, -1};
        ArrayNode files = FixtureSeries.JSON.createArrayNode();
        Path odd = folder.resolve("odd.dcm");
        files.add(tilted.image(odd, 5));
        FixtureSeries.write(files, dir);
        DicomException e = volumeFails(dir);
        assertTrue(e.getMessage().contains("inconsistent orientation within series 1.2.3.4"), e.getMessage());
        assertTrue(e.getMessage().startsWith(odd.toString()) || e.getMessage().contains(odd.toString()), e.getMessage());
    }

    @Test
    void compressedPixelDataIsRefusedNamingTheSyntaxAndTheFile() throws IOException {
        Path file = files(series()).get(1);
        retag(file, "1.2.840.10008.1.2.5");
        DicomException e = volumeFails(dir);
        assertEquals(file + ": pixel data in RLE Lossless (1.2.840.10008.1.2.5) cannot be decoded by mfunet; store the"
                + " series uncompressed (e.g. dcmdjpeg, gdcmconv --raw)", e.getMessage());
    }

    @Test
    void bigEndianFilesAreRefusedNamingTheSyntax() throws IOException {
        Path file = files(series()).get(0);
        retag(file, "1.2.840.10008.1.2.2");
        DicomException e = assertThrows(DicomException.class, () -> DicomReader.read(file));
        assertEquals(file + ": Explicit VR Big Endian (retired) (1.2.840.10008.1.2.2) is not supported; mfunet reads"
                + " implicit and explicit VR little endian", e.getMessage());
        assertEquals(1, DicomFolder.scan(dir).problems().size());
    }

    @Test
    void aFolderOfOtherFilesHoldsNoDicom() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        Files.write(dir.resolve("image.dcm"), new byte[300]);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/empty"), new byte[0]);
        DicomFolder.Scan scan = DicomFolder.scan(dir);
        assertEquals(3, scan.notDicom().size());
        assertTrue(!scan.hasDicom() && scan.series().isEmpty());
    }

    /** The file of slice k (k along the normal) of a fixture series. */
    private static Path find(Path folder, FixtureSeries s, int k) {
        return folder.resolve("img" + ((k * 7919) % 1000) + ".dcm");
    }

    /** Replaces the explicit VR little endian transfer syntax UID in the file meta by another of the same length. */
    private static void retag(Path file, String syntax) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] from = (TransferSyntax.EXPLICIT_LITTLE + "\0").getBytes(StandardCharsets.US_ASCII);
        byte[] to = (syntax + "\0").getBytes(StandardCharsets.US_ASCII);
        assertEquals(from.length, to.length);
        for (int i = 0; i + from.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
                System.arraycopy(to, 0, bytes, i, to.length);
                Files.write(file, bytes);
                return;
            }
        }
        throw new AssertionError("no transfer syntax UID in " + file);
    }
}
