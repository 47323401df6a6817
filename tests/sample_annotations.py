"""The sample projects' annotations, written as two fact-checkers would, and how to rebuild them.

``python -m tests.sample_annotations`` rewrites the two files in projects/ from
../shared/articles/russian-bombers-iran.txt: my annotations, and a colleague's made
independently (some agreeing, some with other tags or boundaries, some only one of us
marked), so that a review can be tried at once; then each of our fact-checks of it (links,
speakers, verdicts, outside evidence, a verdict on the article: ``MINE`` and ``THEIRS``),
which again agree in part. Ids and times are fixed so the files are reproducible byte for
byte (tests/test_sample_project.py checks that).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
import tempfile
from pathlib import Path

from annotator.core.anchoring import quote_for
from annotator.core.article import read_article
from annotator.core.model import Annotation, Evidence, Link, Metadata, Project, Relation, Tag
from annotator.core.storage import dumps

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT.parent / "shared" / "articles" / "russian-bombers-iran.txt"
SAMPLE = ROOT / "projects" / "russian-bombers-iran.annotator.json"
COLLEAGUE = ROOT / "projects" / "russian-bombers-iran.colleague.annotator.json"
NAME = "annotator-sample:russian-bombers-iran"
AUTHOR = "Sam Checker (sample)"
COLLEAGUE_AUTHOR = "Alex Reviewer (sample)"
START = datetime(2016, 8, 16, 18, 0, tzinfo=timezone(timedelta(hours=-4)))
COLLEAGUE_START = datetime(2016, 8, 17, 9, 30, tzinfo=timezone(timedelta(hours=1)))

C, Q, S, U = Tag.CLAIM, Tag.QUOTE, Tag.SOURCE, Tag.UNVERIFIED
SUPPORTS, DISPUTES, ATTRIBUTES, CONTEXT = Relation.SUPPORTS, Relation.DISPUTES, Relation.ATTRIBUTES, Relation.CONTEXT

# (tag, exact text, note, text just before which to start looking, for repeated phrases)
SPANS: list[tuple[Tag, str, str, str | None]] = [
    (C, "Russian Bombers Are Flying Anti-ISIS Missions From Iranian Air Base",
     "Headline. Rests entirely on the Russian Defense Ministry statement below.", None),
    (C, "A Russian long range bomber Tu-22M3 flies during an air strike over Aleppo region of Syria, Aug. 16, 2016.",
     "Caption: the photo is from the ministry itself, so it cannot confirm where the plane took off.", None),
    (S, "Russian Defence Ministry Press Service photo via AP Photo",
     "Handout photo from a party to the conflict, distributed by AP.", None),
    (C, "Russian warplanes are now taking off from an Iranian air base to target ISIS in Syria.", "", "Target ISIS in Syria\n"),
    (S, "the Russian Defense Ministry", "Official statement of 16 Aug 2016.", "In a statement, "),
    (C, "Tu-22M3 long-range bombers and Su-34 fighter bombers had taken off from Khamandan air base in Iran to target ISIS "
        "and the terrorist group Jabhat al-Nusra in the provinces of Aleppo, Deir-ez Zor and Idlib",
     "Check the base name: other reports call it Hamadan (Shahid Nojeh) air base. "
     "Deir-ez Zor is mostly held by ISIS, Idlib by al-Nusra: does the target list fit?", None),
    (C, "Fighter jets from Syria’s Hmeimeem base supported the bombers", "Usually spelled Hmeimim.", None),
    (S, "according to the statement", "", "supported the bombers, "),
    (S, "A video released by the Russian Defense Ministry", "", None),
    (C, "includes a cockpit view of a Tu-22M3 bomber flying over Syria before dropping its munitions",
     "The video shows a strike, not the departure from Iran.", None),
    (U, "If confirmed, this will be the first time the Russians have launched their warplanes from inside Iran since "
        "Moscow began striking targets in support of Syrian President Bashar al-Assad last September.",
     "The article itself marks this as not yet confirmed.", None),
    (C, "Moscow began striking targets in support of Syrian President Bashar al-Assad last September",
     "Russian air campaign began 30 Sep 2015: consistent.", None),
    (S, "Reuters", "", None),
    (Q, "thought to be the first time that Iran has allowed a foreign power to use its territory for military operations "
        "since the 1979 Islamic revolution.",
     "Quoted from Reuters, which names no source for it.", None),
    (U, "thought to be the first time that Iran has allowed a foreign power to use its territory for military operations "
        "since the 1979 Islamic revolution.",
     "Hedged (“thought to be”). Check for earlier cases of foreign forces operating from Iran.", None),
    (S, "Army Col. Christopher Garver, spokesman for Combined Joint Task Force–Operation Inherent Resolve",
     "Named, on-record US military spokesman.", None),
    (C, "the Russian planes did not affect coalition operations in Iraq or Syria", "", None),
    (Q, "The Russians did notify the coalition as per the Memorandum of Understanding for safety of flight",
     "Garver, on record.", None),
    (C, "the Memorandum of Understanding for safety of flight",
     "US–Russia memorandum on air safety over Syria, signed Oct 2015: exists.", None),
    (Q, "They activated that system, as we have in the past. They informed us they were coming through and we ensured "
        "safety of flight as those bombers passed through the area and toward their target and then when they passed out again.",
     "Garver, on record.", None),
    (U, "Garver would not confirm if ISIS targets were in Aleppo or Idlib",
     "The US spokesman declined to confirm the Russian target list.", None),
    (C, "the U.S.-led coalition had not struck targets in those areas in a “very long time.”",
     "Compare with coalition strike reports for Aleppo and Idlib provinces.", None),
    (Q, "very long time.", "", "in a “"),
    (Q, "We don’t see concentrations of ISIS in those areas", "Garver. Contradicts the Russian claim of ISIS targets there.", None),
    (S, "Garver", "", "he added.\n\n"),
    (C, "the coalition has struck targets in Deir-ez Zor", "Check coalition strike releases for Deir ez-Zor, Aug 2016.", None),
    (C, "Russia’s decision signals their increased desire for influence in the region, as well as a strengthening of its "
        "relationship with Iran.",
     "Interpretation by the reporter, not attributed: not a checkable fact as stated.", None),
    (C, "Just last week in Azerbaijan, Russian President Vladimir Putin met with Iranian leader Hassan Rouhani to discuss "
        "regional security and cooperation.",
     "Baku trilateral summit with Aliyev, 8 Aug 2016: consistent.", None),
    (S, "Tehran Times", "State-aligned Iranian daily.", None),
    (Q, "expansion of ties", "Mismatched quotation marks in the original (straight open, curly close).", None),
    (S, "Interfax news service", "Russian news agency; single source for this report.", None),
    (C, "Russia asked Iran and Iraq last week if Russian cruise missiles could pass through their airspace", "", None),
    (C, "the five-year Syrian civil war", "War began March 2011: five years is right.", None),
    (C, "Syrian and Russian airstrikes on besieged Aleppo killed over 45 people last weekend alone",
     "Casualty figure from one monitor; look for a second count.", None),
    (S, "the Syrian Observatory of Human Rights",
     "UK-based monitor; its name is Syrian Observatory for Human Rights (misspelled here).", None),
    (C, "Russian instated a three-hour halt to its military activities in Aleppo last week to allow for humanitarian aid "
        "to reach the city", "Typo in original: “Russian” for “Russia”.", None),
    (S, "the United Nations", "Which UN body or official? The article does not say.", None),
    (C, "criticized the length of that pause, saying it was far too short to allow supplies to reach the city", "", None),
    (S, "The New York Times", "", None),
    (U, "Russia is now considering working with the United States militarily to attack ISIS in Aleppo",
     "Second-hand report of deliberations; nothing agreed (next sentence).", None),
    (S, "U.S. officials", "Unnamed.", None),
    (C, "there was no agreement with the Russians", "", None),
]

# The colleague's independent pass over the same article.
COLLEAGUE_SPANS: list[tuple[Tag, str, str, str | None]] = [
    (C, "Russian Bombers Are Flying Anti-ISIS Missions From Iranian Air Base", "", None),
    (C, "A Russian long range bomber Tu-22M3 flies during an air strike over Aleppo region of Syria",
     "Date belongs to the photo, not the claim.", None),
    (S, "Russian Defence Ministry Press Service photo via AP Photo", "", None),
    (S, "the Russian Defense Ministry", "", "In a statement, "),
    (U, "Tu-22M3 long-range bombers and Su-34 fighter bombers had taken off from Khamandan air base in Iran to target ISIS "
        "and the terrorist group Jabhat al-Nusra in the provinces of Aleppo, Deir-ez Zor and Idlib",
     "Only the ministry says so; nobody independent confirms the take-off from Iran.", None),
    (C, "Fighter jets from Syria’s Hmeimeem base supported the bombers, according to the statement.", "", None),
    (S, "A video released by the Russian Defense Ministry", "", None),
    (U, "If confirmed, this will be the first time the Russians have launched their warplanes from inside Iran since "
        "Moscow began striking targets in support of Syrian President Bashar al-Assad last September.", "", None),
    (C, "since Moscow began striking targets in support of Syrian President Bashar al-Assad last September", "", None),
    (S, "Reuters", "Wire report; it cites no named official.", None),
    (Q, "thought to be the first time that Iran has allowed a foreign power to use its territory for military operations "
        "since the 1979 Islamic revolution.", "", None),
    (S, "Army Col. Christopher Garver", "Spokesman, CJTF-OIR.", None),
    (C, "the Russian planes did not affect coalition operations in Iraq or Syria", "", None),
    (Q, "The Russians did notify the coalition as per the Memorandum of Understanding for safety of flight", "", None),
    (Q, "They activated that system, as we have in the past. They informed us they were coming through and we ensured "
        "safety of flight as those bombers passed through the area and toward their target and then when they passed out again.",
     "", None),
    (U, "Garver would not confirm if ISIS targets were in Aleppo or Idlib", "", None),
    (C, "the U.S.-led coalition had not struck targets in those areas in a “very long time.”", "", None),
    (Q, "“very long time.”", "", None),
    (Q, "We don’t see concentrations of ISIS in those areas", "", None),
    (C, "the coalition has struck targets in Deir-ez Zor", "", None),
    (U, "Russia’s decision signals their increased desire for influence in the region, as well as a strengthening of its "
        "relationship with Iran.", "Opinion with no source.", None),
    (C, "Just last week in Azerbaijan, Russian President Vladimir Putin met with Iranian leader Hassan Rouhani to discuss "
        "regional security and cooperation.", "", None),
    (S, "Tehran Times", "", None),
    (Q, "expansion of ties", "", None),
    (S, "Interfax news service", "", None),
    (U, "Russia asked Iran and Iraq last week if Russian cruise missiles could pass through their airspace",
     "Single-source report.", None),
    (C, "Today's development is another chapter in the United States' complicated relationship with Russia",
     "Framing, not a fact.", None),
    (C, "Syrian and Russian airstrikes on besieged Aleppo killed over 45 people last weekend alone", "", None),
    (S, "Syrian Observatory of Human Rights", "", None),
    (C, "Russian instated a three-hour halt to its military activities in Aleppo last week to allow for humanitarian aid "
        "to reach the city", "", None),
    (S, "the United Nations", "", None),
    (C, "criticized the length of that pause, saying it was far too short to allow supplies to reach the city", "", None),
    (S, "The New York Times", "", None),
    (U, "Russia is now considering working with the United States militarily to attack ISIS in Aleppo", "", None),
    (S, "U.S. officials", "", None),
    (C, "there was no agreement with the Russians", "", None),
    (C, "A deal would be a significant step between the two countries who have not yet found a way to end the violence.",
     "Speculation.", None),
]


# What each of us found, once the spans were tagged: links from a claim (or quote) to the
# spans that bear on it, verdicts on the project's rating scale with the reasoning, who said
# each quote, outside evidence, and a verdict and summary for the whole article. A span is
# named by its tag and the start of its text, which is unique within one pass.
Ref = tuple[Tag, str]


@dataclass(frozen=True)
class Findings:
    links: list[tuple[Ref, Relation, Ref]]
    verdicts: dict[Ref, tuple[str, str]]
    """(verdict, reasoning) per claim."""
    speakers: dict[Ref, str]
    evidence: dict[Ref, list[tuple[str, str, str]]]
    """(url, title, note) per claim: reports read in public copies, not the article."""
    verdict: str
    summary: str


# The spans mine refers to.
HEADLINE = (C, "Russian Bombers Are Flying")
CAPTION = (C, "A Russian long range bomber")
PHOTO = (S, "Russian Defence Ministry Press Service")
TAKING_OFF = (C, "Russian warplanes are now taking off")
MINISTRY = (S, "the Russian Defense Ministry")
STATEMENT_DETAIL = (C, "Tu-22M3 long-range bombers")
ESCORT = (C, "Fighter jets from Syria’s Hmeimeem")
STATEMENT = (S, "according to the statement")
VIDEO = (S, "A video released by the Russian Defense Ministry")
COCKPIT = (C, "includes a cockpit view")
IF_CONFIRMED = (U, "If confirmed")
CAMPAIGN_BEGAN = (C, "Moscow began striking")
REUTERS = (S, "Reuters")
REUTERS_QUOTE = (Q, "thought to be the first time")
REUTERS_HEDGE = (U, "thought to be the first time")
GARVER = (S, "Army Col. Christopher Garver")
NOT_AFFECTED = (C, "the Russian planes did not affect")
NOTIFIED = (Q, "The Russians did notify")
MOU = (C, "the Memorandum of Understanding")
SAFE_PASSAGE = (Q, "They activated that system")
WOULD_NOT_CONFIRM = (U, "Garver would not confirm")
NOT_STRUCK = (C, "the U.S.-led coalition had not struck")
VERY_LONG = (Q, "very long time.")
NO_ISIS = (Q, "We don’t see concentrations of ISIS")
GARVER_ACKNOWLEDGED = (S, "Garver")
DEIR_EZ_ZOR = (C, "the coalition has struck targets in Deir-ez Zor")
INFLUENCE = (C, "Russia’s decision signals")
BAKU = (C, "Just last week in Azerbaijan")
TEHRAN_TIMES = (S, "Tehran Times")
TIES = (Q, "expansion of ties")
INTERFAX = (S, "Interfax news service")
MISSILES = (C, "Russia asked Iran and Iraq")
FIVE_YEARS = (C, "the five-year Syrian civil war")
AIRSTRIKES = (C, "Syrian and Russian airstrikes on besieged Aleppo")
OBSERVATORY = (S, "the Syrian Observatory of Human Rights")
PAUSE = (C, "Russian instated a three-hour halt")
UN = (S, "the United Nations")
UN_CRITICISM = (C, "criticized the length of that pause")
NYT = (S, "The New York Times")
CONSIDERING = (U, "Russia is now considering")
US_OFFICIALS = (S, "U.S. officials")
NO_AGREEMENT = (C, "there was no agreement with the Russians")

# Outside evidence, each found in a public copy of the page (reports of the day and the days after).
REUTERS_HAMADAN = ("http://www.jpost.com/Middle-East/Iran-News/Report-Russia-sends-bombers-to-Iranian-air-base-464223",
                   "Russia deploys bombers to Iranian air base (Reuters, in The Jerusalem Post, Aug 2016)")
AFP_STATEMENT = ("https://zeenews.india.com/news/world/russia-says-its-warplanes-bomb-syria-from-iranian-base_1919446.html",
                 "Russia says its warplanes bomb Syria from Iranian base (AFP, in Zee News, Aug 2016)")
IRAN_ENDS_IT = ("https://www.thedailybeast.com/russia-stops-using-angry-irans-air-base",
                "Russia Stops Using Angry Iran’s Air Base (The Daily Beast, Aug 2016)")
AFP_GARVER = ("https://business-standard.com/article/pti-stories/russia-warned-us-ahead-of-bombing-run-from-iran-official-116081601314_1.html",
              "Russia warned US ahead of bombing run from Iran: official (AFP, in Business Standard, 16 Aug 2016)")
SAFE_PASSAGE_REPORT = ("https://www.airforcemag.com/russia-gets-safe-passage-for-isis-strikes/",
                       "Russia Gets Safe Passage for ISIS Strikes (Air Force Magazine, Aug 2016)")
MOU_SIGNED = ("https://rollcall.com/2015/10/21/u-s-and-russia-sign-memo-of-understanding-to-avoid-air-conflict-over-syria/",
              "U.S. and Russia Sign Memo of Understanding to Avoid Air Conflict Over Syria (Roll Call, 21 Oct 2015)")
DEIR_STRIKES = ("https://www.jpost.com/breaking-news/us-allies-say-conduct-seven-air-strikes-in-syria-14-in-iraq-430618",
                "US, allies say conduct seven air strikes in Syria, 14 in Iraq (The Jerusalem Post, Oct 2015)")
BAKU_SUMMIT = ("https://www.memri.org/reports/overview-azerbaijan-iran-russia-trilateral-summit-baku",
               "An Overview Of The Azerbaijan-Iran-Russia Trilateral Summit In Baku (MEMRI, 11 Aug 2016)")
INTERFAX_MISSILES = ("https://rg.ru/2016/08/16/moskva-poprosila-irak-i-iran-propustit-rossijskie-rakety.html",
                     "Moscow asked Iraq and Iran to let Russian missiles through (Rossiyskaya Gazeta, citing Interfax, 16 Aug 2016; in Russian)")
OBSERVATORY_COUNT = ("http://www.lapresse.ca/international/moyen-orient/201608/13/01-5010259-syrie-au-moins-51-civils-tues-a-alep-et-dans-sa-region.php",
                     "Syrie: au moins 51 civils tués à Alep et dans sa région (AFP, in La Presse, 13 Aug 2016; in French)")
UN_NOT_ENOUGH = ("http://uk.reuters.com/article/mideast-crisis-syria-un-idUKL8N1AS3T2",
                 "UN seeks “workable humanitarian pause” in Aleppo (Reuters, 11 Aug 2016)")
NOTHING_AGREED = ("https://www.rferl.org/a/shoigu-says-us-russia-near-agreement-defusing-aleppo-crisis-syria-/27925112.html",
                  "Shoigu Says U.S., Russia Near Agreement On Defusing Aleppo Crisis (RFE/RL, Aug 2016)")

GARVER_NAME = "Col. Christopher Garver (spokesman, CJTF–Operation Inherent Resolve)"

MINE = Findings(
    links=[
        # What rests on the Russian Defense Ministry's statement alone: each such claim names it.
        (HEADLINE, ATTRIBUTES, MINISTRY),
        (HEADLINE, CONTEXT, IF_CONFIRMED),
        (HEADLINE, DISPUTES, NO_ISIS),
        (CAPTION, ATTRIBUTES, PHOTO),
        (TAKING_OFF, ATTRIBUTES, MINISTRY),
        (TAKING_OFF, CONTEXT, IF_CONFIRMED),
        (TAKING_OFF, CONTEXT, SAFE_PASSAGE),  # the coalition saw bombers pass: the flights, not the base
        (TAKING_OFF, DISPUTES, NO_ISIS),
        (STATEMENT_DETAIL, ATTRIBUTES, MINISTRY),
        (STATEMENT_DETAIL, CONTEXT, WOULD_NOT_CONFIRM),
        (STATEMENT_DETAIL, DISPUTES, NO_ISIS),  # ISIS targets in Aleppo and Idlib
        (STATEMENT_DETAIL, SUPPORTS, DEIR_EZ_ZOR),  # ISIS targets in Deir ez-Zor
        (ESCORT, ATTRIBUTES, STATEMENT),
        (ESCORT, ATTRIBUTES, MINISTRY),
        (COCKPIT, ATTRIBUTES, VIDEO),
        # What rests on Reuters.
        (REUTERS_QUOTE, ATTRIBUTES, REUTERS),
        (REUTERS_HEDGE, ATTRIBUTES, REUTERS),
        # What the coalition spokesman says, on record.
        (NOT_AFFECTED, ATTRIBUTES, GARVER),
        (NOT_AFFECTED, SUPPORTS, SAFE_PASSAGE),
        (NOTIFIED, ATTRIBUTES, GARVER),
        (SAFE_PASSAGE, ATTRIBUTES, GARVER),
        (NOT_STRUCK, ATTRIBUTES, GARVER),
        (VERY_LONG, ATTRIBUTES, GARVER),
        (NO_ISIS, ATTRIBUTES, GARVER),
        (DEIR_EZ_ZOR, ATTRIBUTES, GARVER_ACKNOWLEDGED),
        # The background, each from its own source.
        (INFLUENCE, CONTEXT, BAKU),
        (INFLUENCE, CONTEXT, MISSILES),
        (BAKU, CONTEXT, TIES),
        (TIES, ATTRIBUTES, TEHRAN_TIMES),
        (MISSILES, ATTRIBUTES, INTERFAX),
        (AIRSTRIKES, ATTRIBUTES, OBSERVATORY),
        (UN_CRITICISM, ATTRIBUTES, UN),
        (UN_CRITICISM, CONTEXT, PAUSE),
        (CONSIDERING, ATTRIBUTES, NYT),
        (NO_AGREEMENT, ATTRIBUTES, US_OFFICIALS),
        (NO_AGREEMENT, CONTEXT, CONSIDERING),
    ],
    verdicts={
        HEADLINE: ("Mostly true",
                   "Russian Tu-22M3 and Su-34 bombers did fly strikes on Syria from Iran’s Hamadan (Nojeh) air base from "
                   "16 Aug 2016: Iran’s foreign ministry confirmed it when it said on 22 Aug that the operation was over. "
                   "In the article it rests on the Russian ministry alone. “Anti-ISIS” is the ministry’s framing: it also "
                   "named al-Nusra, and the coalition spokesman sees no ISIS concentrations in Aleppo or Idlib."),
        CAPTION: ("Unverifiable",
                  "A handout from the Russian ministry: nothing independent fixes where or when the photo was taken."),
        TAKING_OFF: ("Mostly true",
                     "The take-off from Iran stands (Iran confirmed it, and ended it on 22 Aug, so “now” held for less than a "
                     "week). That the targets were ISIS is the ministry’s word; the coalition doubts ISIS was in Aleppo or Idlib."),
        STATEMENT_DETAIL: ("Mostly true",
                           "Reports the ministry’s statement faithfully (AFP and Reuters quote the same aircraft, groups and "
                           "provinces) but for the base: “Khamandan” garbles Hamadan (Hamedan; Russian “Khamadan”). Aircraft and "
                           "targets rest on the ministry alone; Garver would not confirm ISIS targets in Aleppo or Idlib, and "
                           "his Deir ez-Zor remark fits only that province."),
        ESCORT: ("Unverifiable", "The ministry’s statement alone; Reuters reports the same statement, nobody independent saw the escort."),
        COCKPIT: ("Unverifiable",
                  "The video is the ministry’s own: it shows a strike, not the take-off, and only the ministry says it was over Syria."),
        CAMPAIGN_BEGAN: ("True", "Russia’s air campaign in Syria began on 30 Sep 2015: “last September” from August 2016."),
        NOT_AFFECTED: ("Unverifiable",
                       "The coalition’s own account of its own operations (Air Force Magazine reports the same from the briefing); "
                       "no outside record can check it."),
        MOU: ("True", "US and Russian defence officials signed the memorandum on flight safety over Syria on 20 Oct 2015."),
        NOT_STRUCK: ("Unverifiable", "Garver’s word; the article gives no date or strike record to hold “a very long time” against."),
        DEIR_EZ_ZOR: ("True", "Coalition strike reports name strikes around Dayr Az Zawr (Deir ez-Zor) on ISIS oil sites since 2015."),
        INFLUENCE: ("Unverifiable",
                    "The reporter’s interpretation, not attributed: a reading of motives, not a checkable fact. The Baku summit "
                    "and the missile request are context for it, not proof."),
        BAKU: ("True",
               "The first Azerbaijan–Iran–Russia summit met in Baku on 8 Aug 2016, eight days before the article; its "
               "declaration covered security and fighting terrorism."),
        MISSILES: ("Unverifiable",
                   "Interfax did report it on Monday 15 Aug, citing an unnamed military-diplomatic source; neither Iran nor "
                   "Iraq confirms it in the article."),
        FIVE_YEARS: ("True", "The war began in March 2011: five years and five months by August 2016."),
        AIRSTRIKES: ("Mixed",
                     "The Observatory (AFP, 13 Aug) counted 51 civilians killed that Saturday in Aleppo and its province: 15 by "
                     "Syrian air strikes on the rebel-held east of the city, 27 by Syrian and Russian strikes on towns west of "
                     "Aleppo, 9 by rebel shelling. The size fits; “on besieged Aleppo” blurs where, and the count is one monitor’s."),
        PAUSE: ("Mostly true",
                "Russia announced on 10 Aug daily three-hour “humanitarian windows” in Aleppo from 11 Aug: daily pauses, not "
                "one halt, and the article does not say whether they held."),
        UN_CRITICISM: ("True",
                       "The UN envoy Staffan de Mistura called the three-hour pauses “not enough” and UN aid officials asked for "
                       "48 hours (Reuters, 11 Aug). The article does not say who at the UN said it."),
        NO_AGREEMENT: ("True",
                       "After Russia’s defence minister said on 15 Aug that joint action in Aleppo was close, US officials said "
                       "an agreement was not close and the State Department had “nothing to announce”."),
    },
    speakers={
        REUTERS_QUOTE: "Reuters (no source named)",
        NOTIFIED: GARVER_NAME,
        SAFE_PASSAGE: GARVER_NAME,
        VERY_LONG: GARVER_NAME,
        NO_ISIS: GARVER_NAME,
        TIES: "Hassan Rouhani, as reported by Tehran Times",
        NOT_AFFECTED: GARVER_NAME,
        STATEMENT_DETAIL: "Russian Defense Ministry",
        ESCORT: "Russian Defense Ministry",
    },
    evidence={
        HEADLINE: [(*IRAN_ENDS_IT, "Iran’s foreign ministry says Russia’s use of the base is over: the take-off from Iran happened."),
                   (*REUTERS_HAMADAN, "The same ministry statement, reported from Moscow.")],
        TAKING_OFF: [(*IRAN_ENDS_IT, "Over by 22 Aug: “now” did not last.")],
        STATEMENT_DETAIL: [(*AFP_STATEMENT, "The statement’s own words: Hamedan air base; Aleppo, Deir Ezzor and Idlib."),
                           (*REUTERS_HAMADAN, "Hamadan air base; targets as in the article.")],
        ESCORT: [(*REUTERS_HAMADAN, "The escort from Hmeymim, from the same statement only.")],
        REUTERS_HEDGE: [(*IRAN_ENDS_IT, "Others put it as the first foreign use of an Iranian base since the Second World War.")],
        NOT_AFFECTED: [(*AFP_GARVER, "Garver’s words at the briefing; ISIS concentrated only in Deir Ezzor."),
                       (*SAFE_PASSAGE_REPORT, "The coalition gave the bombers safe passage through Iraqi airspace.")],
        MOU: [(*MOU_SIGNED, "Signed 20 Oct 2015 (Pentagon, via Reuters).")],
        DEIR_EZ_ZOR: [(*DEIR_STRIKES, "Coalition strikes around Dayr Az Zawr on ISIS oil sites.")],
        BAKU: [(*BAKU_SUMMIT, "Summit of 8 Aug 2016 and its declaration.")],
        MISSILES: [(*INTERFAX_MISSILES, "Interfax’s report, citing a military-diplomatic source.")],
        AIRSTRIKES: [(*OBSERVATORY_COUNT, "51 civilians on Saturday 13 Aug, by whom and where.")],
        PAUSE: [(*UN_NOT_ENOUGH, "Russia’s daily three-hour ceasefires from 11 Aug.")],
        UN_CRITICISM: [(*UN_NOT_ENOUGH, "De Mistura: “not enough”; Egeland: 48 hours needed.")],
        NO_AGREEMENT: [(*NOTHING_AGREED, "Shoigu says close; US officials say not.")],
    },
    verdict="Mostly true",
    summary=(
        "The story’s core, Russian bombers striking Syria from an Iranian air base on 16 Aug 2016, rests in the article on "
        "the Russian Defense Ministry alone (its statement, its photo, its video), but it held: Iran confirmed it and ended "
        "the arrangement six days later. The coalition spokesman, on record, confirms only that Russia notified the coalition "
        "and that the bombers passed through safely; he would not confirm ISIS targets in Aleppo or Idlib and doubts ISIS "
        "was there, so the headline’s “anti-ISIS” is the ministry’s framing. Reuters’ “first time since 1979” is hedged and "
        "unsourced. The background checks out (the campaign’s start, the Baku summit, the war’s length, the UN’s criticism "
        "of the three-hour pauses); the casualty figure blurs where and by whom, and the line on Russia’s ambitions is the "
        "reporter’s opinion."
    ),
)

# The spans the colleague's findings refer to, where they differ from mine.
C_STATEMENT_DETAIL = (U, "Tu-22M3 long-range bombers")
C_VERY_LONG = (Q, "“very long time.”")
C_MISSILES = (U, "Russia asked Iran and Iraq")
C_CAMPAIGN_BEGAN = (C, "since Moscow began striking")
C_OBSERVATORY = (S, "Syrian Observatory of Human Rights")
C_DEAL = (C, "A deal would be")

THEIRS = Findings(
    links=[
        (HEADLINE, ATTRIBUTES, MINISTRY),
        (HEADLINE, SUPPORTS, NOTIFIED),  # read as confirming the flights: I only take it as context
        (HEADLINE, DISPUTES, NO_ISIS),
        (CAPTION, ATTRIBUTES, PHOTO),
        (C_STATEMENT_DETAIL, ATTRIBUTES, MINISTRY),
        (C_STATEMENT_DETAIL, DISPUTES, NO_ISIS),
        (ESCORT, ATTRIBUTES, MINISTRY),
        (REUTERS_QUOTE, ATTRIBUTES, REUTERS),
        (NOT_AFFECTED, ATTRIBUTES, GARVER),
        (NOTIFIED, ATTRIBUTES, GARVER),
        (SAFE_PASSAGE, ATTRIBUTES, GARVER),
        (NOT_STRUCK, ATTRIBUTES, GARVER),
        (NOT_STRUCK, SUPPORTS, NO_ISIS),
        (NO_ISIS, ATTRIBUTES, GARVER),
        (DEIR_EZ_ZOR, ATTRIBUTES, GARVER),
        (TIES, ATTRIBUTES, TEHRAN_TIMES),
        (C_MISSILES, ATTRIBUTES, INTERFAX),
        (AIRSTRIKES, ATTRIBUTES, C_OBSERVATORY),
        (UN_CRITICISM, ATTRIBUTES, UN),
        (UN_CRITICISM, CONTEXT, PAUSE),
        (CONSIDERING, ATTRIBUTES, NYT),
        (NO_AGREEMENT, ATTRIBUTES, US_OFFICIALS),
        (NO_AGREEMENT, DISPUTES, CONSIDERING),
        (C_DEAL, CONTEXT, NO_AGREEMENT),
    ],
    verdicts={
        HEADLINE: ("Mixed",
                   "In this article the take-off from Iran is the ministry’s word only; the coalition confirms flights, not the "
                   "base, and doubts the ISIS targets."),
        CAPTION: ("Unverifiable", "Ministry handout photo."),
        C_CAMPAIGN_BEGAN: ("True", "The Russian air campaign began on 30 Sep 2015."),
        NOT_AFFECTED: ("Unverifiable", "Only the coalition can say."),
        DEIR_EZ_ZOR: ("True", "Coalition strikes near Deir ez-Zor are on record since 2015."),
        BAKU: ("True", "Baku summit of 8 Aug 2016."),
        AIRSTRIKES: ("Mostly true",
                     "The Observatory counted 51 civilians killed in and around Aleppo on the Saturday alone (AFP); the wording "
                     "of where and by whom is loose."),
        PAUSE: ("True", "Russia announced daily three-hour pauses in Aleppo on 10 Aug."),
        UN_CRITICISM: ("True", "The UN said three hours were not enough and asked for 48."),
        NO_AGREEMENT: ("True", "The State Department had nothing to announce."),
        C_DEAL: ("Unverifiable", "Speculation about a deal that did not exist."),
    },
    speakers={NOTIFIED: "Christopher Garver", SAFE_PASSAGE: "Christopher Garver", NO_ISIS: "Christopher Garver",
              C_VERY_LONG: "Christopher Garver"},
    evidence={
        HEADLINE: [(*AFP_STATEMENT, "The ministry’s statement as AFP reported it.")],
        AIRSTRIKES: [(*OBSERVATORY_COUNT, "The Observatory’s count for 13 Aug.")],
    },
    verdict="Mixed",
    summary=(
        "A single-source story: the take-off from Iran and the targets come from the Russian Defense Ministry alone. The "
        "coalition spokesman confirms only that Russia notified the coalition and the bombers passed through, and doubts "
        "ISIS was in Aleppo or Idlib. The background checks out."
    ),
)


def build(spans=SPANS, author: str = AUTHOR, begin_time: datetime = START, name: str = NAME, metadata: Metadata | None = None,
          findings: Findings | None = MINE) -> Project:
    if ARTICLE.exists():
        doc = read_article(ARTICLE)
    else:  # without ../shared: the same text, from the sample itself (see conftest.article)
        from .conftest import article_from_sample

        with tempfile.TemporaryDirectory() as folder:
            doc = read_article(article_from_sample(Path(folder)))
    doc.id = str(uuid.uuid5(uuid.NAMESPACE_URL, NAME))
    doc.outlet = "ABC News"
    doc.published = "2016-08-16"
    text = doc.text
    anns: list[Annotation] = []
    for n, (tag, exact, note, after) in enumerate(spans):
        begin = 0 if after is None else text.index(after) + len(after)
        start = text.index(exact, begin)
        end = start + len(exact)
        stamp = begin_time + timedelta(minutes=2 * n)
        anns.append(Annotation(
            id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{name}#{n}")), tag=tag, start=start, end=end,
            quote=quote_for(text, start, end), note=note, author=author, created=stamp, modified=stamp, modified_by=author,
        ))
    if findings is not None:
        _record(findings, spans, anns, author, begin_time + timedelta(minutes=2 * len(spans) + 30))
        doc.verdict, doc.summary = findings.verdict, findings.summary
    doc.annotations = sorted(anns, key=Annotation.sort_key)
    metadata = metadata or Metadata(
        title="Sample: Russian bombers flying from an Iranian air base (ABC News, 16 Aug 2016)",
        description="Every claim, quote, cited source and unconfirmed report in the article, tagged, with notes; "
                    "the claims linked to what bears on them, with verdicts, and a verdict on the article.",
        created=begin_time,
    )
    return Project(metadata=metadata, documents=[doc])


def find(spans, ref: Ref) -> int:
    """The index in ``spans`` of the one span ``ref`` names (its tag, the start of its text)."""
    tag, start = ref
    found = [n for n, (t, exact, _note, _after) in enumerate(spans) if t == tag and exact.startswith(start)]
    if len(found) != 1:
        raise LookupError(f"{ref} names {len(found)} spans")
    return found[0]


def _record(findings: Findings, spans, anns: list[Annotation], by: str, begin: datetime) -> None:
    """Put ``findings`` on ``anns`` (in the order of ``spans``), one minute apart from ``begin``:
    the links first, then the verdicts, speakers and evidence, each annotation modified when
    last touched."""
    clock = iter(begin + timedelta(minutes=k) for k in range(10_000))
    updates: dict[int, dict] = {}

    def touch(ref: Ref) -> tuple[dict, datetime]:
        stamp = next(clock)
        update = updates.setdefault(find(spans, ref), {"links": (), "evidence": ()})
        update["modified"] = stamp
        return update, stamp

    for source, relation, target in findings.links:
        update, stamp = touch(source)
        update["links"] += (Link(target=anns[find(spans, target)].id, relation=relation, by=by, time=stamp),)
    for ref, (verdict, reasoning) in findings.verdicts.items():
        update, _stamp = touch(ref)
        update.update(verdict=verdict, reasoning=reasoning)
    for ref, speaker in findings.speakers.items():
        update, _stamp = touch(ref)
        update["speaker"] = speaker
    for ref, items in findings.evidence.items():
        update, stamp = touch(ref)
        update["evidence"] += tuple(Evidence(url=url, title=title, note=note, by=by, time=stamp) for url, title, note in items)
    for n, update in updates.items():
        anns[n] = anns[n].model_copy(update={**update, "modified_by": by})


def build_colleague() -> Project:
    metadata = Metadata(
        title="Sample: a colleague's independent pass over the same article",
        description="Annotated separately from the main sample, to try a review: annotator review MINE THEIRS.",
        created=COLLEAGUE_START,
    )
    return build(COLLEAGUE_SPANS, COLLEAGUE_AUTHOR, COLLEAGUE_START, NAME + ":colleague", metadata, THEIRS)


if __name__ == "__main__":
    SAMPLE.write_text(dumps(build()), encoding="utf-8")
    COLLEAGUE.write_text(dumps(build_colleague()), encoding="utf-8")
    print(f"wrote {SAMPLE} and {COLLEAGUE}")
