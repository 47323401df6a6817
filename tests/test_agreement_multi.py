"""Agreement of N annotators: run-length counting against a per-character count, Fleiss'
kappa against statsmodels, Krippendorff's alpha against the ``krippendorff`` package, and
small cases worked out by hand."""

from __future__ import annotations

import random
import warnings
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import TAG_BITS, agreement
from annotator.core.agreement_multi import (
    Article,
    chance_agreement,
    distinct_names,
    fleiss_kappa,
    krippendorff_alpha,
    match_articles,
    multi_agreement,
    profiles,
    read_work,
)
from annotator.core.model import Tag
from annotator.core.storage import save_project

from .factories import annotation, project

C, Q, S, U = Tag.CLAIM, Tag.QUOTE, Tag.SOURCE, Tag.UNVERIFIED
TAGS = [C, Q, S, U]
TEXT = "Alpha beta,\ngamma delta.\u00a0Epsilon zeta eta theta iota kappa lambda mu nu."


def spans_to_annotations(text, spans, base):
    return [annotation(text, s, min(len(text), s + w), t, base + n) for n, (s, w, t) in enumerate(spans)]


def per_character(text, raters):
    """Every rater's (innermost label, set of covering tags) on every non-space character,
    worked out one character at a time: the independent reference."""
    units = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        row = []
        for anns in raters:
            if anns is None:
                row.append(None)
                continue
            cover = [a for a in anns if a.start <= i < a.end]
            inner = min(cover, key=lambda a: (a.end - a.start, a.start, a.tag.value)).tag.value if cover else "untagged"
            row.append((inner, frozenset(a.tag for a in cover)))
        units.append(row)
    return units


def as_profiles(units):
    """The per-character units counted as the run-length code counts them."""
    out = Counter()
    for row in units:
        labels = tuple(None if x is None else x[0] for x in row)
        masks = tuple(None if x is None else sum(TAG_BITS[t] for t in x[1]) for x in row)
        out[(labels, masks)] += 1
    return out


def column(units, tag):
    """One label per rater and unit: overall (innermost) or binary for ``tag``."""
    return [[None if x is None else (x[0] if tag is None else tag in x[1]) for x in row] for row in units]


def reference_alpha(rows):
    krippendorff = pytest.importorskip("krippendorff")
    np = pytest.importorskip("numpy")
    codes: dict = {}
    data = np.array([[np.nan if v is None else codes.setdefault(v, len(codes)) for v in row] for row in rows], dtype=float).T
    pairable = {v for row in rows if sum(x is not None for x in row) >= 2 for v in row if v is not None}
    if len(codes) < 2 or len(pairable) < 2:
        return None  # krippendorff refuses these: a single value, or no unit two coders labelled
    return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")


