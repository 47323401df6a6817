"""Web pages in scripts written without spaces (Chinese, Japanese, Thai) open with their full
text, and index pages in them are still refused with a count that means something there."""

from __future__ import annotations

import pytest

from annotator.core.article import read_article
from annotator.core.errors import FileProblemError
from annotator.core.text_length import CJK_CHARACTERS_PER_WORD, SOUTHEAST_ASIAN_CHARACTERS_PER_WORD, text_length


def _page(lang: str, title: str, site: str, nav: list[str], headline: str, paragraphs: list[str]) -> str:
    links = "".join(f"<li><a href='/{i}'>{item}</a></li>" for i, item in enumerate(nav))
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='{site}'></head><body><header><nav><ul>{links}</ul></nav></header>"
            f"<main><article><h1>{headline}</h1><div class='byline'>2024-03-05</div>{body}</article></main>"
            f"<footer><p>{site} 版权所有 © 2024</p></footer></body></html>")


CHINESE_HEADLINE = "全国春耕备耕有序推进 夏粮生产开局良好"
CHINESE = [
    "新华社北京3月5日电 记者从农业农村部了解到，当前全国春耕备耕工作有序推进，冬小麦长势总体好于上年，一类苗比例比常年高出两个百分点。",
    "农业农村部有关负责人表示，今年将继续稳定粮食播种面积，重点抓好大豆和油料扩种，推广高产优质品种和节水灌溉技术，确保全年粮食产量保持在一万三千亿斤以上。",
    "在河南、山东等小麦主产省，各地组织农技人员深入田间地头，指导农民做好镇压保墒、化肥追施和病虫害防治。目前，化肥、种子、农药等农资供应充足，价格总体稳定。",
    "专家提醒，近期北方部分地区气温回升较快，降水偏少，要密切关注旱情发展，提前做好抗旱准备，防止出现倒春寒对小麦生长造成不利影响。",
]

JAPANESE_HEADLINE = "子どもの体罰を禁止する改正法が成立"
JAPANESE = [
    "親が子どもをしつけるために体罰をすることを禁止する改正児童虐待防止法などが、十九日の参議院本会議で可決され、成立しました。",
    "改正法では、親がしつけとして子どもに体罰を加えることを法律で初めて禁止しました。また、児童相談所の体制を強化するため、子どもを保護する職員と親を支援する職員を分けることも決まりました。",
    "最近、親から虐待を受けた子どもが亡くなる事件が相次いでいます。政府は、法律が施行されるまでに、どのような行為が体罰にあたるのかを示す指針を作ることにしています。",
    "専門家は「法律ができただけでは虐待はなくならない。親を孤立させない地域の支えが大切だ」と話しています。",
]

THAI_HEADLINE = "รัฐบาลเตรียมเพิ่มงบประมาณการศึกษาในพื้นที่ชนบท"
THAI = [
    "กรุงเทพฯ 5 มีนาคม นายกรัฐมนตรีกล่าวว่ารัฐบาลจะเพิ่มงบประมาณด้านการศึกษาในปีหน้า เพื่อช่วยเหลือนักเรียนในชนบทที่ขาดแคลนอุปกรณ์การเรียนและครูผู้สอน",
    "กระทรวงศึกษาธิการระบุว่าโรงเรียนขนาดเล็กกว่าหนึ่งหมื่นแห่งยังไม่มีอินเทอร์เน็ตความเร็วสูง และนักเรียนจำนวนมากต้องเดินทางไกลกว่าสิบกิโลเมตรเพื่อไปโรงเรียน",
    "นักวิชาการด้านการศึกษาเห็นว่าการเพิ่มงบประมาณเป็นเรื่องที่ดี แต่รัฐบาลควรติดตามผลการใช้จ่ายอย่างใกล้ชิด เพื่อให้เงินถึงมือโรงเรียนที่ต้องการจริง",
]


@pytest.mark.parametrize(
    ("name", "lang", "title", "site", "nav", "headline", "paragraphs"),
    [
        ("chinese", "zh-CN", f"{CHINESE_HEADLINE}-新华网", "新华网", ["首页", "时政", "国际", "财经", "体育"], CHINESE_HEADLINE, CHINESE),
        ("japanese", "ja", f"NHKニュース｜{JAPANESE_HEADLINE}", "NHKニュース", ["トップ", "政治", "経済", "国際"], JAPANESE_HEADLINE, JAPANESE),
        ("thai", "th", f"{THAI_HEADLINE} | ข่าวไทย", "ข่าวไทย", ["หน้าแรก", "การเมือง", "เศรษฐกิจ", "กีฬา"], THAI_HEADLINE, THAI),
    ],
)
def test_an_article_in_a_script_without_spaces_opens_whole(tmp_path, name, lang, title, site, nav, headline, paragraphs):
    path = tmp_path / f"{name}.html"
    path.write_text(_page(lang, title, site, nav, headline, paragraphs), encoding="utf-8")
    doc = read_article(path)
    assert doc.text == "\n\n".join([headline, "2024-03-05", *paragraphs]) or doc.text == "\n\n".join([headline, *paragraphs])
    assert doc.title == headline  # without the site's name the <title> carries
    for item in nav:
        assert f"\n{item}\n" not in f"\n{doc.text}\n"


