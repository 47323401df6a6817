"""The project file's data model: pydantic v2 classes that define and validate it.

The models check structure and value ranges. Checks that need the document text
(offsets in range, quote matches text, sha256) live in ``integrity.py`` so that every
problem in a file can be reported at once instead of the first one only.
"""

from __future__ import annotations

import copy
import hashlib
import unicodedata
import uuid
from urllib.parse import urlsplit
from datetime import datetime, timezone
from enum import Enum
from itertools import chain, islice
from operator import attrgetter, le, neg

from typing import Annotated

from pydantic.dataclasses import dataclass
from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt, StringConstraints, ValidationInfo, field_validator, model_validator

SCHEMA_VERSION = 10
CONTEXT_LENGTH = 32
"""How many code points of prefix and suffix an annotation keeps around its quote."""


class Tag(str, Enum):
    """What a highlighted span is, from a fact-checker's point of view."""

    CLAIM = "claim"
    QUOTE = "quote"
    SOURCE = "source"
    UNVERIFIED = "unverified"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Status(str, Enum):
    """Where an article stands in a desk's work (schema version 8); shown in workspace lists."""

    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"
    REVIEWED = "reviewed"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def finished(self) -> bool:
        """Done or reviewed: what a progress line counts as done."""
        return self in (Status.DONE, Status.REVIEWED)


def now() -> datetime:
    """Current local time with its UTC offset, to the second (stable, readable in files)."""
    return datetime.now().astimezone().replace(microsecond=0)


def new_id() -> str:
    return str(uuid.uuid4())


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_encodable(value: str | None) -> str | None:
    """Reject lone surrogates (they cannot be saved as UTF-8 and Qt would mangle them) and
    NUL characters (Qt and many tools take them as the end of the text)."""
    problem = string_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def string_problem(value: str | None) -> str | None:
    """Why ``value`` can't be kept in a project (a lone surrogate or a NUL), else None."""
    if value is None:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"contains an invalid character at position {exc.start} (lone surrogate)"
    if "\x00" in value:
        return f"contains a NUL character at position {value.index(chr(0))}"
    return None


EARLIEST = datetime(1, 1, 2, tzinfo=timezone.utc)
LATEST = datetime(9999, 12, 30, tzinfo=timezone.utc)
"""The range every stored time must lie in (in UTC): a day inside what ``datetime`` can
hold, so that it shows in any time zone (9999-12-31T23:59-14:00 is past year 9999 in UTC)."""


def time_problem(value: datetime) -> str | None:
    """Why an aware time can't be shown or exported in every time zone, else None."""
    try:
        if EARLIEST <= value <= LATEST:
            return None
    except OverflowError:
        pass
    return f"is out of range ({value.isoformat()}): times must lie between years 1 and 9999 in UTC"


NO_SURROGATES = "no lone surrogates"
"""Validation context key: the input is known to hold no lone surrogate. JSON decoded from
UTF-8 can only get one from a ``\\udXXX`` escape, so a file without such escapes needs no
search of every string (``storage.parse_project`` checks)."""


NO_NUL = "no NUL"
"""Validation context key: the input is known to hold no NUL character. JSON can only hold
one as a ``\\u0000`` escape, so a file without that needs no look at every note (28 ms at
100,000 annotations)."""


def _time_text(value: object) -> object:
    """Times come as ISO 8601 strings (or datetimes from code), never as numbers."""
    if isinstance(value, (str, datetime)):
        return value
    raise ValueError("must be an ISO 8601 date and time with a time zone, as a string")


Time = Annotated[AwareDatetime, BeforeValidator(_time_text)]


UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
Uuid = Annotated[str, StringConstraints(pattern=UUID_PATTERN)]
"""A UUID in its canonical text form, checked by pydantic-core's regex, not a Python call:
with 100,000 annotations every per-field Python validator adds about 0.1 s to a load."""


