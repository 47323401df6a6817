"""Text helpers the suggesters share: sentences of a range, the language of a range, and the
words that mark speech and attribution in English and German.

Everything works on [lo, hi) of the whole text, so offsets are those of the article.
"""

from __future__ import annotations

import re

from ..sentences import word_before

Span = tuple[int, int]

_END = re.compile(r"[.!?…。！？]+[\"'”’“»«)\]]*(?=\s|$)|\n")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen sen rep gov lt col sgt capt maj prof jr sr inc ltd co corp vs etc e.g i.e u.s u.k u.n "
    "no nr jan feb mar apr jun jul aug sep sept oct nov dec z.b bzw ca u.a d.h vgl s.o ggf evtl usw "
    "jh mio mrd st. hr fr".split()
)
_MONTHS_DE = ("januar februar märz april mai juni juli august september oktober november dezember "
              "jahrhundert jahrhunderts mal").split()


def _not_an_end(text: str, dot: int) -> bool:
    """A full stop after an abbreviation, an initial or a German ordinal ("13. November")."""
    if text[dot] != ".":
        return False
    word = word_before(text, dot, "\"'“‘„»«(")
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return True
    if word.isdigit() and len(word) <= 2:  # "am 17. November", "im 19. Jahrhundert"
        following = text[dot + 1 : dot + 16].split()
        return bool(following) and following[0].lower().strip(".,") in _MONTHS_DE
    return False


def sentences(text: str, lo: int, hi: int) -> list[Span]:
    """Sentences (start, end) trimmed of spaces, of the lines overlapping [lo, hi).

    A sentence ends at ``.``, ``!``, ``?``, ``…`` (with closing quotes after them) before a
    space, or at a line break; ``lo`` and ``hi`` should be line edges."""
    found: list[Span] = []
    start = lo
    for match in _END.finditer(text, lo, hi):
        if match.group() != "\n" and _not_an_end(text, match.start()):
            continue
        end = match.start() if match.group() == "\n" else match.end()
        _add_trimmed(text, start, end, found)
        start = match.end()
    _add_trimmed(text, start, hi, found)
    return found


def _add_trimmed(text: str, start: int, end: int, into: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        into.append((start, end))


def line_edges(text: str, lo: int, hi: int, margin: int = 0) -> Span:
    """[lo, hi) widened by ``margin`` characters and then to whole lines."""
    lo = max(0, lo - margin)
    hi = min(len(text), hi + margin)
    start = text.rfind("\n", 0, lo) + 1
    end = text.find("\n", hi)
    return start, (len(text) if end < 0 else end)


_EN_WORDS = frozenset("the and of to in that is was for with said on as by it at from have has were are this be an".split())
_DE_WORDS = frozenset("der die das und ist nicht den dem mit von sich auch auf für ein eine sagte sagt des im zu wird".split())
_WORD = re.compile(r"[^\W\d_]+")


def language(text: str, lo: int = 0, hi: int | None = None, sample: int = 20_000) -> str:
    """"en", "de" or "other", from the commonest small words of (a sample of) the range."""
    hi = len(text) if hi is None else hi
    chunk = text[lo : min(hi, lo + sample)].lower()
    en = de = 0
    for word in _WORD.findall(chunk):
        en += word in _EN_WORDS
        de += word in _DE_WORDS
    words = max(1, len(chunk) // 6)
    if max(en, de) < max(3, words // 50):
        return "other"
    return "en" if en >= de else "de"


SPEECH_EN = (
    "said says say told tells tell added adds asked explained explains noted notes wrote writes stated states "
    "quipped warned warns argued argues insisted insists claimed claims declared replied continued recalled "
    "pledged promised described called vowed urged admitted acknowledged conceded testified tweeted posted "
    "saying adding according"
).split()
SPEECH_DE = (
    "sagte sagt sagen sagten erklärte erklärt erklärten betonte betont meinte meint schrieb schreibt schrieben "
    "erzählt erzählte berichtet berichtete warnt warnte sprach spricht forderte fordert kritisierte kritisiert "
    "so laut zufolge heißt hieß ergänzte ergänzt fügte antwortete antwortet räumte glaubt behauptet behauptete "
    "versicherte versichert twitterte"
).split()
