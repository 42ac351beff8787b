"""Render the answers of ``where``: per bureau, the ranked hits with matching words highlighted."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from hrss_compare.answer import MOVED_LABELS, Answer, BureauHits, Hit, Kind
from hrss_compare.cjk import has_cjk
from hrss_compare.confidence import CLEAR_MARGIN, STRONG_SCORE, Confidence
from hrss_compare.render.common import dumps_json, safe, told_apart

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    """A hit in the documented JSON shape."""
    evidence = hit.evidence
    return {
        "office": {"id": hit.office, "name": hit.label},
        "duty": hit.text,
        "score": hit.score,
        "kind": hit.kind.value,
        "counterpart": None if evidence is None else {
            "bureau": evidence.bureau,
            "office": {"id": evidence.office, "name": evidence.label},
            "duty": evidence.text,
            "gain": evidence.gain,
        },
        "wider": [{"term": term, "as": wide} for term, wide in hit.wider],
        "meaning": hit.meaning,
    }


def render_where_json(answer: Answer) -> str:
    """``where --format json``."""
    # Two bureaus may share an id (two versions of one city): their side tells them apart, as
    # "(left)" and "(right)" do in the table. Sides are by position, of exactly two bureaus.
    sides = ("left", "right") if len(answer.bureaus) == 2 else (None,) * len(answer.bureaus)
    return dumps_json({
        "query": answer.query,
        "corrected": [{"typed": typed, "read": read} for typed, read in answer.corrected],
        "places": list(answer.places),
        "bureaus": [
            {
                "id": result.bureau.id,
                "name": result.bureau.name,
                "side": side,
                "hits": [hit_to_dict(hit) for hit in result.hits],
                "confidence": None if result.confidence is None else result.confidence.value,
                "lead": result.lead,
                "crowd": result.crowd,
                "runner_up": None if result.runner_up is None else hit_to_dict(result.runner_up),
                "close_calls": [hit_to_dict(hit) for hit in result.close_calls],
                "unknown_words": list(result.unknown),
                "read_as": [{"typed": typed, "term": term} for typed, term in result.read_as],
                "elsewhere": None if result.elsewhere is None else {
                    "topic": result.elsewhere.topic,
                    "department": result.elsewhere.department,
                },
                "moved": None if result.moved is None else {
                    "change": _CHANGES[result.moved.label],
                    "text": result.moved.text,
                    "score": result.moved.score,
                },
                "closest": None if result.closest is None else hit_to_dict(result.closest),
                "unsearched": result.unsearched,
            }
            for result, side in zip(answer.bureaus, sides, strict=True)
        ],
    })


def quoted(text: str) -> str:
    """``text`` in single quotes as typed: no escapes (``repr`` doubles a backslash)."""
    return f"'{text}'"


ECHO_LIMIT = 60
"""The most characters of the query, or of one of its words, that a sentence of the table
echoes: a pasted page would otherwise fill the screen once per bureau (JSON keeps it whole)."""

UNKNOWN_SHOWN = 10
"""The most words a bureau never uses that its sentence lists; the rest are counted."""


def echoed(text: str) -> str:
    """Text typed by the user, quoted: whole up to ``ECHO_LIMIT`` characters, else its start
    and "…"."""
    if len(text) <= ECHO_LIMIT:
        return quoted(text)
    return quoted(text[:ECHO_LIMIT].rstrip() + "\u2026")


def no_match_line(query: str, result: BureauHits, other: str = "") -> str:
    """The plain sentence for a bureau with no credible match; ``other``: the other bureau's
    label, of two."""
    if result.closest is not None:  # a weak match that the other bureau's answer outweighs
        return (f"No duty in {result.bureau.label} matches {echoed(query)} well, and "
                f"{other or 'the other bureau'} answers it plainly: {result.bureau.label} "
                "may not do this.")
    if result.moved is not None:  # it matched a duty the bureau gave up
        return f"Nothing {result.bureau.label} still does matches {echoed(query)}."
    if result.unsearched and result.elsewhere is not None:
        return (f"{result.bureau.label} was not searched for {echoed(query)}: it is about "
                f"'{result.elsewhere.topic}' (below); ask the rest of it "
                f"({echoed(result.unsearched)}) on its own to search {result.bureau.label}.")
    return f"No duty in {result.bureau.label} matches {echoed(query)}."


_CHANGES = {label: change for change, label in MOVED_LABELS.items()}


def moved_line(result: BureauHits) -> str | None:
    """The duty the bureau gave up at its last reform, when that is what the query fits."""
    if result.moved is None:
        return None
    return (f"{result.moved.label} at {result.bureau.label}'s last reform: "
            f"{quoted(result.moved.text)} ({result.moved.score:.1f}).")


def closest_line(result: BureauHits) -> str | None:
    """The closest text of a bureau whose weak match the other bureau's answer outweighs."""
    hit = result.closest
    if hit is None:
        return None
    return (f"{result.bureau.label}'s closest text, a weak match ({hit.score:.1f}): "
            f"{answer_name(hit)}, {quoted(hit.text)}.")


