"""Linking edits as undo commands: a link made or removed, and a deletion that takes the
links into the deleted annotations with it, so no file is ever left with a link to nothing."""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain

from PySide6.QtGui import QUndoCommand

from ..core.links import cut_links_into, linked, pointing_into, relation_words, unlinked
from ..core.model import Annotation, Relation
from .commands import DeleteAnnotations, _ReplaceAnnotation, _short
from .session import ProjectSession


def _named(ann: Annotation) -> str:
    return f"{ann.tag.value} “{_short(ann.quote.exact)}”"


class AddLink(_ReplaceAnnotation):
    """A link from ``source`` to ``target``: the source annotation gains it (same id)."""

    def __init__(self, session: ProjectSession, source: Annotation, target: Annotation, relation: Relation, by: str) -> None:
        new = linked(source, target.id, relation, by)
        super().__init__(session, source, new, f"Link {_named(source)} to {_named(target)} as {relation.value}")


class RemoveLink(_ReplaceAnnotation):
    """The link of ``relation`` from ``source`` to the annotation ``target_id`` removed."""

    def __init__(self, session: ProjectSession, source: Annotation, target_id: str, relation: Relation, by: str, target_text: str = "") -> None:
        new = unlinked(source, target_id, relation, by)
        what = f" and {target_text}" if target_text else ""
        super().__init__(session, source, new, f"Remove the link “{relation_words(relation, True)}” between {_named(source)}{what}")


class DeleteAnnotationsAndLinks(DeleteAnnotations):
    """Deleting annotations that others link to: those others lose the links in the same
    step (undo gives both back). ``cut`` holds (before, after) of each, annotation or orphan."""

    def __init__(self, session: ProjectSession, anns: list[Annotation], cut: list[tuple[Annotation, Annotation]]) -> None:
        super().__init__(session, anns)
        self.cut = cut

    def apply(self) -> None:
        self._swap(1)
        super().apply()

    def revert(self) -> None:
        super().revert()
        self._swap(0)

    def _swap(self, side: int) -> None:
        """Put in the ``side`` version (0 before, 1 after) of each annotation that linked in."""
        doc = self.session.document
        orphans_changed = False
        for pair in self.cut:
            ann = pair[side]
            if self.session.annotations.get(ann.id) is not None:
                self.session.replace(ann)
            else:  # an orphan: not in the annotation set, kept in the document's own list
                doc.orphans = [ann if o.id == ann.id else o for o in doc.orphans]
                orphans_changed = True
        if orphans_changed:
            self.session.orphansChanged.emit()


def delete_command(session: ProjectSession, anns: list[Annotation], who: Callable[[], str | None]) -> QUndoCommand | None:
    """The command deleting ``anns``: with the links into them cut when there are any (that
    change is signed, so ``who`` is asked then; None when they decline, and nothing is done)."""
    doc = session.document
    ids = {ann.id for ann in anns}
    if not pointing_into(chain(doc.annotations, doc.orphans), ids):  # only annotations with links are looked at
        return DeleteAnnotations(session, anns)
    by = who()
    if by is None:
        return None
    return DeleteAnnotationsAndLinks(session, anns, cut_links_into(chain(doc.annotations, doc.orphans), ids, by))