def uuid_problem(value: object) -> str:
    """Why ``value`` is not a canonical UUID, for error messages."""
    try:
        canonical = str(uuid.UUID(str(value)))
    except ValueError:
        return "is not a UUID"
    return f"is not a UUID in canonical form (lowercase, with hyphens: {canonical})"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False, frozen=False)


_RECORD = ConfigDict(extra="forbid")


class _Record:
    """What the many small records of a project share: slotted pydantic dataclasses.

    A project holds one Annotation, one Quote and maybe Comments per span: 100,000 spans made
    as BaseModels took 235 MB (each with its own ``__dict__`` and set of fields given); as
    slotted dataclasses they take 78 MB and validate a tenth quicker. ``model_copy`` keeps
    the BaseModel way of copying with changes (without validation, as pydantic's does).
    """

    __slots__ = ()

    def model_copy(self, *, update: dict[str, object] | None = None):
        copied = copy.copy(self)
        for name, value in (update or {}).items():
            object.__setattr__(copied, name, value)
        return copied


@dataclass(slots=True, kw_only=True, config=_RECORD)
class Quote(_Record):
    """W3C TextQuoteSelector: the exact text of a span and a little context either side."""

    exact: Annotated[str, Field(min_length=1)]
    prefix: Annotated[str, Field(max_length=CONTEXT_LENGTH)] = ""
    suffix: Annotated[str, Field(max_length=CONTEXT_LENGTH)] = ""


class ReviewStatus(str, Enum):
    """A reviewer's verdict on an annotation."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    DISPUTED = "disputed"


@dataclass(slots=True, kw_only=True, config=_RECORD)
class Comment(_Record):
    """A review comment: who wrote it, when, what, and the verdict it gives (if any)."""

    author: str
    time: Time
    text: str = ""
    status: ReviewStatus | None = None


class Relation(str, Enum):
    """How a linked span bears on the annotation a link starts from (schema version 10)."""

    SUPPORTS = "supports"
    DISPUTES = "disputes"
    ATTRIBUTES = "attributes"
    """The target names who said it (a quote's or claim's speaker, a source)."""
    CONTEXT = "context"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(slots=True, kw_only=True, config=_RECORD)
class Link(_Record):
    """A typed link from one annotation to another in the same article, by id."""

    target: Uuid
    relation: Relation
    by: str = ""
    time: Time


@dataclass(slots=True, kw_only=True, config=_RECORD)
class Evidence(_Record):
    """Evidence from outside the article (a report, a dataset, a statement) for a claim."""

    url: str
    title: str = ""
    note: str = ""
    by: str = ""
    time: Time

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        problem = url_problem(value) or ("must not be empty" if not value else None)
        if problem:
            raise ValueError(problem)
        return value


@dataclass(slots=True, kw_only=True, config=_RECORD)
class Annotation(_Record):
    """One tagged span. Offsets are Unicode code points, start inclusive, end exclusive.

    Checks that need a Python call per annotation (end after start, no lone surrogates) run
    once per document over all its annotations (``Document._check_annotations``).
    """

    id: Uuid
    tag: Tag
    start: Annotated[StrictInt, Field(ge=0)]
    end: Annotated[StrictInt, Field(gt=0)]
    quote: Quote
    note: str = ""
    author: str = ""
    created: Time
    modified: Time
    modified_by: str = ""
    """Who changed it last; the author when nobody has since. Empty in files from before
    schema version 6, which did not record it (``authorship`` says so rather than guess)."""
    comments: list[Comment] = Field(default_factory=list)
    verdict: str = ""
    """For a claim: the finding, a level of the project's rating scale by name ("False",
    "Misleading"...; ``Metadata.rating_scale``). A name not on the scale is kept and shown as such."""
    reasoning: str = ""
    """Why the verdict: what a published fact-check says under the claim (schema version 10)."""
    speaker: str = ""
    """For a quote or a claim: who said it, by name (schema version 10); an ``attributes``
    link to a source span may name them too."""
    links: tuple[Link, ...] = ()
    """Links to the spans that bear on this one (schema version 10). Immutable: an edit makes
    a new annotation, and 100,000 annotations without links share one empty tuple."""
    evidence: tuple[Evidence, ...] = ()
    """Evidence from outside the article (schema version 10)."""

    def strings(self) -> tuple[str, ...]:
        """Every text the annotation holds, for checks over all of them at once."""
        q = self.quote
        texts = (self.note, self.author, self.modified_by, self.verdict, self.reasoning, self.speaker, q.exact, q.prefix, q.suffix)
        if self.comments:
            texts += tuple(s for c in self.comments for s in (c.author, c.text))
        if self.links:
            texts += tuple(link.by for link in self.links)
        if self.evidence:
            texts += tuple(s for e in self.evidence for s in (e.url, e.title, e.note, e.by))
        return texts

    def link_to(self, target: str, relation: Relation) -> Link | None:
        """This annotation's link of ``relation`` to ``target``, if it has one."""
        return next((link for link in self.links if link.target == target and link.relation == relation), None)

    def sort_key(self) -> tuple[int, int, str]:
        """Reading order; for equal spans the outer (longer) first. Tag and note don't affect it."""
        return (self.start, -self.end, self.id)

    def changed(self, by: str, **changes: object) -> Annotation:
        """A copy with ``changes`` made now by ``by``: the one way edits record who and when."""
        return self.model_copy(update={**changes, "modified": now(), "modified_by": by})


