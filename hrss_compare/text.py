"""Text normalization: the one place that knows about words.

Every text that is compared (duties, office names, queries) goes through the same pipeline:
lower case, punctuation to spaces, British to American spelling, a light stemmer, then the
glossary's variants rewritten to their canonical terms. ``Glossary.tokens`` further marks the
words a text excludes ("excluding experts") and drops the stopwords, the boilerplate every duty
shares.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from hrss_compare.builtin import builtin_glossary_path
from hrss_compare.cjk import cjk_patterns
from hrss_compare.errors import DataError

if TYPE_CHECKING:
    import yaml

    from hrss_compare.yamlfile import Checker

# Words are runs of letters and digits in any script.
_WORD = re.compile(r"[^\W_]+")
_APOSTROPHE = re.compile(r"['\u2019]s\b|['\u2019]")
# Invisible format characters that never separate words, as pasted text carries them inside
# one ("pen\u00adsion"): soft hyphen, zero-width space, non-joiner and joiner, direction marks
# and embeddings, word joiner, zero-width no-break space. They are removed before words are cut.
_INVISIBLE = "\u00ad\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]+")
# A word as written, apostrophes and invisible characters inside it included, so ``words`` of
# it is one word.
_WORD_SPAN = re.compile(rf"[^\W_]+(?:(?:['\u2019]|[{_INVISIBLE}]+)[^\W_]+)*")
# British spellings of the field's words, by stem, so every inflection is covered.
_BRITISH = {
    "labour": "labor",
    "organis": "organiz",
    "standardis": "standardiz",
    "mobilis": "mobiliz",
    "demobilis": "demobiliz",
    "realis": "realiz",
    "recognis": "recogniz",
    "utilis": "utiliz",
    "authoris": "authoriz",
    "specialis": "specializ",
    "harmonis": "harmoniz",
    "modernis": "moderniz",
    "prioritis": "prioritiz",
    "summaris": "summariz",
    "subsidis": "subsidiz",
    "socialis": "socializ",
    "computeris": "computeriz",
    "centralis": "centraliz",
    "decentralis": "decentraliz",
    "normalis": "normaliz",
    "optimis": "optimiz",
    "minimis": "minimiz",
    "maximis": "maximiz",
    "legalis": "legaliz",
    "institutionalis": "institutionaliz",
    "finalis": "finaliz",
    "emphasis": "emphasiz",
    "centre": "center",
    "programme": "program",
    "licence": "license",
    "defence": "defense",
    "behaviour": "behavior",
    "favour": "favor",
    "honour": "honor",
    "counsell": "counsel",
    "enrolment": "enrollment",
    "catalogue": "catalog",
    "analys": "analyz",
}
_BRITISH_RE = re.compile(r"^(" + "|".join(sorted(_BRITISH, key=len, reverse=True)) + r")")


def american(word: str) -> str:
    """The American spelling of a lower-case word (``labour`` -> ``labor``)."""
    match = _BRITISH_RE.match(word)
    if match is None:
        return word
    return _BRITISH[match.group(1)] + word[match.end():]


# Words the stem would make another word: not plurals ("news" is not "new"), and a noun that
# is not its verb ("parking" is not the "parks" of talent duties).
_INVARIANT = frozenset({"news", "series", "species", "means", "parking"})


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, consistent stem: plural and verb endings off (``injuries`` -> ``injury``).

    Not linguistically exact; what matters is that the variants of a word meet.
    """
    word = american(word)
    if len(word) <= 3 or word.isdigit() or word in _INVARIANT:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes")):  # "taxes" is "tax", as "classes" is "class"
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    elif word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        word = _undouble(word[:-2])
    if word.endswith("ee") and len(word) > 5:
        word = word[:-2]
    elif word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    """``plann`` -> ``plan``, ``transferr`` -> ``transfer``: a doubled final consonant left by
    an ending taken off (but ``fulfill``, ``staff`` and ``assess`` keep theirs)."""
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouyflsz":
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Lower-case words of ``text``, possessives and punctuation removed.

    Any script counts (accents kept, compatibility forms folded, invisible format characters
    such as a soft hyphen removed); Chinese, Japanese and Korean text, which has no spaces
    between words, gives its overlapping pairs of characters.
    """
    if text.isascii():
        return _WORD.findall(_APOSTROPHE.sub("", text.lower()))
    folded = _INVISIBLE_RE.sub("", unicodedata.normalize("NFKC", text)).casefold()
    found: list[str] = []
    one_cjk, cjk_split = cjk_patterns()
    for token in _WORD.findall(_APOSTROPHE.sub("", folded)):
        if not one_cjk.search(token):
            found.append(token)
            continue
        for part in cjk_split.findall(token):
            if not one_cjk.match(part) or len(part) == 1:
                found.append(part)
            else:
                found.extend(part[i:i + 2] for i in range(len(part) - 1))
    return found


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Each word of ``text`` (as ``words`` gives it) with the character range it comes from."""
    return [
        (match.start(), match.end(), word)
        for match in _WORD_SPAN.finditer(text)
        for word in words(match.group())
    ]


