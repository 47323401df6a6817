"""Every menu and toolbar action, its shortcut and its tooltip, in one table.

The main window supplies a handler per action name; ``build_actions`` creates the QActions.
Menus, toolbars, context menus and the README's shortcut list all read from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QWidget

from ..core.model import Status, Tag
from . import tag_style

StdKey = QKeySequence.StandardKey


MAIN, REVIEW = "main", "review"


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""
    tag: Tag | None = None
    windows: tuple[str, ...] = (MAIN,)
    """Which windows have this action: the main window, the review window, or both."""
    no_shortcut: str = ""
    """Why an action has no shortcut (every other one has; a test checks)."""
    checkable: bool = False


def _tag_spec(number: int, tag: Tag) -> ActionSpec:
    return ActionSpec(
        f"tag_{tag.value}", f"Tag as &{tag.label}", (str(number),),
        f"Tag the selected text as {tag.label.lower()}: {tag_style.description(tag).lower()}."
        " With an annotation current whose text is the selection, change its tag instead", tag,
    )


def _second_tag_spec(number: int, tag: Tag) -> ActionSpec:
    return ActionSpec(
        f"add_tag_{tag.value}", f"Add a Second Tag: {tag.label}", (f"Shift+{number}",),
        f"Tag the selected text as {tag.label.lower()} even when the current annotation has exactly this text"
        f" ({number} alone would change its tag)",
    )


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("open", "&Open…", (StdKey.Open,), "Open a project (.json) or an article: text, web page, Markdown, Word or PDF"),
    ActionSpec("open_folder", "Open &Folder…", ("Ctrl+Shift+O",), "Open a folder of project files as a workspace: every article in it listed in the Articles panel"),
    ActionSpec("new_from_clipboard", "New from &Clipboard", ("Ctrl+Shift+V",), "Start a project on the text copied to the clipboard"),
    ActionSpec("update_text", "&Update Article Text…", (), "Replace the article with an updated version; every annotation is found again, and the rest kept as orphans",
               no_shortcut="rare: once per article update"),
    ActionSpec("reattach", "Re-attach &Orphan to Selection", (), "Give the orphan chosen in the Orphans list the text selected in the article",
               no_shortcut="used from the Orphans list, whose button does the same"),
    ActionSpec("article_details", "Article &Details…", ("Ctrl+Shift+D",), "Title, outlet, author, publication date and address of the article (used in every export)"),
    ActionSpec("article_verdict", "Article Verdict and Su&mmary…", ("Ctrl+Shift+R",), "The article's overall verdict, from the project's rating scale,"
               " and the summary a reader should take away (shown above the annotation details)"),
    ActionSpec("review", "&Review Colleague's Project…", ("Ctrl+R",), "Compare a colleague's project on the same article with this one, decide, and merge"),
    ActionSpec("add_articles", "Add &Articles…", (), "Add web pages, PDF, Word, Markdown or text files to the workspace, one project file each",
               no_shortcut="once per batch of articles"),
    ActionSpec("add_article_folder", "Add a Fol&der of Articles…", (), "Add every article in a folder (and its subfolders) to the workspace, one project file each",
               no_shortcut="once per batch of articles"),
    ActionSpec("import", "&Import…", ("Ctrl+I",), "Make a project from another tool's file (W3C, doccano, Label Studio, brat)"),
    ActionSpec("export", "&Export…", ("Ctrl+E",), "Write the annotations for other tools or as a report (W3C, doccano, Label Studio, brat, CSV, HTML, ClaimReview)"),
    ActionSpec("publishing", "&Publishing Details…", (), "Who publishes these fact-checks and on which page: the organisation and the fact-check page URL that ClaimReview needs",
               no_shortcut="set once per project"),
    ActionSpec("rating_scale", "Rating Sca&le…", (), "The verdicts this project gives, truest first, with their numbers for ClaimReview:"
               " add, remove, rename (the verdicts follow) and reorder levels", no_shortcut="set once per project"),
    ActionSpec("save", "&Save", (StdKey.Save,), "Save the project"),
    ActionSpec("save_as", "Save &As…", (StdKey.SaveAs,), "Save the project under a new name"),
    ActionSpec("clear_recent", "&Clear Recent Files", (), "Forget the list of recently opened files", no_shortcut="rare, and not to be done by accident"),
    ActionSpec("quit", "&Quit", ("Ctrl+Q",), "Close the window (asks to save changes first)"),
    ActionSpec("undo", "&Undo", ("Ctrl+Z",), "Undo the last change", windows=(MAIN, REVIEW)),
    ActionSpec("redo", "&Redo", ("Ctrl+Shift+Z", "Ctrl+Y"), "Redo the change just undone", windows=(MAIN, REVIEW)),
    *(_tag_spec(n, tag) for n, tag in enumerate(tag_style.TAG_ORDER, start=1)),
    ActionSpec("sticky_tag", "S&ticky Tag", ("Ctrl+T",), "Tag every new mouse selection with the tag used last, without pressing a key", checkable=True),
    ActionSpec("edit_note", "Edit &Note", ("F2",), "Write a note on the selected annotation"),
    ActionSpec("delete", "&Delete Annotation", (StdKey.Delete,), "Delete the selected annotations"),
    ActionSpec("link", "Lin&k to…", ("L",), "Link the current annotation to a span that bears on it: step to that span"
               " (Alt+Down/Alt+Up or a click), press Enter and choose supports, disputes, attributes (who said it) or context; Esc cancels"),
    *(_second_tag_spec(n, tag) for n, tag in enumerate(tag_style.TAG_ORDER, start=1)),
    ActionSpec("move_start_left", "Start a Word Earlier", ("Ctrl+Alt+Left",), "Move the start of the current annotation back to the word before"),
    ActionSpec("move_start_right", "Start a Word Later", ("Ctrl+Alt+Right",), "Move the start of the current annotation past its first word"),
    ActionSpec("move_end_left", "End a Word Earlier", ("Alt+Left",), "Move the end of the current annotation back before its last word"),
    ActionSpec("move_end_right", "End a Word Later", ("Alt+Right",), "Move the end of the current annotation on to the end of the next word"),
    ActionSpec("move_start_left_char", "Start a Character Earlier", ("Ctrl+Alt+,",), "Move the start of the current annotation back one character (a quotation mark, say)"),
    ActionSpec("move_start_right_char", "Start a Character Later", ("Ctrl+Alt+.",), "Move the start of the current annotation on one character"),
    ActionSpec("move_end_left_char", "End a Character Earlier", ("Alt+,",), "Move the end of the current annotation back one character (a full stop, say)"),
    ActionSpec("move_end_right_char", "End a Character Later", ("Alt+.",), "Move the end of the current annotation on one character"),
    ActionSpec("next_annotation", "Ne&xt Annotation", ("Alt+Down",), "Select the next annotation in the article"),
    ActionSpec("previous_annotation", "Pre&vious Annotation", ("Alt+Up",), "Select the annotation before"),
    ActionSpec("next_untagged", "Next Un&tagged Sentence", ("N",), "Select the next sentence that has no annotation, ready to tag with 1-4"),
    ActionSpec("previous_untagged", "Previous Untagged Sentence", ("Shift+N",), "Select the sentence before that has no annotation"),
    ActionSpec("show_suggestions", "Show &Suggestions", ("Ctrl+J",), "Outline suggested quotes, sources, unverified reports and claims"
               " in the article (dashed, never filled); articles over 0.2 MB show them only once switched on", checkable=True),
    ActionSpec("next_suggestion", "Next Su&ggestion", ("J",), "Select the next suggestion: Enter accepts it, 1-4 accepts it as that tag, Backspace rejects it"),
    ActionSpec("previous_suggestion", "Previous Suggestion", ("Shift+J",), "Select the suggestion before"),
    ActionSpec("accept_suggestion", "&Accept Suggestion", ("Return", "Enter"), "Tag the selected suggestion as suggested (only while one is selected)"),
    ActionSpec("reject_suggestion", "&Reject Suggestion", ("Backspace",), "Turn the selected suggestion down: it is kept in the project and never offered again"
               " (only while one is selected)"),
    *(ActionSpec(f"accept_all_{tag.value}", "All Suggested " + ("Unverified Reports" if tag == Tag.UNVERIFIED else f"{tag.label}s"), (), f"Tag every {tag.label.lower()} suggested in the article, in one undo step",
                 no_shortcut="once per article, after looking at them") for tag in tag_style.TAG_ORDER),
    ActionSpec("extend_sentence", "Extend Selection by Sentence", ("Alt+Shift+Right",), "Move the end of the selection to the end of the sentence (again: the next one)"),
    ActionSpec("extend_sentence_back", "Extend Selection Back by Sentence", ("Alt+Shift+Left",), "Move the end of the selection back to the start of the sentence"),
    ActionSpec("find", "&Find in Article", (StdKey.Find,), "Search the article's text; Enter and Shift+Enter go to the next and previous match"),
    ActionSpec("find_next", "Find Ne&xt", (StdKey.FindNext,), "Go to the next match of the search"),
    ActionSpec("find_previous", "Find Pre&vious", (StdKey.FindPrevious,), "Go to the previous match of the search"),
    ActionSpec("filter", "Fi&lter Annotations", ("Ctrl+Shift+F",), "Show only the annotations whose text, note or author contains what you type"),
    ActionSpec("search_workspace", "Search &Workspace…", ("Ctrl+Shift+K",), "Find words in every article of the workspace and in their notes, and go to one"),
    ActionSpec("next_article", "Next &Article", ("Ctrl+PgDown",), "Open the next article of the workspace list (unsaved changes are saved first)"),
    ActionSpec("previous_article", "Previous A&rticle", ("Ctrl+PgUp",), "Open the article before in the workspace list (unsaved changes are saved first)"),
    ActionSpec("next_not_done", "Next Article Not &Done", ("Ctrl+Shift+PgDown",), "Open the next article in the list that is neither done nor reviewed"),
    *(ActionSpec(f"status_{status.value.replace(' ', '_')}", f"&{status.label}", (), f"Mark the open article as {status.value}",
                 no_shortcut="set once or twice per article, here or from the Articles list", checkable=True) for status in Status),
    ActionSpec("assign_to", "Assign &To…", (), "Say who the open article is assigned to (empty: nobody)", no_shortcut="set once per article"),
    ActionSpec("articles_panel", "A&rticles Panel", (), "Show or hide the list of the workspace's articles", no_shortcut="shown when a folder is opened",
               checkable=True),
    ActionSpec("claims_view", "C&laims", ("Ctrl+Shift+C",), "Show or hide the article's claims with their verdicts, supporting and disputing"
               " spans, evidence and review agreement; filter them, and press Enter on one to show it in the article", checkable=True),
    ActionSpec("zoom_in", "Zoom &In", (StdKey.ZoomIn,), "Larger article text"),
    ActionSpec("zoom_out", "Zoom &Out", (StdKey.ZoomOut,), "Smaller article text"),
    ActionSpec("zoom_reset", "&Normal Size", ("Ctrl+0",), "Article text at its normal size"),
    ActionSpec("choose_font", "Article &Font…", (), "Choose the typeface and size of the article text", no_shortcut="set once, rarely changed"),
    ActionSpec("annotation_cards", "Annotations as &Cards", (), "Show the annotation list as cards with each quote and note in full, instead of a table",
               no_shortcut="a layout chosen once, remembered", checkable=True),
    ActionSpec("agreement", "&Agreement…", (), "How far this project's annotator and others agree on the same articles: pairwise F1 and kappa, Fleiss' kappa and Krippendorff's alpha",
               no_shortcut="opened once per comparison"),
    ActionSpec("theme_system", "Like the &System", (), "Light or dark as the system is set, following its changes", no_shortcut="set once", checkable=True),
    ActionSpec("theme_light", "&Light", (), "Dark text on a light page", no_shortcut="set once", checkable=True),
    ActionSpec("theme_dark", "&Dark", (), "Light text on a dark page; highlights keep dark text on light tints", no_shortcut="set once", checkable=True),
    ActionSpec("set_author", "Set &Author Name…", (), "The name saved with each annotation you make", no_shortcut="set once; asked for at the first annotation"),
    ActionSpec("shortcuts", "&Keyboard Shortcuts", (StdKey.HelpContents,), "Every shortcut of this window, from the same table as the menus"),
    ActionSpec("show_log_folder", "Show &Log Folder", (), "Open the folder of the app's log files, to attach them when reporting a problem",
               no_shortcut="rarely needed"),
    ActionSpec("about", "&About Annotator", (), "Version and project information", no_shortcut="rarely needed"),
    # The review window
    ActionSpec("merge_save", "&Merge and Save As…", (StdKey.Save,), "Save the merged project as a new file (neither input is changed)", windows=(REVIEW,)),
    ActionSpec("close_review", "&Close Review", ("Ctrl+W",), "Close the review (asks to save the merge first)", windows=(REVIEW,)),
    ActionSpec("next_difference", "&Next Difference", ("F8", "Alt+Down"), "Go to the next item that is not agreed", windows=(REVIEW,)),
    ActionSpec("previous_difference", "&Previous Difference", ("Shift+F8", "Alt+Up"), "Go to the previous item that is not agreed", windows=(REVIEW,)),
    ActionSpec("keep_mine", "Keep &Mine", ("M",), "Keep my version of the selected items", windows=(REVIEW,)),
    ActionSpec("accept_theirs", "Accept &Theirs", ("T",), "Take the colleague's version of the selected items", windows=(REVIEW,)),
    ActionSpec("keep_both", "Keep &Both", ("B",), "Keep both versions of the selected items", windows=(REVIEW,)),
    ActionSpec("edit_item", "&Edit…", ("E",), "Write your own version: tag, span and note", windows=(REVIEW,)),
    ActionSpec("undecide", "&Undecide", ("Backspace",), "Clear the decision of the selected items", windows=(REVIEW,)),
    ActionSpec("accept_agreed", "Accept All &Agreed", ("Ctrl+Shift+A",), "Mark every agreed item as accepted", windows=(REVIEW,)),
    ActionSpec("comment", "&Comment", ("C",), "Write a review comment on the selected item", windows=(REVIEW,)),
    ActionSpec("accept_majority", "Accept Ma&jority", ("Ctrl+Shift+M",),
               "With several colleagues: keep, in every undecided item that has one, the version more than half the people marked",
               windows=(REVIEW,)),
)

SPECS = {spec.name: spec for spec in ACTIONS}


class Actions(dict[str, QAction]):
    """The built QActions by name; ``actions.save`` reads like a field."""

    def __getattr__(self, name: str) -> QAction:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def tag_actions(self) -> list[QAction]:
        return [self[f"tag_{tag.value}"] for tag in tag_style.TAG_ORDER]


def build_actions(parent: QWidget, handlers: dict[str, Callable[[], object] | QUndoGroup], window: str = MAIN) -> Actions:
    """Create a QAction for each spec of ``window``, connected to ``handlers[spec.name]``.

    Undo and redo take a QUndoGroup instead of a handler: their actions are then Qt's own,
    enabled and named after the active stack's next step ("Undo Tag … as Claim").
    """
    specs = [spec for spec in ACTIONS if window in spec.windows]
    missing = {spec.name for spec in specs} - set(handlers)
    if missing:
        raise ValueError(f"no handler for actions: {sorted(missing)}")
    actions = Actions()
    for spec in specs:
        handler = handlers[spec.name]
        if isinstance(handler, QUndoGroup):
            make = handler.createUndoAction if spec.name == "undo" else handler.createRedoAction
            action = make(parent, spec.text)
            action.setIconText(spec.text.replace("&", ""))  # toolbars keep it short
        else:
            action = QAction(spec.text, parent)
            action.triggered.connect(lambda _checked=False, h=handler: h())
        action.setObjectName(f"action_{spec.name}")
        keys = [QKeySequence(k) for k in spec.shortcuts]
        action.setShortcuts(keys)
        shortcut_text = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
        action.setToolTip(f"{spec.tip} ({shortcut_text})" if shortcut_text else spec.tip)
        action.setStatusTip(spec.tip)
        action.setCheckable(spec.checkable)
        if spec.tag is not None:
            action.setIcon(tag_style.swatch_icon(spec.tag, spec.shortcuts[0]))
            action.setData(spec.tag)
        parent.addAction(action)
        actions[spec.name] = action
    return actions


def shortcut_table(window: str = MAIN) -> list[tuple[str, str]]:
    """(shortcut, what it does) for the README and the help dialog."""
    rows = []
    for spec in ACTIONS:
        if window not in spec.windows:
            continue
        keys = [QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in spec.shortcuts]
        keys = [k for k in keys if k]
        if keys:
            rows.append((" / ".join(keys), spec.text.replace("&", "").rstrip("…")))
    return rows


TEXT_KEYS: tuple[tuple[str, str], ...] = (
    ("Arrows", "Move the caret in the article (click in it or Tab to it first)"),
    ("Shift+Arrows", "Extend the selection by a character or a line"),
    ("Ctrl+Shift+Left / Right", "Extend the selection by a word"),
    ("Shift+Home / End", "Extend the selection to the start or end of the line"),
    ("Ctrl+A", "Select the whole article"),
    ("Ctrl+C", "Copy the selected text"),
    ("Esc", "Close the Find bar"),
)
"""Keys the article view itself understands (Qt's own text navigation), for the help dialog."""
