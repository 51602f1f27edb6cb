"""Reflow of hard-wrapped plain text (issue "Review articles as they arrive"): paragraphs from wrapped
lines, line-end hyphens resolved against the document's words, page breaks and running headers removed,
table lines left alone; text that is not wrapped comes back unchanged."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.reflow import drop_running_lines, is_prose, reflow, wrap_width

WRAPPED = """Immune checkpoint inhibitors in advanced melanoma

CheckMate 066 randomized 418 previously untreated patients with BRAF wild-type melanoma
to nivolumab or dacarbazine. At 1 year the rate of overall survival was 72.9% (95% CI
65.5-78.9) in the nivolumab group and 42.1% in the dacarbazine group. The median PFS was
5.1 months with nivolumab and 2.2 months with dacarbazine (hazard ratio for death or pro-
gression 0.43; 95% CI 0.34-0.56; P<0.001), and the objective response rate was 40.0%.

The final overall survival analysis, after a median follow-up of 50
months, is the most striking result in this field. Progression was assessed every
8 weeks, and progression-free survival was the primary endpoint of the trial.
"""


def test_wrapped_paragraphs_become_one_line_each():
    out = reflow(WRAPPED)
    lines = [ln for ln in out.split("\n") if ln.strip()]
    assert lines[0] == "Immune checkpoint inhibitors in advanced melanoma"  # a heading stays a line
    assert len(lines) == 3
    assert "(95% CI 65.5-78.9)" in lines[1]
    assert "median follow-up of 50 months" in lines[2]  # a short line going on in lower case


@pytest.mark.parametrize("left, right, joined", [
    ("death or pro-", "gression 0.43", "death or progression 0.43"),  # a word of the document, broken
    ("and progression-", "free survival was", "and progression-free survival was"),  # a compound keeps its hyphen
])
def test_line_end_hyphens_are_resolved_against_the_documents_words(left, right, joined):
    lines = [f"{'The median progression-free survival was 5.1 months with nivolumab and 2.2 months'}",
             f"with dacarbazine in the trial that compared them in the first line, and {left}",
             f"{right} in the nivolumab group of the trial; progression was seen in 70 patients.",
             ] * 4
    out = reflow("\n".join(lines))
    assert joined in out


def test_page_breaks_and_running_headers_are_removed_and_a_cut_paragraph_is_joined():
    page1 = ("Journal of Oncology Reviews 2024;12:45-67                       45\n\n"
             + "The hazard ratio for disease progression or death was 0.58 (95% CI 0.46-0.72), and\n" * 5
             + "the benefit was consistent across the prespecified subgroups, including patients with\n")
    page2 = ("Journal of Oncology Reviews 2024;12:45-67                       46\n\n"
             "visceral disease and those with a short disease-free interval after adjuvant therapy.\n"
             + "The median OS was 53.9 months with palbociclib and 51.2 months with placebo, and the\n" * 5
             + "end of the paragraph.\n")
    out = reflow(page1 + "\f" + page2)
    assert "Journal of Oncology" not in out and "\f" not in out
    assert "including patients with visceral disease" in out


def test_table_lines_are_never_joined():
    table = ("Trial          Comparison                               PFS, months     HR (95% CI)\n"
             "PALOMA-3       Palbociclib + fulvestrant vs. placebo    9.5 vs. 4.6     0.46 (0.36-0.59)\n"
             "MONARCH 2      Abemaciclib + fulvestrant vs. placebo    16.4 vs. 9.3    0.553 (0.449-0.681)\n")
    out = reflow(WRAPPED + "\n" + table)
    assert table in out


@pytest.mark.parametrize("text", [
    # one line per paragraph, as PubMed Central exports write it
    "TITLE: A trial\nBODY.RESULTS:\n" + "The median PFS was 5.1 months with nivolumab and 2.2 months with dacarbazine in the trial. " * 4 + "\n",
    # a table written one cell per line: short lines, not wrapped prose
    "Patient characteristics\n Mean\n53\n53\n Range\n25-80\n23-80\n Male\n12\n14\n Female\n30\n31\n",
    "",
])
def test_text_that_is_not_wrapped_comes_back_unchanged(text):
    assert reflow(text) == text


@pytest.mark.parametrize("line, prose", [
    ("The median PFS was 5.1 months", True),
    ("IPASS\tGefitinib\t5.7\t0.74", False),
    ("PALOMA-3       Palbociclib + fulvestrant vs. placebo", False),
    ("| Trial | HR |", False),
    ("   ", False),
])
def test_prose_lines(line, prose):
    assert is_prose(line) is prose


def test_wrap_width_of_wrapped_and_unwrapped_text():
    assert 80 <= wrap_width(WRAPPED.split("\n")) <= 95
    assert wrap_width(["x" * 300] * 20) == 0


def test_a_running_line_must_recur():
    pages = [["Header 1", "", "text a", "1"], ["Header 2", "", "text b", "2"], ["Other", "", "text c", "3"]]
    assert drop_running_lines(pages) == [["", "text a"], ["", "text b"], ["Other", "", "text c"]]


_LINE = st.text(alphabet=st.sampled_from("abc de-f.,(0)9 \tA"), max_size=100)


@settings(max_examples=200, deadline=None)
@given(st.lists(_LINE, max_size=40), st.booleans())
def test_reflow_keeps_every_word_and_never_raises(lines, pages):
    text = ("\f" if pages else "\n").join(lines)
    out = reflow(text)
    assert isinstance(out, str)
    if out == text:
        return
    # what reflow does is remove line breaks, hyphens at line ends and running lines: the characters
    # left are the characters it was given, in order
    it = iter(text)
    assert all(ch in it for ch in out.replace("\n", "").replace(" ", ""))
