"""PDF input: rendered corpus documents read like their text form; every artifact rule; broken PDFs.

The PDFs are built into a temporary directory by ``tests/fixtures/make_pdfs.py`` (reportlab).
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.compare import RIGHT, compare_outcomes
from pipeline.batch import extract, process_document
from pipeline.ingest import IngestError, load
from pipeline.normalize import normalize_text
from pipeline.parsers import find_medians
from pipeline import pdf as pdf_layer
from pipeline.pdf import (Glyph, Line, Run, continues, glyph_lines, join_broken_word, join_lines, read_pdf,
                          reading_order, running_lines, table_rows_text)
from pipeline.schema import as_row

from .conftest import CORPUS

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import make_pdfs  # noqa: E402

RENDERED = list(make_pdfs.DOCUMENTS)


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    """Every fixture PDF: ``{name: path}``, and the drawn words of each rendered document."""
    out = tmp_path_factory.mktemp("pdfs")
    paths, words = {}, {}
    for name in RENDERED:
        paths[name], words[name] = make_pdfs.render_corpus_document(name, out)
    paths.update(make_pdfs.make_broken(out))
    return paths, words


@pytest.fixture(scope="session")
def extracted(pdfs, nlp):
    """``{name: (text-form LoadedDocument, outcomes, PDF LoadedDocument, outcomes)}``; the PDF's
    entities in ``ENTITIES[name]``."""
    paths, _ = pdfs
    out = {}
    for name in RENDERED:
        t = load(CORPUS / f"{name}.txt")
        p = load(paths[name])
        ents, outs = process_document(nlp, p)
        ENTITIES[name] = ents
        out[name] = (t, process_document(nlp, t)[1], p, outs)
    return out


ENTITIES: dict = {}


def _rows(outcomes):
    return [{k: str(v) for k, v in as_row(o).items()} for o in outcomes]


# ------------------------------------------------------------ the PDF reads like the text


@pytest.mark.parametrize("name", RENDERED)
def test_pdf_outcomes_match_the_text_form(extracted, name):
    """Outcome F1 of the PDF rendering against the text form's own extraction >= 0.95."""
    _, text_outcomes, pdf, pdf_outcomes = extracted[name]
    assert text_outcomes, name
    report = compare_outcomes(_rows(pdf_outcomes), _rows(text_outcomes))
    p, r, f1, _, _ = report.prf(report.counts()["all"])
    wrong = [(x.reason, (x.x or x.g)["measure"], (x.x or x.g)["value"]) for x in report.pairs
             if x.reason not in RIGHT + ("duplicate",)]
    assert f1 >= 0.95, (name, p, r, wrong)
    assert pdf.pages and all(o.page is not None for o in pdf_outcomes)
    assert {o.source for o in pdf_outcomes} == {o.source for o in text_outcomes}


@pytest.mark.parametrize("name", RENDERED)
def test_outcome_page_is_the_page_its_value_was_drawn_on(extracted, pdfs, name):
    """Each PDF outcome's value, with the three words before it, is found among the words the
    fixture drew on that outcome's page."""
    _, _, pdf, outcomes = extracted[name]
    drawn = [(page, normalize_text(w)) for page, w in pdfs[1][name]]
    words = [w for _, w in drawn]
    tokens = list(re.finditer(r"\S+", pdf.text))
    checked = unverifiable = 0
    for o in outcomes:
        if o.value in ("NR", "NE") or "derived" in o.flags:
            continue
        at = pdf.text.find(o.value, o.start, o.end)
        k = next(i for i, t in enumerate(tokens) if t.start() <= at < t.end())
        pages = set()
        for n in (4, 2, 1):
            seq = [t.group(0) for t in tokens[max(0, k - n + 1):k + 1]]
            hits = [i for i in range(len(words) - len(seq) + 1) if words[i:i + len(seq)] == seq]
            if hits:
                pages = {drawn[i + len(seq) - 1][0] for i in hits}
                break
        if not pages:
            unverifiable += 1
            continue
        checked += 1
        assert o.page in pages, (o.value, o.page, pages, o.evidence[:80])
    assert checked and unverifiable <= 0.05 * (checked + unverifiable)


