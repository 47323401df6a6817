"""Sources: who information is credited to, in English and German.

The span is the name or noun phrase credited, as the sample tags "the Russian Defense
Ministry", "Reuters" or "a spokesperson for the ministry": with the role words before a name
("Chief Executive Satya Nadella") but without an apposition after a comma. Found from
"according to X", "citing X", "X said/told/wrote …", "…,” said X", "a spokesperson for X",
"laut X", "X zufolge", "nach Informationen X", "sagte X", "X sagte". Pronouns are no source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ._text import sentences

NAME = "sources"

_VERBS_EN = ("said says reports criticized criticised told tells added adds noted notes wrote writes warned warns predicts predicted reported "
             "stated argued argues insisted explained explains claims claimed estimates estimated concluded "
             "quipped confirmed denied acknowledged admitted recalled tweeted").split()
_VERBS_DE = ("sagte sagt sagten sagen erklärte erklärt erklärten betonte betont behauptet behauptete schrieb schreibt "
             "schrieben berichtet berichtete berichten kritisierte kritisiert meinte meint warnt warnte erzählt "
             "erzählte glaubt sprach spricht ergänzte bestätigte bestätigt räumte teilte teilt teilten mitteilte mitteilt mitteilten "
             "meldete meldet meldeten wies warnen").split()
_ROLE = frozenset((
    "spokesperson spokesman spokeswoman spokespeople representative official officials minister ministry secretary "
    "director president chief executive chairman chairwoman chair founder co-founder ceo cfo head leader manager "
    "actor actress editor analyst analysts scientist scientists researcher researchers professor expert experts "
    "economist economists lawyer attorney prosecutor prosecutors police investigators report reports study "
    "studies statement survey poll data agency agencies authorities sources source witnesses residents "
    "officer officers commander general colonel senator governor mayor judge court government staff others "
    "academic academics member members activist activists company firm group newspaper broadcaster post posts "
    "article paper document documents letter filing analysis review assessment records figures estimates memo "
    "interview website sprecher sprecherin ministerium bericht studie umfrage angaben chef chefin"
).split())
_LEAD = frozenset("the a an one some several many most two three four der die das dem den des dessen deren ein eine einem einen einer eines".split())
_POSSESSIVE = frozenset((
    "his her its their our sein seine seinem seinen seiner seines ihr ihre ihrem ihren ihrer ihres unser unsere dessen deren"
).split())
"""Possessive determiners: "its spokesman said", "ihre Sprecherin erklärte" name a source
(the pronoun alone never does)."""
_RELATIVE_POSSESSIVE = frozenset("dessen deren whose".split())
_AGENCIES = frozenset("dpa afp epd kna sid apa ddp".split())
"""News agencies written in lower case ("die Nachrichtenagentur dpa")."""
_DE_FRONTED = frozenset((
    "vom von im in am an nach bei mit für über zu zum zur auf aus so schließlich dann danach jetzt nun heute gestern "
    "zudem außerdem deshalb daher trotzdem dennoch zuletzt später damals inzwischen bislang bisher immerhin "
    "allerdings auch doch hier dort da dabei darüber dazu davon hinzu"
).split())
_PRONOUNS = frozenset("he she it they we i you who which that this these those er sie es wir ich man".split())
_NOT_A_SUBJECT = frozenset((
    "if as when while although though because since once unless today yesterday earlier later last this then there "
    "here wenn als ob während weil obwohl seit heute gestern dann da dort hier"
).split())
_AUXILIARIES = frozenset("is was are were has have had will would can could hat hatte ist sind war waren wird wurde kann".split())
_JOINERS = frozenset("for of at from and des der eines einer von für".split())
_NAME_PARTICLES = frozenset("de van von der da di du al bin la le ter ten del dos".split())
_SKIP_LEAD = re.compile(r"^(?:but|and|yet|so|also|now|then|doch|aber|und|auch|denn|so)\s+", re.IGNORECASE)
_VERB_FIRST = re.compile(
    r"(?:[”\"«»“]\s*|,\s+|:\s+)(?:" + "|".join(_VERBS_EN + _VERBS_DE) + r")\s+(?:auch\s+|also\s+)?(?=\S)")
_SUBJECT_VERB = re.compile(r"(?<=\s)(?:" + "|".join(_VERBS_EN + _VERBS_DE) + r")(?=[\s,.:;])")
_PREPOSITIONAL = re.compile(
    r"(?<!\w)(?:according to|citing|quoting|laut|nach (?:Informationen|Angaben|Recherchen|Einschätzung|Ansicht"
    r"|Darstellung|Auskunft|Aussagen?|Schätzungen?|Erkenntnissen|Berechnungen|Daten|Ermittlungen)"
    r"|unter Berufung auf|zitiert nach|hieß es (?:aus|von|bei|in)|reported by|told by)\s+(?=\S)", re.IGNORECASE)
_WIE = re.compile(r"(?:(?<=^)|(?<=[\s,(]))[Ww]ie\s+(?=\S)")
"""German "Wie X mitteilte, …": the subject comes straight after "Wie", the verb at the clause's end."""
_HERVOR = re.compile(r"(?<!\w)[Aa]us\s+(?=(?:einem|einer|dem|der|den)\s)")
"""German "Dies geht aus einem Bericht des X hervor", "wie aus einem Papier hervorgeht"."""
_AUS_HIESS = re.compile(r"(?<!\w)Aus\s+(?=\S+(?:\s+\S+)?\s+hieß es)")
"""German "Aus Regierungskreisen hieß es"."""
_FINDING = re.compile(r"(?<=\s)(?:found|finds|shows|showed|shown|suggests|suggested|reveals|revealed|concludes|explores|"
                      r"zeigt|zeigte|zeigen|belegt|belegte|ergab|ergibt|kommt|kam)(?=[\s,.:;])")
