package org.mfunet.serve;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a case is: waiting for inference, being segmented, finished with a segmentation, or failed with a reason. */
public enum CaseStatus {
    QUEUED, RUNNING, DONE, FAILED;

    /** Lower-case name, as in the API: {@code queued}, {@code running}, {@code done}, {@code failed}. */
    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CaseStatus fromKey(String key) {
        for (CaseStatus s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown case status '" + key + "'");
    }
}