def authorship(author: str, created: datetime | None = None, modified: datetime | None = None, modified_by: str = "") -> str:
    """"created by A", "created by A, changed by B", or that a change's author was not recorded.

    Takes fields rather than an annotation so a review's snapshots (which keep no times) can
    say the same. Without times, a recorded changer other than the author counts as a change.
    """
    created_by = f"created by {author or 'an unnamed annotator'}"
    changed = modified != created if created is not None and modified is not None else bool(modified_by and modified_by != author)
    if not changed:
        return created_by
    if not modified_by:
        return f"{created_by}, changed later (by whom was not recorded)"
    return f"{created_by}, changed by {modified_by}" if modified_by != author else f"{created_by}, changed by them"


def in_position_order(annotations: list[Annotation]) -> bool:
    """True when ``annotations`` are in reading order (``Annotation.sort_key``).

    Checked with C-level maps: a fifth of the cost of calling ``sort_key`` for each one.
    """
    keys = list(zip(map(attrgetter("start"), annotations), map(neg, map(attrgetter("end"), annotations)), map(attrgetter("id"), annotations)))
    return all(map(le, keys, islice(keys, 1, None)))


def sort_by_position(annotations: list[Annotation]) -> None:
    """Sort in place into reading order; lists from a saved file already are, and stay put."""
    if not in_position_order(annotations):
        annotations.sort(key=Annotation.sort_key)


class Snapshot(_Strict):
    """An annotation as one side had it when a review decided about it."""

    id: str
    tag: Tag
    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(gt=0)
    exact: str
    note: str = ""
    author: str = ""
    modified_by: str = ""

    def strings(self) -> tuple[str, ...]:
        return (self.id, self.exact, self.note, self.author, self.modified_by)

    @classmethod
    def of(cls, ann: Annotation) -> Snapshot:
        return cls(
            id=ann.id, tag=ann.tag, start=ann.start, end=ann.end, exact=ann.quote.exact, note=ann.note, author=ann.author,
            modified_by=ann.modified_by,
        )


class Decision(str, Enum):
    AGREED = "agreed"
    KEPT_MINE = "kept mine"
    ACCEPTED_THEIRS = "accepted theirs"
    KEPT_BOTH = "kept both"
    EDITED = "edited"
    KEPT_BOTH_NOTES = "kept both notes"
    """Only the notes differed: one annotation whose note holds both, each with its author."""