"""What a report, study or survey finds: credited to the document, not to a person."""
_DOCUMENTS = frozenset((
    "report reports study studies survey surveys poll polls analysis review research data figures paper audit investigation "
    "inquiry assessment bericht berichte studie studien umfrage umfragen analyse untersuchung daten zahlen erhebung "
    "gutachten papier statistik"
).split())
_ZUFOLGE = re.compile(r"(?<=\s)zufolge(?!\w)")
_TOKEN = re.compile(r"[^\s]+")
_QUOTE_MARKS = "“”„\"«»‹›‘’'"


def _capitalised(word: str) -> bool:
    word = word.lstrip(_QUOTE_MARKS + "(")
    return bool(word) and (word[0].isupper() or bool(re.match(r"\d+-[A-ZÄÖÜ]", word)))


def _phrase_after(text: str, pos: int, stop: int, lang: str) -> tuple[int, int] | None:
    """The noun phrase naming a source that starts at ``pos`` (determiner, roles, names)."""
    tokens = list(_TOKEN.finditer(text, pos, min(stop, pos + 160)))
    end = None
    last_content = None
    pending_joiner = False
    for n, t in enumerate(tokens):
        raw = t.group()
        word = raw.rstrip(".,;:!?)”\"«»“'’")
        cut = len(word) < len(raw)
        low = word.lower()
        if not word:
            break
        if n == 0 and (low in _LEAD or low in _POSSESSIVE and n + 1 < len(tokens) and _capitalised(tokens[n + 1].group())):
            pending_joiner = True
        elif low in _PRONOUNS and n == 0:
            return None
        elif _capitalised(word) or low in _ROLE or low in _AGENCIES or (word[0].isdigit() and n > 0 and tokens[0].group().lower() in _LEAD):
            last_content = t.start() + len(word)
            end = last_content
            pending_joiner = False
        elif low in _NAME_PARTICLES and n + 1 < len(tokens) and _capitalised(tokens[n + 1].group()):
            pending_joiner = True
        elif low in _JOINERS and end is not None and not cut:
            pending_joiner = True
        elif low in _LEAD and pending_joiner:
            pass
        elif lang == "de" and pending_joiner and low.endswith(("en", "er", "es", "e")) and not cut:
            pass
        elif not cut and any(nxt.group().lower().rstrip(".,;:") in _ROLE for nxt in tokens[n + 1:n + 3]):
            pass  # "local news reports", "a blog post"
        else:
            break
        if cut:
            break
    if end is None:
        return None
    return pos, end


