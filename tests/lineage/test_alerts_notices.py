"""Notices: who hears about a drift event or a boundary finding, and what it says."""

import re
from dataclasses import replace
from datetime import date
from typing import Any

from classifiers.model import Sensitivity
from lineage.alerts import Notice, notices_for_boundaries, notices_for_drift
from lineage.alerts.notices import BOUNDARY_TITLES, DRIFT_TITLES
from lineage.model import BoundaryException, BoundaryFinding, DatasetState, DriftEvent, Workload

CRM = DatasetState(
    "lake",
    "crm/people.csv",
    "file:///data/lake/crm/people.csv",
    Sensitivity.CONFIDENTIAL,
    "ok",
    public_location=False,
    owners=("ana@x.org", "team:ml"),
)
DOCS = replace(CRM, path="docs/faq.md", uri="file:///data/lake/docs/faq.md", owners=())
BOT = Workload(
    "support-bot", "rag-index", "all_employees", ("team:ml", "lee@x.org"), ("lake:crm/**",)
)
CHURN = Workload("churn", "training", "privileged", ("team:ml",), ("file:///data/lake/crm/*.csv",))
FAQ = Workload("faq", "rag-index", "public", ("bo@x.org",), ("lake:docs/**",))
LEVEL_UP = DriftEvent(
    "lake",
    "crm/people.csv",
    "level_up",
    "General",
    "Confidential",
    ("level went from General to Confidential",),
    3,
    5,
)


def test_drift_goes_to_the_owners_of_the_dataset_and_its_readers() -> None:
    (notice,) = notices_for_drift([LEVEL_UP], [BOT, CHURN, FAQ], [CRM, DOCS])
    assert notice.key == LEVEL_UP.key
    assert notice.recipients == ("team:ml", "lee@x.org", "ana@x.org")
    assert notice.subject == (
        "lake:crm/people.csv: sensitivity level raised (General -> Confidential)"
    )
    assert notice.lines == (
        "level went from General to Confidential",
        "read by support-bot, churn",
    )
    assert dict(notice.facts)["workloads"] == "support-bot, churn"
    assert dict(notice.facts)["versions"] == "3 -> 5"


def test_drift_of_a_dataset_nobody_reads_or_owns_has_no_recipients() -> None:
    event = replace(LEVEL_UP, path="tmp/x.csv")
    (notice,) = notices_for_drift([event], [BOT, FAQ], [CRM, DOCS])
    assert notice.recipients == ()
    assert notice.lines[-1] == "read by no known workload"


def test_a_scan_error_leaves_the_error_text_out() -> None:
    # A reader's error can quote the value it failed on; the alert says only that it failed.
    raw = "could not parse 'jane.doe@example.com' as i64"
    event = DriftEvent("lake", "crm/people.csv", "scan_error", "Confidential", "error", (raw,))
    (notice,) = notices_for_drift([event], [BOT], [CRM])
    rendered = " ".join((notice.subject, *notice.lines, *(v for _, v in notice.facts)))
    assert "jane.doe" not in rendered
    assert notice.subject == "lake:crm/people.csv: latest scan failed (Confidential -> error)"


def _finding(**changes: Any) -> BoundaryFinding:
    found = BoundaryFinding(
        "support-bot",
        "lake:crm/people.csv",
        Sensitivity.CONFIDENTIAL,
        Sensitivity.GENERAL,
        "lake:crm/people.csv is Confidential, above the ceiling General",
        "above_ceiling",
        ("team:ml", "ana@x.org"),
    )
    return replace(found, **changes)


def test_boundary_findings_go_to_their_owners_unless_accepted() -> None:
    exception = BoundaryException("lake:crm/*", "pilot", "cso@x.org", date(2027, 1, 31))
    accepted = _finding(dataset="lake:crm/x.csv", accepted=True, exception=exception)
    unscanned = _finding(level=None, kind="unscanned", reason="lake:new.csv was never scanned")
    first, second = notices_for_boundaries([_finding(), accepted, unscanned])
    assert (first.key, first.recipients) == (_finding().key, ("team:ml", "ana@x.org"))
    assert first.subject == "support-bot reads lake:crm/people.csv: above the audience ceiling"
    assert first.lines[-1] == "level Confidential, ceiling General"
    assert second.lines == ("lake:new.csv was never scanned", "level unknown, ceiling General")


TEMPLATE = {"read", "by", "no", "known", "workload", "reads", "level", "ceiling", "->", "unknown"}
TEMPLATE |= {"dataset", "change", "before", "after", "versions", "workloads", "problem", "-"}


def _words(*texts: str) -> set[str]:
    return {w for text in texts for w in re.findall(r"[^\s,():;]+", text)}


def _notice_words(notice: Notice) -> set[str]:
    return _words(notice.subject, *notice.lines, *(f"{k} {v}" for k, v in notice.facts))


def test_notices_are_built_from_event_fields_only() -> None:
    # Every word an alert says is a word of the event or of the fixed wording around it, so
    # nothing from the data (values, examples, errors) can find its way into a message.
    titles = _words(*DRIFT_TITLES.values(), *BOUNDARY_TITLES.values())
    events = [
        LEVEL_UP,
        DriftEvent(
            "lake",
            "crm/people.csv",
            "new_entity",
            "-",
            "IBAN_CODE",
            ("IBAN_CODE now found in iban",),
            5,
            6,
        ),
        DriftEvent(
            "lake",
            "crm/people.csv",
            "ratio_jump",
            "10%",
            "60%",
            ("EMAIL in 'c' rose from 10% to 60%",),
            6,
            7,
        ),
    ]
    for event, notice in zip(events, notices_for_drift(events, [BOT, CHURN], [CRM]), strict=True):
        fields = _words(event.source, event.path, event.before, event.after, *event.reasons)
        fields |= _words(
            f"{event.source}:{event.path}", str(event.from_version), str(event.to_version)
        )
        fields |= {BOT.name, CHURN.name, event.type}
        assert _notice_words(notice) <= fields | titles | TEMPLATE
    for finding in (_finding(), _finding(level=None, kind="no_match", reason="x matches nothing")):
        (notice,) = notices_for_boundaries([finding])
        fields = _words(finding.workload, finding.dataset, finding.reason, finding.kind)
        fields |= {finding.ceiling.label, *(finding.level.label.split() if finding.level else ())}
        assert _notice_words(notice) <= fields | titles | TEMPLATE
