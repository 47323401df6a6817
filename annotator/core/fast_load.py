"""The quick way to read a current project file: one pass in Rust, every key counted.

``json.loads`` builds a Python object for every value before pydantic looks at it; letting
pydantic read the bytes itself (``model_validate_json``) skips that and loads 100,000
annotations in about half the time. Its JSON reader keeps the last of a repeated key without
a word, though, and a project file with a key twice is ambiguous: other programs may read the
other value. So the members of every object are counted in the bytes and compared with the
fields pydantic filled in. Any difference, or anything unusual at all, returns None and the
file goes the careful way (``storage.parse_project``), which finds and names the problem.
"""

from __future__ import annotations

import codecs
from operator import attrgetter

from pydantic import BaseModel, ValidationError

from .bulk import gc_paused
from .model import NO_SURROGATES, SCHEMA_VERSION, Annotation, Project

_NAME_CHARS = b"abcdefghijklmnopqrstuvwxyz0123456789_"
_KEY_CHARS = bytes.maketrans(_NAME_CHARS, b"a" * len(_NAME_CHARS))
_fields_set = attrgetter("__pydantic_fields_set__")
_quote = attrgetter("quote")


def parse_current(data: bytes) -> Project | None:
    """The project in ``data`` if it is a valid current-version file with no repeated key."""
    if data.startswith(codecs.BOM_UTF8):
        return None
    with gc_paused():
        try:
            # The JSON reader refuses lone surrogate escapes, so no string can hold one.
            project = Project.model_validate_json(data, context={NO_SURROGATES: True})
        except ValidationError:
            return None
    if "schema_version" not in project.model_fields_set or project.schema_version != SCHEMA_VERSION:
        return None  # older files are migrated from their raw JSON; newer ones are refused
    if members_in_json(data) != members_parsed(project):
        return None
    return project


def members_in_json(data: bytes) -> int:
    """How many object members (key: value pairs) valid JSON ``data`` holds, when every key is
    a project field name (lowercase letters, digits and ``_``; any other key fails validation).

    A member is a key's closing quote, optional whitespace, then a colon. With whitespace
    deleted and every letter, digit and ``_`` turned into ``a``, that is ``a":``. Nothing else
    looks like it: a quote inside a string follows a backslash, and a string value's opening
    quote follows ``:``, ``[`` or ``,``. Two C passes: about 0.17 s for 100,000 annotations.
    """
    return data.translate(_KEY_CHARS, b" \t\r\n").count(b'a":')


def members_parsed(value: BaseModel | list) -> int:
    """How many fields the input gave, over ``value`` and every model inside it."""
    if isinstance(value, BaseModel):
        nested = (v for v in value.__dict__.values() if isinstance(v, (BaseModel, list)))
        return len(value.__pydantic_fields_set__) + sum(members_parsed(v) for v in nested)
    if value and isinstance(value[0], Annotation):
        return _annotation_members(value)
    return sum(members_parsed(item) for item in value if isinstance(item, BaseModel))


def _annotation_members(annotations: list[Annotation]) -> int:
    """``members_parsed`` of an annotation list, with C-level maps for 100,000 of them."""
    total = sum(map(len, map(_fields_set, annotations))) + sum(map(len, map(_fields_set, map(_quote, annotations))))
    return total + sum(members_parsed(a.comments) for a in annotations if a.comments)
