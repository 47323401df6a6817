"""Agreement on verdicts: Cohen's kappa over the claims both annotators rated (issue 18),
checked by hand, against statsmodels, and in the command line's text and JSON."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.inter_rater import cohens_kappa as statsmodels_kappa

from annotator.cli import main
from annotator.core.agreement import MIN_RATED, agreement, verdict_agreement
from annotator.core.agreement_multi import agreement_of_works, work_of_documents
from annotator.core.model import Tag
from annotator.core.storage import save_project

from .factories import annotation, project

LEVELS = ["True", "Mostly true", "Mixed", "Misleading", "False", "Unverifiable"]


def claims(verdicts, base=0, tag=Tag.CLAIM, shift=0):
    """One claim per verdict ("" for none) on its own word of a text of words."""
    text = " ".join(f"w{n:03d}" for n in range(len(verdicts)))
    return text, [annotation(text, 5 * n + shift, 5 * n + 4, tag, base + n).model_copy(update={"verdict": v})
                  for n, v in enumerate(verdicts)]


def test_by_hand():
    text, mine = claims(["True", "False", "False", "Mixed", "True", "False", ""])
    _, theirs = claims(["true", "False", "Mixed", "Mixed", "True", "", "False"], base=100)
    v = verdict_agreement(mine, theirs)
    assert (v.matched, v.rated, v.same) == (7, 5, 4)  # "true" and "True" are one level; unrated claims left out
    # observed 4/5; mine: true 2, false 2, mixed 1; theirs: true 2, false 1, mixed 2
    expected = (2 * 2 + 2 * 1 + 1 * 2) / 25
    assert v.kappa == pytest.approx((0.8 - expected) / (1 - expected))
    assert agreement(text, mine, theirs).as_dict()["verdicts"] == {
        "kappa": pytest.approx(v.kappa), "claims_rated_by_both": 5, "same_verdict": 4, "matched_claims": 7,
        "minimum": MIN_RATED, "enough": True}


def test_too_few_claims_rated_by_both_give_no_number():
    _, mine = claims(["True", "False", "False", "", ""])
    _, theirs = claims(["True", "False", "", "Mixed", ""], base=100)
    v = verdict_agreement(mine, theirs)
    assert v.rated == 2 and v.kappa is None and not v.enough
    assert v.words() == f"too few claims rated by both (2; a kappa needs {MIN_RATED})"


def test_only_claims_matched_by_overlap_count():
    text, mine = claims(["True"] * 6)
    _, theirs_shifted = claims(["True"] * 6, base=100, shift=1)  # overlapping: matched
    _, quotes = claims(["True"] * 6, base=200, tag=Tag.QUOTE)  # not claims: never
    assert verdict_agreement(mine, theirs_shifted).rated == 6
    assert verdict_agreement(mine, quotes).matched == 0


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # statsmodels' standard errors of tiny tables
@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(LEVELS), st.sampled_from(LEVELS)), min_size=MIN_RATED, max_size=40))
def test_the_kappa_is_statsmodels_kappa(pairs):
    _, mine = claims([a for a, _ in pairs])
    _, theirs = claims([b for _, b in pairs], base=1000)
    ours = verdict_agreement(mine, theirs).kappa
    levels = sorted({x for pair in pairs for x in pair})
    if len(levels) == 1:
        assert ours == 1.0  # one level on both sides: defined here as full agreement (statsmodels: nan)
        return
    table = np.zeros((len(levels), len(levels)))
    for a, b in pairs:
        table[levels.index(a), levels.index(b)] += 1
    assert ours == pytest.approx(statsmodels_kappa(table).kappa)


def test_pairs_pool_their_claims_over_articles():
    text1, mine1 = claims(["True", "False", "Mixed"])
    _, theirs1 = claims(["True", "False", "False"], base=100)
    p_mine, p_theirs = project(text1), project(text1)
    p_mine.documents[0].annotations, p_theirs.documents[0].annotations = mine1, theirs1
    text2, mine2 = claims(["Mixed", "True", "False", "Misleading"])
    q_mine, q_theirs = project(text2), project(text2)
    for q in (q_mine, q_theirs):
        q.documents[0].id = "22222222-2222-4222-8222-222222222222"
    q_mine.documents[0].annotations = mine2
    q_theirs.documents[0].annotations = claims(["Mixed", "True", "False", "False"], base=100)[1]
    works = [work_of_documents("A", "a.json", [p_mine.documents[0], q_mine.documents[0]]),
             work_of_documents("B", "b.json", [p_theirs.documents[0], q_theirs.documents[0]])]
    (pair,) = agreement_of_works(works).pairs.values()
    assert (pair.verdicts.rated, pair.verdicts.same) == (7, 5)
    assert pair.verdicts.kappa == pytest.approx(verdict_agreement(mine1 + mine2, theirs1 + [
        a for a in q_theirs.documents[0].annotations]).kappa)


def test_the_command_line_says_the_verdict_kappa_or_too_few(tmp_path, capsys):
    text, mine = claims(["True", "False", "False", "Mixed", "True", "False"])
    _, theirs = claims(["True", "False", "Mixed", "Mixed", "True", "False"], base=100)
    paths = []
    for name, anns in (("a", mine), ("b", theirs)):
        p = project(text)
        p.documents[0].annotations = [a.model_copy(update={"author": name.upper()}) for a in anns]
        paths.append(tmp_path / f"{name}.annotator.json")
        save_project(p, paths[-1])
    assert main(["agreement", *map(str, paths)]) == 0
    out = capsys.readouterr().out
    kappa = verdict_agreement(mine, theirs).kappa
    assert f"A–B  Cohen's kappa {kappa:.3f} over 6 claims both rated (5 the same verdict)" in out
    assert main(["agreement", "--json", *map(str, paths)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pairs"][0]["verdicts"]["claims_rated_by_both"] == 6
    assert data["pairs"][0]["verdicts"]["kappa"] == pytest.approx(kappa)
    # fewer rated claims: words, no number
    p = project(text)
    p.documents[0].annotations = [a.model_copy(update={"author": "B", "verdict": ""}) for a in theirs[:4]] + theirs[4:]
    save_project(p, paths[1])
    assert main(["agreement", *map(str, paths)]) == 0
    assert "A–B  too few claims rated by both (2; a kappa needs 5)" in capsys.readouterr().out
    assert main(["review", "--stats", *map(str, paths)]) == 0
    assert "Verdicts: too few claims rated by both (2; a kappa needs 5)" in capsys.readouterr().out