@pytest.mark.parametrize("name", RENDERED)
def test_every_entity_has_the_page_of_its_offset(extracted, name):
    _, _, pdf, _ = extracted[name]
    ents = ENTITIES[name]
    assert ents
    for e in ents:
        assert 1 <= e.page <= pdf.pages and pdf.page_starts[e.page - 1] <= e.start
        assert e.page == pdf.pages or e.start < pdf.page_starts[e.page]
        assert pdf.text[e.start:e.end] == e.text


@pytest.mark.parametrize("name", RENDERED)
def test_pdf_text_has_the_lines_of_the_text_form(extracted, name):
    """Reading order, paragraphs, hyphenation, superscripts and running heads together: nearly every
    line of the text form is a line of the PDF's text, word for word."""
    t, _, p, _ = extracted[name]
    pdf_lines = {re.sub(r"\s+", " ", ln).strip() for ln in re.split(r"[\n\f]", p.text)}
    lines = [re.sub(r"\s+", " ", ln).strip() for ln in t.text.split("\n") if ln.strip()]
    missing = [ln for ln in lines if ln not in pdf_lines]
    assert len(missing) <= 0.05 * len(lines), missing[:5]


def test_two_columns_written_row_by_row_are_still_read_column_by_column(extracted, tmp_path):
    """The same article with its content stream in rows across both columns (pdfium's text order is
    then left line, right line, ...): the text comes out the same."""
    t, _, p, _ = extracted["PMC3488187"]
    path, _ = make_pdfs.render_corpus_document("PMC3488187", tmp_path, interleave=True)
    interleaved = load(path)
    assert interleaved.text == p.text


def test_two_column_article_artifacts_are_gone(extracted):
    t, _, p, _ = extracted["PMC3488187"]
    text = p.text
    assert p.pages >= 5
    # running header, running footer and page numbers: on every page of the PDF, in none of the text
    assert "Lancet Oncol 2012" not in text and "thelancet.com" not in text
    assert not re.search(r"(?m)^\s*\d{1,3}\s*$", text)
    # pdfium's line-end hyphen marks are resolved, ligature glyphs spelled out
    assert "\ufffe" not in text and "\x02" not in text and "\ufb01" not in text and "first-cycle rash" in text
    # hyphenation undone: the PDF has (almost) no word the text form does not have
    words = lambda s: set(re.findall(r"[A-Za-z][A-Za-z-]+", s))  # noqa: E731
    assert len(words(text) - words(t.text)) <= 2, sorted(words(text) - words(t.text))
    # superscript citations the fixture glued to values and sentence ends are gone (the text form has
    # citation numbers of its own printed in line, "comorbidities.2,3": those stay)
    assert not re.search(r"months\d", text)
    assert len(re.findall(r"[a-z]\.\d", text)) == len(re.findall(r"[a-z]\.\d", t.text))


def test_seed_000_pdf_tables_are_read_as_tables(extracted):
    _, text_outcomes, p, pdf_outcomes = extracted["000_5fd9affc0ff2dda7"]
    assert "\tHazard Ratio (HR) for PFS (95% CI)\t" in p.text
    assert "(Overall Population)" in p.text and "\x02" not in p.text
    table = sorted((o.trial, o.endpoint, o.measure, o.value) for o in pdf_outcomes if o.source == "table")
    assert table == sorted((o.trial, o.endpoint, o.measure, o.value) for o in text_outcomes if o.source == "table")
    assert len(table) == 25


# ------------------------------------------------------------ artifact rules, one by one


def _glyphs(text: str, x: float = 50.0, base: float = 100.0, size: float = 10.0, sup: bool = False) -> list[Glyph]:
    out = []
    for ch in text:
        s = 6.0 if sup else size
        b = base - 3.5 if sup else base
        w = 0.5 * s
        out.append(Glyph(ch, x, x + w, b - 0.7 * s, b + 0.2 * s, b, s))
        x += w + 0.2
    return out


