"""The speed target of issue 17: git's merge driver on two versions of a project of 100,000
annotations (10,000 in the quick run), each with 1,000 changes (100) made apart from a common
base, against reading the three files and ``json.loads``-ing them (≤ 2×), in the same run.

The driver's whole work is timed: reading and validating the three versions, the merge, the
checks of the result, and its atomic write over ours. The changes are retags, note edits,
deletions and additions on each side, a tenth of them on annotations the other side changed
too (field by field, and a few true conflicts that are recorded).
"""

from __future__ import annotations

import contextlib
import io
import json
import random
from datetime import timedelta
from pathlib import Path

from ..core.anchoring import quote_for
from ..core.bulk import gc_paused
from ..core.model import Annotation, Project, Tag
from ..core.storage import dump_bytes
from ..git_commands import CONFLICTS, drive
from . import corpus
from .timing import Verdict, compare, measure


def side(base: Project, changes: int, seed: int, shared: list[int]) -> Project:
    """``base`` with ``changes`` changes by one person: a quarter each retags, note edits,
    deletions and additions; the retags and note edits of ``shared`` annotations too."""
    rng = random.Random(seed)
    doc = base.documents[0]
    anns = list(doc.annotations)
    who = f"Benchmark {seed}"
    when = corpus.WHEN + timedelta(days=365 + seed)  # after every corpus annotation was made
    touched = set(shared)
    picks = shared + rng.sample([n for n in range(len(anns)) if n not in touched], changes - len(shared))
    quarter = changes // 4
    deleted = set()
    for k, n in enumerate(picks[: 3 * quarter]):
        ann = anns[n]
        if k % 3 == 0 or n in touched and k % 2 == 0:
            anns[n] = ann.model_copy(update={"tag": list(Tag)[(list(Tag).index(ann.tag) + seed) % 4], "modified": when, "modified_by": who})
        elif k % 3 == 1 or n in touched:
            anns[n] = ann.model_copy(update={"note": f"{who}: checked ({k})", "modified": when, "modified_by": who})
        else:
            deleted.add(n)
    text = doc.text
    for k in range(changes - 3 * quarter):
        start = text.find(" ", rng.randrange(len(text) - 100)) + 1
        end = text.find(" ", start + 10)
        anns.append(Annotation(
            id=f"{seed:08x}-0000-4000-9000-{k:012x}", tag=Tag.CLAIM, start=start, end=end, quote=quote_for(text, start, end),
            note=f"added by {who}", author=who, created=when, modified=when, modified_by=who,
        ))
    kept = [a for n, a in enumerate(anns) if n not in deleted]
    kept.sort(key=Annotation.sort_key)
    return base.model_copy(update={"documents": [doc.model_copy(update={"annotations": kept})]})


def run(folder: Path, size: int, count: int, changes: int, repeat: int) -> list[Verdict]:
    base = corpus.project(size, count, seed=21)
    rng = random.Random(23)
    shared = rng.sample(range(count), changes // 10)
    versions = {"base": base, "ours": side(base, changes, 1, shared), "theirs": side(base, changes, 2, shared)}
    paths = {name: folder / f"merge-{name}.annotator.json" for name in versions}
    payloads = {name: dump_bytes(project) for name, project in versions.items()}
    for name, path in paths.items():
        path.write_bytes(payloads[name])

    def floor():
        with gc_paused():
            for path in paths.values():
                json.loads(path.read_bytes())

    def restore_ours():
        paths["ours"].write_bytes(payloads["ours"])

    statuses = []

    def ours():
        with contextlib.redirect_stderr(io.StringIO()):  # the conflicts it lists, once per run
            statuses.append(drive(paths["base"], paths["ours"], paths["theirs"], "bench.annotator.json", reviewer="Benchmark"))

    baseline = measure(floor, repeat)
    timing = measure(ours, repeat, before=restore_ours)
    assert set(statuses) == {CONFLICTS}, statuses  # merged, and the true conflicts recorded
    label = f"{count // 1000}k annotations, {changes:,} changes a side"
    return [compare("17", f"git merge driver, {label}", timing, baseline, 2.0)]