def _clean_piece(text: str, start: int, end: int, lang: str) -> tuple[int, int] | None:
    """A subject before a speech verb, if it names someone: not a pronoun nor a clause."""
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    start += lead
    piece = piece.strip()
    m = _SKIP_LEAD.match(piece)
    if m:
        start += m.end()
        piece = piece[m.end():]
    end = start + len(piece.rstrip(" ,"))
    piece = text[start:end]
    words = piece.split()
    if not words or len(words) > 12:
        return None
    if words[0].lower() in _PRONOUNS or (len(words) == 1 and words[0].lower() in _LEAD | _POSSESSIVE):
        return None
    if words[0].lower() in _NOT_A_SUBJECT:
        return None
    first = words[0].lstrip(_QUOTE_MARKS)
    possessive = words[0].lower() in _POSSESSIVE and (_capitalised(words[1]) or words[1].lower() in _ROLE)
    if not first or not (first[0].isupper() or words[0].lower() in _LEAD | _ROLE or possessive or first[0] in "“\"„"):
        return None
    if any(w.lower() in ("who", "which", "that", "der", "die", "das") and i > 0 and words[i - 1].endswith(",") for i, w in enumerate(words)):
        return None
    lowered = [w for w in words[1:] if not _capitalised(w) and w.lower() not in _ROLE | _JOINERS | _LEAD | _NAME_PARTICLES]
    if len(lowered) > (2 if lang == "de" else 3):  # German nouns are capitalised: fewer lowercase words
        return None
    if any(w.lower().strip(",.") in _PRONOUNS | _AUXILIARIES for w in words[1:]):
        return None
    return start, end


def _subject_before(text: str, verb: int, sentence_start: int, lang: str) -> tuple[int, int] | None:
    """The subject of the speech verb at ``verb``: back to the sentence start or a closing quote."""
    region = text[sentence_start:verb]
    boundary = max((i for i, c in enumerate(region) if c in "”\"«»“;:" and (i + 1 == len(region) or region[i + 1] in " \t,.")),
                   default=-1)  # a closing mark or a colon: not the » of »Bild«-Zeitung
    from_quote = boundary >= 0
    base = sentence_start + boundary + 1
    region = text[base:verb]
    pieces = []
    offset = base
    for part in region.split(","):
        pieces.append((offset, offset + len(part)))
        offset += len(part) + 1
    pieces = [p for p in pieces if text[p[0]:p[1]].strip()]
    if not pieces:
        return None
    toks = text[verb:verb + 40].split()
    trailing = bool(toks) and (toks[0].endswith(".") or (len(toks) > 1 and toks[1].endswith(".") and len(toks[1]) < 10))
    last_words = text[pieces[-1][0]:pieces[-1][1]].split()
    if from_quote:
        choice = pieces[0]
    elif len(pieces) > 1 and last_words and last_words[0].lower() in _RELATIVE_POSSESSIVE:
        # "…, ein großer Apparat, dessen Chef sagt": the relative clause's own subject, its noun phrase only
        return _phrase_after(text, pieces[-1][0] + len(text[pieces[-1][0]:pieces[-1][1]]) - len(text[pieces[-1][0]:pieces[-1][1]].lstrip()),
                             verb, lang)
    elif len(pieces) > 1 and (trailing or _introductory(text[pieces[0][0]:pieces[0][1]])):
        choice = pieces[-1]
    else:
        choice = pieces[0]
    if choice is pieces[0] and len(pieces) == 1:
        clause = re.search(r"(?<!\w)(?:that|after|while|because|when|dass|weil)\s+(?=\S)", text[choice[0]:choice[1]])
        if clause and len(text[choice[0]:choice[1]].split()) > 6:
            choice = (choice[0] + clause.end(), choice[1])
    return _clean_piece(text, *choice, lang)


