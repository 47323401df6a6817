"""The suggesters' quality on the hand-annotated evaluation set (tests/suggest_eval/): fails
when precision or recall of a tag drops below the issue's target or below what was measured
(the README's table). The scoring rule is checked on cases worked by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.suggest import TAGS
from annotator.core.suggest.claims import THRESHOLD
from annotator.core.suggest.evaluate import evaluate, leave_one_out, load_set, overlap_match, table

FOLDER = Path(__file__).parent / "suggest_eval"

TARGETS = {  # issue 19: (precision, recall)
    "quote": (0.9, 0.8),
    "unverified": (0.9, 0.8),
    "source": (0.8, 0.7),
    "claim": (0.5, 0.6),
}
MEASURED = {  # what the README reports (rounded down): a drop below these fails too
    "quote": (1.0, 0.97),
    "unverified": (1.0, 1.0),
    "source": (1.0, 0.96),
    "claim": (0.78, 0.76),
}


@pytest.fixture(scope="module")
def articles():
    return load_set(FOLDER)


@pytest.fixture(scope="module")
def scores(articles):
    return evaluate(articles)


def test_the_set_is_real_varied_and_consistent(articles):
    assert len(articles) >= 5
    assert len({a["outlet"] for a in articles}) == len(articles)
    assert {a["language"] for a in articles} == {"en", "de"}
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    for article in articles:
        assert article["name"] in readme and article["url"] in readme and article["source"].startswith("github:adbar/trafilatura")
        text = article["text"]
        for ann in article["annotations"]:
            assert ann["tag"] in TAGS
            assert text[ann["start"]:ann["end"]] == ann["exact"] and ann["exact"] == ann["exact"].strip()
    for tag in TAGS:
        assert any(ann["tag"] == tag for a in articles for ann in a["annotations"])


@pytest.mark.parametrize("tag", TAGS)
def test_precision_and_recall_stay_at_target_and_at_what_was_measured(scores, tag):
    score = scores[tag]
    precision, recall = round(score.precision, 2), round(score.recall, 2)
    print(table(scores))
    assert precision >= TARGETS[tag][0] and recall >= TARGETS[tag][1], (tag, precision, recall)
    assert precision >= MEASURED[tag][0] and recall >= MEASURED[tag][1], (tag, precision, recall)


def test_the_claim_threshold_holds_up_when_each_article_is_left_out(articles):
    pooled, chosen = leave_one_out(articles)
    assert pooled.precision >= 0.5 and pooled.recall >= 0.6
    assert THRESHOLD in chosen  # the threshold shipped is one the folds choose


def test_matching_needs_half_of_the_longer_span():
    assert overlap_match((0, 10), (0, 10)) == 10
    assert overlap_match((0, 10), (5, 10)) == 5  # 5 of 10: half
    assert overlap_match((0, 10), (6, 10)) == 0  # 4 of 10: too little
    assert overlap_match((0, 4), (4, 8)) == 0
    assert overlap_match((2, 8), (0, 12)) == 6  # 6 of 12


def test_scores_count_each_span_once():
    from annotator.core.suggest import Suggestion
    from annotator.core.suggest.evaluate import score_article

    text = "x" * 40
    found = [Suggestion("quote", 0, 10, text[0:10], "r", "quotes", 0.9), Suggestion("quote", 1, 10, text[1:10], "r", "quotes", 0.9),
             Suggestion("claim", 20, 30, text[20:30], "r", "claims", 0.5)]
    into = {}
    score_article("a", text, [("quote", 0, 10), ("source", 20, 30)], found, into)
    assert (into["quote"].suggested, into["quote"].matched, into["quote"].exact) == (2, 1, 1)
    assert into["quote"].precision == 0.5 and into["quote"].recall == 1.0
    assert into["source"].recall == 0.0 and into["claim"].precision == 0.0
