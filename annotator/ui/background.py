"""Long work on a worker thread, with a progress bar and a Cancel button.

``run_with_progress`` runs ``work(progress)`` on a QThread while a window-modal
QProgressDialog shows how far it has come; the window keeps painting and answering. The core
stays Qt-free: it only calls ``progress(done, total)``, which raises Cancelled once the user
has pressed Cancel. Results and errors come back by signals, queued to the GUI thread.

While pydantic or another extension holds Python's GIL (validating a 100,000-annotation file
takes a second in one call), the GUI thread waits for it: the dialog then shows a busy bar
instead of stalling a counting one.
"""

from __future__ import annotations

import atexit

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from ..core.errors import Cancelled

T = TypeVar("T")

SHOW_AFTER_MS = 400
"""Work that ends sooner shows no dialog at all."""


class _Worker(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, work: Callable[[Callable[[int, int], None]], object]) -> None:
        super().__init__()
        self._work = work
        self.cancelled = False

    @Slot()
    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, which re-raises it
            self.failed.emit(exc)
        else:
            self.finished.emit(result)

    def _progress(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled
        self.progressed.emit(done, total)


_INPUT = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.Wheel, QEvent.Type.Shortcut, QEvent.Type.Close,
})


class _InputWaits(QObject):
    """While work runs, the user's clicks, keys, shortcuts and closing wait: only the progress
    dialog (its Cancel button) takes them. Otherwise a second Open or a closed window could
    start while the first one is still being read."""

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__()
        self.dialog = dialog

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() not in _INPUT:
            return False
        widget = watched if isinstance(watched, QWidget) else None
        return widget is None or (widget is not self.dialog and not self.dialog.isAncestorOf(widget))


class _Outcome(QObject):
    """Receives the worker's signals in the GUI thread and ends the waiting loop."""

    def __init__(self, loop: QEventLoop, dialog: QProgressDialog, worker: _Worker) -> None:
        super().__init__()
        self.loop = loop
        self.dialog = dialog
        self.worker = worker
        self.result: object = None
        self.error: BaseException | None = None

    @Slot(object)
    def done(self, result: object) -> None:
        self.result = result
        self.loop.quit()

    @Slot(object)
    def failed(self, error: BaseException) -> None:
        self.error = error
        self.loop.quit()

    @Slot(int, int)
    def progressed(self, done: int, total: int) -> None:
        if self.dialog.wasCanceled():  # the Cancel button, Esc, or cancel() called
            self.worker.cancelled = True
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total - 1) if done < total else total - 1)


_busy = 0  # how many run_with_progress loops are running (they can nest)


def busy() -> bool:
    """True while the user waits on long work: questions that can wait (a file changed on
    disk) must, since the work's event filter lets no input reach them."""
    return _busy > 0


IDLE_POLL_MS = 250
"""How often a question put off by long work looks again whether the work has ended."""


def put_off_while_busy(context: QObject, ask: Callable[[], object]) -> bool:
    """While long work holds the input, call ``ask`` again a moment later (as long as
    ``context`` lives) and return True: the caller asks nothing now. False when nothing waits."""
    if not busy():
        return False
    QTimer.singleShot(IDLE_POLL_MS, context, ask)
    return True


def run_with_progress(parent: QWidget, label: str, work: Callable[[Callable[[int, int], None]], T]) -> T:
    """``work(progress)``'s result, computed on a worker thread behind a progress dialog.

    Raises Cancelled when the user pressed Cancel (whatever the work had done is dropped),
    and whatever ``work`` raised otherwise.
    """
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setWindowTitle("Working…")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_AFTER_MS)
    dialog.setAutoReset(False)
    dialog.setAutoClose(False)
    dialog.setValue(0)
    loop = QEventLoop()
    worker = _Worker(work)
    outcome = _Outcome(loop, dialog, worker)
    thread = QThread()
    worker.moveToThread(thread)
    worker.finished.connect(outcome.done)
    worker.failed.connect(outcome.failed)
    worker.progressed.connect(outcome.progressed)
    dialog.canceled.connect(lambda: setattr(worker, "cancelled", True))
    thread.started.connect(worker.run)
    waits = _InputWaits(dialog)
    app = QApplication.instance()
    app.installEventFilter(waits)
    global _busy
    _busy += 1
    thread.start()
    try:
        loop.exec()
    finally:
        _busy -= 1
        app.removeEventFilter(waits)
    thread.quit()
    thread.wait()
    cancelled = worker.cancelled or dialog.wasCanceled()
    dialog.close()
    dialog.deleteLater()
    if outcome.error is not None:
        raise outcome.error
    if cancelled:
        raise Cancelled
    return outcome.result  # type: ignore[return-value]


class _Delivery(QObject):
    """Hands a background result to ``on_done`` in the GUI thread, then lets the thread go."""

    def __init__(
        self, thread: QThread, worker: _Worker, on_done: Callable[[object], None], on_failed: Callable[[BaseException], None] | None
    ) -> None:
        super().__init__()
        self.thread = thread
        self.worker = worker
        self.on_done = on_done
        self.on_failed = on_failed

    @Slot(object)
    def done(self, result: object) -> None:
        self._finish()
        self.on_done(result)

    @Slot(object)
    def failed(self, error: BaseException) -> None:
        self._finish()
        if self.on_failed is None:
            raise error  # to the application's exception hook, which logs it and tells the user
        self.on_failed(error)

    def _finish(self) -> None:
        self.thread.quit()
        self.thread.wait()
        _RUNNING.discard(self)


_RUNNING: set[_Delivery] = set()  # background work in flight, kept alive until it delivers


@atexit.register
def _let_running_work_finish() -> None:
    """A QThread destroyed while it runs aborts the whole process (Qt's qFatal), which would
    turn a normal exit into a crash: at exit, each background thread is let finish first."""
    for delivery in list(_RUNNING):
        delivery.thread.quit()
        delivery.thread.wait()


def start_in_background(
    work: Callable[[], T], on_done: Callable[[T], None], on_failed: Callable[[BaseException], None] | None = None
) -> None:
    """Run ``work()`` on a worker thread without blocking anything; ``on_done(result)`` is
    then called in the GUI thread, or ``on_failed(error)`` if it raised (without one, the
    error goes to the application's exception hook). For results that fill in a window that
    is already usable (the agreement numbers of a review), not for work the user waits on."""
    worker = _Worker(lambda _progress: work())
    thread = QThread()
    worker.moveToThread(thread)
    delivery = _Delivery(thread, worker, on_done, on_failed)
    _RUNNING.add(delivery)
    worker.finished.connect(delivery.done)
    worker.failed.connect(delivery.failed)
    thread.started.connect(worker.run)
    thread.start()
