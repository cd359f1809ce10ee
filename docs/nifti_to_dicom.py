#!/usr/bin/env python3
"""Writes a DICOM version of a MyoPS-layout NIfTI cohort, one study per case, to try `mfunet predict` on DICOM.

    /usr/bin/python3 docs/nifti_to_dicom.py COHORT_DIR OUT_DIR [--truth TRUTH_DIR]

Needs Debian's python3-pydicom (and numpy); NIfTI-1 files are parsed here with the standard library. For each case
<name> with <name>_DE (and _T2, _C0 where present) .nii or .nii.gz, OUT_DIR/<name>/ gets one series per sequence
(LGE "LGE PSIR SAX", T2 "T2 STIR SAX", bSSFP "bSSFP cine SAX"), one MR image per slice in explicit VR little endian,
all in one study and frame of reference, UIDs derived from the case name (the same input gives the same UIDs).

A DICOM reader (mfunet, dcm2niix) sorts slices along the normal of their rows and columns. Where the NIfTI's slice
axis points the other way, the volume read back from DICOM has its slices in reverse order (the same voxels in
space). --truth writes each case's _gd labels in the order a DICOM reader sees, so that `mfunet evaluate` compares
voxel for voxel: a copy where the order is kept, else the slices reversed with the affine to match.
"""
import argparse
import gzip
import os
import re
import struct

import numpy as np
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

MR_IMAGE = "1.2.840.10008.5.1.4.1.1.4"
SERIES = [("DE", "LGE PSIR SAX", 3), ("T2", "T2 STIR SAX", 2), ("C0", "bSSFP cine SAX", 1)]
DTYPES = {2: "u1", 4: "i2", 8: "i4", 16: "f4", 64: "f8", 256: "i1", 512: "u2", 768: "u4"}


def read_nifti(path):
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    endian = "<" if struct.unpack("<i", raw[:4])[0] == 348 else ">"
    dims = struct.unpack(endian + "8h", raw[40:56])
    datatype = struct.unpack(endian + "h", raw[70:72])[0]
    slope, inter = struct.unpack(endian + "2f", raw[112:120])
    offset = int(struct.unpack(endian + "f", raw[108:112])[0])
    sform_code = struct.unpack(endian + "h", raw[254:256])[0]
    if sform_code <= 0:
        raise SystemExit("%s: needs an sform (sform_code > 0)" % path)
    affine = np.eye(4)
    affine[:3, :] = np.array(struct.unpack(endian + "12f", raw[280:328]), dtype=np.float64).reshape(3, 4)
    nx, ny, nz = dims[1], dims[2], dims[3] if dims[0] > 2 else 1
    data = np.frombuffer(raw, dtype=endian + DTYPES[datatype], count=nx * ny * nz, offset=offset)
    return raw[:offset], endian, data.reshape(nz, ny, nx), affine, slope, inter


def geometry(affine):
    """Row and column directions, pixel spacings (rows, columns) and the slice step, in DICOM's LPS."""
    flip = np.diag([-1.0, -1.0, 1.0])
    a0, a1, a2, origin = (flip @ affine[:3, i] for i in range(4))
    column_spacing, row_spacing = np.linalg.norm(a0), np.linalg.norm(a1)
    row_dir, col_dir = a0 / column_spacing, -a1 / row_spacing
    return row_dir, col_dir, a1, a2, origin, row_spacing, column_spacing


