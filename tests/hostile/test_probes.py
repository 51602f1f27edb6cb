"""Hostile input beside two good documents (issue: hostile input, crashes and concurrent runs): each
probe ends with a clean exit, bounded outputs and the good documents intact. No probe is timed (speed is
measured by the benchmark scripts); the quadratic ones are held by the structure that made them linear."""
from __future__ import annotations

import csv
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.batch import extract
from pipeline.ingest import decode_text
from pipeline.linking import LINK_SETTINGS, bounded_sentences
from pipeline.normalize import normalize_text
from pipeline.outputs import LOCK, STAGING_PREFIX, OutputError

GOOD = ("Median overall survival was 12.5 months with drug X versus 9.1 months with placebo "
        "(HR 0.72, 95% CI 0.60-0.86; p<0.001).\n")


@pytest.fixture
def inputs(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good1.txt").write_text(GOOD)
    (d / "good2.txt").write_text("Progression-free survival: HR 0.58 (0.46-0.72).\n")
    return d


def _rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _good_intact(out: Path) -> None:
    docs = {r["doc_id"]: r["status"] for r in _rows(out / "documents.csv")}
    assert docs["good1"] == docs["good2"] == "ok"
    values = {r["value"] for r in _rows(out / "outcomes.csv") if r["doc_id"] in ("good1", "good2")}
    assert {"12.5", "9.1", "0.72", "0.58"} <= values


@pytest.mark.parametrize("body", [
    "HR 0.5 (" * 8000,
    "median PFS 5.2 months vs " * 4000,
    "age <65 years HR 0.62 (0.50-0.77); " * 4000,
], ids=["open-brackets", "median-list", "forest-plot-line"])
def test_long_lines_are_read_in_bounded_pieces_with_bounded_evidence(nlp, inputs, tmp_path, body):
    (inputs / "a.txt").write_text(body)
    res = extract([inputs], tmp_path / "out", nlp=nlp)
    assert res.exit_status == 0
    _good_intact(tmp_path / "out")
    assert max(len(r["evidence"]) for r in _rows(tmp_path / "out" / "outcomes.csv")) <= 602
    pieces = list(bounded_sentences(body, [(0, len(body))]))
    assert max(e - s for s, e in pieces) <= LINK_SETTINGS.max_sentence_chars
    assert pieces[0][0] == 0 and pieces[-1][1] == len(body) and all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))


def test_formulas_in_text_and_file_names_are_neutralized(nlp, inputs, tmp_path):
    (inputs / "=HYPERLINK(1).txt").write_text("=cmd|' /C calc'!A0 median PFS was 5.2 months with =HYPERLINK(x) arm.\n")
    extract([inputs], tmp_path / "out", nlp=nlp)
    for name in ("documents.csv", "outcomes.csv", "entities.csv"):
        for row in _rows(tmp_path / "out" / name):
            assert not any(str(v).startswith(("=", "@")) for v in row.values()), (name, row)


def test_unreadable_inputs_are_error_rows_not_silence(nlp, inputs, tmp_path):
    os.mkfifo(inputs / "pipe.txt")
    (inputs / "dangling.txt").symlink_to(inputs / "missing.txt")
    (inputs / "loop").symlink_to(inputs)
    res = extract([inputs], tmp_path / "out", nlp=nlp)
    assert res.exit_status == 1
    errors = {r["doc_id"]: r["error"] for r in _rows(tmp_path / "out" / "errors.csv")}
    assert "FIFO" in errors["pipe"] and "dangling" in errors["dangling"] and "loop" in errors["loop"]
    _good_intact(tmp_path / "out")