def elsewhere_line(result: BureauHits) -> str | None:
    """Whose matter the topic of another department that the query names usually is, when the
    bureau names it nowhere."""
    if result.elsewhere is None:
        return None
    return (f"{quoted(result.elsewhere.topic)} is usually a matter for "
            f"{result.elsewhere.department}, and no text of {result.bureau.label} names it.")


def corrected_line(answer: Answer) -> str | None:
    """Which words were read as typos, if any: ``Read 'arbitraton' as 'arbitration'.``"""
    if not answer.corrected:
        return None
    return "Read " + ", ".join(
        f"{quoted(typed)} as {quoted(read)}" for typed, read in answer.corrected
    ) + "."


def places_line(answer: Answer) -> str | None:
    """Which places the query names, not searched, if any."""
    if not answer.places:
        return None
    named = ", ".join(quoted(place) for place in answer.places)  # each once (named_places)
    return f"Not searched: {named} (a place says where, not what)."


def evidence_line(hit: Hit, other: str) -> str | None:
    """What a hit's counterpart in the other bureau (``other``, its label) added, if anything:
    ``+8.1 via Changsha's Labor Relations Department``."""
    if hit.evidence is None:
        return None
    return f"+{hit.evidence.gain:.1f} via {other}'s {hit.evidence.label}"


def meaning_line(hit: Hit) -> str | None:
    """What the sentence model added to a hit, when it was asked: ``+6.2 by meaning``, or
    ``by meaning alone`` for a text no word of the query found."""
    if not hit.meaning:
        return None
    if hit.meaning == hit.score:
        return "by meaning alone"
    return f"{hit.meaning:+.1f} by meaning"


def wider_line(hit: Hit) -> str | None:
    """The query's terms a hit holds only through a wider term, if any: ``wider term:
    'labor standards' for 'extended working hours'``."""
    if not hit.wider:
        return None
    return "wider term: " + ", ".join(
        f"{quoted(wide)} for {quoted(term)}" for term, wide in hit.wider
    )


def answer_name(hit: Hit, *, listed: bool = True, with_id: bool = False) -> str:
    """What a hit answers, quoted as the data writes it: its office, its organ, or the bureau's
    main responsibilities; noted when it is not in the table, and with its office id when
    another answer has the same name."""
    notes = []
    if hit.kind is Kind.AFFILIATED:
        notes.append("affiliated")
    elif hit.kind is Kind.RESPONSIBILITY:
        notes.append("bureau-level")
    elif with_id:
        notes.append(str(hit.office))
    if not listed:
        notes.append("not listed")
    return quoted(hit.label) + (f" ({', '.join(notes)})" if notes else "")


def confidence_line(result: BureauHits) -> str | None:
    """How sure the first answer is, in a sentence (``Confidence``); None without hits."""
    if not result.hits or result.confidence is None:
        return None
    top = result.hits[0]
    if result.confidence is Confidence.WEAK and top.score >= STRONG_SCORE:
        return (f"Weak match: {result.crowd} other answers score within {CLEAR_MARGIN:.0f} "
                f"points of {answer_name(top)}, so the query's words are common here and do "
                "not tell the offices apart: add a word that names the duty.")
    if result.confidence is Confidence.WEAK:
        how = ("it shares no word with the query, only its meaning is near" if top.meaning
               and top.meaning == top.score and not top.spans else "the words match only in part")
        return (f"Weak match: the best score is {top.score:.1f}, under {STRONG_SCORE:.0f}, so "
                f"{how}, and it may be that no office here handles this.")
    named = [top, *result.close_calls] if result.confidence is Confidence.CLOSE else (
        [top] if result.runner_up is None else [top, result.runner_up]
    )
    labels = [hit.label for hit in named]
    first, *others = [
        answer_name(hit, listed=hit in result.hits, with_id=labels.count(hit.label) > 1)
        for hit in named
    ]
    if result.confidence is Confidence.CLOSE:
        if len(others) == 1:
            apart = "tied" if result.lead == 0 else f"{result.lead:.1f} points apart"
            return f"Close call: {first} or {others[0]}, {apart}."
        spread = top.score - result.close_calls[-1].score
        return (f"Close call: {first}, {', '.join(others[:-1])} or {others[-1]}, within "
                f"{spread:.1f} points.")
    runner = others[0] if others else None
    if result.confidence is Confidence.LIKELY and result.lead is not None and (
        result.lead < CLEAR_MARGIN
    ):
        return f"Likely {first}; {runner} is {result.lead:.1f} points behind."
    ahead = None if runner is None else f"{result.lead:.1f} points ahead of the next, {runner}"
    if result.confidence is Confidence.CLEAR:
        return f"Clear: {first}; nothing else matches." if ahead is None else (
            f"Clear: {first}, {ahead}."
        )
    # likely, though far ahead: the bureau never uses a word of the query, or the query names
    # a topic of another department's work that the bureau names nowhere; with neither, the
    # words alone gave a weak answer or a close call, and the sentence model was asked
    but = (f"if the question is about {'a word' if len(result.unknown) == 1 else 'words'} "
           f"{result.bureau.label} never uses (below), no office here may handle it")
    if result.elsewhere is not None and not result.unknown:
        but = (f"the question is also about '{result.elsewhere.topic}', which "
               f"{result.bureau.label} names nowhere (below)")
    elif not result.unknown:
        but = ("only with the sentence model's points (by meaning): by the words alone it is "
               "not clear")
    return f"Likely {first}: nothing else matches, but {but}." if ahead is None else (
        f"Likely {first}, {ahead}; but {but}."
    )