class ReviewRecord(_Strict):
    """One decision of a review, kept in the merged project so both annotators can see
    what the reviewer changed and why ("changes since review")."""

    reviewer: str
    time: Time
    group: str
    decision: Decision
    mine: Snapshot | None = None
    theirs: Snapshot | None = None
    result: list[Snapshot] = Field(default_factory=list)
    comment: Comment | None = None
    decided: bool = True
    """False when the reviewer made no choice and the merge applied the default (mine kept)."""

    def snapshots(self) -> list[tuple[str, Snapshot]]:
        """Each snapshot with its place in the record ("mine", "result[0]")."""
        named = [(name, snap) for name, snap in (("mine", self.mine), ("theirs", self.theirs)) if snap is not None]
        return named + [(f"result[{s}]", snap) for s, snap in enumerate(self.result)]

    def strings(self) -> tuple[str, ...]:
        texts = (self.reviewer, self.group)
        for snap in (self.mine, self.theirs, *self.result):
            if snap is not None:
                texts += snap.strings()
        if self.comment is not None:
            texts += (self.comment.author, self.comment.text)
        return texts


class RejectedSuggestion(_Strict):
    """A suggested span the user turned down (schema version 9): kept in the project so that
    neither they nor a colleague opening the file is offered it again for that text."""

    tag: Tag
    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(gt=0)
    exact: str
    by: str = ""
    time: Time

    _encodable = field_validator("exact", "by")(_check_encodable)

    def key(self) -> tuple[str, int, int, str]:
        """What ``suggest(rejected=...)`` matches: (tag, start, end, exact)."""
        return (self.tag.value, self.start, self.end, self.exact)


