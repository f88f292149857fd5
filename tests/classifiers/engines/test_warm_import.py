"""Presidio's import starts beside a large text table's Polars work, not for a small file,
and a recognizer is made only once that import has finished."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = """
import sys, threading
import polars as pl
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.recognizers import warm
from classifiers.rules import scan_rules

rules = scan_rules(WardenConfig(), "sample")
engine = PolarsEngine(rules.registry, None, rules.options)
rows = int(sys.argv[1])
frame = pl.DataFrame({"id": list(range(rows)), "word": [f"w{i % 7}x" for i in range(rows)]})
engine.table_evidence(frame)
print(len(warm._started), "presidio_analyzer" in sys.modules)
if warm._started:
    spec = next(s for s in rules.registry.specs if s.name == "EmailRecognizer")
    spec.recognizer  # waits for the thread, then makes it
    print(warm._started[0].is_alive())
    print(sys.getswitchinterval())
"""


def _run(rows: int) -> list[str]:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(rows)], cwd=ROOT,
                          capture_output=True, text=True, check=True)  # fmt: skip
    return done.stdout.split()


def test_a_small_file_starts_no_import() -> None:
    started, _imported = _run(20)  # (Presidio may be imported by the registry's first build)
    assert started == "0"


def test_a_large_text_table_imports_presidio_beside_its_polars_work() -> None:
    started, _imported, alive_after_making, interval = _run(6_000)
    assert started == "1"  # one thread, started by the batch
    assert alive_after_making == "False"  # making a recognizer waited for the import
    assert float(interval) == 0.005  # the import's short switch interval is given back


OBJECT_SCRIPT = """
import sys
from pathlib import Path
from classifiers.config import WardenConfig
from classifiers.engines.polars_engine import PolarsEngine
from classifiers.model import StoredObject
from classifiers.nlp import BackgroundNer
from classifiers.recognizers import warm
from classifiers.rules import scan_rules
from classifiers.scan import Scanner
from classifiers.sources.local import LocalSource


class Worker(BackgroundNer):  # a worker that only reads its input: no model is loaded
    worker_args = ("-c", "import sys; sys.stdin.read()")


warm.WARM_BYTES = int(sys.argv[2])
calls = []
warm.start = lambda: calls.append(1)  # (Presidio may already be imported by the registry)
folder = Path(sys.argv[1])
(folder / "t.csv").write_text("a,b\\n1,2\\n", encoding="utf-8")
rules = scan_rules(WardenConfig(), "sample")
ner = Worker("no-model")
scanner = Scanner(None, rules, PolarsEngine(rules.registry, ner, rules.options))
(obj,) = LocalSource("s", folder).crawl()
scanner.classify(obj, False)
print(len(calls), ner.started)
ner.close()
"""


def test_an_object_of_warm_bytes_starts_the_import_and_the_ner_worker_as_its_read_begins(
    tmp_path: Path,
) -> None:
    def started(warm_bytes: int) -> str:
        done = subprocess.run([sys.executable, "-c", OBJECT_SCRIPT, str(tmp_path), str(warm_bytes)],
                              cwd=ROOT, capture_output=True, text=True, check=True)  # fmt: skip
        return done.stdout.strip()

    # The 8-byte file counts as large here: Presidio's import and the NER worker start.
    assert started(5) == "1 True"
    assert started(1_000_000) == "0 False"
