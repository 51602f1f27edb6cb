"""The ``litx`` command line: thin wrappers around library functions; errors are one clean line."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__

EPILOG_EXTRACT = """\b
Example:
  litx extract corpus --out outputs
  litx extract paper.pdf reviews/ --out results
"""


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog="""\b
Example:
  litx extract corpus --out outputs     # extract every document under corpus/
  litx evaluate                         # score extraction against annotations/
""")
@click.version_option(__version__, prog_name="litx")
def main() -> None:
    """litx: drugs, genes, trials and numeric outcomes from oncology literature, as CSV tables."""


@main.command(epilog=EPILOG_EXTRACT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Output directory (created if missing).")
@click.option("--model", default="blank:en", show_default=True, help="spaCy model: blank:en or an installed package.")
@click.option("--max-mb", type=click.FloatRange(min=0.001), default=None, help="Skip files larger than this (default 200).")
@click.option("--max-pages", type=click.IntRange(min=1), default=None, help="Skip PDFs with more pages (default 2000).")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True,
              help="Documents processed in parallel: worker processes, or the workers of a local Dask cluster.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine's processes; dask: Dask distributed (pip install \"litx[dask]\").")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="With --engine dask: a running scheduler (tcp://host:8786) instead of a local cluster.")
@click.option("--quiet", is_flag=True, help="No progress lines, only the summary.")
@click.option("--force", is_flag=True, help="Read every document again (by default unchanged ones are reused).")
def extract(paths: tuple[Path, ...], out_dir: Path, model: str, max_mb, max_pages, jobs: int, engine: str, scheduler,
            quiet: bool, force: bool) -> None:
    """Extract entities and outcomes from PATHS (files or directories of .txt, .md, .pdf).

    Writes documents.csv, entities.csv, outcomes.csv, errors.csv and texts/<doc_id>.txt into --out.
    Exit status: 0 all documents processed, 1 some failed (see errors.csv), 2 usage error.
    """
    from .batch import NoInputError, extract as run, stderr_progress
    from .engines import EngineError
    from .nlp import ModelError, build_nlp
    from .outputs import OutputError, check_out_dir

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    missing = [str(p) for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise click.UsageError(f"no such file or directory: {', '.join(missing)}")
    try:
        check_out_dir(out_dir)  # before any work: a read-only --out is a usage error, not a failed batch
    except OutputError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        nlp = build_nlp(model)
    except ModelError as exc:
        raise click.UsageError(str(exc)) from None
    progress = None if quiet else stderr_progress()
    try:
        result = run(list(paths), out_dir, nlp=nlp, progress=progress,
                     max_bytes=int(max_mb * 1e6) if max_mb else None, max_pages=max_pages, jobs=jobs, force=force,
                     engine=engine, scheduler=scheduler)
    except (NoInputError, OutputError, EngineError) as exc:
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("\ninterrupted: the previous outputs in --out are unchanged", err=True)
        sys.exit(130)
    except OSError as exc:
        raise click.ClickException(f"cannot write to {out_dir}: {exc.strerror or exc}") from None
    if progress is not None and getattr(progress, "tty", False):
        click.echo("", err=True)
    click.echo(result.summary(), err=True)
    sys.exit(result.exit_status)


@main.command(epilog="""\b
Example:
  litx compare outputs/outcomes.csv annotations/gold_outcomes.csv --out outputs
""")
@click.argument("outcomes_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("gold_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
def compare(outcomes_csv: Path, gold_csv: Path, out_dir: Path) -> None:
    """Match extracted outcomes to curated ones; write comparison.csv and print P/R/F1."""
    from .compare import CompareInputError, compare_files, format_outcome_metrics

    try:
        report = compare_files(outcomes_csv, gold_csv, out_dir)
    except CompareInputError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(format_outcome_metrics(report))


@main.command(epilog="""\b
Example:
  litx evaluate                     # corpus/ against annotations/, CSVs into outputs/
  litx evaluate --out /tmp/eval
""")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("corpus"), show_default=True)
@click.option("--annotations", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("annotations"), show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"), show_default=True)
@click.option("--docs", default=None, help="Figures for these doc_ids only (comma-separated, or @FILE with one per line).")
def evaluate(corpus: Path, annotations: Path, out_dir: Path, docs: str | None) -> None:
    """Extract the corpus, compare with the gold tables, print the metrics table."""
    from .evaluate import evaluate as run

    wanted = None
    if docs:
        try:
            raw = Path(docs[1:]).read_text(encoding="utf-8") if docs.startswith("@") else docs.replace(",", "\n")
        except OSError as exc:
            raise click.UsageError(f"cannot read {docs[1:]}: {exc.strerror}") from None
        wanted = {d.strip() for d in raw.splitlines() if d.strip()}
    try:
        report = run(corpus, annotations, out_dir, docs=wanted)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(report.table())


@main.command(epilog="""\b
Example:
  litx extract ../shared/ei-oncology/texts --out /tmp/ei && litx audit /tmp/ei
""")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
def audit(out_dir: Path) -> None:
    """List outcome rows that look wrong, without any gold: hazard ratios with neither an interval nor
    a ratio word, heart rates, baseline-table rows, values absent from their evidence, medians with no
    time unit or median word, implausible values. Writes OUT_DIR/audit.csv."""
    from collections import Counter

    from .audit import AUDIT_COLUMNS, audit_dir
    from .io import csv_text, write_atomic

    findings = audit_dir(out_dir)
    write_atomic(out_dir / "audit.csv", csv_text(AUDIT_COLUMNS, (f.__dict__ for f in findings)))
    counts = Counter(f.check for f in findings)
    click.echo(f"audit: {len(findings)} findings in {len({f.doc_id for f in findings})} documents"
               + ("".join(f"\n  {k}: {v}" for k, v in counts.most_common())) + f"\nrows: {out_dir / 'audit.csv'}")


@main.command(epilog="""\b
Example:
  litx extract corpus --out outputs && litx report outputs --gold annotations/gold_outcomes.csv
""")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--gold", "gold_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="A gold outcomes CSV: overlay its HRs on the forest plots and add the comparison.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The HTML file to write (default OUT_DIR/report.html).")
def report(out_dir: Path, gold_csv: Path | None, out_file: Path | None) -> None:
    """Write one self-contained HTML report of an extract run (no network; opens from a file:// URL)."""
    from .report import write_report

    if not (out_dir / "outcomes.csv").is_file():
        raise click.UsageError(f"no outcomes.csv in {out_dir}: run litx extract ... --out {out_dir} first")
    click.echo(str(write_report(out_dir, gold_csv, out_file)))


BIORED_DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "biored" / "Test.PubTator"


@main.command(epilog="""\b
Example:
  litx biored                                  # the shared BioRED test set (100 abstracts)
  litx biored data/biored/Train.PubTator       # any BioRED PubTator file
""")
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
def biored(path: Path | None) -> None:
    """Score GENE and DRUG recognition on a BioRED PubTator file; print P/R/F1.

    PATH defaults to ../shared/benchmarks/biored/Test.PubTator beside the repository.
    """
    from .biored import BioredInputError, run_biored

    path = path or BIORED_DEFAULT
    if not path.is_file():
        raise click.UsageError(f"no such BioRED PubTator file: {path}")
    try:
        report = run_biored(path)
    except BioredInputError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(report.table())


if __name__ == "__main__":  # pragma: no cover
    main()