def test_superscript_citation_glued_to_a_value_is_dropped():
    gl = _glyphs("11.0 months")
    gl += _glyphs("12", x=gl[-1].x1 + 0.3, sup=True)
    gl += _glyphs(" with", x=gl[-1].x1 + 0.3)
    assert [ln.text for ln in glyph_lines(gl)] == ["11.0 months with"]


def test_superscript_before_punctuation_takes_its_space_along():
    gl = _glyphs("assay")
    gl += _glyphs("16,17", x=gl[-1].x1 + 0.3, sup=True)
    gl += _glyphs(" . Next", x=gl[-1].x1 + 0.3)
    assert glyph_lines(gl)[0].text == "assay. Next"


@pytest.mark.parametrize("before,sup,expected", [
    ("4 x 10", "4", "4 x 104"),  # an exponent after 10 stays
    ("75 mg/m", "2", "75 mg/m2"),  # a unit squared stays
    ("CDK4/6", "3,4", "CDK4/6"),  # a citation after a digit of a name goes
])
def test_exponents_stay_citations_go(before, sup, expected):
    gl = _glyphs(before)
    gl += _glyphs(sup, x=gl[-1].x1 + 0.3, sup=True)
    assert glyph_lines(gl)[0].text == expected


def test_glued_citation_digits_are_never_read_as_values():
    """If a superscript survives (same size in a bad PDF), the parsers still ignore it."""
    assert [m.value for m in find_medians("median PFS was 11.0 months12 with alpelisib")] == ["11.0"]


def _line(text, top, x0=54.0, x1=300.0, size=9.0):
    return Line(text, x0, x1, top, top + size, top + size * 0.8, size)


def test_running_headers_footers_and_page_numbers_are_found():
    pages = []
    for n in range(1, 5):
        pages.append([_line("Lancet Oncol 2012; 13: 1161-70", 30), _line("Body text of page %d." % n, 300),
                      _line(str(n), 760, x0=300, x1=306), _line("Table 1 continues", 400)])
    drops = running_lines(pages, [792.0] * 4)
    assert drops == [{0, 2}] * 4


def test_a_line_on_one_page_only_is_not_a_running_header():
    pages = [[_line("Title of the article", 30)], [_line("Other text", 30)]]
    assert running_lines(pages, [792.0, 792.0]) == [set(), set()]


def test_two_columns_are_read_column_by_column():
    lines = [_line("Full-width title across the page", 40, 54, 560)]
    lines += [_line(f"left {k}", 100 + 12 * k, 54, 290) for k in range(6)]
    lines += [_line(f"right {k}", 100 + 12 * k, 320, 556) for k in range(6)]
    order = [ln.text for _, ln in reading_order(sorted(lines, key=lambda ln: ln.top), 612.0)]
    assert order == ["Full-width title across the page"] + [f"left {k}" for k in range(6)] + [f"right {k}" for k in range(6)]


@pytest.mark.parametrize("left,right,vocab,expected", [
    ("pro", "gression", {"progression"}, ""),  # the joined word is a word of the document
    ("progression", "free", {"progression", "free"}, "-"),  # both halves are words: a compound
    ("placebo", "controlled", {"placebo-controlled"}, "-"),  # the compound is written elsewhere
    ("treat", "ment", {"treat"}, ""),  # a suffix never stands alone
    ("stu", "died", {"died"}, ""),  # half a word
    ("a", "second", set(), "-"),  # one letter is never left by hyphenation
    ("PD", "L1", set(), "-"),  # upper case: a name
    ("Kaplan", "Meier", set(), "-"),
])
def test_line_end_hyphen(left, right, vocab, expected):
    assert join_broken_word(left, right, vocab) == expected


def test_join_lines_resolves_hyphens_and_ranges():
    assert join_lines(["the pro\x02", "gression of"], {"progression"}) == "the progression of"
    assert join_lines(["95% CI 0.50-", "0.85"], set()) == "95% CI 0.50-0.85"
    assert join_lines(["placebo-", "controlled trial"], {"placebo", "controlled"}) == "placebo-controlled trial"


