"""How the article looks: contrast of every highlight, the tag letters beside each paragraph."""

from __future__ import annotations

from PySide6.QtGui import QColor

from annotator.core.model import Tag
from annotator.ui import tag_style

from .conftest import SAMPLE
from .gui_helpers import qt_range


def test_text_on_every_highlight_has_body_text_contrast(qapp):
    for tag in Tag:
        assert tag_style.contrast(tag_style.TEXT_ON_TINT, tag_style.tint(tag)) >= 7, tag  # WCAG AAA
        solid = tag_style.color(tag)
        assert tag_style.contrast(tag_style.text_on(solid), solid) >= 4.5, tag  # WCAG AA
    assert round(tag_style.contrast(QColor("black"), QColor("white")), 1) == 21.0


def test_the_margin_names_the_tags_of_each_paragraph(window):
    window.open_path(SAMPLE, ask_to_save=False)
    view = window.view
    start, _ = qt_range(view, "Tehran Times")
    block = view.document().findBlock(start)
    assert Tag.SOURCE in view.tags_in_block(block)
    empty = view.document().findBlock(0)
    while empty.isValid() and empty.text():
        empty = empty.next()
    assert view.tags_in_block(empty) == set()  # a blank line between paragraphs
    margin = view.margin
    assert margin.isVisible() and margin.width() >= margin.fontMetrics().horizontalAdvance("CQSU")
    assert view.viewportMargins().left() == margin.width()
    image = margin.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}
    assert {tag_style.color(t).name() for t in Tag} & colours  # letters drawn in tag colours


def test_dark_theme_from_the_view_menu_is_remembered(window, qtbot):
    from PySide6.QtWidgets import QApplication

    from annotator.ui import theme

    from .conftest import show_window

    window.open_path(SAMPLE, ask_to_save=False)
    assert not theme.is_dark(QApplication.palette())
    window.actions.theme_dark.trigger()
    assert theme.is_dark(QApplication.palette())
    qtbot.waitUntil(lambda: theme.is_dark(window.view.palette()))  # widgets follow with the next events
    assert window.actions.theme_dark.isChecked() and not window.actions.theme_light.isChecked()
    text = QApplication.palette().color(QApplication.palette().ColorRole.Text)
    base = QApplication.palette().color(QApplication.palette().ColorRole.Base)
    assert tag_style.contrast(text, base) >= 7
    window.close()
    again = show_window(qtbot)  # the choice is remembered
    assert again.actions.theme_dark.isChecked() and theme.is_dark(QApplication.palette())
    again.actions.theme_light.trigger()
    assert not theme.is_dark(QApplication.palette())


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 40


def test_every_tag_in_a_paragraph_gets_its_letter_in_the_margin(window, qtbot, tmp_path):
    """All four letters are painted inside the margin, U nested in a claim included: the letter
    slots were as wide as "W", the margin only as wide as "CQSU", so U fell outside it."""
    from annotator.core.anchoring import quote_for
    from annotator.core.model import Annotation, Document, Project, new_id, now
    from annotator.core.storage import save_project

    first = "The minister said “prices fell by half”, according to Reuters, if confirmed by officials."
    text = f"{first}\n\nA second paragraph with an unverified report, reportedly.\n\nNothing here."
    doc = Document.from_text(text)

    def add(tag, needle, within=0):
        start = text.index(needle, within)
        end = start + len(needle)
        doc.annotations.append(Annotation(id=new_id(), tag=tag, start=start, end=end, quote=quote_for(text, start, end),
                                          created=now(), modified=now()))

    add(Tag.CLAIM, first)
    add(Tag.QUOTE, "prices fell by half")
    add(Tag.SOURCE, "Reuters")
    add(Tag.UNVERIFIED, "if confirmed by officials")  # nested in the claim
    add(Tag.UNVERIFIED, "reportedly")  # alone in its paragraph
    doc.annotations.sort(key=Annotation.sort_key)
    path = tmp_path / "tags.annotator.json"
    save_project(Project(documents=[doc]), path)
    window.open_path(path, ask_to_save=False)
    view, margin = window.view, window.view.margin
    qtbot.waitUntil(lambda: margin.isVisible())
    image = margin.grab().toImage()

    def tags_painted(needle: str) -> set[Tag]:
        block = view.document().findBlock(qt_range(view, needle)[0])
        box = view.blockBoundingGeometry(block).translated(view.contentOffset())
        line = round(box.top()) + margin.fontMetrics().height()
        found = set()
        for tag in Tag:
            colour = tag_style.color(tag)
            if any(_near(image.pixelColor(x, y), colour) for x in range(image.width()) for y in range(max(0, round(box.top())), min(line, image.height()))):
                found.add(tag)
        return found

    assert tags_painted("prices fell") == set(Tag)
    assert tags_painted("reportedly") == {Tag.UNVERIFIED}
    assert tags_painted("Nothing here") == set()


def _tint_at(view, qt_pos: int):
    """The highlight colour Qt draws at ``qt_pos`` (None: no highlight there)."""
    block = view.document().findBlock(qt_pos)
    offset = qt_pos - block.position()
    for fmt in block.layout().formats():
        if fmt.start <= offset < fmt.start + fmt.length and fmt.format.background().style() != 0:
            return fmt.format.background().color().name()
    return None


def test_hiding_a_tag_hides_its_highlights_and_letters_too(window, qtbot):
    from PySide6.QtCore import Qt

    from .gui_helpers import point_at

    window.open_path(SAMPLE, ask_to_save=False)
    view, panel = window.view, window.panel
    bar = view.verticalScrollBar()
    claim = tag_style.tint(Tag.CLAIM).name()
    first, _ = qt_range(view, "Russian warplanes are now taking off")  # a claim, near the top
    last, _ = qt_range(view, "there was no agreement with the Russians")  # a claim at the very end
    qtbot.waitUntil(lambda: _tint_at(view, first) == claim)
    bar.setValue(bar.maximum())  # the last claim is drawn, then scrolled away again
    qtbot.waitUntil(lambda: _tint_at(view, last) == claim)
    bar.setValue(0)
    assert "highlights" in panel.tag_buttons[Tag.CLAIM].toolTip()
    qtbot.mouseClick(panel.tag_buttons[Tag.CLAIM], Qt.MouseButton.LeftButton)
    assert _tint_at(view, first) is None
    assert Tag.CLAIM not in view.tags_in_block(view.document().findBlock(first))
    assert _tint_at(view, last) == claim  # off screen: not redrawn yet (a click costs a screenful)...
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: _tint_at(view, last) is None)  # ...but redrawn when it comes into view
    # The caret on a hidden claim makes no claim current.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, last + 3))
    current = panel.current_annotation()
    assert current is None or current.tag != Tag.CLAIM
    qtbot.mouseClick(panel.tag_buttons[Tag.CLAIM], Qt.MouseButton.LeftButton)
    assert _tint_at(view, last) == claim
    bar.setValue(0)
    qtbot.waitUntil(lambda: _tint_at(view, first) == claim)
