#!/usr/bin/env python3
"""Reads a DICOM Segmentation back with pydicom, independently of mfunet, and prints it as JSON.

    python3 read_seg.py SEG.dcm SOURCE_FOLDER

The frames are unpacked (1 bit per pixel, least significant first) and placed by their plane positions: slices
sorted along the normal of the shared plane orientation (row direction x column direction), ascending, as dcm2niix
sorts them. Each frame's source image must be a file of SOURCE_FOLDER at the same position. Prints
{"shape": [slices, rows, columns], "labels": [segment number per pixel, slice by slice, row by row],
 "segments": [{"number", "label", "category", "type", "lab"}], "errors": [...]}.
"""
import json
import os
import sys

import numpy as np
import pydicom


def main():
    seg = pydicom.dcmread(sys.argv[1])
    sources = {}
    for root, _, names in os.walk(sys.argv[2]):
        for name in names:
            try:
                ds = pydicom.dcmread(os.path.join(root, name), stop_before_pixels=True)
            except Exception:
                continue
            if "ImagePositionPatient" in ds:
                sources[ds.SOPInstanceUID] = [float(v) for v in ds.ImagePositionPatient]
    errors = []
    rows, cols, frames = int(seg.Rows), int(seg.Columns), int(seg.NumberOfFrames)
    bits = np.unpackbits(np.frombuffer(seg.PixelData, dtype=np.uint8), bitorder="little")
    masks = bits[: frames * rows * cols].reshape(frames, rows, cols)
    iop = [float(v) for v in seg.SharedFunctionalGroupsSequence[0].PlaneOrientationSequence[0].ImageOrientationPatient]
    normal = np.cross(iop[:3], iop[3:])
    positions = []
    for f in seg.PerFrameFunctionalGroupsSequence:
        position = [float(v) for v in f.PlanePositionSequence[0].ImagePositionPatient]
        positions.append(position)
        source = f.DerivationImageSequence[0].SourceImageSequence[0].ReferencedSOPInstanceUID
        if source not in sources:
            errors.append("frame source %s is not in the source folder" % source)
        elif max(abs(a - b) for a, b in zip(sources[source], position)) > 1e-4:
            errors.append("frame at %s refers to an image at %s" % (position, sources[source]))
    distinct = sorted({tuple(p) for p in positions}, key=lambda p: float(np.dot(p, normal)))
    labels = np.zeros((len(distinct), rows, cols), dtype=np.int32)
    for index, f in enumerate(seg.PerFrameFunctionalGroupsSequence):
        number = int(f.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
        z = distinct.index(tuple(positions[index]))
        overlap = (labels[z] != 0) & (masks[index] != 0)
        if overlap.any():
            errors.append("segments overlap in frame %d" % (index + 1))
        labels[z][masks[index] != 0] = number
    segments = [{"number": int(s.SegmentNumber), "label": s.SegmentLabel,
                 "category": s.SegmentedPropertyCategoryCodeSequence[0].CodeMeaning,
                 "type": s.SegmentedPropertyTypeCodeSequence[0].CodeMeaning,
                 "lab": [int(v) for v in s.RecommendedDisplayCIELabValue]} for s in seg.SegmentSequence]
    print(json.dumps({"shape": list(labels.shape), "labels": labels.ravel().tolist(), "segments": segments,
                      "modality": seg.Modality, "sopClass": seg.SOPClassUID, "study": seg.StudyInstanceUID,
                      "referencedSeries": seg.ReferencedSeriesSequence[0].SeriesInstanceUID, "errors": errors}))


if __name__ == "__main__":
    main()