CHINESE_INDEX = ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>新闻中心-新华网</title></head><body>"
                 "<nav><ul>" + "".join(f"<li><a href='/{i}'>{t}</a></li>" for i, t in enumerate(
                     ["首页", "时政", "国际", "财经", "体育", "科技", "教育", "健康"])) + "</ul></nav>"
                 "<div class='list'><ul>" + "".join(f"<li><a href='/n{i}'>{t}</a></li>" for i, t in enumerate(
                     ["更多要闻", "图片新闻"])) + "</ul></div>"
                 "<footer>新华网版权所有</footer></body></html>")


def test_a_chinese_index_page_is_still_refused_with_characters_counted(tmp_path):
    """Only a menu of short links, as the English index page below: 8 + 2 links in both."""
    path = tmp_path / "index.html"
    path.write_text(CHINESE_INDEX, encoding="utf-8")
    with pytest.raises(FileProblemError) as info:
        read_article(path)
    message = str(info.value)
    assert "no article text found" in message and "index.html" in message
    assert "Chinese characters" in message and "at least 40 Chinese characters" in message
    assert " words outside" not in message


def test_an_english_index_page_is_still_refused_in_words(tmp_path):
    links = "".join(f"<li><a href='/{i}'>{w}</a></li>" for i, w in enumerate(
        ["Home", "World", "Politics", "Business", "Sport", "Science", "Culture", "Opinion"]))
    path = tmp_path / "index.html"
    path.write_text(f"<html><head><title>News</title></head><body><nav><ul>{links}</ul></nav>"
                    "<ul><li><a href='/a'>Markets rally</a></li><li><a href='/b'>Storm hits coast</a></li></ul></body></html>",
                    encoding="utf-8")
    with pytest.raises(FileProblemError, match=r"no article text found in this web page \(\d+ words? outside menus"):
        read_article(path)


def test_lengths_are_counted_in_each_scripts_own_unit():
    chinese = text_length("新华社北京3月5日电 记者从农业农村部了解到")
    assert chinese.characters == {"Chinese": 19} and chinese.words == 2  # "3" and "5"
    assert chinese.describe() == "2 words and 19 Chinese characters"
    japanese = text_length("子どもへの体罰を禁止する")
    assert japanese.characters == {"Japanese": 12} and japanese.words == 0
    assert japanese.describe() == "12 Japanese characters"
    thai = text_length("รัฐบาล ประกาศ")  # the mark above ร counts: it is part of the word
    assert thai.characters == {"Thai": 12}
    english = text_length("Home | World | Sport » More")
    assert (english.words, english.characters, english.describe()) == (4, {}, "4 words")
    assert text_length("한국 정부는 오늘 발표했다").words == 4  # Korean spaces its words
    assert text_length("").describe() == "0 words"


@pytest.mark.parametrize(
    ("segmented", "weight"),
    [
        # hand-segmented sentences of the test articles: characters per word
        ("新华社|北京|3月|5日|电|记者|从|农业|农村部|了解|到|当前|全国|春耕|备耕|工作|有序|推进", CJK_CHARACTERS_PER_WORD),
        ("子ども|へ|の|虐待|を|なくす|ため|の|法律|が|でき|て|親|が|子ども|を|教育|する|ため|に", CJK_CHARACTERS_PER_WORD),
        ("รัฐบาล|ประกาศ|ว่า|จะ|เพิ่ม|งบประมาณ|ด้าน|การศึกษา|ใน|ปี|หน้า|เพื่อ|ช่วย|นักเรียน|ใน|ชนบท|ที่|ขาด|แคลน|อุปกรณ์|การ|เรียน",
         SOUTHEAST_ASIAN_CHARACTERS_PER_WORD),
    ],
    ids=["chinese", "japanese", "thai"],
)
def test_the_weights_are_close_to_real_word_lengths(segmented, weight):
    words = segmented.split("|")
    measured = sum(text_length(word).characters.popitem()[1] if text_length(word).characters else 0 for word in words) / len(words)
    assert weight * 0.75 <= measured <= weight * 1.25, f"{measured:.2f} characters a word, weighed as {weight}"
    assert text_length("".join(words)).in_words == pytest.approx(len(words), rel=0.25)