def stems(text: str) -> list[str]:
    """The stems of the words of ``text``."""
    return [stem(word) for word in words(text)]


# Words that exclude what follows them ("excluding experts", "other than cadres", "who are not
# experts"): (the negator's stems, how many content words it excludes at most). A plain "not"
# is no negator ("did not pay wages" is about wages); only one of being is, or "not including".
_NEGATORS = {
    tuple(stems(phrase)): reach
    for phrase, reach in (
        ("except", 4), ("excluding", 4), ("other than", 4), ("not including", 4),
        ("but not", 3), ("is not", 3), ("are not", 3), ("am not", 3), ("isn't", 3),
        ("aren't", 3), ("not a", 3), ("not an", 3), ("not as", 3), ("non", 1),
    )
}
_NEGATOR_STARTS = frozenset(negator[0] for negator in _NEGATORS)
NEGATOR_WORDS = frozenset(word for negator in _NEGATORS for word in negator)
"""The stems of the negators' words ("except", "other", "than"): never to be read as typos of
other words, as the exclusion would be lost ("except" read as "excerpt")."""
# Where an exclusion ends: the next clause ("except experts and ..."), verb or relative.
_SCOPE_ENDS = frozenset({
    "and", "or", "but", "is", "are", "was", "were", "be", "been", "shall", "will", "should",
    "must", "can", "to", "by", "which", "who", "that",
})
# The words after which "not" excludes (a copula, or "but"); before a verb form it does not:
# "my boss is not paying my wages" is about wages, "workers who are not insured" and "paid but
# not insured" about insurance. Only before a noun is it an exclusion: "staff who are not
# experts", "workers but not experts".
_BEFORE_NOT = frozenset({"is", "are", "am", "but"})
_NEGATED_COPULAS = frozenset({"isnt", "arent"})
_COPULA_WORDS = _BEFORE_NOT | _NEGATED_COPULAS
_IRREGULAR_PARTICIPLES = frozenset({"paid", "given", "taken", "made", "done", "hired"})
# A span of time in a question ("owes me three months wages", "15 yrs underground", "since
# last month") says how long or when, not what: a typed phrase reads across it. The stems of a
# count or a pointer in time, and of a unit.
_COUNTS = frozenset(stems(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty "
    "few several many last next this past previous coming every each"
))
# Not "a": "a month" is as often a rate ("paid once a month"). A span followed by one
# ("6 days a week", "8 hours per day") is a rate, which may say what: working hours.
_RATES = frozenset(stems("a an per every"))
_UNITS = frozenset(stems("day days week weeks month months year years yr yrs"))
NEGATED = "~"
"""Prefix of a content token that its text excludes: "~expert" matches only another exclusion of
experts, never "expert"."""


@dataclass(frozen=True, slots=True)
class Term:
    """A canonical term of the field and the variants that mean the same."""

    canonical: str
    variants: tuple[str, ...]
    broader: tuple[str, ...] = ()
    """Wider terms of the field that hold this one ("extended working hours": "working
    hours", "labor standards"). Only queries use them: a query for the term also finds, for
    less, a text that names only a wider term. Documents are never rewritten to them."""


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """A topic of another department's work ("passport": public security), which a query may
    name and a Human Resources and Social Security Bureau does not handle."""

    topic: str
    department: str


@dataclass(frozen=True, slots=True)
class Named:
    """A topic of another department that a query names: where (characters ``start`` to
    ``end`` of the query), as which tokens, and which topic."""

    start: int
    end: int
    tokens: tuple[str, ...]
    what: Elsewhere


