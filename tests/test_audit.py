"""``litx audit``: rows that look wrong without gold, each check with a row that fails it and one that
passes; and the target held on all of ../shared/ei-oncology (323 real reports, most without survival
endpoints): no finding."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.audit import audit_dir, check_row

EI = Path(__file__).resolve().parents[2] / "shared" / "ei-oncology" / "texts"


def _row(**kw):
    base = dict(doc_id="d", measure="hr", endpoint="OS", value="0.72", unit="ratio", flags="", source="text",
                evidence="the hazard ratio for death was 0.72 (95% CI 0.60-0.86)", start="", end="")
    base.update(kw)
    return base


@pytest.mark.parametrize("row, check", [
    (_row(evidence="Age 2 or more 64 (54) 62 (61)", value="65"), "value_not_in_evidence"),
    (_row(evidence="mean HR 74.54 bpm after inhalation", value="74.54"), "heart_rate"),
    (_row(evidence="group B 0.72 vs group A 3", value="0.72"), "ratio_without_interval_or_ratio_word"),
    (_row(measure="rate", value="63", unit="%", evidence="Baseline characteristics: male sex 26 (63%) 27 (59%)"), "baseline_table_row"),
    (_row(measure="median", value="12", unit="", evidence="median PFS 12 (10-14)"), "median_without_time_unit"),
    (_row(measure="median", value="12", unit="months", evidence="treatment lasted 12 months"), "median_without_median_word"),
    (_row(measure="median", value="551.83", unit="months", evidence="median time on website 551.83 months"), "implausible_median"),
    (_row(measure="rate", value="110", unit="%", evidence="response rate 110%"), "implausible_rate"),
    (_row(value="74.5", evidence="HR 74.5 (70-80)"), "implausible_ratio"),
])
def test_each_check_fires(row, check):
    assert check in check_row(row)


@pytest.mark.parametrize("row", [
    _row(),
    _row(value="0.65", evidence="HR .65 (.50-.85)"),
    _row(measure="median", value="3.7", unit="months", evidence="median overall survival was 3·7 months"),
    _row(measure="median", value="NR", unit="months", evidence="median OS was not reached"),
    _row(measure="hr", value="0.54", flags="derived", evidence="a 46% reduction in the risk of death"),
    _row(measure="rate", value="41", unit="%", evidence="The objective response rate was 41% in the 2 or more prior lines group"),
])
def test_good_rows_pass(row):
    assert check_row(row) == []


def test_offsets_must_point_into_the_evidence():
    text = "xx the hazard ratio for death was 0.72 (95% CI 0.60-0.86)"
    assert check_row(_row(start="33", end="37"), text) == []
    assert "offsets_not_in_evidence" in check_row(_row(start="0", end="2"), text)


@pytest.mark.skipif(not EI.is_dir(), reason="../shared/ei-oncology is not beside the checkout")
def test_no_finding_on_all_of_ei_oncology(nlp, tmp_path):
    from pipeline.batch import extract

    res = extract([EI], tmp_path, nlp=nlp)
    assert not res.errors
    findings = audit_dir(tmp_path)
    assert findings == [], [(f.doc_id, f.check, f.value, f.evidence[:100]) for f in findings[:10]]
