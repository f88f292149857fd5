"""Generate the Warden sample data estate (deterministic): python sample_data/generate.py [OUT]."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from faker import Faker

HERE = Path(__file__).resolve().parent
SEED = 20240611


def main(argv: list[str]) -> int:
    """Write every file into OUT (default: this folder); print a one-line summary."""
    sys.dont_write_bytecode = True  # keep __pycache__ out of the estate
    sys.path.insert(0, str(HERE))
    from _generator.build import build  # the generator code lives in sample_data/_generator/

    Faker.seed(SEED)  # per-table Faker instances are seeded again from their names
    random.seed(SEED)
    out = Path(argv[0]).resolve() if argv else HERE
    written = build(out)
    size = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} files ({size / 1024:.0f} KiB) under {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