@dataclass(frozen=True, slots=True)
class Glossary:
    """Term variants and stopwords, compiled for normalizing text."""

    terms: tuple[Term, ...]
    stopwords: frozenset[str]
    """Stemmed stopwords."""
    sources: tuple[str, ...]
    """The files the glossary was read from, for reports."""
    words: frozenset[str]
    """Every stem the glossary knows: of its terms, their variants and its stopwords."""
    _phrases: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    """Variants by their first stem: (the variant's stems, its canonical term's stems), the
    longest variant first. Plain dicts, not a regular expression: the CLI unpickles the
    glossary on every query, and compiling a pattern of a thousand variants took ~15 ms."""
    _wider: dict[str, tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]]
    """Terms that have wider terms, by their first content token: (the term's content
    tokens, the content tokens of each of its wider terms), the longest term first."""
    _names: dict[tuple[str, ...], str]
    """Every canonical term and every wider term, as the glossary writes it, by its content
    tokens (the first writing of each: a term also named as another's wider term is written
    as there)."""
    _canonicals: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    """Canonical terms of two content tokens or more, by their first token, the longest
    first: a canonical term reads as its own words, so this is how a query's words are known
    to be one term ("family planning")."""
    _topics: dict[tuple[str, ...], Elsewhere] = field(default_factory=dict)
    """Topics of other departments by their content tokens."""
    _longest_topic: int = 0
    """The most content tokens of a topic."""

    @property
    def topics(self) -> tuple[Elsewhere, ...]:
        """The topics of other departments, each once."""
        return tuple(self._topics.values())

    def named_topics(self, text: str, pieces: Sequence[Piece]) -> tuple[Named, ...]:
        """The topics of other departments that ``text`` (a query) names, in order, none
        overlapping. ``pieces`` are ``spans`` of ``text``.

        A topic is whole pieces ("kept my ID card" is one piece, a term of the field's own
        work), and never starts inside a term of the glossary ("technical school places" name
        no school place) nor begins a longer one ("ID card withholding"). Its words are typed
        together: not across a clause mark, a conjunction or a negator, nor more than one word
        apart ("enrol my child"). A topic of two words may be typed the other way round ("tax on
        income")."""
        tokens = [token for _, _, found in pieces for token in found]
        terms = self._term_spans(tokens)
        found: list[Named] = []
        at = 0  # the position in ``tokens`` of the run's first piece
        for run in _runs(text, pieces):
            firsts = list(itertools.accumulate((len(p[2]) for p in run), initial=at))
            position = 0
            while position < len(run):
                named = self._topic_at(run, position)
                if named is not None and not any(
                    a < firsts[position] < b
                    or (a <= firsts[position] and firsts[named[1]] <= b
                        and b - a > firsts[named[1]] - firsts[position])
                    for a, b in terms
                ):
                    found.append(named[0])
                    position = named[1]
                else:
                    position += 1
            at = firsts[-1]
        return tuple(found)

    def _topic_at(self, run: Sequence[Piece], position: int) -> tuple[Named, int] | None:
        """The longest topic that whole pieces of ``run`` make from ``position``, and the
        position of the piece after it."""
        tokens: tuple[str, ...] = ()
        best: tuple[Named, int] | None = None
        for end in range(position, len(run)):
            tokens += run[end][2]
            if len(tokens) > self._longest_topic:
                break
            for key in (tokens, tokens[::-1]) if len(tokens) == 2 else (tokens,):
                what = self._topics.get(key)
                if what is not None:
                    best = Named(run[position][0], run[end][1], key, what), end + 1
                    break
        return best

    def _term_spans(self, tokens: Sequence[str]) -> list[tuple[int, int]]:
        """Where canonical terms of two content tokens or more occur in ``tokens``: every
        one, nested ones too, as (first position, last position + 1)."""
        return [
            (position, position + len(term))
            for position, token in enumerate(tokens)
            for term in self._canonicals.get(token, ())
            if tuple(tokens[position:position + len(term)]) == term
        ]

    def completing(self, tokens: Collection[str]) -> frozenset[str]:
        """The words that would make a glossary phrase of two words or more (a variant or a
        canonical term) with ``tokens`` (stems) and no other word: "arrear" with "wage"."""
        have = {_matching_form(token) for token in tokens}
        phrases = [words for found in self._phrases.values() for words, _ in found]
        phrases += [words for found in self._canonicals.values() for words in found]
        missing = (
            [word for word in words if word not in have] for words in phrases if len(words) > 1
        )
        return frozenset(words[0] for words in missing if len(words) == 1)

    def term_spans(self, tokens: Sequence[str]) -> list[tuple[int, int]]:
        """Where canonical terms of two content tokens or more occur in ``tokens`` (a
        query's): every one, nested ones too, as (first position, last position + 1)."""
        return self._term_spans(tokens)

    def about_the_field(self, tokens: Sequence[str]) -> bool:
        """Whether content tokens name a term of the field: a canonical term of two tokens
        or more ("social insurance", "work injury", "minimum wage")."""
        return bool(self._term_spans(tokens))

    def in_terms(self, tokens: Sequence[str]) -> frozenset[int]:
        """The positions of ``tokens`` (content tokens, a query's) that belong to a canonical
        term of two words or more, as the query holds it."""
        return frozenset(
            position for first, end in self._term_spans(tokens) for position in range(first, end)
        )

    def _rewrite(
        self, found: list[str], loose: bool = False, breaks: Collection[int] = ()
    ) -> list[tuple[int, int, str, int]]:
        """Where variants occur in a sequence of stems: ``(first, last + 1, canonical, -1)`` per
        occurrence, left to right, the longest variant at a place winning, none overlapping.

        ``loose``: a variant of two words or more also occurs with one more word inside it
        ("lowest hourly pay", "appeal against a bureau decision"), whose position is then the
        last item, in place of -1; but no variant, with a word more or not, runs across a clause
        mark (``breaks``: the positions of the words a comma, semicolon, colon or full stop
        follows)."""
        result: list[tuple[int, int, str, int]] = []
        found = list(map(_matching_form, found))
        position = 0
        while position < len(found):
            for variant, canonical in self._phrases.get(found[position], ()):
                end = position + len(variant)
                if tuple(found[position:end]) == variant and not any(
                    p in breaks for p in range(position, end - 1)
                ):  # a typed phrase never runs across a comma ("hukou transfer, social ...")
                    result.append((position, end, canonical, -1))
                    position = end
                    break
            else:
                gapped = _gapped(self._phrases.get(found[position], ()), found, position) \
                    if loose else None
                if gapped is not None and any(
                    later <= gapped[3] < later + size or later + size > gapped[1]
                    for later in range(position + 1, gapped[1])
                    for size in self._phrase_sizes(found, later)
                ):
                    # a phrase typed whole inside it wins, with its extra word ("youth lost
                    # job") or words after it ("state-funded schools and hospitals"); one
                    # of its own words does not ("compensation for my injury at work" is no
                    # "injury at work")
                    gapped = None
                if gapped is not None and any(p in breaks for p in range(position, gapped[1] - 1)):
                    gapped = None  # "hours, irregular working" is no "hours worked"
                if gapped is None:
                    position += 1
                else:
                    result.append(gapped)
                    position = gapped[1]
        return result

    def _phrase_sizes(self, found: list[str], position: int) -> list[int]:
        """The sizes of the variants of two words or more typed whole at ``position``."""
        return [
            len(variant) for variant, _ in self._phrases.get(found[position], ())
            if len(variant) > 1 and tuple(found[position:position + len(variant)]) == variant
        ]

    def _inside(self, canonical: str, word: str) -> list[str]:
        """The tokens that a word inside a phrase adds to its canonical term: the word as a
        one-word variant rewrites it, unless the term holds it already."""
        words_of = self._single(word).split()
        return [] if set(words_of) <= set(canonical.split()) else words_of

    def _single(self, word: str) -> str:
        """A stem rewritten as a one-word variant, or the stem itself."""
        for variant, canonical in self._phrases.get(word, ()):
            if len(variant) == 1:
                return canonical
        return word

    def normalize(self, text: str, fix: Callable[[str], str] | None = None) -> str:
        """Stemmed text with every variant rewritten to its canonical term.

        ``fix``, when given, corrects each stem before the variants are looked up (typos).
        """
        written = words(text)
        found = _unnegated(written, [stem(word) for word in written])
        if fix:
            found = [fix(word) for word in found]
        parts: list[str] = []
        done = 0
        for first, end, canonical, _ in self._rewrite(found):  # never loose: no word inside
            parts += found[done:first]
            parts.append(canonical)
            done = end
        parts += found[done:]
        return " ".join(parts)

    def tokens(self, text: str, fix: Callable[[str], str] | None = None) -> tuple[str, ...]:
        """The content tokens of ``text``: normalized, what it excludes marked (``NEGATED``),
        stopwords removed, order kept."""
        found = self._negated(self.normalize(text, fix).split())
        return tuple(t for t in found if t and t not in self.stopwords)

    def _negated(self, found: list[str]) -> list[str]:
        """Normalized tokens with the content words that a negator excludes marked
        ``NEGATED`` (at most the negator's reach, up to the end of its clause), and the
        words of every negator blanked, of one within an exclusion too ("except non-profit
        organizations": the exclusion goes on, as far as the farther of the two reaches)."""
        if _NEGATOR_STARTS.isdisjoint(found):
            return found
        marked = list(found)
        position = reach = 0
        while position < len(found):
            length, more = _negator_at(found, position)
            if length:
                marked[position:position + length] = [""] * length
                position += length
                reach = max(reach, more)
                continue
            if found[position] in _SCOPE_ENDS:
                reach = 0
            elif reach and found[position] not in self.stopwords:
                marked[position] = NEGATED + found[position]
                reach -= 1
            position += 1
        return marked

    def content(self, text: str) -> str:
        """The content tokens joined by spaces, for fuzzy string scoring."""
        return " ".join(self.tokens(text))

    def widen(
        self, tokens: Sequence[str]
    ) -> tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]:
        """The terms with wider terms that occur in a sequence of content tokens (a query's):
        (the term's tokens, its wider terms' tokens) per term, in order of first occurrence,
        none overlapping, each once (synonyms typed twice are one term)."""
        found: list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = []
        position = 0
        while position < len(tokens):
            for term, wider in self._wider.get(tokens[position], ()):
                if tuple(tokens[position:position + len(term)]) == term:
                    if (term, wider) not in found:
                        found.append((term, wider))
                    position += len(term)
                    break
            else:
                position += 1
        return tuple(found)

    def name(self, tokens: tuple[str, ...]) -> str:
        """A term or a wider term (as ``widen`` gives it) as the glossary writes it."""
        return self._names.get(tokens, " ".join(tokens))

    def term(self, tokens: tuple[str, ...]) -> str | None:
        """The glossary's term (a canonical term or a wider term) that reads as ``tokens``, as
        the glossary writes it; None when no term does."""
        return self._names.get(tokens)

    def spans(
        self, text: str, fix: Callable[[str], str] | None = None, loose: bool = False
    ) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
        """Where each content token of ``text`` comes from, for highlighting.

        ``(start, end, tokens)`` per word, or per glossary phrase ("letters and calls": one
        range, the canonical term's tokens), in text order; stopwords are left out. The tokens
        read in order are exactly ``tokens(text, fix)``.

        ``loose`` (for queries): a phrase may hold one more word (``_rewrite``); that word's
        piece follows the phrase's, whose range holds it; and a span of time is no word
        (``_without_durations``): the tokens may then differ from ``tokens``, which reads
        documents and is never loose.
        """
        written = word_spans(text)
        if loose:
            written = self._without_durations(written, fix)
        stemmed = _unnegated([word for _, _, word in written],
                             [stem(word) for _, _, word in written])
        found = [
            (start, end, fix(word) if fix else word)
            for (start, end, _), word in zip(written, stemmed, strict=True)
        ]
        breaks = {  # only a loose reading needs them: a document's every hit is highlighted
            position for position, ((_, end, _), (start, _, _)) in enumerate(
                itertools.pairwise(written)
            ) if CLAUSE_MARKS.intersection(text[end:start])
        } if loose else set()
        pieces: list[tuple[int, int, list[str]]] = []
        index = 0
        for first, end, canonical, inside in self._rewrite(
            [word for _, _, word in found], loose, breaks
        ):
            pieces += [(start, stop, [word]) for start, stop, word in found[index:first]]
            pieces.append((found[first][0], found[end - 1][1], canonical.split()))
            if inside >= 0:  # a piece of its own: a bureau may never use it
                start, stop, word = found[inside]
                pieces.append((start, stop, self._inside(canonical, word)))
            index = end
        pieces += [(start, stop, [word]) for start, stop, word in found[index:]]
        marked = iter(self._negated([token for _, _, tokens in pieces for token in tokens]))
        result: list[tuple[int, int, tuple[str, ...]]] = []
        for start, stop, tokens in pieces:
            content = tuple(
                token for token in (next(marked) for _ in tokens)
                if token and token not in self.stopwords
            )
            if content:
                result.append((start, stop, content))
        return tuple(result)

    def _without_durations(
        self, written: Sequence[tuple[int, int, str]], fix: Callable[[str], str] | None = None
    ) -> list[tuple[int, int, str]]:
        """The words of a query without its spans of time (a count or a pointer, and a unit:
        "three months", "15 yrs", "last year"; a typo read as ``fix`` reads it), but not a rate
        ("6 days a week"), nor the words of a span that a glossary phrase holds ("five year
        plan", "15 year old", a word more inside too: "five year development plan"): these
        phrases are read first."""
        found = [stem(word) for _, _, word in written]
        if fix:
            found = [fix(word) for word in found]
        spans = [
            (position, position + 2) for position in range(len(found) - 1)
            if found[position + 1] in _UNITS
            and (found[position] in _COUNTS or found[position].isdigit())
            and not (found[position + 2:position + 3] and found[position + 2] in _RATES
                     and found[position + 3:position + 4] and found[position + 3] in _UNITS)
        ]
        if not spans:
            return list(written)
        held = {
            position for first, end, _, _ in self._rewrite(found, loose=True)
            for position in range(first, end)
        }
        dropped = {
            position for first, end in spans for position in range(first, end)
        }.difference(held)
        return [word for position, word in enumerate(written) if position not in dropped]


