"""What the page sweep needs: every page of the web interface, with its path parameters filled
from the world's objects, and a check for text left in the wrong language.

The pages are enumerated from the URL configuration, so a new page is swept as soon as it is
routed; a new page whose path has parameters must say here how to fill them, or the sweep fails.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po
from django.urls import URLPattern, URLResolver, get_resolver

ROOT = Path(__file__).resolve().parents[2]

# Not pages of the web interface: the API and its documentation (fuzzed and tested apart),
# Django's own admin, machine endpoints, the click router (it records an ad click) and the users'
# uploaded files (served as downloads, tested in tests/security/test_uploads.py).
NOT_PAGES = ("api/", "admin/", "healthz", "readyz", "go/", "media/")


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    params: tuple[str, ...]


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def all_pages() -> list[Page]:
    pages = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(NOT_PAGES) or pattern.name is None:
            continue
        pages.append(Page(pattern.name, route, tuple(pattern.pattern.converters)))
    return pages


def _uid(w):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    user = w.users["franchisee"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _unsubscribe(w):
    from messaging.digest import unsubscribe_token

    return {"token": unsubscribe_token(w.users["franchisee"])}


def _get(w, name):
    return getattr(w, name, None)


def _pk(name):
    return lambda w: {"pk": _get(w, name).pk} if _get(w, name) is not None else None


# How to fill each parameterised page from the world (None: that world has no such object).
FILLERS = {
    "password_reset_confirm": _uid,
    "network-franchise": _pk("F1"),
    "capability-revoke": _pk("grant_L1"),
    "approval-policy": _pk("A"),
    "membership-revoke": _pk("mem_staff1"),
    "membership-change": _pk("mem_staff1"),
    "invitation-cancel": _pk("inv_F1"),
    "invitation-accept": lambda w: {"token": w.inv_F1.token} if _get(w, "inv_F1") else None,
    "budgets-pool": _pk("poolA"),
    "budgets-keyword-add": _pk("poolA"),
    "budgets-keyword-import": _pk("poolA"),
    "budgets-cost-import": _pk("poolA"),
    "budgets-round-open": _pk("poolA"),
    "budgets-top-up": _pk("poolA"),
    "budgets-ledger": _pk("poolA"),
    "budgets-round": _pk("roundA"),
    "budgets-franchise-close": _pk("F1"),
    "budgets-round-close": _pk("roundA"),
    "budgets-pledge": _pk("pledge_F1"),
    "budgets-lead": _pk("lead_F1"),
    "listing-detail": _pk("L1"),
    "listing-history": _pk("L1"),
    "listing-revert": lambda w: {"pk": w.L1.pk, "revision_pk": w.rev0_L1.pk} if _get(w, "rev0_L1") else None,
    "listing-batch": _pk("batch_L1"),
    "listing-batch-progress": _pk("batch_L1"),
    "listing-batch-undo": _pk("batch_L1"),
    "listing-batch-retry": _pk("batch_L1"),
    "listing-item-retry": _pk("item_L1"),
    "listing-export-json": _pk("L1"),
    "listing-suggestion-decide": lambda w: {"pk": w.sug_L1.pk, "decision": "approve"} if _get(w, "sug_L1") else None,
    "listing-drift-decide": lambda w: {"pk": w.drift_L1.pk, "decision": "accept"} if _get(w, "drift_L1") else None,
    "listings-review-reply": _pk("review_L1"),
    "listings-duplicate-action": lambda w: {"pk": w.dup_L1.pk, "verb": "dismiss"} if _get(w, "dup_L1") else None,
    "reports-export": lambda w: {"fmt": "csv"},
    "forum-thread": _pk("thread_A1"),
    "forum-thread-action": lambda w: {"pk": w.thread_A1.pk, "action": "follow"} if _get(w, "thread_A1") else None,
    "forum-post-edit": _pk("post_A1q"),
    "forum-post-action": lambda w: {"pk": w.post_A1q.pk, "action": "report"} if _get(w, "post_A1q") else None,
    "forum-category-follow": _pk("cat_A"),
    "forum-lesson-new": _pk("course_A"),
    "forum-course": _pk("course_A"),
    "forum-course-progress": _pk("course_A"),
    "messaging-conversation": _pk("conv_A"),
    "messaging-notification-open": _pk("notif_franchisee"),
    "messaging-unsubscribe": _unsubscribe,
    "store-locator": lambda w: {"brand_slug": w.A.slug},
    "franchise-page": lambda w: {"brand_slug": w.A.slug, "franchise_slug": w.F1.slug},
    "lead-submit": lambda w: {"brand_slug": w.A.slug, "franchise_slug": w.F1.slug},
    "call-tap": lambda w: {"brand_slug": w.A.slug, "franchise_slug": w.F1.slug},
}

# GET requests a page answers with a download or a JSON document, not HTML.
NOT_HTML = ("text/csv", "application/json", "application/vnd")


def page_urls(w) -> tuple[list[str], list[str]]:
    """The URL of every page that can be filled in this world, and the pages that have no filler."""
    from django.urls import reverse

    urls, unfilled = [], []
    for page in all_pages():
        if not page.params:
            urls.append(reverse(page.name))
            continue
        filler = FILLERS.get(page.name)
        if filler is None:
            unfilled.append(page.name)
            continue
        kwargs = filler(w)
        if kwargs is not None:
            urls.append(reverse(page.name, kwargs=kwargs))
    return urls, unfilled


# Text of the wrong language ------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]")


def _pattern(text: str) -> str | None:
    """A whole-text pattern of a message; None for a message with too little text of its own."""
    literal = PLACEHOLDER.sub("", text)
    letters = len(re.findall(r"[A-Za-zÀ-ÿ]", literal))
    # With placeholders, the literal words must be enough to tell the language: "%(a)s et %(b)s"
    # would otherwise match any English sentence that happens to hold "et".
    if letters < 4 or (letters < 8 and PLACEHOLDER.search(text)):
        return None
    parts = []
    for part in PLACEHOLDER.split(text):
        piece = re.escape(" ".join(part.split()))
        if part[:1].isalpha():
            piece = r"\b" + piece
        if part[-1:].isalpha():
            piece += r"\b"
        parts.append(piece)
    return ".+?".join(parts)


def _catalogue_messages() -> list[tuple[str, str]]:
    """(English source, French translation) of every message whose French differs."""
    pairs = []
    for po_path in ROOT.rglob("locale/fr/LC_MESSAGES/django.po"):
        if ".venv" in po_path.parts:
            continue
        with open(po_path, "rb") as handle:
            for message in read_po(handle):
                if not message.id or message.fuzzy:
                    continue
                ids = message.id if message.pluralizable else (message.id,)
                strings = message.string if message.pluralizable else (message.string,)
                for source in ids:
                    for french in strings:
                        if french and " ".join(french.split()) != " ".join(source.split()):
                            pairs.append((source, french))
    return pairs


class WrongLanguage:
    """Finds, in a rendered page, a whole text that is a message of the other language."""

    def __init__(self, ignore: set[str] = frozenset()):
        english, french = {}, {}
        for source, translated in _catalogue_messages():
            for text, table in ((source, english), (translated, french)):
                pattern = _pattern(text)
                if pattern is not None:
                    table.setdefault(" ".join(text.split()), pattern)
        # A text both languages use (e.g. "Message" and "Message") is never wrong.
        self.foreign = {
            language: re.compile("^(?:" + "|".join(p for text, p in mine.items() if text not in theirs) + ")$", re.S)
            for language, mine, theirs in (("fr", english, french), ("en", french, english))
        }
        self.exact = {"fr": set(english) - set(french), "en": set(french) - set(english)}
        self.ignore = set(ignore)

    def find(self, html: str, language: str) -> list[str]:
        found = []
        for text in visible_texts(html):
            if text in self.ignore:
                continue
            if text in self.exact[language] or self.foreign[language].match(text):
                found.append(text)
        return found


# Program text that reached a page: a Python dict or list, or a field's code name.
RAW = re.compile(r"[\[{]'\w+': |\b[a-z]+_[a-z]+(?:_[a-z]+)*\b")


def raw_texts(html: str, ignore: set[str] = frozenset()) -> list[str]:
    return [text for text in visible_texts(html) if text not in ignore and "://" not in text and RAW.search(text)]


class _Texts(HTMLParser):
    ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
    # Not prose: scripts, styles, and code the page shows as code (a CSV column, a directory id).
    SKIPPED = ("script", "style", "code")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skip += 1
        for name, value in attrs:
            if name in self.ATTRIBUTES and value:
                self.texts.append(" ".join(value.split()))

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.skip:
            self.texts.append(text)


def visible_texts(html: str) -> list[str]:
    parser = _Texts()
    parser.feed(html)
    return parser.texts
