"""`python -m bench.evalcorpus generate|split|score`: build the corpus, fix its split, score it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from bench.evalcorpus import corpus, split
from bench.evalcorpus.plan import SEED, plan
from bench.evalcorpus.results import SplitResult, evaluate
from bench.evalcorpus.show import markdown, render, to_json


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.evalcorpus", description=__doc__)
    parser.add_argument("--out", type=Path, default=corpus.OUT, help="where the corpus goes")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("generate", help="write the tables and answer keys unless up to date")
    commands.add_parser("split", help="add tables missing from split.csv (never reassigns)")
    commands.add_parser("labels", help="rewrite the committed labels.csv from the generator")
    score = commands.add_parser("score", help="scan with Warden and score against the labels")
    score.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    score.add_argument("--mode", choices=("sample", "full"), default="sample")
    score.add_argument("--misses", action="store_true", help="list every mismatched column")
    score.add_argument("--json", type=Path, help="write the figures to this file")
    score.add_argument(
        "--markdown", action="store_true", help="print the per-type table as Markdown"
    )
    return parser


def score_splits(out: Path, splits: Sequence[str], mode: str = "sample") -> list[SplitResult]:
    """Generate when missing, scan every table once, score each split."""
    from bench.evalcorpus.scan import scan_corpus, setup_mode  # loads the engine

    root = corpus.ensure(out)
    halves = {s: split.tables_of(s) for s in splits}
    wanted = set().union(*halves.values())
    scan = scan_corpus(root / corpus.DATA, setup_mode(mode), wanted)
    return [evaluate(s, tables, root, scan) for s, tables in halves.items()]


def _split_file() -> None:
    known = split.read() if split.SPLIT_FILE.exists() else {}
    split.write(split.extend(known, plan(SEED)))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console() if sys.stdout.isatty() else Console(width=200)
    if args.command == "generate":
        root = corpus.ensure(args.out)
        console.print(f"the corpus is in {root}: tables in {root / corpus.DATA}, labels beside")
    elif args.command == "labels":
        tables = corpus.build_all()
        corpus.write_labels(corpus.KEYS, (c for t in tables for c in t.labels))
        console.print(f"labels of {len(tables)} tables written to {corpus.KEYS}")
    elif args.command == "split":
        _split_file()
        console.print(f"split written to {split.SPLIT_FILE}")
    else:
        results = score_splits(args.out, [args.split], args.mode)
        for result in results:
            render(result, console, args.misses)
            if args.markdown:
                console.print(markdown(result), markup=False, highlight=False, soft_wrap=True)
        if args.json:
            to_json(results, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
