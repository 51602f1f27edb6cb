"""Floors a little under the figures `litx evaluate` measures today, so nothing regresses silently.
Raise them when extraction improves (the issue closing notes record each raise).

These are corpus figures: the 17 original documents, five first-sight batches of ten (batches 1-3
after the rules they taught were added, batch 4 as first measured, batch 5 after two precision rules) and six review fixtures (added after
their first-sight line, at 0.30 on trial; with the review rules, trial scope and space-aligned tables they
are at 0.985, a corpus figure, not a first-sight one). What a user should expect on a report litx has never read is the
first-sight figure in annotations/FIRST_SIGHT.md, which no test can re-measure."""
import pytest

FLOORS = {
    # outcomes, strict (doc, measure, endpoint, value and CI right), whole corpus of 73 documents (the
    # 17 the rules grew on, first-sight batches 1-3 after their rules, batch 4 untuned, six reviews,
    # batch 5 of reports without survival endpoints after its two precision rules)
    "outcome_f1": 0.85, "outcome_p": 0.91, "outcome_r": 0.79,
    "hr_f1": 0.85, "median_f1": 0.85, "rate_f1": 0.84,
    # linking over strict matches
    "link_trial": 0.92, "link_arm_role": 0.81, "link_population": 0.73,
    # entities against gold_entities.csv
    "DRUG_f1": 0.90, "GENE_f1": 0.81, "TRIAL_f1": 0.85, "GENE_p": 0.87,
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