def reference_fleiss(rows):
    inter_rater = pytest.importorskip("statsmodels.stats.inter_rater")
    np = pytest.importorskip("numpy")
    complete = [row for row in rows if None not in row]
    if not complete:
        return None
    codes: dict = {}
    data = np.array([[codes.setdefault(v, len(codes)) for v in row] for row in complete])
    if len(codes) < 2:
        return None  # statsmodels gives nan when chance agreement is total
    table, _ = inter_rater.aggregate_raters(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return inter_rater.fleiss_kappa(table, method="fleiss")


def weighted(rows):
    return Counter(tuple(row) for row in rows)


# --- Worked out by hand --------------------------------------------------------------------


def hand_case():
    """abcd: rater 1 claim on ab, rater 2 claim on abc, rater 3 quote on a.
    Units: (C,C,Q) (C,C,U) (U,C,U) (U,U,U)."""
    text = "abcd"
    return text, [[annotation(text, 0, 2, C, 1)], [annotation(text, 0, 3, C, 2)], [annotation(text, 0, 1, Q, 3)]]


def test_fleiss_and_alpha_by_hand():
    text, raters = hand_case()
    result = chance_agreement(profiles(text, raters))[None]
    # Fleiss: P_i = 1/3, 1/3, 1/3, 1 -> P = 1/2; p = C 5/12, Q 1/12, U 6/12 -> Pe = 62/144.
    assert result.fleiss == pytest.approx(5 / 41, abs=1e-12)
    # Alpha: o_CC 2, o_CQ = o_QC 1, o_CU = o_UC 2, o_UU 4; n = 12, n_C 5, n_Q 1, n_U 6;
    # alpha = 1 - 11 * 6 / (144 - 25 - 1 - 36) = 16/82.
    assert result.alpha == pytest.approx(8 / 41, abs=1e-12)
    assert (result.characters, result.complete) == (4, 4)
    rows = column(per_character(text, raters), None)
    assert reference_fleiss(rows) == pytest.approx(5 / 41, abs=1e-9)
    assert reference_alpha(rows) == pytest.approx(8 / 41, abs=1e-9)


def test_missing_rater_by_hand():
    """A second article "ef" that rater 3 does not have, both others tagging it claim: alpha
    takes its two units (o_CC += 4, so n = 16 and alpha = 1 - 15*6/138 = 8/23); Fleiss
    cannot and stays on the four complete units."""
    text, raters = hand_case()
    other = "ef"
    articles = [
        Article("first", text, raters, [0, 0, 0]),
        Article("second", other, [[annotation(other, 0, 2, C, 4)], [annotation(other, 0, 2, C, 5)], None], [0, 0, 0]),
    ]
    result = multi_agreement(articles, ["A", "B", "C"])
    assert result.overall[None].alpha == pytest.approx(8 / 23, abs=1e-12)
    assert result.overall[None].fleiss == pytest.approx(5 / 41, abs=1e-12)
    assert (result.overall[None].characters, result.overall[None].complete) == (6, 4)
    assert result.incomplete == [("second", ["C"])]
    rows = column(per_character(text, raters), None) + [["claim", "claim", None]] * 2
    assert reference_alpha(rows) == pytest.approx(8 / 23, abs=1e-9)
    second = result.articles[1].chance[None]
    assert second.alpha == 1.0 and second.fleiss is None  # one class only; no complete unit


def test_nobody_tagged_and_no_pairable_units():
    text = "some words"
    nothing = chance_agreement(profiles(text, [[], [], []]))
    assert nothing[None].alpha is None and nothing[None].fleiss is None and not nothing[None].used
    alone = chance_agreement(profiles(text, [[annotation(text, 0, 4, C, 1)], None, None]))
    assert alone[None].alpha is None and alone[None].characters == 0
    assert fleiss_kappa({}) is None and krippendorff_alpha({}) is None


def test_per_tag_is_binary():
    text, raters = hand_case()
    result = chance_agreement(profiles(text, raters))
    rows = column(per_character(text, raters), C)  # claim: TTF TTF FTF FFF
    assert result[C].alpha == pytest.approx(reference_alpha(rows), abs=1e-9)
    assert result[C].fleiss == pytest.approx(reference_fleiss(rows), abs=1e-9)
    assert result[S].alpha is None and not result[S].used


# --- Random cases --------------------------------------------------------------------------

SPANS = st.lists(st.tuples(st.integers(0, len(TEXT) - 1), st.integers(1, 25), st.sampled_from(TAGS)), max_size=6)
RATER = st.one_of(st.none(), SPANS)


@settings(max_examples=150, deadline=None)
@given(st.lists(RATER, min_size=2, max_size=5))
def test_runs_equal_characters(raters):
    """Counting runs between span edges gives exactly the per-character counts."""
    anns = [None if r is None else spans_to_annotations(TEXT, r, 100 * n) for n, r in enumerate(raters)]
    assert profiles(TEXT, anns) == as_profiles(per_character(TEXT, anns))


@settings(max_examples=120, deadline=None)
@given(st.lists(RATER, min_size=2, max_size=5))
def test_against_krippendorff_and_statsmodels(raters):
    anns = [None if r is None else spans_to_annotations(TEXT, r, 100 * n) for n, r in enumerate(raters)]
    units = per_character(TEXT, anns)
    result = chance_agreement(profiles(TEXT, anns))
    for tag in (None, *TAGS):
        rows = column(units, tag)
        ours = result[tag]
        if not ours.used:
            assert ours.alpha is None and ours.fleiss is None
            continue
        alpha = reference_alpha(rows)
        if alpha is None:  # fewer than two classes: defined as 1.0 here, or no pairable unit
            assert ours.alpha in (1.0, None)
        else:
            assert ours.alpha == pytest.approx(alpha, abs=1e-9)
        fleiss = reference_fleiss(rows)
        if fleiss is None:
            assert ours.fleiss in (1.0, None)
        else:
            assert ours.fleiss == pytest.approx(fleiss, abs=1e-9)
        # the same formulas on the per-character units, one each, give the same numbers
        assert krippendorff_alpha(weighted(rows)) == (pytest.approx(ours.alpha, abs=1e-12) if ours.alpha is not None else None)
        assert fleiss_kappa(weighted(rows)) == (pytest.approx(ours.fleiss, abs=1e-12) if ours.fleiss is not None else None)


def test_seeded_larger_cases_pooled_over_articles():
    """Several articles of a few hundred characters, four raters, one missing here and there:
    the pooled numbers are those of all the characters put together."""
    rng = random.Random(17)
    words = "the minister said on tuesday that forces had left the base according to officials".split()
    for _round in range(5):
        articles, all_units = [], []
        for number in range(3):
            text = " ".join(rng.choice(words) for _ in range(60))
            raters = []
            for r in range(4):
                if rng.random() < 0.2:
                    raters.append(None)
                    continue
                spans = []
                for n in range(rng.randint(0, 12)):
                    start = rng.randrange(len(text) - 1)
                    spans.append(annotation(text, start, min(len(text), start + rng.randint(1, 60)), rng.choice(TAGS), 1000 * r + n))
                raters.append(spans)
            articles.append(Article(f"a{number}", text, raters, [0] * 4))
            all_units += per_character(text, raters)
        result = multi_agreement(articles, ["A", "B", "C", "D"])
        for tag in (None, *TAGS):
            rows = column(all_units, tag)
            if result.overall[tag].alpha is not None and reference_alpha(rows) is not None:
                assert result.overall[tag].alpha == pytest.approx(reference_alpha(rows), abs=1e-9)
            if result.overall[tag].fleiss is not None and reference_fleiss(rows) is not None:
                assert result.overall[tag].fleiss == pytest.approx(reference_fleiss(rows), abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(SPANS, SPANS, SPANS)
def test_pairs_match_the_two_annotator_numbers(a, b, c):
    """Each cell of the pairwise matrix is what a review of those two would show."""
    raters = [spans_to_annotations(TEXT, spans, 100 * n) for n, spans in enumerate((a, b, c))]
    result = multi_agreement([Article("t", TEXT, raters, [0, 0, 0])], ["A", "B", "C"])
    for (i, j), pair in result.pairs.items():
        two = agreement(TEXT, raters[i], raters[j])
        assert pair.kappa == pytest.approx(two.kappa, abs=1e-12)
        assert pair.exact == two.exact and pair.overlap == two.overlap
        assert pair.characters == two.characters


# --- Inputs: files, folders, names, matching -----------------------------------------------

BASE = "Officials said the base was used. Critics doubt it. Nobody confirmed the report."


def write(path: Path, text: str, spans, author: str, doc_id: str | None = None) -> Path:
    p = project(text, spans)
    for a in p.documents[0].annotations:
        a.author = author
    if doc_id:
        p.documents[0].id = doc_id
    path.parent.mkdir(parents=True, exist_ok=True)
    save_project(p, path)
    return path


def test_folders_matched_by_id_then_text(tmp_path):
    other_id = "22222222-2222-4222-8222-222222222222"
    second = "A second article, with other words in it entirely."
    write(tmp_path / "ann" / "one.annotator.json", BASE, [(0, 9, C)], "Ann")
    write(tmp_path / "ann" / "two.annotator.json", second, [(2, 8, Q)], "Ann", other_id)
    write(tmp_path / "bob" / "x.annotator.json", BASE, [(0, 9, C)], "Bob")
    # Bob's second article has another id but the same text: matched by its sha256
    write(tmp_path / "bob" / "y.annotator.json", second, [(2, 8, Q)], "Bob", "33333333-3333-4333-8333-333333333333")
    # Cy has only the first, with an updated text: matched by id, annotations found again
    write(tmp_path / "cy.annotator.json", "Update: " + BASE, [(8, 17, C)], "Cy")
    works = [read_work(tmp_path / name)[0] for name in ("ann", "bob", "cy.annotator.json")]
    assert [w.name for w in works] == ["Ann", "Bob", "Cy"]
    articles = match_articles(works)
    assert len(articles) == 2
    first = next(a for a in articles if a.text == BASE)
    assert first.present == [0, 1, 2] and first.annotations[2][0].start == 0 and first.lost == [0, 0, 0]
    assert any("copy of the text differs" in note for note in first.notes)
    result = multi_agreement(articles, ["Ann", "Bob", "Cy"])
    assert result.overall[None].alpha == 1.0
    assert result.incomplete == [("Title", ["Cy"])]
    assert result.overall[None].complete == sum(1 for ch in BASE if not ch.isspace())


def test_names_from_files_and_duplicates(tmp_path):
    write(tmp_path / "a.annotator.json", BASE, [], "")
    write(tmp_path / "b" / "c.annotator.json", BASE, [(0, 9, C)], "Ann")
    write(tmp_path / "d.annotator.json", BASE, [(0, 9, C)], "Ann")
    works = [read_work(tmp_path / p)[0] for p in ("a.annotator.json", "b", "d.annotator.json")]
    assert distinct_names(works) == ["a", "Ann (b)", "Ann (d.annotator.json)"]


def test_unreadable_inputs_are_named(tmp_path):
    bad = tmp_path / "bad.annotator.json"
    bad.write_text("{not json", encoding="utf-8")
    work, problems = read_work(bad)
    assert not work.documents and problems[0].path == bad
    empty = tmp_path / "empty"
    empty.mkdir()
    _work, problems = read_work(empty)
    assert "no project files" in str(problems[0])