def _german(text: str, s_start: int, s_end: int, found: dict) -> None:
    """German word orders the verb-after-subject rules miss: "Wie X mitteilte, …", "aus einem
    Bericht des X hervorgehen", "Aus X hieß es"."""
    for m in _WIE.finditer(text, s_start, s_end):
        comma = text.find(",", m.end(), s_end)
        clause_end = s_end if comma < 0 else comma
        last = text[m.end():clause_end].split()
        if last and last[-1].rstrip(".") in _VERBS_DE:
            span = _phrase_after(text, m.end(), clause_end, "de")
            if span and not any(a < span[1] and span[0] < b for a, b in found):
                found[span] = (f"subject of “Wie … {last[-1]}”", 0.8)
    if "hervor" in text[s_start:s_end]:
        for m in _HERVOR.finditer(text, s_start, s_end):
            span = _phrase_after(text, m.end(), s_end, "de")
            if span and "hervor" in text[span[1]:s_end] and not any(a < span[1] and span[0] < b for a, b in found):
                found[span] = ("credited with “aus … hervor”", 0.8)
    for m in _AUS_HIESS.finditer(text, s_start, s_end):
        span = _phrase_after(text, m.end(), s_end, "de")
        if span and not any(a < span[1] and span[0] < b for a, b in found):
            found[span] = ("credited with “aus … hieß es”", 0.8)


def _introductory(piece: str) -> bool:
    first = piece.split()[0].lower() if piece.split() else ""
    return first.endswith("ing") or first in ("in", "on", "at", "after", "before", "speaking", "citing", "according", "as",
                                            "if", "when", "today", "yesterday", "earlier", "later", "last", "this",
                                            "im", "am", "nach", "bei", "seit", "laut", "citing", "with", "while")


def suggest(text: str, lo: int, hi: int, lang: str) -> Iterator[tuple[str, int, int, str, float]]:
    """(tag, start, end, reason, score) of each source credited in [lo, hi)."""
    if lang not in ("en", "de"):
        return
    for s_start, s_end in sentences(text, lo, hi):
        found: dict[tuple[int, int], tuple[str, float]] = {}
        for m in _PREPOSITIONAL.finditer(text, s_start, s_end):
            span = _phrase_after(text, m.end(), s_end, lang)
            if span:
                found.setdefault(span, (f"credited with “{m.group().strip()}”", 0.9))
        named_after = set()
        for m in _VERB_FIRST.finditer(text, s_start, s_end):
            span = _phrase_after(text, m.end(), s_end, lang)
            if span:
                named_after.add(m.start() + len(m.group()) - len(m.group().lstrip(_QUOTE_MARKS + " ,:")))
                verb = m.group().strip(_QUOTE_MARKS + " ,:")
                found.setdefault(span, (f"named after “{verb.split()[0]}”", 0.85))
        if lang == "de":
            _german(text, s_start, s_end, found)
        for m in _FINDING.finditer(text, s_start, s_end):
            span = _subject_before(text, m.start(), s_start, lang)
            if span and text[span[0]:span[1]].split()[-1].lower() in _DOCUMENTS and not any(a < span[1] and span[0] < b for a, b in found):
                found[span] = (f"what the document “{m.group()}”", 0.75)
        for m in _SUBJECT_VERB.finditer(text, s_start, s_end):
            if any(a <= m.start() < b + 3 for a, b in found) or m.start() in named_after:
                continue
            head = text[s_start:m.start()].split()
            if lang == "de" and head and (head[0].lower() in _DE_FRONTED or (len(head) == 1 and head[0].lower() in ("das", "dies", "dieses"))):
                # "Vom … spricht der Manager", "Das sagte ein Sprecher": the subject after the verb
                span = _phrase_after(text, m.end() + 1, s_end, lang)
                if span and not any(a < span[1] and span[0] < b for a, b in found):
                    found[span] = (f"named after “{m.group()}”", 0.8)
                continue
            span = _subject_before(text, m.start(), s_start, lang)
            if span and not any(a < span[1] and span[0] < b for a, b in found):
                found[span] = (f"subject of “{m.group()}”", 0.75)
        for m in _ZUFOLGE.finditer(text, s_start, s_end):
            span = _subject_before(text, m.start(), s_start, lang)
            if span:
                found.setdefault(span, ("credited with “zufolge”", 0.85))
        for (start, end), (reason, score) in found.items():
            yield "source", start, end, reason, score
