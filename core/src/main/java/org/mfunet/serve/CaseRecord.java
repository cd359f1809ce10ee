package org.mfunet.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the service knows of one case: kept as {@code case.json} in the case's folder (format {@value #VERSION}) and
 * sent as the answer to {@code GET /api/cases/{id}}, which adds the live {@code progress} and {@code queue_position}
 * (never stored). Absent values are left out of the JSON.
 *
 * @param version       format version of the stored record
 * @param id            the case's random id
 * @param status        queued, running, done or failed
 * @param created       when the case was accepted, ISO-8601 UTC; orders the queue after a restart
 * @param source        {@code upload}, or {@code demo <name>} for a built-in synthetic case
 * @param width         voxels along x (NIfTI order) of the case's grid (the bSSFP's, else the LGE's)
 * @param height        voxels along y
 * @param slices        voxels along z: the slices the viewer pages through
 * @param labelled      labels were sent with the images, so {@code dice} is computed
 * @param sequences     the sequences sent, as their form fields in channel order ({@code lge} always, {@code t2} and
 *                      {@code bssfp} where sent); all three for records written before partial cases were accepted
 * @param error         why the case failed (one line), when it did
 * @param seconds       time the segmentation took, when done
 * @param volumesMl     predicted volume in ml of myo, lv, rv, scar and edema, when done
 * @param dice          Dice of the prediction against the labels sent, per structure key ({@code null} where both are
 *                      empty), when done and labelled
 * @param progress      the slice being segmented, while running
 * @param queuePosition cases ahead of this one (0: next), while queued
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseRecord(int version, String id, CaseStatus status, String created, String source, int width,
                         int height, int slices, boolean labelled, List<String> sequences, String error, Double seconds,
                         @JsonProperty("volumes_ml") Map<String, Double> volumesMl,
                         Map<String, Double> dice,
                         Progress progress, @JsonProperty("queue_position") Integer queuePosition) {
    public static final int VERSION = 1;
    private static final List<String> ALL_SEQUENCES = List.of("lge", "t2", "bssfp");

    public CaseRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(created, "created");
        sequences = sequences == null ? ALL_SEQUENCES : List.copyOf(sequences);
        if (version != VERSION) {
            throw new IllegalArgumentException("case record version " + version + " is not the supported " + VERSION);
        }
    }

    /**
     * Where a running segmentation is.
     *
     * @param model  0-based index of the ensemble's model now running
     * @param models models in the ensemble
     * @param slice  0-based z of the slice being segmented
     * @param slices slices of the case
     */
    public record Progress(int model, int models, int slice, int slices) {
    }

    /** A case just accepted: queued. */
    public static CaseRecord queued(String id, String created, String source, int width, int height, int slices,
                                    boolean labelled, List<String> sequences) {
        return new CaseRecord(VERSION, id, CaseStatus.QUEUED, created, source, width, height, slices, labelled, sequences,
                null, null, null, null, null, null);
    }

    public CaseRecord running() {
        return new CaseRecord(version, id, CaseStatus.RUNNING, created, source, width, height, slices, labelled, sequences,
                null, null, null, null, null, null);
    }

    public CaseRecord done(double seconds, Map<String, Double> volumesMl, Map<String, Double> dice) {
        return new CaseRecord(version, id, CaseStatus.DONE, created, source, width, height, slices, labelled, sequences,
                null, seconds, volumesMl, dice, null, null);
    }

    public CaseRecord failed(String reason) {
        return new CaseRecord(version, id, CaseStatus.FAILED, created, source, width, height, slices, labelled, sequences,
                reason, null, null, null, null, null);
    }

    /** Back in the queue: after a clean stop interrupted its segmentation. */
    public CaseRecord requeued() {
        return new CaseRecord(version, id, CaseStatus.QUEUED, created, source, width, height, slices, labelled, sequences,
                null, null, null, null, null, null);
    }

    /** This record with the live state of a running or queued case, for the API. */
    public CaseRecord withLive(Progress current, Integer position) {
        return new CaseRecord(version, id, status, created, source, width, height, slices, labelled, sequences,
                error, seconds, volumesMl, dice, current, position);
    }
}
