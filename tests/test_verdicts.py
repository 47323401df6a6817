"""The rules of a rating scale's change, without the GUI: labels, distinct names, what a
rename or a removal does to a verdict, and how many verdicts use a level."""

from annotator.core.model import RatingLevel, Tag, default_rating_scale
from annotator.core.verdicts import level_label, renamed, scale_problem, verdict_uses

from .factories import project


def test_levels_are_labelled_with_their_number_or_alone():
    assert [level_label(level) for level in default_rating_scale()][:2] == ["True · 5", "Mostly true · 4"]
    assert level_label(RatingLevel(name="Unverifiable", value=None)) == "Unverifiable"


def test_a_scale_needs_distinct_names_and_at_least_one_level():
    assert scale_problem([("True", 1), ("Mixed", None)]) is None
    assert scale_problem([]) == "A scale needs at least one level."
    assert scale_problem([("True", 1), (" true ", 2)]) == "“true” is on the scale twice (names must differ, ignoring case)."
    assert scale_problem([("True", 1), ("  ", 2)]) == "Every level needs a name."
    assert "too long" in scale_problem([("x" * 81, 1)])


def test_a_verdict_follows_a_rename_is_cleared_only_when_asked_and_otherwise_kept():
    renames = {"mixed": "Half true", "half true": "Mixed"}  # two levels swapped their names
    assert renamed("Mixed", renames) == "Half true" and renamed("half true", renames) == "Mixed"
    assert renamed("False", renames) == "False"  # untouched, or removed and kept: off the scale
    assert renamed("False", renames, cleared={"false"}) == ""
    assert renamed("", renames, cleared={""}) == ""


def test_uses_of_a_level_count_claims_and_articles_ignoring_case():
    text = "Taxes fell. Jobs rose."
    p = project(text, [(0, 10, Tag.CLAIM), (12, 21, Tag.CLAIM)])
    doc = p.documents[0]
    doc.annotations = [doc.annotations[0].model_copy(update={"verdict": "mixed"}), doc.annotations[1]]
    doc.verdict = "Mixed"
    assert verdict_uses(p, "Mixed") == (1, 1)
    assert verdict_uses(p, "False") == (0, 0)
