"""Suggested annotations in the article: drawn as dashed outlines, stepped through and
accepted or rejected from the keyboard (View ▸ Show Suggestions, Go ▸ Next Suggestion).

Suggestions depend on the text (and what the workspace taught) alone, so each document's are
computed once, a stretch of text at a time on a worker thread once the paragraphs on screen
have stayed put for SETTLE_MS (``SuggestionSet``), or for the whole article in the background
the first time the user steps to the next one or lists them. What was tagged since, or rejected,
is left out when they are read rather than by computing them again: an accept, a reject or
their undo costs nothing in proportion to the article.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QToolTip
from shiboken6 import isValid

from ..core.errors import Cancelled
from ..core.model import Annotation, RejectedSuggestion, Tag, new_id, now
from ..core.anchoring import quote_for
from ..core.wording import plural
from . import background, tag_style
from .commands import AddAnnotation, _DocumentCommand, _short
from .session import ProjectSession
from .suggestion_rows import SuggestionList

if TYPE_CHECKING:
    from ..core.suggest import Suggestion
    from ..core.suggest.from_workspace import Learning, Lessons
    from .document_view import DocumentView
    from .main_window import MainWindow

STRETCH = 4_096
"""Code points suggested for at a time as the screen needs them (about 5 ms each, on a worker)."""
LARGE = 200_000
"""Articles longer than this (most news articles are under 50,000) show no suggestions until
the user switches them on for it."""
SETTLE_MS = 40
"""How long the screen stays put before its suggestions are worked out: scrolling or jumping
on pays nothing, and they are drawn well within the 0.2 s the issue allows."""


def _start(ann: Annotation) -> int:
    return ann.start


class SuggestionSet:
    """The suggestions of one text, computed stretch by stretch and kept."""

    def __init__(self, text: str, learned_from: list[Annotation] = (), learning: Learning | None = None) -> None:
        self.text = text
        self._phrases = list(learned_from) + (learning.phrases if learning is not None else [])
        """The article's annotations when the set was made, and the workspace's: their phrases
        are suggested again where they recur (the set is made again each time the article is
        shown, and when the workspace has been learned from again)."""
        self.model = None if learning is None else learning.model
        """Trained on the workspace's accepted and rejected spans: drops what it would reject."""
        self._prepared: tuple[str, object] | None = None
        self._stretches: dict[int, list[Suggestion]] = {}
        self._all: list[Suggestion] | None = None

    def _prepare(self) -> tuple[str, object]:
        """The language and the phrase matcher, made with the first stretch (usually on the
        worker thread, so that showing an article pays for neither; made twice at worst)."""
        if self._prepared is None:
            from ..core.suggest import PhraseMatcher, language_of  # the rules load when suggestions are first shown

            # A sample of the text: the same language for every stretch.
            self._prepared = (language_of(self.text), PhraseMatcher(self._phrases) if self._phrases else ())
        return self._prepared

    def between(self, start: int, end: int, compute: bool = True) -> list[Suggestion]:
        """Suggestions overlapping [start, end), by position; computes the stretches missing
        (or, with ``compute`` False, leaves them out: see ``missing``)."""
        if self._all is not None:
            # Sorted by start; none is longer than the longest, so those overlapping [start,
            # end) start in [start - longest, end): a bisection, not a pass over the article.
            lo = bisect_left(self._starts, start - self._longest)
            hi = bisect_left(self._starts, end)
            return [s for s in self._all[lo:hi] if s.end > start]
        else:
            seen: dict[tuple, Suggestion] = {}
            for n in range(start // STRETCH, max(start, end - 1) // STRETCH + 1):
                if n not in self._stretches:
                    if not compute:
                        continue
                    self._stretches[n] = self.stretch(n)
                for s in self._stretches[n]:
                    seen[s.key()] = s
            found = sorted(seen.values(), key=_order)
        return [s for s in found if s.start < end and s.end > start]

    def stretch(self, n: int) -> list[Suggestion]:
        """The suggestions of stretch ``n`` (touches nothing shared: a worker thread may call it)."""
        from ..core.suggest import suggest

        language, matcher = self._prepare()
        return suggest(self.text, start=n * STRETCH, end=(n + 1) * STRETCH, language=language, learned_from=matcher, model=self.model)

    def missing(self, start: int, end: int) -> list[int]:
        """The stretches [start, end) needs that are not computed yet."""
        if self._all is not None:
            return []
        return [n for n in range(start // STRETCH, max(start, end - 1) // STRETCH + 1) if n not in self._stretches]

    def add_stretches(self, found: dict[int, list[Suggestion]]) -> None:
        """Stretches computed elsewhere (on a worker thread) for this same set."""
        if self._all is None:
            for n, stretch in found.items():
                self._stretches.setdefault(n, stretch)

    @property
    def complete(self) -> bool:
        return self._all is not None

    def everything(self) -> list[Suggestion]:
        """All of them, once ``compute_all``'s result was given to ``set_all``."""
        assert self._all is not None
        return self._all

    def compute_all(self, progress: Callable[[int, int], None]) -> list[Suggestion]:
        """The whole text's suggestions (on a worker thread: touches nothing shared)."""
        from ..core.suggest import suggest

        language, matcher = self._prepare()
        return suggest(self.text, language=language, progress=progress, learned_from=matcher, model=self.model)

    def set_all(self, found: list[Suggestion]) -> None:
        self._all = sorted(found, key=_order)
        self._starts = [s.start for s in self._all]
        self.keys = [_order(s) for s in self._all]
        self._longest = max((s.end - s.start for s in self._all), default=0)
        self._stretches.clear()


def _order(s: Suggestion) -> tuple[int, int, int]:
    return (s.start, s.end, tag_style.TAG_ORDER.index(Tag(s.tag)))


class RejectSuggestion(_DocumentCommand):
    """A suggestion turned down: kept in the document, so nobody is offered it again."""

    def __init__(self, session: ProjectSession, suggestion: Suggestion, by: str, changed: Callable[[], None]) -> None:
        super().__init__(session, f"Reject suggested {suggestion.tag} “{_short(suggestion.exact)}”")
        self.record = RejectedSuggestion(
            tag=Tag(suggestion.tag), start=suggestion.start, end=suggestion.end, exact=suggestion.exact, by=by, time=now(),
        )
        self.changed = changed

    def apply(self) -> None:
        self.session.document.rejected_suggestions.append(self.record)
        self.session.rejectionsChanged.emit()
        self.changed()

    def revert(self) -> None:
        rejected = self.session.document.rejected_suggestions
        if rejected and rejected[-1] is self.record:
            rejected.pop()
        else:
            rejected.remove(self.record)
        self.session.rejectionsChanged.emit()
        self.changed()


class SuggestionController(QObject):
    """The main window's suggestions: the toggle, the drawing, the current one and its keys."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view: DocumentView = window.view
        self.current: Suggestion | None = None
        self._set: SuggestionSet | None = None
        self._rejected: set[tuple[str, int, int, str]] = set()
        self._asked: set[str] = set()  # large documents the user switched suggestions on for
        self.learning: Learning | None = None
        """What the open workspace's projects taught (None without a workspace, or until learned)."""
        self._folder: Path | None = None
        self._learning_now = False
        self._learn_again = False
        self._lessons: tuple[Path, Lessons] | None = None
        """What each file of the workspace taught, kept so that learning again after a save
        reads only the files that changed and trains only when what they teach changed."""
        self._computing: SuggestionSet | None = None  # the set whose stretches a worker is computing
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._compute_screen)
        self.list = SuggestionList(self)  # the "Suggested" rows in the side panel
        self.view.overlays.append(self.paint)
        self.view.selectionChanged.connect(self._on_selection_changed)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)

    def handlers(self) -> dict[str, Callable[[], object]]:
        return {
            "show_suggestions": self.toggle,
            "next_suggestion": lambda: self.step(True),
            "previous_suggestion": lambda: self.step(False),
            "accept_suggestion": self.accept,
            "reject_suggestion": self.reject,
            **{f"accept_all_{tag.value}": (lambda t=tag: self.accept_all(t)) for tag in tag_style.TAG_ORDER},
        }

    def actions_built(self) -> None:
        """Enter and Backspace act on a suggestion only in the article, and only while one is
        selected there: everywhere else (the note, the filter, lists) they keep their meaning."""
        for name in ("accept_suggestion", "reject_suggestion"):
            action = self.window.actions[name]
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.view.addAction(action)
            self.list.table.addAction(action)  # and in the list of suggestions
        self._update_actions()

    # -- which document, shown or not
    def document_shown(self) -> None:
        """The window shows another document (or the same one's text replaced)."""
        session = self.window.session
        text = None if session is None else session.document.text
        if self._set is not None and text is not self._set.text:
            self._set = None  # made again when suggestions are shown: nothing is paid while they are off
        self._rejected = set() if session is None else {r.key() for r in session.document.rejected_suggestions}
        self._set_current(None)
        self._update_actions()
        self.list.document_shown(session)
        self.view.viewport().update()

    def shown(self) -> bool:
        session = self.window.session
        if session is None or not self.window.settings.show_suggestions():
            return False
        doc = session.document
        return len(doc.text) <= LARGE or doc.id in self._asked

    def toggle(self) -> None:
        on = self.window.actions.show_suggestions.isChecked()
        self.window.settings.set_show_suggestions(on)
        if on and self.window.session is not None:
            self._asked.add(self.window.session.document.id)
        if not on:
            self._set_current(None)
        elif self._folder is not None and self.learning is None:
            self._learn()
        self._update_actions()
        self.list.update_shown()
        self.view.viewport().update()

    # -- learning from the workspace
    def workspace_changed(self, folder: Path | None) -> None:
        """The workspace was opened or its files changed (or it was closed: None): learn from
        every project in it again, on a worker thread, while suggestions are shown."""
        if folder != self._folder:
            self.learning = None
            self._set = None
        self._folder = folder
        if folder is not None and self.shown():
            self._learn()

    def _learn(self) -> None:
        if self._learning_now:
            self._learn_again = True
            return
        from ..core.suggest.from_workspace import Lessons

        self._learning_now, self._learn_again = True, False
        folder = self._folder
        if self._lessons is None or self._lessons[0] != folder:
            self._lessons = (folder, Lessons())
        lessons = self._lessons[1]
        background.start_in_background(lambda: (folder, lessons.learn(folder)), self._learned, self._learn_failed)

    def _learned(self, result: tuple[Path, Learning]) -> None:
        if not isValid(self.view):
            return  # the window closed meanwhile
        if background.put_off_while_busy(self, lambda: self._learned(result)):
            return  # the whole article is being suggested: its set must not change under it
        self._learning_now = False
        folder, learning = result
        if folder == self._folder and learning is not None:  # None: nothing taught has changed
            self.learning = learning
            self._set = None  # made again with what was learned
            self.list.refresh()
            self.view.viewport().update()
            self.window.statusBar().showMessage(f"Suggestions learned from {plural(learning.projects, 'project')} of the workspace.", 5000)
        if self._learn_again:
            self._learn()

    def _learn_failed(self, error: BaseException) -> None:
        self._learning_now = False
        self.window.statusBar().showMessage(f"Suggestions could not learn from the workspace: {error}", 8000)

    def _update_actions(self) -> None:
        a = self.window.actions
        shown = self.shown()
        a.show_suggestions.setChecked(shown)
        for name in ("next_suggestion", "previous_suggestion", *(f"accept_all_{t.value}" for t in tag_style.TAG_ORDER)):
            a[name].setEnabled(shown)
        a.accept_suggestion.setEnabled(self.current is not None)
        a.reject_suggestion.setEnabled(self.current is not None)

    # -- reading them
    def offered(self, found: list[Suggestion]) -> list[Suggestion]:
        """``found`` without what was rejected, what is tagged already with the same span (any
        tag: tagging it otherwise answered the suggestion) and the tags hidden in the legend."""
        session = self.window.session
        if session is None:
            return []
        hidden = {t.value for t in self.view.highlighter.hidden}
        anns = session.document.annotations
        kept = []
        for s in found:
            if s.tag in hidden or s.key() in self._rejected:
                continue
            row = bisect_left(anns, s.start, key=_start)
            if any(ann.end == s.end for ann in _same_start(anns, row, s.start)):
                continue
            kept.append(s)
        return kept

    def suggestion_set(self) -> SuggestionSet | None:
        """The open document's suggestions, made when first needed."""
        session = self.window.session
        if session is None:
            return None
        if self._set is None or self._set.text is not session.document.text:
            self._set = SuggestionSet(session.document.text, session.document.annotations, self.learning)
        return self._set

    def on_screen(self) -> list[Suggestion]:
        """The suggestions on screen, computed now if need be."""
        if not self.shown() or self.suggestion_set() is None:
            return []
        start, end = self.view.code_points_shown()
        return self.offered(self._set.between(start, end))

    def _drawable(self) -> list[Suggestion]:
        """What a repaint draws: the suggestions on screen already computed. The stretches
        missing are worked out on a worker thread, and drawn when they arrive (within a few
        milliseconds): opening an article or jumping in it waits for none of them."""
        if not self.shown() or self.suggestion_set() is None:
            return []
        start, end = self.view.code_points_shown()
        if self._set.missing(start, end) and self._computing is None:
            self._settle.start()  # again: while the user scrolls or jumps on, nothing is computed
        return self.offered(self._set.between(start, end, compute=False))

    def _compute_screen(self) -> None:
        """The screen has stayed put for SETTLE_MS: its missing stretches, on a worker thread."""
        sset = self._set
        if sset is None or self._computing is not None or not self.shown():
            return
        missing = sset.missing(*self.view.code_points_shown())
        if missing:
            self._computing = sset
            background.start_in_background(lambda: {n: sset.stretch(n) for n in missing}, self._stretches_done,
                                           self._stretches_failed)

    def _stretches_done(self, found: dict[int, list[Suggestion]]) -> None:
        if not isValid(self.view):
            return  # the window closed meanwhile
        sset, self._computing = self._computing, None
        if sset is not None and sset is self._set:
            sset.add_stretches(found)
            self.view.viewport().update()  # draws them; asks for more if the screen moved meanwhile

    def _stretches_failed(self, error: BaseException) -> None:
        self._computing = None
        raise error  # to the application's exception hook: a bug, not a user's problem

    def ensure_all(self) -> bool:
        """The whole article suggested (in the background, with progress and Cancel)."""
        sset = self.suggestion_set()
        if sset is None or sset.complete:
            return sset is not None
        try:
            found = background.run_with_progress(self.window, "Finding suggestions in the whole article…", sset.compute_all)
        except Cancelled:
            return False
        sset.set_all(found)
        return True

    # -- stepping, accepting, rejecting
    def step(self, forward: bool) -> None:
        if not self.shown():
            self.window.statusBar().showMessage("Suggestions are off: View ▸ Show Suggestions (Ctrl+J).", 5000)
            return
        if self.ensure_all():
            found, keys = self._set.everything(), self._set.keys
        else:  # cancelled: the paragraphs on screen only
            found = self.on_screen()
            keys = [_order(s) for s in found]
        if self.current is not None:
            here = _order(self.current)
        else:
            span = self.view.selected_span()
            caret = span[0] if span is not None else self.view.caret()
            here = (caret, -1, -1) if forward else (caret, 1 << 62, 9)
        # From where we are, the first one still offered: a bisection and a few steps, not a
        # pass over every suggestion of the article on each key press.
        if forward:
            row = bisect_left(keys, here)
            while row < len(keys) and keys[row] == here:
                row += 1
            rows = range(row, len(found))
        else:
            rows = range(bisect_left(keys, here) - 1, -1, -1)
        target = next((found[row] for row in rows if self.offered([found[row]])), None)
        if target is None:
            self.window.statusBar().showMessage(f"No more suggestions {'after' if forward else 'before'} this point.", 5000)
            return
        self.select(target, focus_article=not self.list.has_focus())

    def select(self, target: Suggestion, focus_article: bool = True) -> None:
        """Make ``target`` current, selected in the article (where Enter and Backspace answer
        it, or in the list, which keeps the focus)."""
        self.view.select_span(target.start, target.end)
        if focus_article:
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._set_current(target)

    def _set_current(self, suggestion: Suggestion | None) -> None:
        self.current = suggestion
        self._update_actions()
        self.list.follow(suggestion)
        self.view.viewport().update()
        if suggestion is not None:
            label = Tag(suggestion.tag).label
            number = tag_style.TAG_ORDER.index(Tag(suggestion.tag)) + 1
            self.window.statusBar().showMessage(
                f"Suggested {label.lower()}: {suggestion.reason} — Enter accepts ({number}), another of 1–4 accepts it as"
                " that tag, Backspace rejects, J goes to the next."
            )

    def _on_selection_changed(self) -> None:
        cur = self.current
        if cur is not None and self.view.selected_span() != (cur.start, cur.end):
            self._set_current(None)

    def accept(self, tag: Tag | None = None) -> None:
        cur = self.current
        if cur is None:
            return
        self.window.tag_selection(tag or Tag(cur.tag))

    def reject(self) -> None:
        cur, session = self.current, self.window.session
        if cur is None or session is None:
            return
        by = self.window.ensure_author()
        if by is None:
            return
        session.undo_stack.push(RejectSuggestion(session, cur, by, self._rejections_changed))
        self._set_current(None)
        self.window.statusBar().showMessage("Rejected; not suggested again for this text. J goes to the next suggestion.", 5000)

    def _rejections_changed(self) -> None:
        session = self.window.session
        self._rejected = set() if session is None else {r.key() for r in session.document.rejected_suggestions}
        self.view.viewport().update()

    def accept_all(self, tag: Tag) -> None:
        """Every suggestion of ``tag`` in the article made an annotation, in one undo step."""
        session = self.window.session
        if session is None or not self.shown() or not self.ensure_all():
            return
        found = [s for s in self.offered(self._set.everything()) if s.tag == tag.value]
        if not found:
            self.window.statusBar().showMessage(f"No {tag.label.lower()} suggestions left to accept.", 5000)
            return
        by = self.window.ensure_author()
        if by is None:
            return
        text = session.document.text
        stack = session.undo_stack
        stack.beginMacro(f"Accept {len(found)} suggested {_plural(tag)}")
        for s in found:
            if session.annotations.find_same(tag, s.start, s.end) is None:
                stamp = now()
                ann = Annotation(
                    id=new_id(), tag=tag, start=s.start, end=s.end, quote=quote_for(text, s.start, s.end),
                    author=by, created=stamp, modified=stamp, modified_by=by,
                )
                stack.push(AddAnnotation(session, ann))
        stack.endMacro()
        self._set_current(None)
        self.window.statusBar().showMessage(f"Accepted {len(found)} suggested {_plural(tag)} (Ctrl+Z undoes them all).", 8000)

    # -- drawing and hover
    def paint(self, painter: QPainter) -> None:
        """A dashed outline in the tag's colour, no fill: never taken for an annotation."""
        found = self._drawable()
        if not found:
            return
        painter.save()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for s in found:
            colour = QColor(tag_style.color(Tag(s.tag))).darker(150)
            current = self.current is not None and s.key() == self.current.key()
            pen = QPen(colour, 2.5 if current else 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            inset = tag_style.TAG_ORDER.index(Tag(s.tag))  # two tags on one span stay apart
            for rect in span_rects(self.view, s.start, s.end):
                painter.drawRect(rect.adjusted(-2 + inset, -1 + inset, 2 - inset, 1 - inset))
        painter.restore()

    def suggestion_at(self, position: int) -> Suggestion | None:
        return next((s for s in self.on_screen() if s.start <= position < s.end), None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.ToolTip and watched is self.view.viewport():
            point = event.position().toPoint() if hasattr(event, "position") else event.pos()
            s = self.suggestion_at(self.view.code_point_at(point))
            if s is not None:
                QToolTip.showText(event.globalPos(), f"Suggested {s.tag}: {s.reason}", self.view.viewport())
                return True
        elif kind == QEvent.Type.FocusOut and watched is self.view and self.current is not None:
            going_to = QApplication.focusWidget()  # already the widget that takes the focus
            if going_to is not self.list.table and event.reason() not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason):
                self._set_current(None)  # Enter and Backspace are the focused widget's again
        return False


def _plural(tag: Tag) -> str:
    return "unverified reports" if tag == Tag.UNVERIFIED else f"{tag.value}s"


def _same_start(anns: list[Annotation], row: int, start: int):
    while row < len(anns) and anns[row].start == start:
        yield anns[row]
        row += 1


def span_rects(view: DocumentView, start: int, end: int) -> list[QRectF]:
    """The rectangles [start, end) covers on screen, one per line, in viewport coordinates."""
    doc = view.document()
    a, b = view.to_utf16(start), view.to_utf16(end)
    block = doc.findBlock(a)
    offset = view.contentOffset()
    rects = []
    while block.isValid() and block.position() < b:
        top_left = view.blockBoundingGeometry(block).translated(offset).topLeft()
        layout = block.layout()
        lo, hi = max(a, block.position()) - block.position(), min(b, block.position() + block.length() - 1) - block.position()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            ls, le = line.textStart(), line.textStart() + line.textLength()
            if le <= lo or ls >= hi:
                continue
            x1, x2 = _x(line, max(lo, ls)), _x(line, min(hi, le))
            rects.append(QRectF(top_left.x() + min(x1, x2), top_left.y() + line.y(), abs(x2 - x1), line.height()))
        block = block.next()
    return rects


def _x(line, position: int) -> float:
    x = line.cursorToX(position)
    return float(x[0] if isinstance(x, tuple) else x)