CLAUSE_MARKS = frozenset(",;:.?!\uff0c\u3001\uff1b\uff1a\u3002\uff1f\uff01")
"""Marks between two words across which a query's loose phrase never reaches (with their
full-width CJK forms)."""

_GAP_BARRIERS = _NEGATOR_STARTS | _SCOPE_ENDS
"""Words that never sit inside a phrase: a negator's first word ("not", "except": what it
excludes would be lost) or a word that ends a clause ("wage and pension" is no gapped "wage
pension")."""


Piece = tuple[int, int, tuple[str, ...]]
"""Where content tokens come from in a text: (start, end, tokens), as ``Glossary.spans``."""


def phrase_holds(named: Named, pieces: Sequence[Piece]) -> bool:
    """Whether a glossary phrase of ``pieces`` (a query read loosely) holds the topic ``named``
    whole, none of its words the phrase's one extra word: "withheld my ID card" is a term of
    the field's own work, while "work driving licence" reads "work ... licence" around
    "driving"."""
    for start, end, found in pieces:
        if start <= named.start and named.end <= end and len(found) > 1:
            return not any(
                (s, e) != (start, end) and start <= s and e <= end
                and s < named.end and named.start < e
                for s, e, _ in pieces
            )
    return False


_JOINS = (r"(?:\s*(?:[/&+" + re.escape("".join(sorted(CLAUSE_MARKS)))
          + r"]|\b(?:and|or|nor|as well as)\b))")
