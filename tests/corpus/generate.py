"""Writes the scan corpus: python tests/corpus/generate.py OUT_DIR (see tests/corpus/README.md)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the repository root makes `tests` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.corpus.bomb import bomb_case
from tests.corpus.cases import Case, Outcome
from tests.corpus.damaged import damaged_record_cases, unreadable_cases
from tests.corpus.dialects import dialect_cases
from tests.corpus.encodings import encoding_cases
from tests.corpus.shapes import shape_cases

__all__ = ["Case", "Outcome", "build_corpus"]


def build_corpus(root: Path) -> list[Case]:
    """Write every corpus file under `root` (an empty or missing folder); return the manifest.

    Deterministic: every value comes from seeded Faker or random instances, gzip and zip
    headers carry fixed times, so the same code writes the same bytes.
    """
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    cases = [
        *encoding_cases(root),
        *dialect_cases(root),
        *damaged_record_cases(root),
        *unreadable_cases(root),
        *shape_cases(root),
        bomb_case(root),
    ]
    paths = [case.path for case in cases]
    if len(set(paths)) != len(paths):
        raise AssertionError("two corpus cases share a path")
    return cases


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        cases = build_corpus(Path(argv[0]))
    except FileExistsError as exc:
        print(f"{exc}: give an empty or new folder", file=sys.stderr)
        return 1
    counts = {o: sum(c.outcome is o for c in cases) for o in Outcome}
    summary = ", ".join(f"{n} {o.value}" for o, n in counts.items())
    took = time.perf_counter() - started
    print(f"wrote {len(cases)} cases under {argv[0]} ({summary}) in {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