class Document(_Strict):
    """An article: its full text (LF line endings) and the annotations made on it."""

    id: str = Field(default_factory=new_id)
    title: str = ""
    source_url: str | None = None
    outlet: str = ""
    """The publication, e.g. "ABC News"."""
    byline: str = ""
    """The article's author(s) as credited."""
    published: str = ""
    """The publication date as found (ISO 8601 where known, e.g. 2016-08-16)."""
    status: Status = Status.NEW
    """How far the work on this article is (schema version 8)."""
    assignee: str = ""
    """Who the article is assigned to; empty when nobody is."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    text: str
    annotations: list[Annotation] = Field(default_factory=list)
    review: list[ReviewRecord] = Field(default_factory=list)
    orphans: list[Annotation] = Field(default_factory=list)
    """Annotations whose text was not found after the article was updated. Their offsets and
    quotes are those of the old text; they wait here to be re-attached, never dropped."""
    rejected_suggestions: list[RejectedSuggestion] = Field(default_factory=list)
    """Suggestions turned down on this text, never offered again (schema version 9)."""
    verdict: str = ""
    """The article's overall verdict, a level of the project's rating scale (schema version 10)."""
    summary: str = ""
    """What a reader should take away from the fact-check of this article (schema version 10)."""

    _encodable = field_validator("id", "title", "source_url", "outlet", "byline", "published", "assignee", "verdict", "summary")(_check_encodable)

    @field_validator("text")
    @classmethod
    def _plain_text(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("contains NUL characters; an article is plain text")
        _check_encodable(value)
        return value

    @model_validator(mode="after")
    def _check_annotations(self, info: ValidationInfo) -> Document:
        """What the annotation records don't check one by one (see ``records_problem``)."""
        context = info.context or {}
        problem = self.records_problem(check_strings=not context.get(NO_SURROGATES), check_nul=not context.get(NO_NUL))
        if problem:
            raise ValueError(problem)
        return self

    def records_problem(self, check_strings: bool = True, check_nul: bool = True) -> str | None:
        """The first annotation, orphan or review record that is not sound, said in words.

        End after start (in review snapshots too), and no lone surrogate or NUL in any text:
        one pass over the whole document, not a Python call per record. Encoding all strings
        joined together finds a lone surrogate in one C call; only then is each string looked
        at, to say where it is. A loader that has seen the file cannot hold one
        (``NO_SURROGATES``) and looks only for NUL, in the texts people write; one that
        knows there is no NUL either (``NO_NUL``) skips that too.
        Imports, whose documents are built from parts, call this themselves.
        """
        for name in ("annotations", "orphans"):
            for n, ann in enumerate(getattr(self, name)):
                if ann.end <= ann.start:
                    return f"{name}[{n}] (id {ann.id}): end ({ann.end}) must be greater than start ({ann.start})"
        problem = self.links_problem()
        if problem:
            return problem
        for r, record in enumerate(self.review):
            for name, snap in record.snapshots():
                if snap.end <= snap.start:
                    return f"review[{r}].{name} (id {snap.id}): end ({snap.end}) must be greater than start ({snap.start})"
        groups = (("annotations", self.annotations), ("orphans", self.orphans), ("review", self.review))
        if check_strings:
            joined = "".join(s for _, items in groups for item in items for s in item.strings())
            try:
                joined.encode("utf-8")
            except UnicodeEncodeError:
                joined = "\x00"  # locate it below
        elif not check_nul:
            return None
        else:
            # No lone surrogate can be there, but a NUL can (a JSON "\u0000"): the texts only
            # people write, joined in one C pass. Quotes of annotations are checked against
            # the text, which holds no NUL; orphans and records are few.
            anns = self.annotations
            joined = "".join(chain(
                map(attrgetter("note"), anns), map(attrgetter("author"), anns), map(attrgetter("modified_by"), anns),
                map(attrgetter("verdict"), anns), map(attrgetter("reasoning"), anns), map(attrgetter("speaker"), anns),
                (s for ann in filter(attrgetter("comments"), anns) for s in ann.strings()),
                (s for ann in filter(attrgetter("links"), anns) for s in ann.strings()),
                (s for ann in filter(attrgetter("evidence"), anns) for s in ann.strings()),
                (s for _, items in groups[1:] for item in items for s in item.strings()),
            ))
        if "\x00" in joined:
            for name, items in groups:
                for n, item in enumerate(items):
                    for text in item.strings():
                        problem = string_problem(text)
                        if problem:
                            return f"{name}[{n}]: {problem}"
        return None

    def links_problem(self) -> str | None:
        """The first link that is not sound, said in words: one to an annotation this article
        does not hold (annotations or orphans), to itself, or twice with one relation. Only
        annotations with links are looked at, found by a C-level filter."""
        if not any(map(attrgetter("links"), chain(self.annotations, self.orphans))):
            return None
        linking = [(name, n, ann) for name in ("annotations", "orphans") for n, ann in enumerate(getattr(self, name)) if ann.links]
        ids = set(map(attrgetter("id"), chain(self.annotations, self.orphans)))
        for name, n, ann in linking:
            seen: set[tuple[str, Relation]] = set()
            for k, link in enumerate(ann.links):
                where = f"{name}[{n}] (id {ann.id}).links[{k}]"
                if link.target == ann.id:
                    return f"{where}: links the annotation to itself"
                if link.target not in ids:
                    return f"{where}: target {link.target} is not an annotation of this article"
                if (link.target, link.relation) in seen:
                    return f"{where}: the same link ({link.relation.value} {link.target}) is given twice"
                seen.add((link.target, link.relation))
        return None

    @classmethod
    def from_text(cls, text: str, title: str = "", source_url: str | None = None) -> Document:
        return cls(title=title, source_url=source_url, sha256=sha256_text(text), text=text)


class ReviewInfo(_Strict):
    """Who reviewed whose project, and when; set on a merged project."""

    reviewer: str
    time: Time
    mine: str = Field(description="file name of the reviewer's side")
    theirs: str = Field(description="file name of the colleague's side")
    unmatched_documents: list[str] = Field(default_factory=list)
    """Titles of the colleague's documents that matched none of mine (not merged)."""

    _encodable = field_validator("reviewer", "mine", "theirs")(_check_encodable)

    @field_validator("unmatched_documents")
    @classmethod
    def _encodable_titles(cls, value: list[str]) -> list[str]:
        for title in value:
            _check_encodable(title)
        return value


