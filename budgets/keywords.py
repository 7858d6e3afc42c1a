"""The one keyword normalisation of the platform: the router, the cost imports, the click records,
the keyword lists and the leads (hence the reports) all compare keywords through `normalise_keyword`.

Ad platforms write the same keyword several ways: with its match-type punctuation
(`+assurance +auto` broad match modifier, `[assurance auto]` exact, `"assurance auto"` phrase),
in either case, with tabs, no-break spaces or doubled spaces, and with accents composed (NFC,
`é` as one character) or decomposed (NFD, `e` + combining acute, as macOS and some exports
write them). All of those are the same keyword; accents themselves are kept (`côte` is not `cote`).
"""

import re
import unicodedata

MAX_LENGTH = 200
# Match-type punctuation of both platforms: exact [..], phrase "..", broad match modifier +word.
_PUNCTUATION = re.compile(r'[\[\]"“”«»+]')
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalise_keyword(text) -> str:
    """The comparable form of a keyword: NFC, lower case, match-type punctuation removed, any run
    of whitespace (tabs, no-break and narrow no-break spaces included) as one space, at most 200
    characters."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = _CONTROL.sub(" ", text)
    text = _PUNCTUATION.sub(" ", text)
    # str.split() with no argument splits on every Unicode space (\t, \u00a0, \u202f...).
    return unicodedata.normalize("NFC", " ".join(text.lower().split()))[:MAX_LENGTH]