def unknown_line(result: BureauHits) -> str | None:
    """Which words of the query this bureau never uses, if any: they matched nothing."""
    if not result.unknown:
        return None
    terms = dict(result.read_as)
    listed = ", ".join(
        echoed(word) + (f" (read as {quoted(terms[word])})" if word in terms else "")
        for word in result.unknown[:UNKNOWN_SHOWN]
    )
    if len(result.unknown) > UNKNOWN_SHOWN:
        listed += f" and {len(result.unknown) - UNKNOWN_SHOWN} more"
    return (f"{result.bureau.label} never uses {listed}: try other words, or add yours to a "
            "glossary (--glossary).")


def language_line(answer: Answer) -> str | None:
    """For a query in Chinese, Japanese or Korean that found nothing in any bureau: the
    built-in data is English, so the query should be too."""
    if any(result.hits for result in answer.bureaus) or not has_cjk(answer.query):
        return None
    return "The built-in bureaus and glossary are in English: write the query in English words."


def render_where_table(answer: Answer) -> RenderableType:
    """A table per bureau: rank, office, duty with the query's words highlighted, score."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    read = [line for line in (corrected_line(answer), places_line(answer)) if line is not None]
    if read:
        parts += [*(Text(safe(line), style="dim") for line in read), Text("")]
    results = list(answer.bureaus)
    if len(results) == 2:  # two versions of one city: every line says which side it means
        names = told_apart(*(result.bureau.name for result in results))
        labels = told_apart(*(result.bureau.label for result in results))
        results = [
            dataclasses.replace(result, bureau=dataclasses.replace(
                result.bureau, name=name, city=label
            ))
            for result, name, label in zip(results, names, labels, strict=True)
        ]
    for side, result in enumerate(results):
        note = unknown_line(result)
        # Evidence comes from the other of two bureaus: by position, as two may share an id.
        other = results[1 - side].bureau.label if len(results) == 2 else ""
        if not result.hits:
            parts.append(
                Text(safe(no_match_line(answer.query, result, other)), style="yellow")
            )
            # Rewording will not help a question about another department's work, nor one
            # about a duty the bureau gave up; it may where the other bureau outweighs a weak
            # match (which was wrong about one time in four), so that hint stays.
            lines = [elsewhere_line(result), moved_line(result)]
            for line in [closest_line(result), *lines, None if any(lines) else note]:
                if line is not None:
                    parts.append(Text(safe(line), style="dim"))
            parts.append(Text(""))
            continue
        table = Table(title=Text(safe(result.bureau.name), style="bold"), show_lines=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("office", overflow="fold", ratio=1, min_width=8)
        table.add_column("duty", overflow="fold", ratio=3, min_width=12)
        table.add_column("score", justify="right", no_wrap=True)
        for rank, hit in enumerate(result.hits, 1):
            where = Text(safe(hit.label))
            if hit.kind is not Kind.DUTY:
                where.append(f"\n({hit.kind.value})", style="dim")
            duty = _highlighted(hit)
            for line in (wider_line(hit), evidence_line(hit, other), meaning_line(hit)):
                if line is not None:
                    duty.append("\n" + safe(line), style="dim")
            table.add_row(str(rank), where, duty, f"{hit.score:.1f}")
        parts.append(table)
        sure = confidence_line(result)
        if sure is not None:
            weak = result.confidence in (Confidence.WEAK, Confidence.CLOSE)
            parts.append(Text(safe(sure), style="yellow" if weak else "dim"))
        for line in (elsewhere_line(result), note):
            if line is not None:
                parts.append(Text(safe(line), style="dim"))
        parts.append(Text(""))
    if (line := language_line(answer)) is not None:
        parts.append(Text(line, style="dim"))
    return Group(*parts)


def _highlighted(hit: Hit) -> Text:
    from rich.text import Text

    text = Text(safe(hit.text))
    if safe(hit.text) == hit.text:  # spans index the original; escaping would shift them
        for start, end in hit.spans:
            text.stylize("bold yellow", start, end)
    return text