"""What joins two things asked: a conjunction, a clause mark (a comma, a full stop, a question
mark...) or a slash, an ampersand or a plus."""
_ENDS = " " + "".join(sorted(CLAUSE_MARKS))


def without_topics(text: str, topics: Sequence[Named]) -> str:
    """``text`` with its topics cut out, with a determiner before one and a conjunction or
    comma that joined it to the rest: "pay the housing fund and social insurance" asks to
    "pay social insurance"."""
    cut = _marked(text, topics).strip(_ENDS)  # a mark that ends the question joins nothing

    def joined(match: re.Match[str]) -> str:  # a clause mark stays: "I lost it. Where ..."
        marks = [char for char in match.group() if char in CLAUSE_MARKS]
        return marks[-1] + " " if marks else " "

    cut = re.sub(_TOPIC + _JOINS + "+", joined, cut, flags=re.IGNORECASE)  # and what follows,
    cut = re.sub(_JOINS + "*" + r"\s*" + _TOPIC, " ", cut, flags=re.IGNORECASE)  # else before
    return re.sub(r"\s+([" + re.escape(_ENDS[1:]) + "])", r"\1", cut).strip(_ENDS)


def without_place_last(text: str) -> str:
    """``text`` without a place said last ("book an appointment at the hospital": the hospital
    says where the appointment is, not what is asked)."""
    return _PLACE_LAST.sub(" ", text).strip()


