"""The undo commands of a fact-check's fields: a claim's verdict, reasoning, speaker and outside
evidence, the article's verdict and summary, and the project's rating scale."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from ..core.model import Annotation, Evidence, RatingLevel
from ..core.verdicts import renamed
from .commands import _DocumentCommand, _ReplaceAnnotation, _short
from .session import ProjectSession

REASONING_MERGE_ID = 4
SPEAKER_MERGE_ID = 5


class SetVerdict(_ReplaceAnnotation):
    """A verdict chosen from the scale: one step per choice (choices never merge, so undo
    goes back one choice at a time)."""

    def __init__(self, session: ProjectSession, old: Annotation, verdict: str, by: str) -> None:
        text = f"Set the verdict on “{_short(old.quote.exact)}” to {_short(verdict)}" if verdict else f"Clear the verdict on “{_short(old.quote.exact)}”"
        super().__init__(session, old, old.changed(by, verdict=verdict), text)


class _TypedField(_ReplaceAnnotation):
    """Typing in one field of one annotation: consecutive keystrokes merge into one step, as
    in the note; typing back to where it was leaves no step."""

    FIELD = ""
    MERGE_ID = 0
    WHAT = ""

    def __init__(self, session: ProjectSession, old: Annotation, value: str, by: str) -> None:
        super().__init__(session, old, old.changed(by, **{self.FIELD: value}), f"Edit the {self.WHAT} of “{_short(old.quote.exact)}”")

    def id(self) -> int:
        return self.MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if type(other) is not type(self) or (other.document_index, other.new.id) != (self.document_index, self.new.id):
            return False
        self.new = other.new
        if getattr(self.new, self.FIELD) == getattr(self.old, self.FIELD):
            self.setObsolete(True)
        return True


class EditReasoning(_TypedField):
    FIELD, MERGE_ID, WHAT = "reasoning", REASONING_MERGE_ID, "reasoning"


class EditSpeaker(_TypedField):
    FIELD, MERGE_ID, WHAT = "speaker", SPEAKER_MERGE_ID, "speaker"


class ChangeEvidence(_ReplaceAnnotation):
    """A claim's outside evidence after one item was added, edited or removed."""

    def __init__(self, session: ProjectSession, old: Annotation, evidence: tuple[Evidence, ...], by: str, text: str) -> None:
        super().__init__(session, old, old.changed(by, evidence=evidence), f"{text} “{_short(old.quote.exact)}”")


class SetArticleVerdict(_DocumentCommand):
    """The article's overall verdict and summary, changed together in one step. They travel
    with the article's details (so the recovery journal keeps them between saves)."""

    def __init__(self, session: ProjectSession, verdict: str, summary: str) -> None:
        super().__init__(session, "Edit the article's verdict and summary")
        doc = session.document
        self.old = {"verdict": doc.verdict, "summary": doc.summary}
        self.new = {"verdict": verdict, "summary": summary}

    def apply(self) -> None:
        self.session.set_details(self.new)

    def revert(self) -> None:
        self.session.set_details(self.old)


class SetRatingScale(QUndoCommand):
    """A new rating scale, and in the same step every verdict it touches, in every document:
    a renamed level's verdicts take the new name; a removed level's verdicts are cleared only
    when the user said so (``cleared``), else kept, as verdicts off the scale."""

    def __init__(self, session: ProjectSession, scale: list[RatingLevel], renames: dict[str, str], cleared: set[str], by: str) -> None:
        super().__init__("Edit the rating scale")
        self.session = session
        self.old_scale = list(session.project.metadata.rating_scale)
        self.new_scale = list(scale)
        # per document: (index, [(old, new) annotations], [(old, new) orphans], (old, new) article verdict)
        self.changes = []
        for index, doc in enumerate(session.project.documents):
            anns = [(a, a.changed(by, verdict=v)) for a in doc.annotations if a.verdict and (v := renamed(a.verdict, renames, cleared)) != a.verdict]
            orphans = [(a, a.changed(by, verdict=v)) for a in doc.orphans if a.verdict and (v := renamed(a.verdict, renames, cleared)) != a.verdict]
            verdict = (doc.verdict, renamed(doc.verdict, renames, cleared))
            if anns or orphans or verdict[0] != verdict[1]:
                self.changes.append((index, anns, orphans, verdict))

    def verdicts_changed(self) -> int:
        """How many verdicts (of annotations and articles) the step changes."""
        return sum(len(anns) + len(orphans) + (old != new) for _, anns, orphans, (old, new) in self.changes)

    def redo(self) -> None:
        self._set(self.new_scale, new=True)

    def undo(self) -> None:
        self._set(self.old_scale, new=False)

    def _set(self, scale: list[RatingLevel], new: bool) -> None:
        session = self.session
        session.project.metadata.rating_scale = list(scale)
        pick = (lambda pair: pair[1]) if new else (lambda pair: pair[0])
        for index, anns, orphans, verdict in self.changes:
            session.replace_in_document(index, [pick(pair) for pair in anns])
            doc = session.project.documents[index]
            if orphans:
                by_id = {a.id: a for a in map(pick, orphans)}
                doc.orphans = [by_id.get(o.id, o) for o in doc.orphans]
                if index == session.document_index:
                    session.orphansChanged.emit()
            if verdict[0] != verdict[1]:
                if index == session.document_index:
                    session.set_details({"verdict": pick(verdict)})
                else:
                    doc.verdict = pick(verdict)
        session.metadataChanged.emit()  # the scale is the project's: the recovery file starts a new snapshot
