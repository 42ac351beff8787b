"""Text normalization and the glossary: the variants of a term meet, boilerplate goes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hrss_compare.errors import DataError
from hrss_compare.text import (
    DETERMINERS,
    NEGATED,
    PRONOUNS,
    Elsewhere,
    Glossary,
    Term,
    american,
    build_glossary,
    load_glossary,
    read_glossary_file,
    stem,
    stems,
    word_spans,
    words,
)

WriteYaml = Callable[..., Path]


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def test_case_does_not_matter(glossary: Glossary) -> None:
    assert glossary.normalize("PENSION Insurance Fund") == glossary.normalize(
        "pension insurance fund"
    )


def test_punctuation_and_possessives_become_word_breaks(glossary: Glossary) -> None:
    assert words("The city's labor-market (rural); 'skills'!") == [
        "the", "city", "labor", "market", "rural", "skills",
    ]
    assert glossary.tokens("wage, (arrears); recovery!") == glossary.tokens(
        "wage arrears recovery"
    )


@pytest.mark.parametrize(
    "invisible",
    ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u202c",
     "\u00ad\u200b"],
)
def test_invisible_format_characters_never_split_a_word(
    glossary: Glossary, invisible: str
) -> None:
    # A soft hyphen or zero-width space pasted inside a word: the word is still one word.
    pasted = f"pen{invisible}sion insurance"
    assert words(pasted) == ["pension", "insurance"]
    assert glossary.tokens(pasted) == glossary.tokens("pension insurance")
    assert words(f"最低{invisible}工资") == words("最低工资")
    # Highlighting covers the whole word as written, invisible characters included.
    assert [(pasted[start:end], word) for start, end, word in word_spans(pasted)] == [
        (f"pen{invisible}sion", "pension"), ("insurance", "insurance"),
    ]
    # Between words, they are no space either: visible white space still separates.
    assert words(f"pension{invisible} insurance") == ["pension", "insurance"]


@pytest.mark.parametrize(
    ("british", "us"),
    [
        ("labour", "labor"),
        ("organisation", "organization"),
        ("organisations", "organizations"),
        ("standardise", "standardize"),
        ("centre", "center"),
        ("programme", "program"),
    ],
)
def test_british_spelling_becomes_american(british: str, us: str) -> None:
    assert american(british) == us
    assert stem(british) == stem(us)


def test_american_leaves_other_words_alone() -> None:
    assert american("labor") == "labor"
    assert american("insurance") == "insurance"
    # "organis" must be a prefix, not any substring.
    assert american("reorganisation") == "reorganisation"


def test_british_and_american_sentences_normalize_alike(glossary: Glossary) -> None:
    assert glossary.tokens("Labour organisations of the city") == glossary.tokens(
        "labor organizations of the city"
    )


@pytest.mark.parametrize(
    ("plural", "singular"),
    [
        ("injuries", "injury"),
        ("policies", "policy"),
        ("workers", "worker"),
        ("businesses", "business"),
        ("disputes", "dispute"),
        ("funds", "fund"),
    ],
)
def test_plurals_stem_like_their_singular(plural: str, singular: str) -> None:
    assert stem(plural) == stem(singular)


@pytest.mark.parametrize(
    ("inflected", "base"),
    [
        ("deferring", "defer"),
        ("transferred", "transfer"),
        ("planning", "plan"),
        ("committed", "commit"),
        ("staffed", "staff"),
        ("fulfilling", "fulfill"),
        ("assessed", "assess"),
        # the person a verb acts on: a retiree is retired, a trainee trained
        ("retirees", "retired"),
        ("trainee", "training"),
    ],
)
def test_inflections_meet_their_base(inflected: str, base: str) -> None:
    assert stem(inflected) == stem(base)


def test_stemmer_keeps_short_words_numbers_and_us_endings() -> None:
    assert stem("news") != stem("new")  # not a plural
    assert stem("pay") == "pay"
    assert stem("2024") == "2024"
    assert stem("status") == "status"
    assert stems("Work Injuries") == ["work", "injury"]


@pytest.mark.parametrize(
    "variants",
    [
        ("endowment insurance", "pension insurance", "old-age insurance", "Old Age Insurance"),
        ("industrial injury", "work-related injuries", "work injury", "Industrial Injuries"),
        ("letters and calls", "petition", "letters and visits", "petitions"),
        ("demobilized military cadres", "military cadre", "Demobilised military cadres"),
        ("labour", "labor"),
        # the institutions beside government agencies are public institutions
        ("staff of government agencies and institutions",
         "staff of government agencies and public institutions", "staff of public sector"),
        # drawing a pension is receiving it, not drawing up a plan
        ("draw my pension", "drawing a pension", "monthly pension"),
    ],
)
def test_glossary_variants_meet(glossary: Glossary, variants: tuple[str, ...]) -> None:
    normalized = {glossary.normalize(v) for v in variants}
    assert len(normalized) == 1, normalized


def test_variants_meet_inside_duty_sentences(glossary: Glossary) -> None:
    a = "Formulate the endowment insurance policies for enterprise employees"
    b = "formulate the old-age insurance policy for enterprise employees"
    assert glossary.tokens(a) == glossary.tokens(b)
    c = "Responsible for the letters and calls of the bureau"
    d = "responsible for petitions to the bureau"
    assert glossary.tokens(c) == glossary.tokens(d)


@pytest.mark.parametrize(
    ("variant", "typed"),
    [
        ("having a baby", "having my baby"),
        ("lost my job", "lost their job"),
        ("sue the employer", "sue our employer"),
        ("owes me wages", "owes us wages"),
        ("years i have paid", "years we have paid"),
    ],
)
def test_a_variant_matches_with_any_determiner_or_pronoun(variant: str, typed: str) -> None:
    glossary = build_glossary([Term("maternity leave", (variant,))], [], ("test",))
    read = glossary.tokens("maternity leave")
    assert glossary.tokens(typed) == read
    # in a query too, whose phrases may hold one more word
    assert tuple(glossary.spans(f"when {typed} now", loose=True)[1][2]) == read
    # Only a determiner or a pronoun of its kind: another word in its place makes another phrase.
    other = typed.split()
    other[1] = "big"
    assert glossary.tokens(" ".join(other)) != read


def test_variants_are_rewritten_as_whole_words_only(glossary: Glossary) -> None:
    # "hr" is a variant of "human resource", "birth" of "maternity": not inside other words.
    assert glossary.tokens("hrx") == ("hrx",)
    assert "maternity" not in glossary.normalize("birthday")
    assert glossary.normalize("hr") == glossary.normalize("human resource")


def test_the_longest_variant_at_a_place_wins_and_rewrites_never_overlap() -> None:
    terms = [
        Term("labor dispute", ("labour dispute",)),
        Term("dispute arbitration", ("labour dispute arbitration", "arbitration of disputes")),
        Term("court", ("arbitration court",)),
    ]
    glossary = build_glossary(terms, [], ("test",))

    def read(text: str) -> str:
        return " ".join(stems(text))

    assert glossary.normalize("labour dispute arbitration court") == read(
        "dispute arbitration court"
    )
    assert glossary.normalize("labour dispute and arbitration court") == read(
        "labor dispute and court"
    )
    # A rewritten term is not rewritten again ("arbitration court" is in what it became).
    assert glossary.normalize("arbitration of disputes court") == read(
        "dispute arbitration court"
    )


def test_a_typed_phrase_may_hold_one_more_word() -> None:
    terms = [
        Term("minimum wage", ("lowest pay",)),
        Term("administrative reconsideration", ("appeal against a decision",)),
        Term("college", ("university",)),
        Term("development plan", ("five year plan",)),
    ]
    glossary = build_glossary(terms, ["a", "against"], ("test",))

    def loose(text: str) -> list[tuple[str, ...]]:
        return [found for _, _, found in glossary.spans(text, loose=True)]

    # The word inside is a piece of its own (a bureau may never use it), after the term, as a
    # one-word variant rewrites it.
    assert loose("lowest hourly pay") == [glossary.tokens("minimum wage"), ("hourly",)]
    assert [
        (start, end) for start, end, _ in glossary.spans("lowest hourly pay", loose=True)
    ] == [(0, 17), (7, 13)]
    assert loose("fresh lowest university pay") == [
        ("fresh",), glossary.tokens("minimum wage"), glossary.tokens("college")
    ]
    assert loose("appeal against a bureau decision") == [
        glossary.tokens("administrative reconsideration"), glossary.tokens("bureau")
    ]
    # A word the term holds already is not repeated.
    assert loose("five year development plan") == [glossary.tokens("development plan")]
    # Not two words, nor a conjunction or "not", nor at a phrase's ends.
    for text in ("lowest legal hourly pay", "lowest and pay", "lowest or pay", "lowest not pay"):
        assert loose(text) == [(w,) for w in glossary.tokens(text)]
    assert loose("hourly lowest") == [("hourly",), ("lowest",)]
    # Nor across a clause mark ("hours, irregular working" is no "hours worked").
    for text in ("lowest, hourly pay", "lowest hourly; pay", "lowest hourly\uff0cpay"):
        assert loose(text) == [(w,) for w in glossary.tokens(text)]
    # Nor a negator: what it excludes would be lost.
    for text in ("lowest except pay", "lowest non pay"):
        assert loose(text) == [found for _, _, found in glossary.spans(text)]
    # A phrase typed whole inside a gapped reading wins ("youth lost job": "lost job").
    both = build_glossary(
        [Term("youth employment", ("youth job",)), Term("unemployment", ("lost job",))],
        [], ("test",),
    )
    assert [found for _, _, found in both.spans("youth lost job", loose=True)] == [
        ("youth",), ("unemployment",)
    ]
    # So does one that runs on past it ("state-funded schools and hospitals"); but not one
    # made of the gapped phrase's own words after its extra word.
    nested = build_glossary(
        [Term("work injury insurance", ("compensation for injury at work",)),
         Term("work injury", ("injury at work",)),
         Term("public institution", ("state schools", "schools and hospitals")),
         Term("employment promotion", ("active labor market policy",)),
         Term("labor market", ("labor market",))],
        [], ("test",),
    )
    # before the extra word too ("labor market" in "active labor market support policy")
    assert [found for _, _, found in nested.spans(
        "active labor market support policy", loose=True
    )] == [nested.tokens("employment promotion"), (stem("support"),)]
    assert [found for _, _, found in nested.spans(
        "compensation for my injury at work", loose=True
    )] == [nested.tokens("work injury insurance"), ("my",)]  # no stopwords here
    assert [found for _, _, found in nested.spans("state-funded schools and hospitals",
                                                  loose=True)] == [
        (stem("state"),), (stem("funded"),), nested.tokens("public institution")
    ]
    # A phrase typed whole wins over a gapped reading; documents are never read loosely.
    assert loose("lowest pay") == [glossary.tokens("minimum wage")]
    assert glossary.tokens("lowest hourly pay") == ("lowest", "hourly", stem("pay"))
    assert [found for _, _, found in glossary.spans("lowest hourly pay")] == [
        ("lowest",), ("hourly",), (stem("pay"),)
    ]


def test_a_query_is_read_without_its_spans_of_time() -> None:
    glossary = build_glossary(
        [Term("wage arrears", ("owes me wages",)),
         Term("development plan", ("five year plan",)),
         Term("child labor", ("15 year old",)),
         Term("working hours", ("seven days a week",)),
         Term("length of service", ("years of service",))],
        ["a", "in", "of"], ("test",),
    )

    def loose(text: str) -> list[tuple[str, ...]]:
        return [found for _, _, found in glossary.spans(text, loose=True)]

    arrears = [glossary.tokens("wage arrears")]
    # A count or a pointer in time and a unit say how long or when, not what: a typed phrase
    # reads across them, and they are no words to search for.
    for typed in ("owes me three months wages", "owes me 3 months' wages", "owes me one year wages",
                  "owes me 15 yrs wages", "owes me last month wages"):
        assert loose(typed) == arrears, typed
    assert loose("lost it in two weeks") == [(stem("lost"),), (stem("it"),)]
    # A typo in it is read first.
    assert [found for _, _, found in glossary.spans(
        "owes me three monhts wages", lambda word: "month" if word == "monht" else word,
        loose=True)] == arrears
    # A rate is no span of time: "6 days a week" may say what (working hours).
    assert loose("work 6 days a week") == [(stem("work"),), ("6",), (stem("days"),),
                                           (stem("week"),)]
    # Of a span a phrase holds in part, the rest goes: "fifteen" of "fifteen years of
    # service".
    assert loose("fifteen years of service") == [glossary.tokens("length of service")]
    # The whole query keeps its place in the text: the phrase is highlighted as typed.
    assert [(start, end) for start, end, _ in glossary.spans(
        "owes me three months wages", loose=True)] == [(0, 26)]
    # A phrase that holds them is read first; documents are never read without them.
    assert loose("five year plan") == [glossary.tokens("development plan")]
    assert loose("hire a 15 year old") == [(stem("hire"),), glossary.tokens("child labor")]
    assert loose("work seven days a week") == [(stem("work"),), glossary.tokens("working hours")]
    assert glossary.tokens("three months wages") == (stem("three"), stem("months"), stem("wages"))
    # A unit alone, or a count alone, stays a word.
    assert loose("wages by the month") == [(stem("wages"),), (stem("by"),), (stem("the"),),
                                           (stem("month"),)]
    assert loose("three wages") == [(stem("three"),), (stem("wages"),)]


def test_a_canonical_term_holding_another_terms_variant_stays_whole() -> None:
    terms = [Term("professional title", ("job title",)), Term("professional title", ("title",))]
    glossary = build_glossary(terms, [], ("test",))
    assert glossary.normalize("professional title") == " ".join(stems("professional title"))
    assert glossary.tokens("title") == glossary.tokens("professional title")


def test_every_builtin_canonical_term_reads_as_itself(glossary: Glossary) -> None:
    # Otherwise a document's own wording of the term would not meet the term.
    assert [
        term.canonical for term in glossary.terms
        if glossary.normalize(term.canonical) != " ".join(stems(term.canonical))
    ] == []


def test_different_terms_stay_apart(glossary: Glossary) -> None:
    assert glossary.tokens("pension insurance") != glossary.tokens("unemployment insurance")
    assert glossary.tokens("work injury") != glossary.tokens("medical insurance")


def test_stopwords_are_dropped_content_words_kept(glossary: Glossary) -> None:
    assert glossary.tokens("Responsible for the employment of the whole city") == (
        "employment",
    )
    assert glossary.tokens("To undertake the city's labor inspection") == glossary.tokens(
        "labor inspection"
    )
    assert glossary.content("and the of to") == ""
    # order of content words is kept
    assert glossary.tokens("wage arrears") == (stem("wage"), stem("arrears"))


def test_no_stopword_swallows_a_term_of_the_glossary(glossary: Glossary) -> None:
    # "parties" once stemmed to "party" and so dropped the Party from every query. A term whose
    # canonical form is all stopwords is meant to cancel boilerplate ("a good job" -> "good").
    term_words = set()
    for term in glossary.terms:
        words = {word for word in glossary.normalize(term.canonical).split() if len(word) > 3}
        if words <= glossary.stopwords:
            continue
        term_words |= words
    assert "party" in term_words
    assert not glossary.stopwords & term_words
    assert glossary.tokens("Do a good job in preventing labor disputes") == glossary.tokens(
        "preventing labor disputes"
    )


def test_builtin_glossary_has_each_term_once_and_no_idle_variant(glossary: Glossary) -> None:
    # After stemming: two canonical terms that meet are one term, a variant equal to its
    # canonical term does nothing, and a variant listed twice is rewritten by the later one;
    # nor is a variant idle that differs from another only in a determiner ("lost his job").
    forms = {word: "a" for word in DETERMINERS} | {
        word: sorted(group)[0] for group in PRONOUNS for word in group
    }

    def key_of(text: str) -> str:
        return " ".join(forms.get(s, s) for s in stems(text))

    canonicals = [key_of(term.canonical) for term in glossary.terms]
    assert len(canonicals) == len(set(canonicals))
    seen: set[str] = set()
    for term, canonical in zip(glossary.terms, canonicals, strict=True):
        for variant in term.variants:
            key = key_of(variant)
            assert key != canonical, variant
            assert key not in seen, variant
            seen.add(key)


def test_builtin_glossary_reports_its_source(glossary: Glossary) -> None:
    assert glossary.sources == ("built-in",)


USER_GLOSSARY = """\
terms:
  - canonical: street vending
    variants:
      - hawker trade
      - night market stalls
