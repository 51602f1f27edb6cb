"""``litx evaluate``: extract ``corpus/``, compare with ``annotations/``, one table to read."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .compare import (COMPARISON_COLUMNS, OutcomeReport, compare_entities, compare_outcomes,
                      format_outcome_metrics, load_outcome_csv)
from .checks import count_flags
from .io import csv_text, read_csv, write_atomic


@dataclass
class EvaluationReport:
    outcomes: OutcomeReport
    entities: dict[str, tuple]
    summary: str  # the extract run's one-line summary
    checks: dict[str, int] | None = None  # failed consistency checks among extracted rows

    def metrics(self) -> dict[str, float]:
        """Flat figures that tests hold floors on."""
        out = {}
        p, r, f, _, _ = self.outcomes.prf(self.outcomes.counts()["all"])
        out.update(outcome_p=p, outcome_r=r, outcome_f1=f)
        by_measure = self.outcomes.counts(lambda pr: (pr.x or pr.g).get("measure"))
        for m, c in by_measure.items():
            out[f"{m}_f1"] = self.outcomes.prf(c)[2]
            out[f"{m}_lenient_f1"] = self.outcomes.prf(c, ("match", "trial_mismatch", "arm_swapped", "ci_mismatch", "endpoint_mismatch"))[2]
        for label, (p, r, f, *_rest) in self.entities.items():
            out[f"{label}_p"], out[f"{label}_r"], out[f"{label}_f1"] = p, r, f
        for k, (v, _) in self.outcomes.link_accuracy().items():
            out[f"link_{k}"] = v
        return out

    def table(self) -> str:
        lines = [self.summary, "", format_outcome_metrics(self.outcomes)]
        if self.checks is not None:
            lines.append("checks flagged: " + ", ".join(f"{k} {v}" for k, v in self.checks.items()))
        lines.append("")
        lines.append(f"{'entities':<22}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}")
        for label, (p, r, f, tp, fp, fn) in self.entities.items():
            lines.append(f"{label:<22}{p:7.3f}{r:7.3f}{f:7.3f}{tp:6d}{fp:6d}{fn:6d}")
        return "\n".join(lines)


def evaluate(corpus: Path = Path("corpus"), annotations: Path = Path("annotations"), out_dir: Path = Path("outputs"),
             nlp=None, docs: set[str] | None = None) -> EvaluationReport:
    """Extract ``corpus``, compare with the gold in ``annotations``. ``docs`` restricts the figures to
    those doc_ids (a first-sight batch); the whole corpus is still extracted into ``out_dir``."""
    from .batch import extract

    result = extract([corpus], out_dir, nlp=nlp)
    extracted = load_outcome_csv(out_dir / "outcomes.csv")
    gold = load_outcome_csv(annotations / "gold_outcomes.csv")
    ents_x, ents_g = read_csv(out_dir / "entities.csv"), read_csv(annotations / "gold_entities.csv")
    if docs is not None:
        # a corpus document is curated even when its gold is empty (a report with no outcome and no
        # entity: every row litx finds in it is an extra)
        unknown = docs - {d.doc_id for d in result.documents} - {r["doc_id"] for r in ents_g} - {r["doc_id"] for r in gold}
        if unknown:
            raise ValueError(f"not in {corpus} nor curated in {annotations}: {', '.join(sorted(unknown))}")
        extracted, gold = ([r for r in rows if r["doc_id"] in docs] for rows in (extracted, gold))
        ents_x, ents_g = ([r for r in rows if r["doc_id"] in docs] for rows in (ents_x, ents_g))
    report = compare_outcomes(extracted, gold)
    write_atomic(out_dir / "comparison.csv", csv_text(COMPARISON_COLUMNS, report.rows))
    ents = compare_entities(ents_x, ents_g)
    summary = "extract: " + result.summary() + (f"; figures for {len(docs)} of them" if docs is not None else "")
    return EvaluationReport(report, ents, summary, count_flags(extracted))