_PLACE_LAST = re.compile(
    r"(?i)\b(?:at|near)\s+(?:the|a|an|my|our|your|this|that)\s+"
    r"[^\W_][\w'\u2019-]*(?:\s+[^\W_][\w'\u2019-]*)?\s*$"
)
"""A place said last, of one or two words after "at" or "near" and a determiner; not after
"in", which also says a field ("in a public institution", "in the civil service")."""


def asked_apart(text: str, topics: Sequence[Named]) -> bool:
    """Whether ``text`` asks something besides its topics as a question of its own: a topic
    joined to the rest by a conjunction or a clause mark ("pension and passport", "passport,
    pension"), not one the rest is about ("pay my income tax", "school place for my child")."""
    cut = _marked(text, topics).strip(_ENDS)
    return bool(re.search(_TOPIC + _JOINS + r"|" + _JOINS + r"\s*" + _TOPIC, cut,
                          flags=re.IGNORECASE))


def _marked(text: str, topics: Sequence[Named]) -> str:
    """``text`` with each of its topics replaced by a mark."""
    parts, at = [], 0
    for named in topics:
        parts += [text[at:named.start], _MARK]
        at = named.end
    return "".join([*parts, text[at:]])


def _runs(text: str, pieces: Sequence[Piece]) -> list[list[Piece]]:
    """``pieces`` (``Glossary.spans`` of ``text``) in runs typed together: a run ends at a
    clause mark, a conjunction or negator (``_GAP_BARRIERS``), or where two words or more
    come between two pieces."""
    runs: list[list[Piece]] = []
    end = None
    for piece in pieces:
        start, stop, _ = piece
        between = text[end:start] if end is not None and start > end else ""
        apart = words(between)
        if (end is None or CLAUSE_MARKS.intersection(between) or len(apart) > 1
                or any(stem(word) in _GAP_BARRIERS for word in apart)):
            runs.append([])
        runs[-1].append(piece)
        end = stop if end is None else max(end, stop)
    return runs


def _gapped(
    variants: Sequence[tuple[tuple[str, ...], str]], found: Sequence[str], position: int
) -> tuple[int, int, str, int] | None:
    """The longest variant (of two words or more) at ``position`` with one more word inside
    it: ``(first, last + 1, canonical, where that word is)``; or None."""
    for variant, canonical in variants:
        size = len(variant)
        if size < 2 or position + size >= len(found):
            continue
        for gap in range(1, size):
            if (
                found[position + gap] not in _GAP_BARRIERS
                and tuple(found[position:position + gap]) == variant[:gap]
                and tuple(found[position + gap + 1:position + size + 1]) == variant[gap:]
            ):
                return position, position + size + 1, canonical, position + gap
    return None


def _verbal(word: str) -> bool:
    """Whether a word as written is a verb form or a participle ("paying", "insured", "paid")."""
    return word.endswith(("ing", "ed")) or word in _IRREGULAR_PARTICIPLES


def _unnegated(written: Sequence[str], found: list[str]) -> list[str]:
    """The stems of ``written`` with a negated copula before a verb form ("is not paying",
    "aren't insured") read as "do": no exclusion follows."""
    if _COPULA_WORDS.isdisjoint(found):
        return found
    for position, word in enumerate(found):
        if word in _NEGATED_COPULAS:
            after = position + 1
        elif word in _BEFORE_NOT and found[position + 1:position + 2] == ["not"]:
            after = position + 2
        else:
            continue
        if after < len(found) and _verbal(written[after]):
            found[position] = "do"
    return found


def _negator_at(found: Sequence[str], position: int) -> tuple[int, int]:
    """The length and reach of the negator (``_NEGATORS``) that starts at ``position`` of
    ``found``; (0, 0) when none does. "not a", "not an" and "not as" set a thing apart ("a
    clerk, not an expert"), but not in "whether or not a company must ..." nor before a
    quantity ("not a lot of training", "not a single day")."""
    for negator, reach in _NEGATORS.items():
        if tuple(found[position:position + len(negator)]) == negator:
            if negator in _SETTING_APART and (
                found[position - 1:position] == ["or"]
                or (position + 2 < len(found) and found[position + 2] in _QUANTITIES)
            ):
                return 0, 0
            return len(negator), reach
    return 0, 0


_SETTING_APART = frozenset(tuple(stems(phrase)) for phrase in ("not a", "not an", "not as"))
"""The negators that set a thing apart, which "whether or not" and a quantity undo."""

_QUANTITIES = frozenset(stems("lot few single little bit great good couple bunch whole"))
"""Words that make "not a ..." a quantity, not a thing set apart."""