stopwords:
  - hereby
"""


def test_user_glossary_extends_the_builtin_one(write_yaml: WriteYaml) -> None:
    path = write_yaml(USER_GLOSSARY, "terms.yaml")
    builtin = load_glossary()
    extended = load_glossary(str(path))
    assert builtin.tokens("hawker trade") != builtin.tokens("street vending")
    assert extended.tokens("hawker trade") == extended.tokens("street vending")
    assert extended.tokens("Night Market Stalls") == extended.tokens("street vending")
    # the user's stopwords are added, the built-in ones kept
    assert extended.tokens("hereby regulate wages") == extended.tokens("regulate wages")
    assert builtin.tokens("hereby") == ("hereby",)
    # the built-in terms still apply
    assert extended.normalize("endowment insurance") == extended.normalize("pension insurance")
    assert extended.sources == ("built-in", str(path))


WIDER_GLOSSARY = """\
terms:
  - canonical: street vending
    broader: [market supervision, endowment insurance]
    variants: [hawker trade]
  - canonical: street vending licences
    broader: [business licensing]
    variants: [hawker permits]
"""


def test_wider_terms_are_read_normalized_and_found_in_queries(write_yaml: WriteYaml) -> None:
    glossary = load_glossary(str(write_yaml(WIDER_GLOSSARY, "wider.yaml")))
    vending = glossary.tokens("street vending")
    licences = glossary.tokens("street vending licences")
    # A wider term given as a variant ("endowment insurance") reads as its canonical term.
    assert glossary.widen(glossary.tokens("hawker trade and wages")) == (
        (vending, (glossary.tokens("market supervision"), glossary.tokens("pension insurance"))),
    )
    # The longest term at a place wins; terms do not overlap; a term without wider ones and
    # a query without terms widen to nothing.
    assert glossary.widen(glossary.tokens("hawker permits, hawker trade")) == (
        (licences, (glossary.tokens("business licensing"),)),
        (vending, (glossary.tokens("market supervision"), glossary.tokens("pension insurance"))),
    )
    assert glossary.widen(glossary.tokens("endowment insurance wages")) == ()
    # A term found twice (two synonyms) is found once.
    assert glossary.widen(glossary.tokens("hawker trade, street vending")) == (
        (vending, (glossary.tokens("market supervision"), glossary.tokens("pension insurance"))),
    )


def test_wider_terms_of_overlapping_terms_follow_the_first() -> None:
    glossary = build_glossary(
        [Term("street vending", (), ("market supervision",)),
         Term("vending licence", (), ("business licensing",))],
        [], ("test",),
    )
    found = glossary.widen(glossary.tokens("street vending licence"))
    assert found == ((glossary.tokens("street vending"),
                      (glossary.tokens("market supervision"),)),)
    # Documents are not rewritten: the term and its wider term stay apart.
    assert glossary.tokens("hawker trade") != glossary.tokens("market supervision")


def test_builtin_wider_terms_differ_from_their_terms(glossary: Glossary) -> None:
    wider = [(term, text) for term in glossary.terms for text in term.broader]
    assert wider, "the built-in glossary names wider terms"
    for term, text in wider:
        tokens = glossary.tokens(text)
        assert tokens, f"{text!r} (wider than {term.canonical!r}) is all stopwords"
        assert tokens != glossary.tokens(term.canonical), text
        assert glossary.widen(glossary.tokens(term.canonical)), term.canonical


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "terms:\n  - canonical: gig work\n    variants: platform employment\n",
            3,
            "terms[0].variants: expected a list of strings, got a string",
        ),
        (
            "terms:\n  - canonical: gig work\n  - canonical: x\n    variants: [y]\n",
            2,
            "terms[0]: missing required key 'variants'",
        ),
        (
            "terms:\n  - canonical: a\n    variants: [b]\nstopword: [x]\n",
            4,
            "stopword: unknown key",
        ),
        (
            "terms:\n  - canonical: a\n    variants: [b]\n    broader: c\n",
            4,
            "terms[0].broader: expected a list of strings, got a string",
        ),
        (
            "elsewhere:\n  - topics: [passport]\n",
            2,
            "elsewhere[0]: missing required key 'department'",
        ),
        (
            "elsewhere:\n  - department: tax\n    topics: income tax\n",
            3,
            "elsewhere[0].topics: expected a list of strings, got a string",
        ),
        (
            "elsewhere:\n  department: tax\n",
            2,
            "elsewhere: expected a list of departments, got a mapping",
        ),
        ("not_elsewhere: passport\n", 1, "not_elsewhere: expected a list of strings"),
        # A topic no glossary lists would be dropped unsaid.
        (
            "not_elsewhere:\n  - passport\n  - pasport\n",
            3,
            "not_elsewhere[1]: 'pasport' is no topic that a glossary lists under 'elsewhere': "
            "check its spelling, or leave it out",
        ),
        ("terms: [\n", 2, "YAML syntax error"),
    ],
)
def test_malformed_glossary_is_a_data_error_with_its_line(
    write_yaml: WriteYaml, tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = write_yaml(text, f"bad-{line}.yaml")
    with pytest.raises(DataError) as caught:
        load_glossary(str(path))
    error = caught.value
    assert error.path == str(path)
    assert error.line == line
    assert message in error.message
    assert str(error).startswith(f"{path}:{line}:")


ELSEWHERE_GLOSSARY = """\
elsewhere:
  - department: the moon office
    topics: [moon rock licence, lunar permit, passport]
  - department: another office
    topics: [lunar permit]
