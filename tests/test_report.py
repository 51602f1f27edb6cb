"""``litx report``: one self-contained HTML file, checked as HTML and in a real browser (headless Chromium
from Debian's packages, installed by .ci/run)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline.batch import extract
from pipeline.io import read_csv
from pipeline.report import build_report, write_report

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def run(nlp, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    extract([ROOT / "corpus" / "PMC3488187.txt", ROOT / "corpus" / "000_5fd9affc0ff2dda7.txt"], out, nlp=nlp)
    path = write_report(out, ROOT / "annotations" / "gold_outcomes.csv")
    return out, path, path.read_text(encoding="utf-8")


def _hr_rows(out: Path) -> list[dict]:
    return [r for r in read_csv(out / "outcomes.csv") if r["measure"] == "hr" and float(r["value"] or 0) > 0]


def test_one_self_contained_file(run):
    _, path, page = run
    assert path.name == "report.html"
    assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=", page)  # nothing fetched: styles and script inline
    assert "http://" not in page.split("<main>")[0] and "https://" not in page.split("<main>")[0]


def test_every_hr_has_one_mark_naming_its_row_and_its_evidence_is_marked(run):
    out, _, page = run
    marks = re.findall(r'<rect class="hr-mark" data-row="([^"]+)"', page)
    assert len(marks) == len(_hr_rows(out))
    for rid in marks:
        assert f'id="{rid}"' in page and f'<tr data-row="{rid}"' in page


def test_gold_overlay_and_comparison(run):
    _, _, page = run
    assert page.count('class="gold-mark"') > 0 and "Against the gold" in page and "match" in page


def test_every_section(run):
    _, _, page = run
    for part in ("Documents", "Hazard ratios by trial and endpoint", "Evidence across documents", "PMC3488187",
                 'class="sortable"', 'placeholder="filter'):
        assert part in page


def test_text_is_escaped(tmp_path, nlp):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.txt").write_text("<script>alert(1)</script> HR 0.72 (0.60-0.86) for overall survival.\n")
    extract([tmp_path / "in"], tmp_path / "out", nlp=nlp)
    page = build_report(tmp_path / "out")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed here (.ci/run installs it)")
def test_in_a_real_browser(run, tmp_path):
    assert CHROMIUM, "chromium is missing: .ci/run installs Debian's chromium"
    out, path, _ = run
    common = FLAGS + [f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000"]
    dom = subprocess.run([CHROMIUM, *common, "--virtual-time-budget=3000", "--dump-dom", path.as_uri()],
                         capture_output=True, text=True, timeout=120).stdout
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert "data-js-error" not in body, body  # window.onerror records any script error
    assert f'data-ready="{len(_hr_rows(out))}"' in body  # the script ran and counted the forest plot's marks
    shot = tmp_path / "shot.png"
    subprocess.run([CHROMIUM, *common, f"--screenshot={shot}", path.as_uri()], capture_output=True, timeout=120)
    assert shot.exists() and shot.stat().st_size > 15_000  # a blank page compresses to a few KB
