"""What two people's fact-checks of the same span say: verdict, reasoning, speaker, outside
evidence and links (schema version 10), compared and said in words for a review.

Links name their targets by annotation id, and two colleagues' files give the same span
different ids: a link is compared by the *place* of its target in the review (the item, or
curation unit, that holds it), so "supports → the Reuters quote" on both sides is the same
link whatever the ids. ``Place`` gives that place.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from .model import Annotation
from .wording import one_line, quoted

Place = Callable[[str], Hashable]
"""The place in a review of the annotation a link names by id (an item's index); for one the
review does not hold, anything that is equal only to itself on that side."""

def folded(text: str) -> str:
    """A verdict, speaker or reasoning as compared: spacing and case aside."""
    return " ".join(text.split()).casefold()


def evidence_key(evidence) -> tuple[str, str, str]:
    """A piece of evidence as compared: its address, title and note (spacing and case aside).
    Two pieces with one address and different notes are two, so neither is lost in a merge."""
    return (evidence.url, folded(evidence.title), folded(evidence.note))


def evidence_words(evidence) -> str:
    """"evidence https://… “title” “note”": enough of it for a record to hold what it said."""
    return f"evidence {evidence.url}" + (f" {short(evidence.title)}" if evidence.title else "") + (
        f" {short(evidence.note, 120)}" if evidence.note.strip() else "")


def link_keys(ann: Annotation, locate: Place) -> set[tuple[Hashable, str]]:
    """``ann``'s links as (the place of the target, relation): comparable across files."""
    return {(locate(link.target), link.relation.value) for link in ann.links}


def fact_differences(mine: Annotation, theirs: Annotation, locate_mine: Place, locate_theirs: Place) -> list[str]:
    """The fact-check fields in which ``mine`` and ``theirs`` differ: "verdict", "reasoning",
    "speaker", "evidence", "links", in that order.
    Verdicts, speakers and reasoning ignore case and spacing; evidence by address, title and note (``evidence_key``), links
    by relation and the place of their target. Two annotations without any of it differ in
    none, at the cost of ten attribute reads (the usual case, with 100,000 annotations)."""
    if not (mine.links or theirs.links or mine.evidence or theirs.evidence or mine.verdict or theirs.verdict
            or mine.reasoning or theirs.reasoning or mine.speaker or theirs.speaker):
        return []
    found = [name for name in ("verdict", "reasoning", "speaker") if folded(getattr(mine, name)) != folded(getattr(theirs, name))]
    if set(map(evidence_key, mine.evidence)) != set(map(evidence_key, theirs.evidence)):
        found.append("evidence")
    if (mine.links or theirs.links) and link_keys(mine, locate_mine) != link_keys(theirs, locate_theirs):
        found.append("links")
    return found


def short(text: str, most: int = 60) -> str:
    return quoted(one_line(text, most))


def about(ann: Annotation | None) -> str:
    """"quote “Reuters reported…”": an annotation as a link's target, in words."""
    return "an annotation not in this article" if ann is None else f"{ann.tag.value} {short(ann.quote.exact, 50)}"


def link_words(ann: Annotation, target: Callable[[str], Annotation | None]) -> list[str]:
    """"supports → quote “…”" for each link of ``ann``; ``target`` finds a link's target by id."""
    return [f"{link.relation.value} → {about(target(link.target))}" for link in ann.links]


def fact_words(ann: Annotation, target: Callable[[str], Annotation | None]) -> list[str]:
    """Everything of ``ann``'s fact-check, one phrase each ("verdict “False”", "link supports →
    quote “…”", "evidence https://… “title”"); empty when it has none."""
    words = []
    if ann.verdict:
        words.append(f"verdict {short(ann.verdict)}")
    if ann.speaker:
        words.append(f"speaker {short(ann.speaker)}")
    if ann.reasoning:
        words.append(f"reasoning {short(ann.reasoning, 120)}")
    words += [f"link {text}" for text in link_words(ann, target)]
    words += [evidence_words(e) for e in ann.evidence]
    return words


def combined_text(mine: str, theirs: str, mine_author: str, theirs_author: str) -> str:
    """Two texts in one, each labelled with whose it is (as ``merge.combined_notes`` does for
    notes); mine alone when theirs is empty or already in it."""
    a, b = mine.strip(), theirs.strip()
    if not b or b in a:
        return mine
    if not a:
        return theirs
    return f"Mine ({mine_author or 'unnamed'}): {a}\n\nTheirs ({theirs_author or 'unnamed'}): {b}"


def combined_facts(mine: Annotation, theirs: Annotation) -> dict[str, object]:
    """The fact-check fields of one annotation holding both sides' (a "keep both" of a
    fact-check difference): my verdict and speaker where I gave one, else theirs; both
    reasonings, labelled; every piece of evidence (``evidence_key``). Links are not here: theirs name
    their own side's ids, and the merge resolves each side's (``merge_links``)."""
    keys = set(map(evidence_key, mine.evidence))
    return {
        "verdict": mine.verdict or theirs.verdict,
        "speaker": mine.speaker or theirs.speaker,
        "reasoning": combined_text(mine.reasoning, theirs.reasoning, mine.author, theirs.author),
        "evidence": (*mine.evidence, *(e for e in theirs.evidence if evidence_key(e) not in keys)),
    }