def build_glossary(
    terms: list[Term], stopwords: list[str], sources: tuple[str, ...],
    elsewhere: Sequence[Elsewhere] = (), not_elsewhere: Sequence[str] = (),
) -> Glossary:
    """Compile terms and stopwords into a Glossary; of two terms with one variant, the later
    wins, and the wider terms of a term named twice (in two files) add up.

    Rewriting is one pass, so no canonical term may be another's variant: a later term that
    makes an earlier canonical its variant takes that term's variants along ("old-age
    pension" with the variant "pension insurance" gets "endowment insurance" too), and one
    that names an earlier variant as its canonical takes it back from the earlier term."""
    replacement: dict[str, str] = {}
    holding: dict[str, set[str]] = {}  # canonical -> its variants, to move them along
    for term in terms:
        canonical = " ".join(stems(term.canonical))
        if canonical in replacement:
            holding[replacement.pop(canonical)].discard(canonical)
        for variant in term.variants:
            key = " ".join(stems(variant))
            if not key or key == canonical:
                continue
            if key in replacement:
                holding[replacement[key]].discard(key)
            moved = holding.pop(key, set()) | {key}
            for one in moved:
                replacement[one] = canonical
            holding.setdefault(canonical, set()).update(moved)
    # A canonical term that holds another term's variant ("professional title" holds "title")
    # is kept whole: rewriting inside it would make it read differently from itself.
    phrases = _phrase_table(replacement)
    probe = Glossary((), frozenset(), (), frozenset(), phrases, {}, {})
    whole = {
        canonical: canonical
        for canonical, text in ((" ".join(stems(term.canonical)), term.canonical) for term in terms)
        if canonical not in replacement and probe.normalize(text) != canonical
    }
    if whole:
        replacement.update(whole)
        phrases = _phrase_table(replacement)
    stemmed_stops = frozenset(stem(w) for word in stopwords for w in words(word))
    known = frozenset(
        word for key, value in replacement.items() for word in (*key.split(), *value.split())
    )
    glossary = Glossary(
        tuple(terms), stemmed_stops, sources, known | stemmed_stops, phrases, {}, {}
    )
    read = [glossary.tokens(term.canonical) for term in terms]
    wider, names = _wider_table(terms, read, glossary)
    for term, tokens in zip(terms, read, strict=True):
        if tokens:
            names.setdefault(tokens, term.canonical)
    topics: dict[tuple[str, ...], Elsewhere] = {}  # of two topics that read alike, the later
    for what in elsewhere:
        topics[glossary.tokens(what.topic)] = what
    for topic in not_elsewhere:
        topics.pop(glossary.tokens(topic), None)
    topics.pop((), None)  # all stopwords
    canonicals: dict[str, list[tuple[str, ...]]] = {}
    for tokens in read:
        if len(tokens) > 1 and tokens not in canonicals.get(tokens[0], []):
            canonicals.setdefault(tokens[0], []).append(tokens)
    return replace(
        glossary, _wider=wider, _names=names,
        _canonicals={
            first: tuple(sorted(found, key=len, reverse=True))
            for first, found in canonicals.items()
        },
        _topics=topics, _longest_topic=max(map(len, topics), default=0),
        words=glossary.words.union(*topics),  # a topic typed right is no typo ("dibao")
    )


def _wider_table(
    terms: list[Term], read: list[tuple[str, ...]], glossary: Glossary
) -> tuple[
    dict[str, tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]],
    dict[tuple[str, ...], str],
]:
    """Each term's wider terms as content tokens, normalized by ``glossary`` (so a wider term
    given as a variant reads as its canonical term), by the term's first token; and the
    terms and wider terms as written, by their tokens (``read``: each term's canonical term as
    ``glossary`` reads it). A wider term that is all stopwords, or reads as the term itself, is
    left out, as such a variant is."""
    wider: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    names: dict[tuple[str, ...], str] = {}
    for term, key in zip(terms, read, strict=True):
        for text in term.broader:
            tokens = glossary.tokens(text)
            if key and tokens and tokens != key and tokens not in wider.get(key, []):
                wider.setdefault(key, []).append(tokens)
                names.setdefault(key, term.canonical)
                names.setdefault(tokens, text)
    table: dict[str, list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]] = {}
    for key in sorted(wider, key=lambda k: (-len(k), k)):
        table.setdefault(key[0], []).append((key, tuple(wider[key])))
    return {first: tuple(found) for first, found in table.items()}, names


DETERMINERS = frozenset({"a", "an", "the", "my", "your", "his", "her", "our", "their", "its"})
"""Words that one phrase writes where another writes another: "having a baby" is "having my
baby". A variant matches with any of them where it has one."""

_MARK = "\0"
_TOPIC = r"(?:\b(?:" + "|".join(sorted(DETERMINERS)) + r")\s+)?" + _MARK
"""A topic's mark (``_marked``), with a determiner before it."""

PRONOUNS = (frozenset({"me", "us", "him", "them"}), frozenset({"i", "we", "he", "she", "they"}))
"""Personal pronouns, as objects and as subjects: "owes me wages" is "owes us wages"."""

