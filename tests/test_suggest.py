"""The suggesters one by one on small cases worked by hand, and ``suggest`` itself: ranges,
chunks, progress and cancel, rejections, existing annotations, learned phrases and model
(property-based where a rule holds for any text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import Cancelled
from annotator.core.suggest import Example, LearnedModel, Suggestion, language_of, suggest
from annotator.core.suggest._text import sentences


def spans(text: str, tag: str, **kw) -> list[str]:
    return [s.exact for s in suggest(text, tags=[tag], **kw)]


EN = ("The minister said on Monday that the plan was ready. “We will build 300 new schools by 2030,” "
      "she told Reuters. Critics called it “a fantasy”. According to the Office for Budget Responsibility, "
      "costs rose by 12% last year.\n\nThe film “The Irishman” won nothing. The strike reportedly killed "
      "four people, a claim that could not be independently verified.")


def test_quote_styles_pair_by_style_and_keep_nested_quotes_inside():
    cases = {
        "“We won,” she said of the vote.": "We won,",
        'He said "we \'will\' see" and left the room.': "we 'will' see",
        "„Das ist falsch“, sagte sie am Montag.": "Das ist falsch",
        "»Wir glauben erst mal gar nichts«, sagt der Chef.": "Wir glauben erst mal gar nichts",
        "Il a dit : « nous allons gagner la guerre » hier soir.": "nous allons gagner la guerre",
        "‹Wir kommen bald wieder zurück›, sagte er.": "Wir kommen bald wieder zurück",
        "彼は「明日は必ず雨が降るでしょう」と言った。": "明日は必ず雨が降るでしょう",
        "“He told me ‘never again’ and he meant it,” she said.": "He told me ‘never again’ and he meant it,",
    }
    for text, expected in cases.items():
        assert spans(text, "quote") == [expected], text


def test_titles_and_scare_quotes_are_not_quotes_unless_spoken():
    assert spans("The film “The Irishman” won nothing at the awards.", "quote") == []
    assert spans("It is not just an issue for “gig economy” workers in the sector.", "quote") == []
    assert spans("Amazon last year pledged to be “net zero carbon” by 2040.", "quote") == ["net zero carbon"]
    assert spans("Die Regel sei aus \"Verbrauchersicht völlig unverständlich\", warnt er.", "quote") == ["Verbrauchersicht völlig unverständlich"]


def test_a_quotation_carried_over_paragraphs_is_one_span_per_paragraph():
    text = "“The first paragraph of what she said goes on.\n\n“And the second one ends here,” she said."
    assert spans(text, "quote") == ["The first paragraph of what she said goes on.", "And the second one ends here,"]


def test_apostrophes_do_not_open_or_close_quotes():
    assert spans("Relotius' Textteile and the reporter's notes don't match, he said.", "quote") == []


def test_sources_are_the_credited_noun_phrase():
    found = spans(EN, "source")
    assert "The minister" in found and "the Office for Budget Responsibility" in found
    assert not any(s.lower() in ("she", "he", "it") for s in found)
    assert spans("Brad Smith, the company's president, said the plan works.", "source") == ["Brad Smith"]
    assert spans("“It works,” said Mark Parrington, a senior scientist.", "source", language="en") == ["Mark Parrington"]
    assert spans("But a spokesperson for the Universities and Colleges Employers’ Association (UCEA) said its members agreed.", "source") == [
        "a spokesperson for the Universities and Colleges Employers’ Association (UCEA)"]


def test_german_sources():
    assert spans("Laut dem Europäischen Rechnungshof den Bau von 10.000 Kilometern unterstützt.", "source") == ["dem Europäischen Rechnungshof"]
    assert spans("\"Das wird teuer\", sagt Fabian Stenger, der Deutschland-Chef von Flixbus.", "source") == ["Fabian Stenger"]
    assert spans("Vom größten Problem spricht der Manager eines anderen Konkurrenten der Bahn, der nicht genannt werden will.", "source") == [
        "der Manager eines anderen Konkurrenten der Bahn"]


GERMAN_ATTRIBUTIONS = [  # common wire-copy orders, written for this test: none is from the evaluation set
    ("Wie das Statistische Bundesamt am Dienstag mitteilte, stiegen die Preise um drei Prozent.", "das Statistische Bundesamt"),
    ("Wie die Nachrichtenagentur dpa berichtet, wurde der Vertrag gekündigt.", "die Nachrichtenagentur dpa"),
    ("Wie ein Sprecher der Stadt auf Anfrage mitteilte, bleibt die Brücke gesperrt.", "ein Sprecher der Stadt"),
    ("Das Robert Koch-Institut meldete am Montag 500 neue Fälle.", "Das Robert Koch-Institut"),
    ("Dies geht aus einem Bericht des Bundesrechnungshofs hervor, der dem SPIEGEL vorliegt.", "einem Bericht des Bundesrechnungshofs"),
    ("Wie aus einem internen Papier des Ministeriums hervorgeht, fehlen 200 Stellen.", "einem internen Papier des Ministeriums"),
    ("Unter Berufung auf Regierungskreise berichtet die Zeitung von neuen Plänen.", "Regierungskreise"),
    ("Aus Regierungskreisen hieß es, eine Einigung sei nahe.", "Regierungskreisen"),
    ("Eine Einigung sei nicht in Sicht, hieß es aus der Gewerkschaft.", "der Gewerkschaft"),
    ("Nach Darstellung der Staatsanwaltschaft soll der Mann das Geld veruntreut haben.", "der Staatsanwaltschaft"),
    ("Einem Bericht der »Bild«-Zeitung zufolge will der Minister zurücktreten.", "Einem Bericht der »Bild«-Zeitung"),
    ("Die Firma, deren Sprecherin das bestätigte, äußerte sich nicht weiter.", "deren Sprecherin"),
    ("Sein Anwalt erklärte, der Mandant sei unschuldig.", "Sein Anwalt"),
    ("Das Unternehmen wies die Vorwürfe am Abend zurück.", "Das Unternehmen"),
    ("Die Studie zeigt, dass jedes dritte Kind betroffen ist.", "Die Studie"),
]


@pytest.mark.parametrize(("sentence", "source"), GERMAN_ATTRIBUTIONS)
def test_german_word_orders_of_attribution(sentence, source):
    assert spans(sentence, "source", language="de") == [source]


def test_findings_are_credited_to_documents_only_and_possessives_name_sources():
    assert spans("The study found that one in three children was affected.", "source", language="en") == ["The study"]
    assert spans("Its spokesman said the plant would close in May.", "source", language="en") == ["Its spokesman"]
    assert spans("The company found a buyer for the plant in May.", "source", language="en") == []  # no document
    assert spans("His said the plant would close.", "source", language="en") == []  # a possessive alone names nobody


def test_hedges_mark_the_sentence():
    found = spans(EN, "unverified")
    assert found == ["The strike reportedly killed four people, a claim that could not be independently verified."]
    de = "Der Mann hat angeblich geschossen. Er soll in Afghanistan gedient haben. Die Bahn fährt um acht Uhr."
    assert spans(de, "unverified", language="de") == ["Der Mann hat angeblich geschossen.", "Er soll in Afghanistan gedient haben."]
    assert spans("The company claims it grew. Revenue was estimated at $2m.", "unverified") == []


def test_claims_need_check_worthy_features():
    found = spans(EN, "claim")
    assert "According to the Office for Budget Responsibility, costs rose by 12% last year." in found
    assert not any(s.startswith("Critics called") for s in found)
    assert spans("I think we should all be kinder to each other?", "claim") == []


def test_other_languages_get_quotes_and_learned_only():
    text = "Il ministro ha detto: «Abbiamo costruito trecento scuole nuove quest'anno». Secondo Reuters, il 12% in più nel 2023."
    assert language_of(text) == "other"
    found = suggest(text, learned_from=[("source", "Reuters")])
    assert {(s.tag, s.suggester) for s in found} == {("quote", "quotes"), ("source", "learned")}


def test_sentences_keep_abbreviations_and_german_ordinals():
    text = "Es ist der 13. November. Dr. André Geicke prüft es. U.S. officials said so."
    assert [text[a:b] for a, b in sentences(text, 0, len(text))] == ["Es ist der 13. November.", "Dr. André Geicke prüft es.", "U.S. officials said so."]


def test_rejected_and_existing_are_not_offered_again():
    everything = suggest(EN)
    first = everything[0]
    again = suggest(EN, rejected={first.key()})
    assert first not in again and len(again) == len(everything) - 1
    assert first.key()[1:3] not in {(s.start, s.end) for s in suggest(EN, existing=[(first.tag, first.start, first.end)]) if s.tag == first.tag}


def test_learned_phrases_are_suggested_where_they_recur_with_their_reason():
    text = "The Tehran Times ran the story. Later the Tehran Times ran more on it. Tehran Timesless is no match."
    found = [s for s in suggest(text, tags=["source"], learned_from=[("source", "Tehran Times"), ("source", "Tehran Times")]) if s.suggester == "learned"]
    assert [(s.exact, s.start) for s in found] == [("Tehran Times", 4), ("Tehran Times", 42)]
    assert "elsewhere (2×)" in found[0].reason


def test_learned_model_drops_what_the_user_rejects_and_keeps_what_they_accept():
    accepted = [Example("quote", f"We will build {n} new schools in the city", "", " she said", True) for n in range(10)]
    rejected = [Example("quote", f"Operation Storm Number {n} Part Two", "", " began", False) for n in range(10)]
    model = LearnedModel.train(accepted + rejected)
    assert model.probability("quote", "We will build many new schools in the town", "", " he said") > 0.5
    assert model.probability("quote", "Operation Thunder Number Nine Part Two", "", " began") < 0.5
    assert model.probability("claim", "anything") is None  # no examples: no opinion
    text = "“Operation Storm Number Five Part Two” began at dawn, said the army. “We will build ten new schools,” she said."
    without, with_model = spans(text, "quote"), spans(text, "quote", model=model)
    assert "Operation Storm Number Five Part Two" not in with_model and "We will build ten new schools," in with_model
    assert len(without) >= len(with_model)


def test_a_range_gives_what_the_whole_text_gives_there():
    text = "\n\n".join([EN] * 40)
    whole = suggest(text)
    a, b = len(text) // 3, len(text) // 3 + 3000
    part = suggest(text, start=a, end=b)
    assert part == [s for s in whole if s.end > a and s.start < b]


def test_chunks_report_progress_and_cancel():
    text = "\n\n".join([EN] * 400)  # about 180,000 characters: three chunks
    seen = []
    chunked = suggest(text, progress=lambda done, total: seen.append((done, total)))
    assert len(seen) >= 3 and seen[-1][0] == seen[-1][1] == len(text)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    calls = []
    with pytest.raises(Cancelled):
        suggest(text, cancelled=lambda: calls.append(1) or len(calls) > 1)
    assert len({s.key() for s in chunked}) == len(chunked)


def test_unknown_tags_are_refused():
    with pytest.raises(ValueError):
        suggest(EN, tags=["opinion"])


fragments = st.sampled_from([
    "“We won,” she said.", "„Das stimmt“, sagte er.", "«Oui», dit-il.", "The 12% rise was reportedly false.",
    "According to Reuters, 40 people died.", "He said", "“", "”", "\"", "'", "»", "«", "\n", "\n\n", " ", "Mr. ",
    "angeblich", "Laut Scheuer", "「はい」", "abc", "2020", ",", ".",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(fragments, max_size=40))
def test_any_text_gives_sorted_unique_suggestions_whose_exact_is_the_text(parts):
    text = "".join(parts)
    found = suggest(text, learned_from=[("source", "Reuters"), ("claim", "40 people died")])
    assert found == sorted(found, key=lambda s: (s.start, s.end, ["claim", "quote", "source", "unverified"].index(s.tag)))
    assert len({(s.tag, s.start, s.end) for s in found}) == len(found)
    for s in found:
        assert isinstance(s, Suggestion) and 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.exact and s.exact == s.exact.strip() and s.reason and 0 < s.score <= 1


@settings(max_examples=60, deadline=None)
@given(st.lists(fragments, max_size=60), st.integers(0, 400), st.integers(0, 400))
def test_any_range_is_the_whole_texts_suggestions_there(parts, a, length):
    text = "".join(parts)
    a = min(a, len(text))
    b = min(len(text), a + length)
    whole = suggest(text, language="en")
    assert suggest(text, start=a, end=b, language="en") == [s for s in whole if s.end > a and s.start < b]


def test_a_learned_phrase_inside_a_rule_span_of_the_same_tag_is_left_out():
    text = "“Das wird teuer”, sagt Flixbus-Manager Stenger. Stenger fährt Bus."
    found = [(s.exact, s.suggester) for s in suggest(text, tags=["source"], learned_from=[("source", "Stenger")], language="de")]
    assert found == [("Flixbus-Manager Stenger", "sources"), ("Stenger", "learned")]
