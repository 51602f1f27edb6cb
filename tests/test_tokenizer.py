from hypothesis import given, settings, strategies as st
import spacy

from pipeline.tokenizer import FastTokenizer

TOK = FastTokenizer(spacy.blank("en").vocab)


def test_numbers_words_and_punctuation():
    doc = TOK("HR 0.65 (95% CI 0.50-0.85); HER2 and CDK4/6.\n\nNext")
    assert [t.text for t in doc] == ["HR", "0.65", "(", "95", "%", "CI", "0.50", "-", "0.85", ")", ";", "HER2", "and",
                                     "CDK4", "/", "6", ".", "\n\n", "Next"]


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_doc_text_round_trips(text):
    assert TOK(text).text == text
