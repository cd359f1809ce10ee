#!/usr/bin/env python3
"""Writes the small NIfTI-1 fixtures of the nifti tests and a JSON sidecar per fixture holding
nibabel's reading of it (dims, datatype, codes, affines, scaled values flattened x fastest).

Independent reference: the files are made with nibabel and numpy, never with mfunet. Run from this
folder with Debian's python3-nibabel:  /usr/bin/python3 make_fixtures.py
The Java tests only read the committed files; they do not need Python.
"""
import gzip
import json
import math
import struct

import nibabel as nib
import numpy as np

SHAPE = (5, 4, 3)
RNG = np.random.RandomState(20200101)


def rotation(ax, ay, az):
    cx, sx, cy, sy, cz, sz = np.cos(ax), np.sin(ax), np.cos(ay), np.sin(ay), np.cos(az), np.sin(az)
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    return rz @ ry @ rx


def affine(angles, zooms, offset, flip):
    a = np.eye(4)
    a[:3, :3] = rotation(*angles) @ np.diag(zooms)
    if flip:
        a[:3, 2] *= -1
    a[:3, 3] = offset
    return a


QFORM = affine((0.3, -0.2, 0.5), (0.75, 0.8, 10.0), (-90.5, 12.25, 33.0), True)
SFORM = affine((0.1, 0.4, -0.3), (0.75, 0.8, 10.0), (-80.0, 20.5, -15.75), False)


def values(dtype, shape):
    info = np.iinfo(dtype) if np.issubdtype(dtype, np.integer) else None
    if info is not None:
        v = RNG.randint(max(info.min, -1000), min(info.max, 1000) + 1, size=shape).astype(dtype)
        flat = v.reshape(-1, order="F")
        flat[0], flat[-1] = info.min, info.max
        return flat.reshape(shape, order="F")
    v = (RNG.standard_normal(shape) * 1000).astype(dtype)
    v.flat[1] = np.finfo(dtype).max / 2
    return v


def make(name, data, dtype, big, gz, slope=None, inter=None, qform=True, sform=True, nan=False):
    data = np.asarray(data, dtype=dtype)
    if nan:
        data.flat[2] = np.nan
    hdr = nib.Nifti1Header(endianness=">" if big else "<")
    hdr.set_data_dtype(dtype)
    img = nib.Nifti1Image(data.astype(np.dtype(dtype).newbyteorder(">" if big else "<")), None, hdr)
    img.header.set_qform(QFORM if qform else None, code=1 if qform else 0)
    img.header.set_sform(SFORM if sform else None, code=2 if sform else 0)
    img.header["descrip"] = b"fixture " + name.encode()
    raw = bytearray(img.to_bytes())
    if slope is not None:
        # nibabel picks its own scaling on save; set the fixture's by hand, in the file's byte order.
        struct.pack_into((">" if big else "<") + "ff", raw, 112, slope, inter)
    fname = name + (".nii.gz" if gz else ".nii")
    with (gzip.open(fname, "wb", compresslevel=9) if gz else open(fname, "wb")) as f:
        f.write(bytes(raw))
    seen = nib.load(fname)
    h = seen.header
    scaled = np.asarray(seen.get_fdata(dtype=np.float64))
    flat = [None if math.isnan(x) else float(x) for x in scaled.reshape(-1, order="F")]
    sidecar = {
        "file": fname,
        "dims": list(seen.shape),
        "datatype": h.get_data_dtype().name,
        "byte_order": "big-endian" if h.endianness == ">" else "little-endian",
        "qform_code": int(h["qform_code"]),
        "sform_code": int(h["sform_code"]),
        "pixdim": [float(x) for x in h["pixdim"][1:1 + len(seen.shape)]],
        "scl_slope": float(seen.dataobj.slope),
        "scl_inter": float(seen.dataobj.inter),
        "qform": h.get_qform().tolist(),
        "sform": h.get_sform().tolist(),
        "affine": seen.affine.tolist(),
        "values": flat,
    }
    with open(name + ".json", "w") as f:
        json.dump(sidecar, f, indent=1)


TYPES = ["uint8", "int8", "int16", "uint16", "int32", "uint32", "float32", "float64"]
for i, t in enumerate(TYPES):
    make(t, values(np.dtype(t), SHAPE), t, big=i % 2 == 1, gz=(i // 2) % 2 == 1)
make("scaled_int16_be", values(np.dtype("int16"), SHAPE), "int16", big=True, gz=True, slope=0.5, inter=-10.0)
make("scaled_uint8_le", values(np.dtype("uint8"), SHAPE), "uint8", big=False, gz=False, slope=2.5, inter=100.0)
make("qform_only", values(np.dtype("float32"), SHAPE), "float32", big=True, gz=False, sform=False)
make("nan_float32", values(np.dtype("float32"), SHAPE), "float32", big=False, gz=True, nan=True)
make("image2d", values(np.dtype("uint8"), (5, 4)), "uint8", big=False, gz=True)
make("image4d", values(np.dtype("int16"), SHAPE + (2,)), "int16", big=True, gz=False)
