"""The two ways Warden reads a table (sample and full mode), set up once and described."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from bench.ours import Setup, setup
from bench.report import Report
from bench.timing import best_of
from classifiers.nlp import NerEngine, load_ner, ner_status


@dataclass(frozen=True)
class Modes:
    sample: Setup
    full: Setup


def _loaded() -> NerEngine | None:
    """NER in its worker process, once the worker has loaded the model."""
    ner = load_ner(background=True)
    if ner is not None:
        ner.analyze(["Warm up"])
    return ner


def load_modes(report: Report) -> Modes:
    """Load NER once; record the rules each mode runs, since the engine changes over time."""
    loaded = best_of(1, _loaded)
    ner = loaded.result
    report.add("Setup", ner_status(ner), loaded.seconds, unit="s", how="1 run (spaCy load)")
    modes = Modes(setup("sample", ner), setup("full", ner))
    for ours in (modes.sample, modes.full):
        rules, sampling = ours.rules, ours.rules.sampling
        report.add(
            "Setup",
            f"rules {rules.version}, {sampling.mode} mode",
            None,
            text=f"{len(rules.registry.specs)} recognizers",
            how=f"max_rows {sampling.max_rows:,}, batch_rows {sampling.batch_rows:,}",
        )
        report.details[f"rules / {sampling.mode}"] = {
            "version": rules.version,
            "options": asdict(rules.options),
            "sampling": asdict(sampling),
        }
    return modes
