#!/usr/bin/env python3
"""Writes DICOM Part 10 files with pydicom from a JSON description that a test makes: the independent
implementation the dicom tests hold mfunet's reader against (Debian's python3-pydicom).

    python3 write_series.py SPEC.json

SPEC: {"files": [FILE, ...]} where FILE is one of
  {"kind": "image", "path": ..., "syntax": "implicit"|"explicit"|"<transfer syntax UID>",
   "study": UID, "series": UID, "frameOfReference": UID, "description": ..., "protocol": ..., "seriesNumber": N,
   "instance": N, "rows": R, "columns": C, "position": [x, y, z], "orientation": [6 values],
   "spacing": [row spacing, column spacing], "thickness": T, "slope": S, "intercept": I, "signed": bool,
   "pixels": [R*C integers, row by row]}
  {"kind": "sr" | "pr", "path": ..., "study": UID, "series": UID}
Options of an image: "noMarker" writes the file without preamble and DICM marker.
"""
import json
import sys

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence

IMPLICIT = "1.2.840.10008.1.2"
EXPLICIT = "1.2.840.10008.1.2.1"
MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4"
BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11"
GRAYSCALE_PR = "1.2.840.10008.5.1.4.1.1.11.1"


def meta(sop_class, sop_instance, syntax):
    m = FileMetaDataset()
    m.MediaStorageSOPClassUID = sop_class
    m.MediaStorageSOPInstanceUID = sop_instance
    m.TransferSyntaxUID = syntax
    m.ImplementationClassUID = "1.2.826.0.1.3680043.8.498.1"
    return m


def common(ds, spec, sop_class, modality):
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = pydicom.uid.generate_uid()
    ds.StudyInstanceUID = spec["study"]
    ds.SeriesInstanceUID = spec["series"]
    ds.Modality = modality
    ds.PatientName = "Test^Phantom"
    ds.PatientID = "PHANTOM1"
    ds.PatientBirthDate = ""
    ds.PatientSex = "O"
    ds.StudyDate = "20260101"
    ds.StudyTime = "120000"
    ds.StudyID = "1"
    ds.AccessionNumber = ""
    ds.ReferringPhysicianName = ""
    ds.SeriesNumber = spec.get("seriesNumber", 1)
    ds.InstanceNumber = spec.get("instance", 1)


def image(spec):
    syntax = {"implicit": IMPLICIT, "explicit": EXPLICIT}.get(spec["syntax"], spec["syntax"])
    ds = Dataset()
    common(ds, spec, MR_IMAGE, "MR")
    ds.file_meta = meta(MR_IMAGE, ds.SOPInstanceUID, syntax)
    ds.SeriesDescription = spec.get("description", "")
    ds.ProtocolName = spec.get("protocol", "")
    ds.FrameOfReferenceUID = spec["frameOfReference"]
    ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "ND"]
    ds.Manufacturer = "pydicom"
    ds.ImagePositionPatient = [float(v) for v in spec["position"]]
    ds.ImageOrientationPatient = [float(v) for v in spec["orientation"]]
    ds.PixelSpacing = [float(v) for v in spec["spacing"]]
    ds.SliceThickness = spec.get("thickness", 1.0)
    ds.Rows = spec["rows"]
    ds.Columns = spec["columns"]
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    signed = spec.get("signed", False)
    ds.PixelRepresentation = 1 if signed else 0
    if "slope" in spec:
        ds.RescaleSlope = spec["slope"]
        ds.RescaleIntercept = spec.get("intercept", 0)
        ds.RescaleType = "US"
    pixels = np.array(spec["pixels"], dtype=np.int16 if signed else np.uint16).reshape(spec["rows"], spec["columns"])
    ds.PixelData = pixels.astype("<i2" if signed else "<u2").tobytes()
    ds.is_little_endian = True
    ds.is_implicit_VR = syntax == IMPLICIT
    ds.save_as(spec["path"], write_like_original=spec.get("noMarker", False))


def non_image(spec):
    sr = spec["kind"] == "sr"
    sop_class = BASIC_TEXT_SR if sr else GRAYSCALE_PR
    ds = Dataset()
    common(ds, spec, sop_class, "SR" if sr else "PR")
    ds.file_meta = meta(sop_class, ds.SOPInstanceUID, EXPLICIT)
    if sr:
        ds.ValueType = "CONTAINER"
        ds.ContinuityOfContent = "SEPARATE"
        item = Dataset()
        item.RelationshipType = "CONTAINS"
        item.ValueType = "TEXT"
        item.TextValue = "scar in the inferior wall"
        ds.ContentSequence = Sequence([item])
    else:
        ds.ContentLabel = "VIEW"
        ds.PresentationCreationDate = "20260101"
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.save_as(spec["path"], write_like_original=False)


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    for entry in spec["files"]:
        (image if entry["kind"] == "image" else non_image)(entry)


if __name__ == "__main__":
    main()
