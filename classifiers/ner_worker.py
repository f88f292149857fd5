"""The NER worker process behind `nlp.BackgroundNer`.

Reads one JSON list of texts per line from stdin and writes, per line, the PERSON, LOCATION
and NRP spans of each text as (entity, start, end). It keeps nothing and ends at the end of
its input.
"""

from __future__ import annotations

import json
import sys

from classifiers.nlp import load_pipeline, spans_of


def main(model: str) -> None:
    answers, sys.stdout = sys.stdout, sys.stderr  # nothing else may write to the pipe
    nlp = load_pipeline(model)
    for line in sys.stdin:
        answers.write(json.dumps(spans_of(nlp, json.loads(line))) + "\n")
        answers.flush()


if __name__ == "__main__":
    main(sys.argv[1])
