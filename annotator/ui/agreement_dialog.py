"""View ▸ Agreement: how far this project's annotator and others agree, for N people at once.

The open project is the first annotator; other people's project files or folders are added
beside it. Reading them and computing runs on a worker thread each time the list changes; a
result that comes after the list changed again is dropped, and a failure is said in the
dialog (and logged), never left as "Computing…".
"""

from __future__ import annotations

import logging
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ..core.model import Tag
from ..core.wording import plural
from . import tag_style
from .background import start_in_background

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

COMPUTING = "Computing agreement…"
PAIR_MEASURES = (
    ("Span F1, exact matching", lambda p: p["exact"]["overall"]["f1"]),
    ("Span F1, overlap matching", lambda p: p["overlap"]["overall"]["f1"]),
    ("Cohen's kappa over characters", lambda p: p["kappa"]["overall"]),
    ("Cohen's kappa on verdicts (claims both rated)", lambda p: _verdicts_cell(p["verdicts"])),
)


def _verdicts_cell(v: dict) -> str:
    """"0.524 (10)": the kappa and the claims both rated; "too few (3)" below the minimum."""
    return f"{v['kappa']:.3f} ({v['claims_rated_by_both']})" if v["enough"] else f"too few ({v['claims_rated_by_both']})"


def show(window: MainWindow) -> AgreementDialog | None:
    """Open the dialog for the window's project (one per window, raised if already open)."""
    if window.session is None:
        window.statusBar().showMessage("Open a project first: its annotator is compared with the others you add.", 5000)
        return None
    existing = getattr(window, "agreement_dialog", None)
    if existing is not None and isValid(existing):
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = AgreementDialog(window)
    window.agreement_dialog = dialog
    dialog.show()
    return dialog


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)  # plain text: names and titles come from files
            if not c:
                item.setToolTip(text)  # a long title is elided in its cell
            else:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class AgreementDialog(QDialog):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.window_ = window
        self.inputs: list[Path] = []
        self.data: dict | None = None
        self._generation = 0

        from ..core.agreement_multi import name_of, work_of_documents
        from ..core.merge import snapshot

        session = window.session
        source = session.path or Path("this project")
        # A snapshot: editing the project meanwhile must not change what is being counted.
        self.own = work_of_documents("", source, snapshot(session.project).documents)
        self.own.name = name_of(self.own) if any(doc.annotations for doc, _ in self.own.documents) else (window.settings.author() or "Me")

        self.people = QListWidget()
        self.people.setObjectName("agreementInputs")
        self.people.setAccessibleName("Annotators compared")
        self.people.setMaximumHeight(110)
        add_files = QPushButton("Add &Files…")
        add_files.setObjectName("addFiles")
        add_files.setToolTip("Add other people's project files on the same articles: each file is one annotator")
        add_files.clicked.connect(self.choose_files)
        add_folder = QPushButton("Add F&older…")
        add_folder.setObjectName("addFolder")
        add_folder.setToolTip("Add one person's folder of project files: matched article by article")
        add_folder.clicked.connect(self.choose_folder)
        self.remove = QPushButton("&Remove")
        self.remove.setObjectName("removeInput")
        self.remove.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        for button in (add_files, add_folder, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.people, 1)
        top.addLayout(buttons)

        self.status = QLabel("Add at least one other person's project file or folder.")
        self.status.setObjectName("agreementStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        self.overall = _table("agreementOverall", ["", "Fleiss' kappa", "Krippendorff's alpha", "Characters", "All have"])
        self.measure = QComboBox()
        self.measure.setObjectName("pairMeasure")
        self.measure.setAccessibleName("Pairwise measure")
        self.measure.addItems([title for title, _ in PAIR_MEASURES])
        self.measure.currentIndexChanged.connect(lambda _i: self._fill_pairs())
        self.pairs = _table("agreementPairs", [""])
        pairs_page = QWidget()
        pairs_layout = QVBoxLayout(pairs_page)
        pairs_layout.addWidget(self.measure)
        pairs_layout.addWidget(self.pairs, 1)
        self.articles = _table("agreementArticles", ["Article", "Annotators", "Fleiss' kappa", "Alpha",
                                                     *(f"Alpha, {t.label.lower()}" for t in tag_style.TAG_ORDER)])
        self.articles.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # long titles elide
        self.articles.setWordWrap(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overall, "All at Once")
        self.tabs.addTab(pairs_page, "Pairs")
        self.tabs.addTab(self.articles, "Per Article")
        note = QLabel(
            "Each non-space character is labelled with the innermost tag over it, or untagged (per tag: that tag or not). "
            "Fleiss' kappa counts only articles every annotator has; alpha every character two or more labelled. "
            "Span F1 takes the row's annotator as the reference; — where nobody used the tag. "
            "Verdicts: Cohen's kappa over the claims both rated (in brackets), "
            "“too few” below the number that makes it mean something."
        )
        note.setWordWrap(True)

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy = box.addButton("&Copy as Text", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.setObjectName("copyAgreement")
        self.copy.setEnabled(False)
        self.copy.clicked.connect(self.copy_text)
        box.rejected.connect(self.close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(note)
        layout.addWidget(box)
        self.resize(820, 560)
        self._show_inputs()

    # --- The inputs ---------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Add other annotators' projects", self.window_.settings.last_folder(), "Annotator projects (*.json);;All files (*)"
        )
        self.add_inputs([Path(p) for p in paths])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add one annotator's folder of projects", self.window_.settings.last_folder())
        if folder:
            self.add_inputs([Path(folder)])

    def add_inputs(self, paths: list[Path]) -> None:
        own = self.window_.session.path if self.window_.session is not None else None
        new = [p for p in paths if p not in self.inputs and (own is None or p.resolve() != own.resolve())]
        if new:
            self.inputs += new
            self._show_inputs()
            self.recompute()

    def remove_selected(self) -> None:
        rows = sorted((i.row() for i in self.people.selectedIndexes() if i.row() > 0), reverse=True)
        for row in rows:
            del self.inputs[row - 1]
        if rows:
            self._show_inputs()
            self.recompute()

    def _show_inputs(self) -> None:
        self.people.clear()
        self.people.addItem(f"This project: {self.own.name} ({self.own.source.name})")
        self.people.addItems([str(p) for p in self.inputs])
        self.remove.setEnabled(bool(self.inputs))

    # --- Computing ----------------------------------------------------------------------

    def recompute(self) -> None:
        self._generation += 1
        generation = self._generation
        self.data = None
        self.copy.setEnabled(False)
        if not self.inputs:
            self.status.setText("Add at least one other person's project file or folder.")
            return
        self.status.setText(COMPUTING)
        own, inputs = self.own, list(self.inputs)
        target = weakref.ref(self)

        def work() -> tuple[dict | None, list[str]]:
            from ..core.agreement_multi import agreement_of_works, read_work

            works, problems = [own], []
            for path in inputs:
                found, errors = read_work(path)
                problems += [f"{e.path.name}: {p}" for e in errors for p in e.problems]
                if found.documents:
                    works.append(found)
            if len(works) < 2:
                return None, problems
            return agreement_of_works(works).as_dict(), problems

        def done(outcome: tuple[dict | None, list[str]]) -> None:
            dialog = target()
            if dialog is not None and isValid(dialog) and dialog._generation == generation:
                dialog.show_result(*outcome)

        def failed(error: BaseException) -> None:
            log.error("The agreement could not be computed", exc_info=error)
            dialog = target()
            if dialog is not None and isValid(dialog) and dialog._generation == generation:
                dialog.status.setText(f"Agreement could not be computed: {error or type(error).__name__}")

        start_in_background(work, done, failed)

    def show_result(self, data: dict | None, problems: list[str]) -> None:
        lines = [f"Not used: {p}" for p in problems]
        if data is None:
            self.status.setText("\n".join([*lines, "Nothing to compare: no other annotator's work could be read."]))
            return
        self.data = data
        count, articles = len(data["annotators"]), len(data["articles"])
        summary = f"{count} annotators, {plural(articles, 'article')}."
        if data["incomplete"]:
            summary += " Not everyone has: " + "; ".join(f"{i['title']} (missing from {', '.join(i['missing'])})" for i in data["incomplete"])
        self.status.setText("\n".join([summary, *lines]))
        labels = {"overall": "Overall", **{t.value: t.label for t in Tag}}
        _fill(self.overall, [
            [labels[s], _num(c["fleiss_kappa"]), _num(c["alpha"]), f"{c['characters']:,}", f"{c['complete_characters']:,}"]
            for s, c in ((s, data["overall"][s]) for s in ("overall", *(t.value for t in tag_style.TAG_ORDER)))
        ])
        self._fill_pairs()
        from ..core.agreement_multi import letters

        names = [p["name"] for p in data["annotators"]]
        short = letters(len(names))
        _fill(self.articles, [
            [a["title"], "".join(short[names.index(n)] for n in a["annotators"]), _num(a["overall"]["fleiss_kappa"]),
             _num(a["overall"]["alpha"]), *(_num(a[t.value]["alpha"]) for t in tag_style.TAG_ORDER)]
            for a in data["articles"]
        ])
        self.copy.setEnabled(True)

    def _fill_pairs(self) -> None:
        if self.data is None:
            return
        from ..core.agreement_multi import letters

        names = [p["name"] for p in self.data["annotators"]]
        short = letters(len(names))
        pick = PAIR_MEASURES[self.measure.currentIndex()][1]
        pairs = {(p["a"], p["b"]): p for p in self.data["pairs"]}
        self.pairs.setColumnCount(len(names) + 1)
        self.pairs.setHorizontalHeaderLabels(["", *short])
        rows = []
        for i, a in enumerate(names):
            cells = []
            for j, b in enumerate(names):
                pair = pairs.get((a, b)) or pairs.get((b, a))
                value = None if i == j or pair is None else pick(pair)
                cells.append("" if i == j or pair is None else value if isinstance(value, str) else _num(value))
            rows.append([f"{short[i]}  {a}", *cells])
        _fill(self.pairs, rows)

    def copy_text(self) -> None:
        """The tables as the command line prints them, for an email or a ticket."""
        if self.data is None:
            return
        from ..agreement_command import as_text

        QGuiApplication.clipboard().setText(as_text(self.data))
