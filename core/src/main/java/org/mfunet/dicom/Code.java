package org.mfunet.dicom;

import java.util.Objects;

/**
 * A coded concept, as DICOM's code sequences hold it: e.g. {@code (74281007, SCT, "Myocardium")}.
 *
 * @param value   CodeValue
 * @param scheme  CodingSchemeDesignator, e.g. {@code SCT} or {@code DCM}
 * @param meaning CodeMeaning
 */
public record Code(String value, String scheme, String meaning) {
    public Code {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(meaning, "meaning");
    }

    /** The code as a code sequence item. */
    DicomObject item() {
        return new DicomObject().putString(Tag.CODE_VALUE, "SH", value).putString(Tag.CODING_SCHEME_DESIGNATOR, "SH", scheme)
                .putString(Tag.CODE_MEANING, "LO", meaning);
    }
}
