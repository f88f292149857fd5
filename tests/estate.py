"""Copies of the sample estate and a config for them, for tests that scan real files."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data"
NOT_DATA = ("_generator", "generate.py", "labels.csv", "labels_datasets.csv", "known_values.txt",
            "README.md", "__pycache__")  # fmt: skip


def copy_estate(target: Path, only: tuple[str, ...] = ()) -> Path:
    """The sample estate without its generator and answer keys (optionally some folders)."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        at_root = Path(folder) == SAMPLE
        return {n for n in names if n == "__pycache__" or (at_root and n in NOT_DATA)}

    shutil.copytree(SAMPLE, target, ignore=ignore)
    if only:
        for child in target.iterdir():
            if child.name not in only:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    return target


def write_config(folder: Path, estate: Path, extra: str = "") -> Path:
    """A config with the estate as source `sample` and its public/ folder as source `public`."""
    config = folder / "warden.yaml"
    config.write_text(
        f"""catalog: sqlite:///{(folder / "catalog.db").as_posix()}
sources:
  - kind: local
    name: sample
    path: {estate.as_posix()}
    owners: [team:data-platform]
    exclude: ["public/**"]
  - kind: local
    name: public
    path: {(estate / "public").as_posix()}
    public: true
{extra}""",
        encoding="utf-8",
    )
    return config


def label_key(source: str, path: str) -> str:
    """The labels' dataset path (relative to sample_data/) of a catalog row."""
    return f"public/{path}" if source == "public" else path
