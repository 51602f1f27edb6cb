"""Study cues as data (pipeline/data/study_cues.csv, medspaCy ConText style): each row's example matches
its category, and a bad row is refused on load with an error that names it."""
from __future__ import annotations

import csv

import pytest

from pipeline.rules import DATA_DIR, RuleFileError, load_study_cues

ROWS = list(csv.DictReader(open(DATA_DIR / "study_cues.csv", encoding="utf-8")))


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['category']}-{i}" for i, r in enumerate(ROWS)])
def test_each_cue_matches_its_example_through_its_category(row):
    cues = load_study_cues()
    example = row["example"]
    if row["direction"] == "before_name":
        # the cue must end right before the name it qualifies: cut the example there
        m = cues[row["category"]].search(example, 0, example.index("FIRE-3"))
    else:
        m = cues[row["category"]].search(example)
    assert m, (row["category"], example)


@pytest.mark.parametrize("category, text", [
    ("new_study", "The hazard ratio excluded neither a modest benefit nor a small detriment."),
    ("new_study", "Overall survival was longer in the other arm."),
    ("review", "We randomly assigned 400 patients to two arms."),
    ("own_study", "The investigators of the PRIME trial reported ..."),
])
def test_cues_do_not_fire_without_their_words(category, text):
    assert not load_study_cues()[category].search(text)


@pytest.mark.parametrize("row, message", [
    ("sideways,sentence,\\bfoo\\b,foo,x", "category='sideways' is not allowed"),
    ("review,after,\\bfoo\\b,foo,x", "direction='after' is not allowed"),
    ("review,sentence,(unclosed,(unclosed,x", "is not a regex"),
    ("review,sentence,\\bfoo\\b,bar,x", "does not match its example"),
])
def test_a_bad_row_is_refused_with_a_message_naming_it(tmp_path, row, message):
    path = tmp_path / "study_cues.csv"
    path.write_text("category,direction,cue,example,source\n" + row + "\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match=message):
        load_study_cues.__wrapped__(path)
