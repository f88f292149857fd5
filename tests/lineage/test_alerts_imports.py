"""Every scan imports the alerts; only one that sends any loads an HTTP or SMTP client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_scan_command_loads_no_http_or_smtp_client() -> None:
    loaded = (
        "import sys\n"
        "import pipelines.scan_command, lineage.after_scan, lineage.alerts\n"
        "print(sorted(m for m in ('requests', 'urllib3', 'smtplib') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", loaded], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"