def write_series(folder, name, sequence, description, number, study, frame):
    header, _, data, affine, slope, inter = read_nifti(sequence)
    row_dir, col_dir, a1, a2, origin, row_spacing, column_spacing = geometry(affine)
    nz, ny, nx = data.shape
    series = generate_uid(entropy_srcs=[name, description])
    os.makedirs(folder, exist_ok=True)
    integral = np.issubdtype(data.dtype, np.integer) and data.min() >= -32768 and data.max() <= 32767
    for k in range(nz):
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.MediaStorageSOPClassUID = MR_IMAGE
        ds.SOPInstanceUID = generate_uid(entropy_srcs=[name, description, str(k)])
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.SOPClassUID = MR_IMAGE
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.Modality, ds.Manufacturer = "MR", "mfunet nifti_to_dicom.py"
        ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = name + "^", name, "", "O"
        ds.StudyDate, ds.StudyTime, ds.StudyID, ds.AccessionNumber = "20260101", "120000", "1", ""
        ds.ReferringPhysicianName, ds.PositionReferenceIndicator = "", ""
        ds.SeriesDescription = ds.ProtocolName = description
        ds.SeriesNumber, ds.InstanceNumber = number, k + 1
        ds.ImageType = ["ORIGINAL", "PRIMARY", "M", "ND"]
        ds.ImageOrientationPatient = [float("%.10f" % v) for v in list(row_dir) + list(col_dir)]
        position = origin + a1 * (ny - 1) + a2 * k
        ds.ImagePositionPatient = [float("%.8f" % v) for v in position]
        ds.PixelSpacing = [float("%.10f" % row_spacing), float("%.10f" % column_spacing)]
        ds.SliceThickness = ds.SpacingBetweenSlices = float("%.8f" % np.linalg.norm(a2))
        ds.Rows, ds.Columns = ny, nx
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
        pixels = data[k][::-1]
        if not integral:
            raise SystemExit("%s: only integer voxels within int16 are written" % sequence)
        if slope != 0 and np.isfinite(slope) and (slope, inter) != (1.0, 0.0):
            ds.RescaleSlope, ds.RescaleIntercept, ds.RescaleType = slope, inter, "US"
        ds.PixelData = np.ascontiguousarray(pixels).astype("<i2").tobytes()
        ds.is_little_endian, ds.is_implicit_VR = True, False
        ds.save_as(os.path.join(folder, "IM_%04d.dcm" % (k + 1)), write_like_original=False)
    normal = np.cross(row_dir, col_dir)
    return float(np.dot(a2, normal)) < 0


def write_truth(labels, reversed_, target):
    header, endian, data, affine, _, _ = read_nifti(labels)
    if reversed_:
        nz = data.shape[0]
        data = data[::-1]
        new = affine.copy()
        new[:3, 3] = affine[:3, :3] @ np.array([0, 0, nz - 1]) + affine[:3, 3]
        new[:3, 2] = -affine[:3, 2]
        header = bytearray(header)
        header[252:254] = struct.pack(endian + "h", 0)
        header[280:328] = struct.pack(endian + "12f", *new[:3, :].ravel())
        header = bytes(header)
    with gzip.open(target, "wb") as out:
        out.write(header + np.ascontiguousarray(data).tobytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cohort")
    parser.add_argument("out")
    parser.add_argument("--truth")
    args = parser.parse_args()
    files = sorted(os.listdir(args.cohort))
    cases = sorted({m.group(1) for f in files for m in [re.match(r"(.+)_DE\.nii(\.gz)?$", f)] if m})
    for name in cases:
        study = generate_uid(entropy_srcs=[name, "study"])
        frame = generate_uid(entropy_srcs=[name, "frame"])
        reversed_ = None
        for suffix, description, number in SERIES:
            found = [f for f in files if re.fullmatch(re.escape(name) + "_" + suffix + r"\.nii(\.gz)?", f)]
            if found:
                r = write_series(os.path.join(args.out, name, description.split()[0]), name,
                                 os.path.join(args.cohort, found[0]), description, number, study, frame)
                reversed_ = r if suffix == "DE" else reversed_
        gd = [f for f in files if re.fullmatch(re.escape(name) + r"_gd\.nii(\.gz)?", f)]
        if args.truth and gd:
            os.makedirs(args.truth, exist_ok=True)
            write_truth(os.path.join(args.cohort, gd[0]), reversed_, os.path.join(args.truth, name + "_gd.nii.gz"))
        print("%s: %s%s" % (name, os.path.join(args.out, name), ", slices reversed" if reversed_ else ""))


if __name__ == "__main__":
    main()
