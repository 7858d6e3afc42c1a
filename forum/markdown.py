"""Markdown to safe HTML: markdown-it with raw HTML disabled, then nh3 as a second wall.

markdown-it already refuses `javascript:`/`vbscript:`/`file:` links; nh3 keeps only a short
list of tags and attributes, so an event handler or a script can never reach a page.
"""

import re

import nh3
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
MENTION = re.compile(r"(?<![\w@/])@([\w.+-]{2,150})")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    # Images come from the platform itself or over HTTPS (no mixed content, no other schemes).
    own_or_https = value.startswith("https://") or (value.startswith("/") and not value.startswith("//"))
    if tag == "img" and attribute == "src" and not own_or_https:
        return None
    return value


def render(text: str) -> str:
    """Sanitised HTML of a Markdown text."""
    html = _md.render(text or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        filter_style_properties={"text-align"},
        attribute_filter=_attribute_filter,
    )


def mentioned_usernames(text: str) -> set[str]:
    """`@name` mentions outside code spans and blocks."""
    without_code = re.sub(r"```.*?```|`[^`]*`", " ", text or "", flags=re.S)
    return {name.rstrip(".") for name in MENTION.findall(without_code)}
