"""The Python API from an installed package, not the checkout's path (issue: a Python API that spaCy and
pandas users can rely on). The package is laid out as pip installs it — ``pipeline/`` and its dist-info
with the entry points — in a temporary site folder, and every bullet runs in a fresh process from
another folder."""
from __future__ import annotations

import importlib.metadata as md
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r'''
import sys, tempfile
from pathlib import Path
import pipeline, spacy
from spacy import displacy
from spacy.tokens import DocBin
site = sys.argv[1]
assert pipeline.__file__.startswith(site), pipeline.__file__
raw = "Median OS was 12\u00b75 months vs 9\u00b71 months with erlotinib (HR 0\u00b772, 95% CI 0\u00b760\u20130\u00b786)."
nlp = pipeline.load()
doc = nlp(raw)
want = [("median", "12.5"), ("median", "9.1"), ("hr", "0.72")]
assert [(o.measure, o.value) for o in doc._.outcomes] == want
assert [s._.outcome.value for s in doc.spans["litx_outcomes"]] == ["12.5", "9.1", "0.72"]
assert [(e.text, e._.canonical) for e in doc.ents] == [("erlotinib", "erlotinib")]
html = displacy.render(doc, style="span", options={"spans_key": "litx_outcomes"})
assert "0.72" in html and "MEDIAN" in html and html.count("position: relative") >= 5  # each span token marked
db = DocBin(store_user_data=True)
db.add(doc)
back = list(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab))[0]
assert list(back._.outcomes) == list(doc._.outcomes) and list(back._.entity_mentions) == list(doc._.entity_mentions)
assert [s._.outcome for s in back.spans["litx_outcomes"]] == doc._.outcomes
docs = list(nlp.pipe([raw, "PFS: HR 0\u00b758 (0\u00b746\u20130\u00b772)."], n_process=2))
assert [[o.value for o in d._.outcomes] for d in docs] == [["12.5", "9.1", "0.72"], ["0.58"]]
out = Path(tempfile.mkdtemp())
nlp.to_disk(out / "model")
again = spacy.load(out / "model")
assert [(o.measure, o.value) for o in again(raw)._.outcomes] == want
(out / "in").mkdir()
(out / "in" / "a.txt").write_text(raw, encoding="utf-8")
res = pipeline.extract([out / "in"], out / "csv")
assert str(res.outcomes["value"].dtype) == "float64" and str(res.outcomes["start"].dtype) == "Int64"
assert list(res.outcomes["value"]) == [12.5, 9.1, 0.72]
print("ok")
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    dist = md.distribution("litx")
    entry_points = dist.read_text("entry_points.txt")
    if not entry_points or "spacy_factories" not in entry_points:
        pytest.fail("litx is installed without its entry points: reinstall it (pip install -e .)")
    site = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "pipeline", site / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    info = site / "litx-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(dist.read_text("METADATA") or "Name: litx\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(entry_points)
    return site


def test_every_api_bullet_from_an_installed_package(site, tmp_path):
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(site)], capture_output=True, text=True, cwd=tmp_path, env=env,
                       timeout=600)
    assert p.returncode == 0 and p.stdout.strip().endswith("ok"), p.stderr[-3000:]
