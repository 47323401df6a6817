"""The sample projects' annotations, written as two fact-checkers would, and how to rebuild them.

``python -m tests.sample_annotations`` rewrites the two files in projects/ from
../shared/articles/russian-bombers-iran.txt: my annotations, and a colleague's made
independently (some agreeing, some with other tags or boundaries, some only one of us
marked), so that a review can be tried at once. Ids and times are fixed so the files are
reproducible byte for byte (tests/test_sample_project.py checks that).
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
import tempfile
from pathlib import Path

from annotator.core.anchoring import quote_for
from annotator.core.article import read_article
from annotator.core.model import Annotation, Metadata, Project, Tag
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

# Findings on the claims already checked: verdicts on the project's rating scale.
VERDICTS: dict[str, str] = {
    "Moscow began striking targets in support of Syrian President Bashar al-Assad last September": "True",
    "the five-year Syrian civil war": "True",
    "Just last week in Azerbaijan, Russian President Vladimir Putin met with Iranian leader Hassan Rouhani to discuss "
    "regional security and cooperation.": "True",
    "Russia’s decision signals their increased desire for influence in the region, as well as a strengthening of its "
    "relationship with Iran.": "Unverifiable",
}

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


def build(spans=SPANS, author: str = AUTHOR, begin_time: datetime = START, name: str = NAME, metadata: Metadata | None = None) -> Project:
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
    for n, (tag, exact, note, after) in enumerate(spans):
        begin = 0 if after is None else text.index(after) + len(after)
        start = text.index(exact, begin)
        end = start + len(exact)
        stamp = begin_time + timedelta(minutes=2 * n)
        doc.annotations.append(Annotation(
            id=str(uuid.uuid5(uuid.NAMESPACE_URL, f"{name}#{n}")), tag=tag, start=start, end=end,
            quote=quote_for(text, start, end), note=note, author=author, created=stamp, modified=stamp, modified_by=author,
            **({"verdict": VERDICTS[exact]} if spans is SPANS and exact in VERDICTS else {}),
        ))
    doc.annotations.sort(key=Annotation.sort_key)
    metadata = metadata or Metadata(
        title="Sample: Russian bombers flying from an Iranian air base (ABC News, 16 Aug 2016)",
        description="Every claim, quote, cited source and unconfirmed report in the article, tagged, with notes.",
        created=begin_time,
    )
    return Project(metadata=metadata, documents=[doc])


def build_colleague() -> Project:
    metadata = Metadata(
        title="Sample: a colleague's independent pass over the same article",
        description="Annotated separately from the main sample, to try a review: annotator review MINE THEIRS.",
        created=COLLEAGUE_START,
    )
    return build(COLLEAGUE_SPANS, COLLEAGUE_AUTHOR, COLLEAGUE_START, NAME + ":colleague", metadata)


if __name__ == "__main__":
    SAMPLE.write_text(dumps(build()), encoding="utf-8")
    COLLEAGUE.write_text(dumps(build_colleague()), encoding="utf-8")
    print(f"wrote {SAMPLE} and {COLLEAGUE}")
