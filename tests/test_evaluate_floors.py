"""Floors a little under the figures `litx evaluate` measures today, so nothing regresses silently.
Raise them when extraction improves (the issue closing notes record each raise).

These are corpus figures over 86 documents: the 17 original documents, six first-sight batches of ten
(batches 1-3 after the rules they taught, batch 4 as first measured, batch 5 after two precision rules,
batch 6 as first measured), the six review fixtures (after their rules) and the second set of three (after
the rules for their prostate endpoints). What a user should expect on a report litx has never read is the
first-sight figure in annotations/FIRST_SIGHT.md, which no test can re-measure."""
import pytest

FLOORS = {
    # outcomes, strict (doc, measure, endpoint, value and CI right), whole corpus of 86 documents
    "outcome_f1": 0.85, "outcome_p": 0.91, "outcome_r": 0.79,
    "hr_f1": 0.87, "median_f1": 0.87, "rate_f1": 0.82,
    # linking over strict matches
    "link_trial": 0.95, "link_arm_role": 0.81, "link_population": 0.75,
    # entities against gold_entities.csv
    "DRUG_f1": 0.90, "GENE_f1": 0.81, "TRIAL_f1": 0.85, "GENE_p": 0.88,
}
# the two real reviews among the seeds (issue: reviews as they arrive): kept at 0.98 and above
REVIEW_SEEDS = {"000_5fd9affc0ff2dda7", "001_b5cb44b99badbe06"}


@pytest.mark.parametrize("metric,floor", sorted(FLOORS.items()))
def test_metric_floor(corpus_eval, metric, floor):
    value = corpus_eval[1].metrics()[metric]
    assert value >= floor, f"{metric} fell to {value:.3f} (floor {floor})"


def test_review_seeds_stay_at_098(corpus_eval):
    report = corpus_eval[1].outcomes.only(REVIEW_SEEDS)
    p, r, f, _, _ = report.prf(report.counts()["all"])
    assert f >= 0.98, f"review seeds strict F1 fell to {f:.3f}"


def test_evaluate_table_is_readable(corpus_eval):
    table = corpus_eval[1].table()
    for part in ("overall", "measure hr", "measure median", "measure rate", "DRUG", "GENE", "TRIAL", "linking", "checks flagged",
                 "endpoint right"):
        assert part in table
    assert (corpus_eval[0] / "comparison.csv").exists()
