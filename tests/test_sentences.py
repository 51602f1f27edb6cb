from pipeline.normalize import normalize_text
from pipeline.sentences import paragraph_spans, sentence_spans


def _sents(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_abbreviations_decimals_and_ci_do_not_split():
    t = normalize_text("Median PFS was 2.8 vs. 4.2 months (Smith et al. 2019; 95% CI 2.6–3.0). Next sentence here.")
    assert _sents(t) == ["Median PFS was 2.8 vs. 4.2 months (Smith et al. 2019; 95% CI 2.6-3.0).", "Next sentence here."]


def test_e_g_and_fig_do_not_split():
    t = "Cell lines (e.g. MCF7) were used. See Fig. 2 for details. Done."
    assert _sents(t) == ["Cell lines (e.g. MCF7) were used.", "See Fig. 2 for details.", "Done."]


def test_line_ends_always_split_and_whitespace_is_trimmed():
    t = "BODY.RESULTS:\n  First line.  Second line. \nThird"
    assert _sents(t) == ["BODY.RESULTS:", "First line.", "Second line.", "Third"]
    assert [t[s:e] for s, e in paragraph_spans(t)] == ["BODY.RESULTS:", "  First line.  Second line. ", "Third"]


def test_sentence_starting_with_number_splits():
    t = "The trial ended. 657 patients died; 314 in the placebo group."
    assert _sents(t) == ["The trial ended.", "657 patients died; 314 in the placebo group."]


def test_regression_citation_numbers_glued_to_a_stop_end_the_sentence():
    """PMC3488187: "than do non-smokers.23,24 Smokers also ..." was one sentence, so the odds ratios of the
    next one took the endpoint named in the first; a decimal before a capital is still not a stop."""
    text = "Smokers have lower levels than do non-smokers.23,24 Smokers also have less rash. It was 5.2 In total"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Smokers have lower levels than do non-smokers.23,24", "Smokers also have less rash.", "It was 5.2 In total"]