def test_a_fifo_given_as_input_is_blamed_as_input(nlp, inputs, tmp_path):
    os.mkfifo(tmp_path / "p.txt")
    res = extract([tmp_path / "p.txt", inputs / "good1.txt"], tmp_path / "out", nlp=nlp)
    errors = _rows(tmp_path / "out" / "errors.csv")
    assert res.exit_status == 1 and errors[0]["stage"] == "read" and "FIFO" in errors[0]["error"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_out_is_refused_before_any_work(nlp, inputs, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    with pytest.raises(OutputError):
        extract([inputs], ro / "out", nlp=nlp)


def test_an_out_that_is_a_file_is_a_usage_error(nlp, inputs, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        extract([inputs], tmp_path / "file", nlp=nlp)


def test_a_second_run_into_a_locked_out_stops_with_a_message(nlp, inputs, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK).write_text(str(os.getppid()))  # a live process holds it
    with pytest.raises(OutputError, match="another litx run"):
        extract([inputs], out, nlp=nlp)


def test_a_stale_lock_and_staging_of_a_dead_run_are_cleaned(nlp, inputs, tmp_path):
    out = tmp_path / "out"
    (out / f"{STAGING_PREFIX}999999").mkdir(parents=True)
    (out / LOCK).write_text("999999")
    extract([inputs], out, nlp=nlp)
    assert sorted(p.name for p in out.iterdir() if p.name != ".litx-cache") == ["conflicts.csv", "documents.csv", "entities.csv", "errors.csv",
                                                     "evidence.csv", "outcomes.csv", "texts"]


def test_a_smaller_rerun_leaves_none_of_the_old_texts(nlp, inputs, tmp_path):
    out = tmp_path / "out"
    extract([inputs], out, nlp=nlp)
    (inputs / "good2.txt").unlink()
    extract([inputs], out, nlp=nlp)
    assert sorted(p.name for p in (out / "texts").iterdir()) == ["good1.txt"]
    assert [r["doc_id"] for r in _rows(out / "documents.csv")] == ["good1"]


def test_a_failed_run_leaves_the_previous_set(nlp, inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    extract([inputs], out, nlp=nlp)
    before = (out / "outcomes.csv").read_bytes()
    import pipeline.batch as ex

    def boom(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(ex, "_write_set", boom)
    with pytest.raises(KeyboardInterrupt):
        extract([inputs], out, nlp=nlp)
    assert (out / "outcomes.csv").read_bytes() == before
    assert not [p for p in out.iterdir() if p.name.startswith(".litx") and p.name != ".litx-cache"]


def test_output_modes_follow_the_umask(nlp, inputs, tmp_path):
    old = os.umask(0o022)
    try:
        extract([inputs], tmp_path / "out", nlp=nlp)
    finally:
        os.umask(old)
    mode = stat.S_IMODE((tmp_path / "out" / "outcomes.csv").stat().st_mode)
    assert mode == 0o644


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_bom_marked_utf16_and_utf32_are_decoded(encoding):
    data = ("\ufeff" if encoding != "utf-16" and encoding != "utf-32" else "").encode(encoding) + GOOD.encode(encoding)
    assert decode_text(data).lstrip("\ufeff") == GOOD


def test_control_characters_never_reach_the_text():
    assert normalize_text("HR\x000.72\x1b[31m (0.60\x07-0.86)\tok\n\f") == "HR0.72[31m (0.60-0.86)\tok\n\f"


def test_size_limit_message_reads_well(tmp_path):
    from pipeline.ingest import IngestError, load

    (tmp_path / "a.txt").write_text("x" * 70_000)
    with pytest.raises(IngestError, match=r"file is 70.0 KB, over the 10.0 KB limit"):
        load(tmp_path / "a.txt", max_bytes=10_000)


def test_ctrl_c_exits_130_with_one_line(inputs, tmp_path):
    code = ("import sys, pipeline.batch as ex\n"
            "def boom(*a, **k):\n    raise KeyboardInterrupt\n"
            "ex._collect = boom\n"
            "from pipeline.cli import main\n"
            f"sys.argv = ['litx', 'extract', {str(inputs)!r}, '--out', {str(tmp_path / 'out')!r}]\nmain()\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2])
    assert p.returncode == 130
    assert "interrupted" in p.stderr and "Traceback" not in p.stderr


def test_a_planted_cache_file_runs_no_code(tmp_path, monkeypatch):
    import pickle

    from pipeline import entities

    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    monkeypatch.setenv("LITX_CACHE_DIR", str(tmp_path / "cache"))
    fp = entities._fingerprint()
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / f"lexicon-{fp[:24]}.pkl").write_bytes(pickle.dumps(Evil()))
    lex = entities.load_lexicon()
    assert isinstance(lex, entities.Lexicon) and not marker.exists()


def test_a_page_drawing_too_many_characters_is_refused(tmp_path, monkeypatch):
    from pipeline import pdf
    from pipeline.ingest import IngestError

    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    path = tmp_path / "dense.pdf"
    c = canvas.Canvas(str(path))
    for k in range(40):
        c.drawString(40, 800 - 15 * k, "median overall survival was 3.7 months " * 2)
    c.save()
    monkeypatch.setattr(pdf, "MAX_CHARS_PER_PAGE", 500)
    with pytest.raises(IngestError, match="characters, over the 500 a page of text can hold"):
        pdf.read_pdf(path.read_bytes(), max_pages=10)


def test_a_text_over_the_pipeline_limit_is_refused_with_litx_own_message(nlp, tmp_path):
    (tmp_path / "big.txt").write_text(GOOD * 40)
    old = nlp.max_length
    nlp.max_length = 1000
    try:
        res = extract([tmp_path / "big.txt"], tmp_path / "out", nlp=nlp)
    finally:
        nlp.max_length = old
    assert res.exit_status == 1 and "split it into smaller files" in res.errors[0].error and "E088" not in res.errors[0].error


def test_removed_control_characters_are_counted_in_documents_csv(nlp, inputs, tmp_path):
    (inputs / "n.txt").write_text("x " * 5000 + "HR 0.7 (0.5-0.9)\x00\x1b[31m.\n")
    extract([inputs], tmp_path / "out", nlp=nlp)
    row = next(r for r in _rows(tmp_path / "out" / "documents.csv") if r["doc_id"] == "n")
    assert row["status"] == "ok" and row["error"].startswith("removed 2 control characters")
    assert "\x00" not in (tmp_path / "out" / "outcomes.csv").read_text()
