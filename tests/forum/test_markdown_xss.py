# ruff: noqa: E501  (the payloads are quoted verbatim from the cheat sheet)
"""The Markdown pipeline against an XSS corpus: payloads from the OWASP XSS Filter Evasion
cheat sheet, and Markdown-specific ones (links, images, autolinks, references)."""

from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forum.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, mentioned_usernames, render

OWASP = [
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<<SCRIPT>alert("XSS");//\\<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==" type="image/svg+xml" AllowScriptAccess="always"></EMBED>',
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<A HREF="http://0x42.0x0000066.0x7.0x93/">XSS</A>',
    "<A HREF=\"javascript:document.location='http://www.google.com/'\">XSS</A>",
    '<IMG SRC="livescript:[code]">',
    '<XSS STYLE="behavior: url(xss.htc);">',
    "¼script¾alert(¢XSS¢)¼/script¾",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    "<details open ontoggle=alert(1)>",
]

MARKDOWN = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](java\\script:alert(1))",
    "[click](%6Aavascript:alert(1))",
    "[click]( javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '![img](https://example.test/a.png "\\" onerror=\\"alert(1)")',
    '[a](https://example.test "title\\" onmouseover=\\"alert(1)")',
    "<javascript:alert(1)>",
    "[ref][x]\n\n[x]: javascript:alert(1)",
    "[ref]\n\n[ref]: javascript:alert(1) 'title'",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "> <img src=x onerror=alert(1)>",
    "| a |\n|---|\n| <script>alert(1)</script> |",
    "**<svg onload=alert(1)>**",
    "[![x](https://example.test/a.png)](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "[x](file:///etc/passwd)",
]

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "file:")


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_safe(html: str) -> None:
    parser = Collector()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, (tag, html)
        for name, value in attrs.items():
            assert not name.startswith("on"), (name, html)
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) or name == "rel", (tag, name, html)
            if name in {"href", "src"}:
                cleaned = "".join((value or "").split()).lower()
                assert not cleaned.startswith(DANGEROUS_SCHEMES), (value, html)
            if name == "style":
                assert value.replace(" ", "").startswith("text-align:"), (value, html)
    lowered = html.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<svg" not in lowered


@pytest.mark.parametrize("payload", OWASP, ids=range(len(OWASP)))
def test_owasp_payload_is_neutralised(payload):
    assert_safe(render(payload))


@pytest.mark.parametrize("payload", MARKDOWN, ids=range(len(MARKDOWN)))
def test_markdown_payload_is_neutralised(payload):
    assert_safe(render(payload))


def test_raw_html_is_shown_as_text_not_interpreted():
    assert render("<b>bold</b>") == "<p>&lt;b&gt;bold&lt;/b&gt;</p>\n"


def test_ordinary_markdown_keeps_its_formatting():
    html = render(
        "# Title\n\n**bold** and `code`\n\n- one\n- two\n\n[site](https://example.test)\n\n![photo](/media/a.png)"
    )
    assert "<h1>Title</h1>" in html
    assert "<strong>bold</strong>" in html and "<code>code</code>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.test"' in html and 'rel="nofollow noopener noreferrer"' in html
    assert '<img src="/media/a.png" alt="photo">' in html


def test_code_blocks_keep_their_content_escaped():
    html = render("```python\nif a < b:\n    print('<tag>')\n```")
    assert "<pre><code" in html and "&lt;tag&gt;" in html


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>\"'=/:()[]!`&#;ajvscriptonlerIMGSRC \n")), max_size=120))
def test_any_text_renders_safe(text):
    assert_safe(render(text))


def test_mentions_are_found_outside_code():
    assert mentioned_usernames("Hi @marie.dupont and @paul, see `@notme` and ```\n@neither\n```") == {
        "marie.dupont",
        "paul",
    }
    assert mentioned_usernames("write to me@example.test") == set()


def test_images_come_from_the_platform_or_over_https():
    assert 'src="/media/forum/1/a.png"' in render("![a](/media/forum/1/a.png)")
    assert 'src="https://cdn.example.test/a.png"' in render("![a](https://cdn.example.test/a.png)")
    assert "src=" not in render("![a](http://tracker.example.test/pixel.gif)")
    assert "src=" not in render("![a](//tracker.example.test/pixel.gif)")