@pytest.mark.parametrize("prev,nxt,full,expected", [
    ("median overall survival was", "3.7 months with erlotinib", False, True),
    ("vs 1%", "[four of 313], p=0.0001", False, True),
    ("according to Response", "Evaluation Criteria in Solid Tumours", True, True),
    ("were censored at the date last known alive.", "Randomisation and masking", False, False),
    ("and at 12 months was 17.", "Median progression-free survival was 3.4 months", True, True),
    ("the cells were lysed.", "2. Methods", True, False),
])
def test_paragraph_runs_on_across_a_column_or_page(prev, nxt, full, expected):
    assert continues(prev, nxt, full) is expected


def test_table_cells_become_tab_separated_rows():
    rows = (
        (("Median", "Progression-", "Free Survival"), ("Hazard Ratio",)),
        (("11.0 months",), ("0.65 (0.50-", "0.85)")),
        ((), ("(Overall Population)",)),
    )
    assert table_rows_text(rows, set()) == (
        "Median Progression-Free Survival\tHazard Ratio\n11.0 months\t0.65 (0.50-0.85)\n\t(Overall Population)")


# ------------------------------------------------------------ text runs and the glyph fallback


def _read_both(data: bytes, monkeypatch, tables: bool = False):
    """``read_pdf`` through pdfium's text runs, then with every page read glyph by glyph."""
    runs = read_pdf(data, 100, tables)
    with monkeypatch.context() as m:
        m.setattr(pdf_layer, "_runs", lambda *a, **k: None)
        glyphs = read_pdf(data, 100, tables)
    return runs, glyphs


@pytest.mark.parametrize("name", RENDERED)
def test_text_runs_and_the_glyph_fallback_read_the_same(pdfs, monkeypatch, name):
    data = pdfs[0][name].read_bytes()
    seen = []
    real = pdf_layer._runs
    monkeypatch.setattr(pdf_layer, "_runs", lambda *a, **k: seen.append(real(*a, **k)) or seen[-1])
    runs, glyphs = _read_both(data, monkeypatch, tables=name != "PMC3488187")
    assert runs == glyphs and runs[0]
    assert seen and all(r is not None for r in seen)  # every page of the fixture was read as runs
    items = [x for r in seen for x in r[0]]
    assert sum(isinstance(x, Run) for x in items) > 0.5 * sum(not x.ch.isspace() for x in items)


def test_interleaved_columns_read_the_same_from_runs_and_glyphs(monkeypatch, tmp_path):
    path, _ = make_pdfs.render_corpus_document("PMC3488187", tmp_path, interleave=True)
    runs, glyphs = _read_both(path.read_bytes(), monkeypatch)
    assert runs == glyphs


def _drawn(draw) -> bytes:
    import io

    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=letter)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_one_object_per_glyph_goes_through_the_glyph_fallback():
    import pypdfium2 as pdfium
    from reportlab.pdfbase.pdfmetrics import stringWidth

    sentence = "Median progression-free survival was 11.0 months with palbociclib."

    def draw(c):
        x = 72.0
        for ch in sentence:  # one text object per character, as some producers write
            c.setFont(make_pdfs.BODY, 10)
            c.drawString(x, 700, ch)
            x += stringWidth(ch, make_pdfs.BODY, 10)

    data = _drawn(draw)
    doc = pdfium.PdfDocument(data)
    page = doc[0]
    tp = page.get_textpage()
    w, h = page.get_size()
    assert pdf_layer._runs(tp, h, w) is None
    tp.close()
    page.close()
    doc.close()
    assert read_pdf(data, 10)[0] == sentence


def test_superscript_citation_after_a_run_is_dropped_from_the_pdf(monkeypatch):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def draw(c):
        x = 72.0
        for word in ("Median", "PFS", "was", "11.0", "months"):
            c.setFont(make_pdfs.BODY, 9)
            c.drawString(x, 700, word)
            x += stringWidth(word + " ", make_pdfs.BODY, 9)
        x -= stringWidth(" ", make_pdfs.BODY, 9)
        c.setFont(make_pdfs.BODY, 5.5)
        c.drawString(x, 703.4, "12,13")  # glued to "months", raised and smaller
        x += stringWidth("12,13 ", make_pdfs.BODY, 5.5)
        c.setFont(make_pdfs.BODY, 9)
        c.drawString(x, 700, "with palbociclib.")

    runs, glyphs = _read_both(_drawn(draw), monkeypatch)
    assert runs == glyphs
    assert runs[0] == "Median PFS was 11.0 months with palbociclib."


