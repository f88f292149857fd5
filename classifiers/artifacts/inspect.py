"""Which inspector reads an artifact: by its magic bytes first, its name second."""

from __future__ import annotations

from classifiers.artifacts import pickles
from classifiers.artifacts.gguf import MAGIC as GGUF_MAGIC
from classifiers.artifacts.gguf import inspect_gguf
from classifiers.artifacts.keras import inspect_keras
from classifiers.artifacts.onnx import inspect_onnx
from classifiers.artifacts.report import ArtifactReport, read_at, unknown
from classifiers.artifacts.safetensors import inspect_safetensors, looks_like
from classifiers.readers.readable import ReadableObject, suffixes

HEAD_BYTES = 16
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
PICKLE_NAMES = frozenset(
    {".pkl", ".pickle", ".joblib", ".pt", ".pth", ".bin", ".ckpt", ".npy", ".npz", ".dat"}
)
# FAISS indexes start with a four-letter code: IxF2 (flat L2), IxFI (IP), IwFl (IVF)...
FAISS_PREFIXES = (b"Ix", b"Iw", b"IB", b"IH", b"IL")


def inspect_artifact(obj: ReadableObject) -> ArtifactReport:
    """The artifact's report; nothing in it is unpickled, imported or executed."""
    try:
        return _dispatch(obj, read_at(obj, 0, HEAD_BYTES))
    except OSError as exc:
        return unknown("unknown", f"unreadable: {exc.__class__.__name__}: {exc.strerror or exc}")


def _dispatch(obj: ReadableObject, head: bytes) -> ArtifactReport:
    names = set(suffixes(obj))
    if not head:
        return unknown("unknown", "empty file")
    if head.startswith(GGUF_MAGIC):
        return inspect_gguf(obj)
    if looks_like(head):
        return inspect_safetensors(obj)
    if head.startswith(HDF5_MAGIC):
        return unknown("hdf5", "HDF5 (Keras .h5) is not read: h5py is not installed, so Lambda "
                       "layers are unseen; not verified")  # fmt: skip
    if head.startswith(pickles.ZIP_MAGIC) and ".keras" in names:
        return inspect_keras(obj)
    if head.startswith((*pickles.PICKLE_MAGIC, *pickles.ZIP_MAGIC, pickles.NUMPY_MAGIC)):
        return pickles.scan_pickle(obj, head)
    if ".safetensors" in names:
        return inspect_safetensors(obj)  # names a broken header rather than guessing
    if ".onnx" in names or head[:1] == b"\x08":  # field 1 (ir_version) opens every model
        return inspect_onnx(obj)
    if ".gguf" in names:
        return unknown("gguf", "no GGUF magic")
    if head.startswith(FAISS_PREFIXES) and names & {".faiss", ".index"}:
        index = head[:4].decode("ascii", errors="replace")
        return unknown("faiss", "vector index: holds no code; not inspected", index=index)
    if names & PICKLE_NAMES:
        return pickles.scan_pickle(obj, head)  # protocol 0/1 pickles have no magic
    return unknown("unknown", "format not recognised from its first bytes")