not_elsewhere: [driving licence]
"""


def test_user_glossary_adds_and_drops_topics_of_other_departments(
    write_yaml: WriteYaml,
) -> None:
    builtin = load_glossary()
    glossary = load_glossary(str(write_yaml(ELSEWHERE_GLOSSARY, "elsewhere.yaml")))

    def named(text: str, glossary: Glossary = glossary) -> list[tuple[str, str]]:
        return [(found.what.topic, found.what.department)
                for found in glossary.named_topics(text, glossary.spans(text))]

    assert named("Lunar permits for moon rock licences") == [
        ("lunar permit", "another office"),  # the later department of a topic wins
        ("moon rock licence", "the moon office"),  # read as the glossary reads it
    ]
    assert named("renew my passport") == [("passport", "the moon office")]  # over the built-in
    assert named("renew my driving licence", builtin) == [
        ("driving licence", "the traffic police (vehicle administration)")
    ]
    assert named("renew my driving licence") == []  # dropped
    assert named("trademark") == [("trademark", "the market regulation bureau")]  # kept


def topics_of(glossary: Glossary, text: str, loose: bool = False) -> list[str]:
    return [found.what.topic
            for found in glossary.named_topics(text, glossary.spans(text, loose=loose))]


def test_a_topic_of_another_department_is_typed_together() -> None:
    glossary = build_glossary(
        [], ["my", "how", "do", "we", "get", "the", "of", "a", "on", "and"], ("test",),
        [Elsewhere("enrol child", "education"), Elsewhere("teacher qualification", "education"),
         Elsewhere("income tax", "tax"), Elsewhere("the of", "nothing")],
    )
    assert topics_of(glossary, "enrol child") == ["enrol child"]
    assert topics_of(glossary, "enrol my child") == ["enrol child"]  # one word between
    assert topics_of(glossary, "enrol of the child") == []  # two words between
    assert topics_of(glossary, "enrol, child") == []  # not across a clause mark
    assert topics_of(glossary, "enrol and child") == []  # nor a conjunction
    assert topics_of(glossary, "teachers how do we get the qualification") == []
    assert topics_of(glossary, "teacher qualification; enrol child") == [
        "teacher qualification", "enrol child",
    ]
    assert topics_of(glossary, "tax on income") == ["income tax"]  # two words either way
    assert topics_of(glossary, "child enrol") == ["enrol child"]
    assert topics_of(glossary, "the of") == []  # a topic of stopwords only is left out


def test_the_longest_topic_wins_and_topics_never_overlap() -> None:
    glossary = build_glossary(
        [], [], ("test",),
        [Elsewhere("fund", "a"), Elsewhere("provident fund", "b"),
         Elsewhere("housing provident fund", "c"), Elsewhere("fund transfer", "d")],
    )
    assert topics_of(glossary, "housing provident fund transfer") == ["housing provident fund"]
    assert topics_of(glossary, "provident fund fund transfer") == [
        "provident fund", "fund transfer",
    ]


def test_a_topic_inside_a_longer_term_of_the_field_is_no_topic(glossary: Glossary) -> None:
    # "kept my ID card" is a variant of a term of the field (an employer withholding an
    # identity card, a matter for labour inspection): its "id card" is no topic.
    assert topics_of(glossary, "my employer kept my ID card", loose=True) == []
    assert topics_of(glossary, "replace my lost ID card") == ["id card"]
    # "technical school" is a canonical term of two words: "school place" does not cut it.
    assert topics_of(glossary, "technical school places for rural youth") == []
    assert topics_of(glossary, "a school place for my son") == ["school place"]


def test_a_topic_typed_right_is_never_read_as_a_typo(glossary: Glossary) -> None:
    assert {"dibao", "gaokao", "passport"} <= glossary.words
    # plurals in -xes meet their singular, in topics as anywhere
    assert stem("taxes") == stem("tax") and stem("boxes") == stem("box")
    assert topics_of(glossary, "income taxes") == ["income tax"]


def test_the_builtin_topics_of_other_departments_each_read_apart(glossary: Glossary) -> None:
    from hrss_compare.builtin import builtin_glossary_path

    listed = read_glossary_file(builtin_glossary_path()).elsewhere
    assert len(listed) >= 120
    read = [glossary.tokens(what.topic) for what in listed]
    assert all(read), "no topic is all stopwords"
    assert len(set(read)) == len(read), "no two topics read alike"


def test_no_builtin_topic_of_another_department_is_a_word_of_the_field(
    glossary: Glossary,
) -> None:
    # A topic of one word that a bureau's duties use ("card", "fund") would stop every query
    # holding that word, in any bureau that does not happen to use it.
    from hrss_compare.builtin import builtin_ids
    from hrss_compare.load import load_bureau

    used = {
        token
        for bureau in map(load_bureau, builtin_ids())
        for office in bureau.offices
        for text in (office.name, *office.duties)
        for token in glossary.tokens(text)
    }
    single = [what.topic for what in glossary.topics
              if len(glossary.tokens(what.topic)) == 1]
    assert single, "the built-in glossary has one-word topics (passport)"
    assert [topic for topic in single if glossary.tokens(topic)[0] in used] == []


def test_missing_glossary_file_is_a_data_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(DataError, match="no such file"):
        load_glossary(str(missing))


def test_spans_cover_words_and_whole_glossary_phrases(glossary: Glossary) -> None:
    text = "Handle letters, visits and calls; the city's Labour organisations"
    assert [(text[start:end], tokens) for start, end, tokens in glossary.spans(text)] == [
        ("letters, visits and calls", ("petition",)),
        ("Labour", ("labor",)),
        ("organisations", (stem("organizations"),)),
    ]
    assert glossary.spans("the of and") == ()


def test_spans_read_in_order_are_the_tokens(glossary: Glossary) -> None:
    from hrss_compare.load import load_bureau

    for bureau_id in ("changsha", "shaoxing"):
        bureau = load_bureau(bureau_id)
        texts = [d for o in bureau.offices for d in o.duties] + list(bureau.responsibilities)
        for text in texts:
            spans = glossary.spans(text)
            assert tuple(t for _, _, tokens in spans for t in tokens) == glossary.tokens(text)
            ends = [0] + [end for _, end, _ in spans]
            assert all(ends[k] <= spans[k][0] for k in range(len(spans)))
    # With a correction too, as the search reads a query's tokens off its spans.
    fix = {"endowmnt": "endowment", "letter": "petition"}.get
    def fixed(word: str) -> str:
        return fix(word) or word
    for query in ("endowmnt insurance", "letters and calls", "the Letters of endowmnt"):
        spans = glossary.spans(query, fixed)
        assert tuple(t for _, _, tokens in spans for t in tokens) == glossary.tokens(query, fixed)


@pytest.mark.parametrize(
    ("text", "before", "excluded", "after"),
    [
        # The excluded words are marked, the negator's own words dropped.
        ("employment of overseas personnel (excluding experts)",
         "employment of overseas personnel", "experts", ""),
        ("overseas personnel who are not experts", "overseas personnel who", "experts", ""),
        ("overseas personnel who aren't experts", "overseas personnel who", "experts", ""),
        # The exclusion ends with its clause, or after its reach.
        ("resettlement except demobilized soldiers and experts",
         "resettlement", "demobilized soldiers", "and experts"),
        ("soldiers other than cadres are resettled", "soldiers", "cadres", "are resettled"),
        ("non-profit organizations", "", "profit", "organizations"),
        ("except pension wage fund budget talent", "", "pension wage fund budget", "talent"),
        ("a worker who is not an expert", "a worker who", "expert", ""),
        ("a worker who isn't an expert", "a worker who", "expert", ""),
        ("overseas personnel, not including experts", "overseas personnel", "experts", ""),
        # "not" before an article or "as" names what is meant apart: a noun follows.
        ("an ordinary job, not as an expert", "an ordinary job", "expert", ""),
        ("hire a clerk, not an expert", "hire a clerk", "expert", ""),
        ("I am a worker not a cadre", "I am a worker", "cadre", ""),
        # Stopwords in the exclusion are neither marked nor counted; a relative ends it.
        ("except the pension of the wage fund for budget talent", "",
         "pension wage fund budget", "talent"),
        ("except experts who train staff", "", "experts", "who train staff"),
        # A negator within an exclusion is dropped too, and the exclusion goes on.
        ("except non-cadre experts", "", "cadre experts", ""),
    ],
)
def test_what_a_text_excludes_is_marked(
    glossary: Glossary, text: str, before: str, excluded: str, after: str
) -> None:
    want = (
        *glossary.tokens(before),
        *(NEGATED + token for token in glossary.tokens(excluded)),
        *glossary.tokens(after),
    )
    assert glossary.tokens(excluded)
    assert glossary.tokens(text) == want
    assert tuple(t for _, _, tokens in glossary.spans(text) for t in tokens) == want


def test_a_negator_that_ends_the_text_excludes_nothing(glossary: Glossary) -> None:
    assert glossary.tokens("experts who aren't") == glossary.tokens("experts who")
    assert glossary.tokens("personnel excluding") == glossary.tokens("personnel")
    assert glossary.spans("personnel excluding") == glossary.spans("personnel")


def test_not_a_in_an_idiom_or_before_a_quantity_excludes_nothing(glossary: Glossary) -> None:
    for text, plain in (
        ("whether or not a company must pay social insurance", "whether a company must pay "
         "social insurance"),
        ("not a lot of training subsidy", "lot of training subsidy"),
        ("not a single day off", "single day off"),
    ):
        assert glossary.tokens(text) == glossary.tokens(plain), text


def test_a_plain_not_excludes_nothing(glossary: Glossary) -> None:
    # "did not publish statistics" is about statistics: only "not" after a form of "be" (or
    # before "including") excludes. (A glossary phrase may still read a negation whole: "not
    # pay wages" is wage arrears.)
    assert glossary.tokens("the bureau did not publish statistics") == glossary.tokens(
        "the bureau did publish statistics"
    )


@pytest.mark.parametrize(
    ("negated", "plain"),
    [
        ("my boss is not paying my wages", "my boss paying my wages"),
        ("workers who are not insured", "workers who insured"),
        ("the company isn't signing labour contracts", "the company signing labour contracts"),
        ("overtime that is not paid", "overtime that paid"),
        ("staff who aren't registered", "staff who registered"),
        ("paid but not insured", "paid but insured"),
    ],
)
def test_not_before_a_verb_form_excludes_nothing(
    glossary: Glossary, negated: str, plain: str
) -> None:
    # The complaint is about the wages, the insurance, the contract: only "not" before a noun
    # excludes ("staff who are not experts").
    assert glossary.tokens(negated) == glossary.tokens(plain)
    assert tuple(t for _, _, tokens in glossary.spans(negated) for t in tokens) == (
        glossary.tokens(plain)
    )
    assert NEGATED + "expert" in glossary.tokens("staff who are not experts")
    assert NEGATED + "expert" in glossary.tokens("foreign workers but not experts")


def test_words_of_any_script_are_kept() -> None:
    from hrss_compare.text import words

    assert words("Rémunération des salariés") == ["rémunération", "des", "salariés"]
    # No spaces between words: overlapping character pairs stand for the words.
    assert words("最低工资") == ["最低", "低工", "工资"]
    assert words("２０２４年") == ["2024", "年"]  # full-width digits folded


@pytest.mark.parametrize(
    ("text", "not_read_as"),
    [
        # a one-word variant is stemmed like any word: "returnees" -> "return" read every
        # "return" as a returned overseas student; "placing" took "places", "enrollee" "enroll"
        ("return to work", "oversea"),
        ("places of work", "placement"),
        ("enroll in a scheme", "insured"),
        # "stats" is "stat", as is "state": every state read as statistics
        ("policies of the state", "statistic"),
        # "fired" is "fir", as is "firing": dismissing a civil servant is no labor contract's end
        ("firing civil servants", "termination"),
        # fines on employers are not staff discipline
        ("administrative penalty", "punishment"),
    ],
)
def test_a_one_word_variant_does_not_capture_another_word_of_its_stem(
    glossary: Glossary, text: str, not_read_as: str
) -> None:
    assert not_read_as not in glossary.tokens(text)


def test_a_later_term_that_takes_a_canonical_as_its_variant_takes_its_variants_too() -> None:
    # Rewriting is one pass: "endowment insurance" must not stop at "pension insurance" when a
    # later term (a user's file) reads "pension insurance" as "old-age pension".
    glossary = build_glossary([
        Term("pension insurance", ("endowment insurance",)),
        Term("old-age pension", ("pension insurance",)),
    ], [], ("test",))
    read = {glossary.tokens(text) for text in
            ("endowment insurance", "pension insurance", "old-age pension")}
    assert read == {glossary.tokens("old-age pension")}


def test_of_two_terms_naming_each_other_the_later_reads_one_way() -> None:
    glossary = build_glossary([
        Term("petition", ("letters and calls",)),
        Term("letters and calls", ("petition",)),
    ], [], ("test",))
    assert glossary.tokens("petition") == glossary.tokens("letters and calls") == (
        "letter", "and", "call"  # no stopwords in this glossary
    )


def test_no_typed_phrase_runs_across_a_comma() -> None:
    # "hukou transfer, social insurance" is no "transfer social insurance" (a glossary phrase):
    # the topic "hukou transfer" stays whole. A document's text is read as written.
    glossary = load_glossary()
    whole = glossary.tokens("transfer social insurance")

    def pieces(text: str, loose: bool) -> list[tuple[str, ...]]:
        return [found for _, _, found in glossary.spans(text, loose=loose)]

    assert whole not in pieces("hukou transfer, social insurance", True)
    assert whole in pieces("hukou, transfer social insurance", True)
    assert pieces("transfer, social insurance", False) == [whole]


def test_an_employer_is_not_its_employees(glossary: Glossary) -> None:
    # "employing unit" is the translations' word for an employer; read as "employ unit", it
    # met "employees of municipal units" ("employee" stems to "employ") and paired a duty on
    # employers who do not pay with one on the medical insurance of units' employees.
    employer = glossary.content("employing units")
    assert employer == glossary.content("employers") == glossary.content("boss")
    assert not set(employer.split()) & set(glossary.content("employees of municipal units").split())