def test_superscript_inside_runs_is_dropped_exponent_kept():
    def run(text, x, sup=False):
        size, base = (5.5, 96.6) if sup else (9.0, 100.0)
        return Run(text, x, x + 0.5 * size * len(text), base - 0.7 * size, base + 0.2 * size, base, size, -1)

    sp = Glyph(" ", 0, 0, 0, 0, 100.0, 1.0)
    months = run("months", 80)
    line = [run("11.0", 50), Glyph(" ", 68, 70, 93.7, 101.8, 100.0, 9.0), months, run("12", months.x1 + 0.2, sup=True),
            Glyph(" ", months.x1 + 6, months.x1 + 6, 100, 100, 100.0, 1.0), run("with", months.x1 + 7)]
    assert [ln.text for ln in glyph_lines(line, char_x0=lambda i: 0.0)] == ["11.0 months with"]
    m2 = run("mg/m", 50)
    assert glyph_lines([m2, run("2", m2.x1 + 0.2, sup=True), sp._replace(x0=m2.x1 + 3, x1=m2.x1 + 3)])[0].text == "mg/m2"


# ------------------------------------------------------------ PDFs litx cannot read

BROKEN = {
    "encrypted": "encrypted PDF: a password is required; decrypt it first",
    "truncated": "truncated PDF: the file ends before its %%EOF marker; get the complete file",
    "corrupt": "corrupt PDF: its structure cannot be parsed (a damaged file?); get an intact copy",
    "zero_pages": "PDF has zero pages",
    "image_only": "no text layer (scanned?); OCR is not supported",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_unreadable_pdf_raises_one_clear_line(pdfs, name):
    with pytest.raises(IngestError) as err:
        load(pdfs[0][name])
    assert str(err.value) == BROKEN[name]


def test_broken_pdfs_are_rows_in_errors_csv_and_the_batch_goes_on(pdfs, nlp, tmp_path):
    paths = pdfs[0]
    inputs = [paths[n] for n in sorted(BROKEN)] + [paths["002_9a28afd505a7c179"]]
    result = extract(inputs, tmp_path / "out", nlp=nlp)
    assert result.exit_status == 1
    with open(tmp_path / "out" / "errors.csv", newline="", encoding="utf-8") as fh:
        errors = {r["doc_id"]: r for r in csv.DictReader(fh)}
    assert {k: v["error"] for k, v in errors.items()} == BROKEN
    assert all(v["stage"] == "read" for v in errors.values())
    docs = {d.doc_id: d for d in result.documents}
    assert docs["002_9a28afd505a7c179"].status == "ok" and docs["002_9a28afd505a7c179"].pages == 3
    assert (tmp_path / "out" / "texts" / "002_9a28afd505a7c179.txt").exists()


@pytest.mark.parametrize("option,value,message", [
    ("--max-pages", "2", "PDF has 5 pages, over the 2-page limit (raise it with --max-pages)"),
    ("--max-mb", "0.01", "over the 10.0 KB limit (raise it with --max-mb)"),
])
def test_page_and_size_limits(pdfs, nlp, tmp_path, monkeypatch, option, value, message):
    monkeypatch.setattr("pipeline.nlp.build_nlp", lambda model="blank:en", cache_dir=None: nlp)
    pdf = pdfs[0]["000_5fd9affc0ff2dda7"]
    res = CliRunner().invoke(main, ["extract", str(pdf), "--out", str(tmp_path / "o"), "--quiet", option, value])
    assert res.exit_code == 1, res.output
    with open(tmp_path / "o" / "errors.csv", newline="", encoding="utf-8") as fh:
        (row,) = list(csv.DictReader(fh))
    assert message in row["error"]
    res = CliRunner().invoke(main, ["extract", str(pdf), "--out", str(tmp_path / "p"), "--quiet", option, "0"])
    assert res.exit_code == 2  # a limit below the minimum is a usage error


# ---------------------------------------------------------------- ruled tables from pdfium's paths

from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402

from pipeline import pdf_rulings as rulings  # noqa: E402


def _grid(xs, ys, skip=()):
    """The edges of a grid: a vertical line at every x, a horizontal one at every y (``skip``: left out)."""
    v = [rulings.Edge("v", x, ys[0], x, ys[-1]) for x in xs if ("v", x) not in skip]
    h = [rulings.Edge("h", xs[0], y, xs[-1], y) for y in ys if ("h", y) not in skip]
    return v + h


def test_rulings_3x3_grid():
    found = rulings.find_tables(_grid([0, 10, 20, 30], [0, 5, 10, 15]))
    assert len(found) == 1
    bbox, rows = found[0]
    assert bbox == (0, 0, 30, 15)
    assert rows == [[(x, y, x + 10, y + 5) for x in (0, 10, 20)] for y in (0, 5, 10)]


def test_rulings_thin_rectangles():
    """A table drawn as thin filled rectangles: each one's outline, two sides 0.5 apart, snaps to one rule."""
    edges = []
    for x in (100, 150, 200):
        edges += rulings.polyline_edges([(x, 50), (x + 0.5, 50), (x + 0.5, 90), (x, 90), (x, 50)])
    for y in (50, 70, 90):
        edges += rulings.polyline_edges([(100, y), (200.5, y), (200.5, y + 0.5), (100, y + 0.5), (100, y)])
    bbox, rows = rulings.find_tables(edges)[0]
    assert len(rows) == 2 and all(len(r) == 2 for r in rows)
    assert rows[0][0][0] == pytest.approx(100.25) and rows[1][1][3] == pytest.approx(90.25)


def test_rulings_missing_inner_line():
    """Without the inner vertical line of its second column the grid's cells there merge into one."""
    found = rulings.find_tables(_grid([0, 10, 20, 30], [0, 5, 10], skip={("v", 20)}))
    bbox, rows = found[0]
    assert bbox == (0, 0, 30, 10)
    assert rows == [[(0, 0, 10, 5), (10, 0, 30, 5)], [(0, 5, 10, 10), (10, 5, 30, 10)]]


def test_rulings_snap_and_join():
    """Rules a little off one another snap to their average; pieces of one rule join."""
    edges = [rulings.Edge("h", 0, 0, 12, 0), rulings.Edge("h", 13, 1, 30, 1)]
    merged = rulings.merged_edges(edges)
    assert merged == [rulings.Edge("h", 0, 0.5, 30, 0.5)]


_coord = st.floats(min_value=0, max_value=600, allow_nan=False, allow_infinity=False)


@hsettings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("hv"), _coord, _coord, _coord), max_size=30))
def test_rulings_never_raise_and_cells_inside(specs):
    edges = [rulings.Edge("h", min(a, b), c, max(a, b), c) if o == "h" else rulings.Edge("v", c, min(a, b), c, max(a, b))
             for o, a, b, c in specs]
    for bbox, rows in rulings.find_tables(edges):
        for cell in (c for r in rows for c in r if c is not None):
            assert bbox[0] <= cell[0] <= cell[2] <= bbox[2] and bbox[1] <= cell[1] <= cell[3] <= bbox[3]


def test_rulings_agree_with_pdfplumber(tmp_path):
    """On every ruled page of the rendered corpus documents the pdfium finder's tables are pdfplumber's."""
    import io

    import pdfplumber
    import pypdfium2 as pdfium

    pages = 0
    for name in make_pdfs.DOCUMENTS:
        data = make_pdfs.render_corpus_document(name, tmp_path)[0].read_bytes()
        doc, plumber = pdfium.PdfDocument(data), pdfplumber.open(io.BytesIO(data))
        for i in range(len(doc)):
            page = doc[i]
            if pdf_layer._ruled(page):
                pages += 1
                mine = rulings.find_tables(rulings.page_edges(page, page.get_size()[1]))
                assert mine == [(tuple(b), r) for b, r in pdf_layer.plumber_table_cells(plumber.pages[i])]
        plumber.close()
        doc.close()
    assert pages
