package org.mfunet.serve;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.Sequence;
import org.mfunet.nifti.NiftiHeader;

/**
 * The files of one case as they arrive: the form field {@code lge} and, where acquired, {@code t2} and {@code bssfp}
 * (and optionally {@code labels}), written under their MyoPS names into the case's input folder and checked as {@code predict} would
 * read them ({@link CaseVolumes#check}). Problems are 400s that name the field; the server's paths never appear.
 */
final class CaseUpload {
    /** Form field of each input, in the order they are checked; all but {@code lge} are optional. */
    static final Map<String, String> FIELDS = fields();
    static final String LABELS = "labels";
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    /**
     * A case received and checked.
     *
     * @param source its files, in the MyoPS layout
     * @param grid   the header of the case's grid sequence (bSSFP, else LGE): dimensions of every file
     */
    record Received(MyopsCase source, NiftiHeader grid) {
    }

    private CaseUpload() {
    }

    private static Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (Sequence s : Sequence.values()) {
            fields.put(fieldOf(s), s.suffix());
        }
        fields.put(LABELS, "gd");
        return fields;
    }

    /** The form field of a sequence: its name in lower case ({@code lge}, {@code t2}, {@code bssfp}). */
    static String fieldOf(Sequence sequence) {
        return sequence.name().toLowerCase(Locale.ROOT);
    }

    /** The form fields of the sequences a case has, in channel order. */
    static List<String> fieldsOf(MyopsCase source) {
        return source.sequences().stream().map(CaseUpload::fieldOf).toList();
    }

    /**
     * Reads a form into {@code inputFolder} as the inputs of case {@code id} and checks them.
     *
     * @throws ApiException 400 for an unknown, repeated, missing or empty field, or a file that is no whole 3D NIfTI
     *                      volume on the grid of the others
     */
    static Received receive(MultipartForm form, Path inputFolder, String id) throws IOException {
        Map<String, Path> parts = new LinkedHashMap<>();
        for (MultipartForm.Part part = form.next(); part != null; part = form.next()) {
            String field = part.name();
            if (!FIELDS.containsKey(field)) {
                throw new ApiException(400, "unknown field '" + printable(field) + "': send " + expected());
            }
            if (parts.containsKey(field)) {
                throw new ApiException(400, field + ": sent twice");
            }
            if (part.filename() == null) {
                throw new ApiException(400, field + ": expected a file (.nii or .nii.gz), got a plain form value");
            }
            Path file = inputFolder.resolve(field + ".part");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
                form.copyBody(out);
            }
            parts.put(field, file);
        }
        String lge = fieldOf(Sequence.LGE);
        if (!parts.containsKey(lge)) {
            throw new ApiException(400, "missing field " + lge + ": send " + expected());
        }
        for (Map.Entry<String, Path> part : parts.entrySet()) {
            if (Files.size(part.getValue()) == 0) {
                throw new ApiException(400, part.getKey() + ": the file is empty");
            }
            Files.move(part.getValue(), CaseStore.inputFile(inputFolder, id, FIELDS.get(part.getKey()),
                    isGzip(part.getValue())));
        }
        return check(CaseStore.inputCase(inputFolder, id, parts.containsKey(LABELS)));
    }

    /**
     * Checks a case's input files as {@code predict} would read them.
     *
     * @throws ApiException 400 naming the field of the first file at fault
     */
    static Received check(MyopsCase source) {
        try {
            return new Received(source, CaseVolumes.check(source));
        } catch (MfunetException e) {
            throw new ApiException(400, forClient(e.getMessage(), source));
        }
    }

    /**
     * A message about a case's files as a client should read it: each file's path on the server replaced by its
     * field name, and the case name prefix dropped.
     */
    static String forClient(String message, MyopsCase source) {
        String text = message;
        String prefix = "case " + source.name() + ": ";
        if (text.startsWith(prefix)) {
            text = text.substring(prefix.length());
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (Sequence s : source.sequences()) {
            files.put(fieldOf(s), source.image(s));
        }
        if (source.labelled()) {
            files.put(LABELS, source.labels());
        }
        for (Map.Entry<String, Path> file : files.entrySet()) {
            text = text.replace(file.getValue().toString(), file.getKey());
        }
        return text;
    }

    private static String expected() {
        return "lge, with t2 and bssfp where acquired (and optionally labels), as .nii or .nii.gz files";
    }

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(2);
            return magic.length == 2 && (magic[0] & 0xff) == GZIP_MAGIC_0 && (magic[1] & 0xff) == GZIP_MAGIC_1;
        }
    }

    /** A client's text safe to echo: printable ASCII only, at most 40 characters. */
    static String printable(String text) {
        String kept = text.chars().filter(c -> c >= 0x20 && c < 0x7f)
                .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
        return kept.length() > 40 ? kept.substring(0, 40) + "..." : kept;
    }
}