RATING_NAMES = {1: "False", 2: "Mostly false", 3: "Mixed", 4: "Mostly true", 5: "True"}
"""What each point of the 1–5 rating of schema versions 3–9 meant; used by the migration to
version 10, which turned ratings into verdicts on the project's scale."""


class RatingLevel(_Strict):
    """One verdict a project's fact-checks can give, with its number for ClaimReview
    (``ratingValue``; higher is truer). None: a verdict off the numeric scale ("Unverifiable")."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    value: StrictInt | None = None

    _encodable = field_validator("name")(_check_encodable)


def default_rating_scale() -> list[RatingLevel]:
    """The scale a new project starts with; each project can change it."""
    return [
        RatingLevel(name="True", value=5), RatingLevel(name="Mostly true", value=4), RatingLevel(name="Mixed", value=3),
        RatingLevel(name="Misleading", value=2), RatingLevel(name="False", value=1), RatingLevel(name="Unverifiable", value=None),
    ]


def level_named(scale: list[RatingLevel], name: str) -> RatingLevel | None:
    """The level of ``scale`` called ``name`` (as written, ignoring case), if there is one."""
    folded = name.strip().casefold()
    return next((level for level in scale if level.name.casefold() == folded), None) if folded else None


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address a reader can open (http or https, with a host), else
    None. Empty means not given, which is no problem here (exports say what is missing)."""
    if not value:
        return None
    problem = string_problem(value)
    if problem:
        return problem
    if value != value.strip() or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return f"must be a web address without spaces or control characters (got {value[:60]!r})"
    hidden = next((ch for ch in value if unicodedata.category(ch) == "Cf"), None)
    if hidden is not None:  # RFC 3987 §4.1: no bidirectional formatting characters in an IRI
        return f"must be a web address without invisible characters (U+{ord(hidden):04X} at position {value.index(hidden)}): it would show one address and lead to another"
    try:
        parts = urlsplit(value)
        scheme, host = parts.scheme.lower(), parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return f"must be a web address, as in https://example.org/page (got {value[:60]!r})"
    if scheme not in ("http", "https"):
        return f"must be a web address starting with http:// or https:// (got {value[:60]!r})"
    if not host:
        return f"must be a web address naming a host, as in https://example.org/page (got {value[:60]!r})"
    return None


def _check_url(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


class Publisher(_Strict):
    """Who publishes the fact-checks and where: a ClaimReview's ``author`` (the organisation)
    and ``url`` (the fact-check page). Empty until set; ClaimReview exports say what is missing."""

    organization: str = ""
    """The fact-checking organisation's name, e.g. "Example Fact Check"."""
    organization_url: str = ""
    """The organisation's home page (http or https)."""
    page_url: str = ""
    """The page that publishes these fact-checks (http or https)."""

    _encodable = field_validator("organization")(_check_encodable)
    _urls = field_validator("organization_url", "page_url")(_check_url)


class Metadata(_Strict):
    title: str = ""
    description: str = ""
    created: Time = Field(default_factory=now)
    reviews: list[ReviewInfo] = Field(default_factory=list)
    publisher: Publisher = Field(default_factory=Publisher)
    """The publishing details of the project's fact-checks (schema version 7)."""
    rating_scale: list[RatingLevel] = Field(default_factory=default_rating_scale, min_length=1)
    """The verdicts this project's fact-checks give, truest first (schema version 10)."""

    _encodable = field_validator("title", "description")(_check_encodable)

    @field_validator("rating_scale")
    @classmethod
    def _distinct_levels(cls, value: list[RatingLevel]) -> list[RatingLevel]:
        names = [level.name.strip().casefold() for level in value]
        twice = next((level.name for level, name in zip(value, names) if names.count(name) > 1), None)
        if twice is not None:
            raise ValueError(f"names the level {twice!r} twice (names must differ, ignoring case)")
        return value


class Project(_Strict):
    """The whole project file."""

    schema_version: StrictInt = SCHEMA_VERSION
    metadata: Metadata = Field(default_factory=Metadata)
    documents: list[Document] = Field(min_length=1)