_FORMS = {
    **{word: "a" for word in DETERMINERS},
    **{word: sorted(group)[0] for group in PRONOUNS for word in group},
}


def _matching_form(token: str) -> str:
    """The form in which ``token`` is matched inside variants: one word for each class of
    ``DETERMINERS`` and ``PRONOUNS``, else itself."""
    return _FORMS.get(token, token)


def _phrase_table(
    replacement: dict[str, str],
) -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Variants (stems joined by spaces) by their first stem, the longest first."""
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for key in sorted(replacement, key=lambda v: (-len(v.split()), v)):
        words_of = tuple(map(_matching_form, key.split()))
        phrases.setdefault(words_of[0], []).append((words_of, replacement[key]))
    return {first: tuple(found) for first, found in phrases.items()}


@dataclass(frozen=True, slots=True)
class GlossaryFile:
    """What one glossary file says."""

    terms: tuple[Term, ...] = ()
    stopwords: tuple[str, ...] = ()
    elsewhere: tuple[Elsewhere, ...] = ()
    not_elsewhere: tuple[str, ...] = ()
    """Topics an earlier file names as another department's that are the field's own here."""
    not_elsewhere_at: tuple[tuple[int, int], ...] = ()
    """The line and column of each of ``not_elsewhere`` in the file."""


def read_glossary_file(path: Path) -> GlossaryFile:
    """What one glossary file says; DataError when it is malformed."""
    import yaml

    from hrss_compare.yamlfile import Checker, read_yaml  # yaml only when a file is read

    name, root = read_yaml(path)
    checker = Checker(name)
    keys = checker.mapping(
        root, "", optional=("terms", "stopwords", "elsewhere", "not_elsewhere"),
        what="a glossary mapping",
    )
    terms: list[Term] = []
    read = GlossaryFile()
    if keys is not None:
        for index, item in enumerate(
            checker.sequence(keys["terms"], "terms", "terms") or () if "terms" in keys else ()
        ):
            where = f"terms[{index}]"
            entry = checker.mapping(
                item, where, required=("canonical", "variants"), optional=("broader",)
            )
            if entry is None:
                continue
            canonical = (
                checker.string(entry["canonical"], f"{where}.canonical")
                if "canonical" in entry else None
            )
            variants = (
                checker.strings(entry["variants"], f"{where}.variants")
                if "variants" in entry else ()
            )
            broader = (
                checker.strings(entry["broader"], f"{where}.broader")
                if "broader" in entry else ()
            )
            if canonical is not None:
                terms.append(Term(canonical, variants, broader))
        read = GlossaryFile(
            tuple(terms),
            checker.strings(keys["stopwords"], "stopwords", allow_empty=True)
            if "stopwords" in keys else (),
            tuple(_read_elsewhere(checker, keys["elsewhere"])) if "elsewhere" in keys else (),
            checker.strings(keys["not_elsewhere"], "not_elsewhere", allow_empty=True)
            if "not_elsewhere" in keys else (),
            tuple((item.start_mark.line + 1, item.start_mark.column + 1)
                  for item in keys["not_elsewhere"].value)
            if "not_elsewhere" in keys and isinstance(keys["not_elsewhere"], yaml.SequenceNode)
            else (),
        )
    checker.raise_problems()
    return read


def _read_elsewhere(checker: Checker, node: yaml.Node) -> list[Elsewhere]:
    """The ``elsewhere`` list of a glossary file: each department with its topics."""
    found: list[Elsewhere] = []
    for index, item in enumerate(checker.sequence(node, "elsewhere", "departments") or ()):
        where = f"elsewhere[{index}]"
        entry = checker.mapping(item, where, required=("department", "topics"))
        if entry is None or "department" not in entry or "topics" not in entry:
            continue
        department = checker.string(entry["department"], f"{where}.department")
        topics = checker.strings(entry["topics"], f"{where}.topics")
        if department is not None:
            found += [Elsewhere(topic, department) for topic in topics]
    return found


@lru_cache(maxsize=8)
def load_glossary(extra: str | None = None) -> Glossary:
    """The built-in glossary, extended by the user's glossary file ``extra`` when given."""
    paths = [builtin_glossary_path()] + ([Path(extra)] if extra else [])
    files = [read_glossary_file(path) for path in paths]
    sources = ("built-in",) + ((extra,) if extra else ())
    glossary = build_glossary(
        [term for file in files for term in file.terms],
        [word for file in files for word in file.stopwords],
        sources,
        [what for file in files for what in file.elsewhere],
        [topic for file in files for topic in file.not_elsewhere],
    )
    # A topic that names none of the glossary's would be dropped unsaid ("pasport").
    named = {glossary.tokens(what.topic) for file in files for what in file.elsewhere}
    for path, file in zip(paths, files, strict=True):
        for number, (topic, (line, column)) in enumerate(
            zip(file.not_elsewhere, file.not_elsewhere_at, strict=True)
        ):
            if glossary.tokens(topic) not in named:
                raise DataError(
                    str(path), f"not_elsewhere[{number}]: {topic!r} is no topic that a "
                    "glossary lists under 'elsewhere': check its spelling, or leave it out",
                    line=line, column=column,
                )
    return glossary
