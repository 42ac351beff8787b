"""Renderers of `where`: the JSON shape and the table's lines, on answers built by hand."""

from __future__ import annotations

import dataclasses
import io
import json

import pytest
from rich.console import Console

from hrss_compare.answer import Answer, BureauHits, Evidence, Hit, Kind
from hrss_compare.confidence import Confidence
from hrss_compare.model import Bureau, Office
from hrss_compare.render.search import (
    ECHO_LIMIT,
    UNKNOWN_SHOWN,
    confidence_line,
    evidence_line,
    hit_to_dict,
    language_line,
    no_match_line,
    render_where_json,
    render_where_table,
    wider_line,
)
from hrss_compare.text import Elsewhere

EAST = Bureau(id="east", name="East Bureau", city="East",
              offices=(Office(id="wages", name="Wages [bold]Office[/bold]", duties=("x",)),))
WEST = Bureau(id="west", name="West Bureau", city="West",
              offices=(Office(id="labor", name="Labor Office", duties=("y",)),))

LIFTED = Hit(
    kind=Kind.DUTY, office="wages", label="Wages [bold]Office[/bold]",
    text="Set the [red]minimum wage[/red]", score=71.5, spans=((13, 20),),
    evidence=Evidence(bureau="west", office="labor", label="Labor Office",
                      text="Guide enterprise wages", gain=8.3),
)
ALONE = Hit(kind=Kind.AFFILIATED, office=None, label="Wage Bureau", text="Wage Bureau: pays",
            score=40.0, spans=((0, 4),))
WIDER = Hit(kind=Kind.DUTY, office="wages", label="Wages Office",
            text="Guide the [i]labor standards[/i]", score=52.0, spans=((14, 22),),
            wider=(("extended working hours", "[i]labor standards[/i]"),))
ANSWER = Answer(
    query="minimum wage", corrected=(),
    bureaus=(BureauHits(EAST, (LIFTED, ALONE)), BureauHits(WEST, (), ("minimum",))),
)


def render(renderable: object) -> str:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(renderable)
    return out.getvalue()


def test_a_hit_names_the_counterpart_that_lifted_it_in_json() -> None:
    assert hit_to_dict(LIFTED)["counterpart"] == {
        "bureau": "west", "office": {"id": "labor", "name": "Labor Office"},
        "duty": "Guide enterprise wages", "gain": 8.3,
    }
    assert hit_to_dict(ALONE) == {
        "office": {"id": None, "name": "Wage Bureau"}, "duty": "Wage Bureau: pays",
        "score": 40.0, "kind": "affiliated", "counterpart": None, "wider": [], "meaning": None,
    }
    data = json.loads(render_where_json(ANSWER))
    assert [len(b["hits"]) for b in data["bureaus"]] == [2, 0]
    assert data["bureaus"][1]["unknown_words"] == ["minimum"]


def test_the_table_says_what_a_counterpart_added_and_prints_data_as_written() -> None:
    assert evidence_line(LIFTED, "West") == "+8.3 via West's Labor Office"
    assert evidence_line(ALONE, "West") is None
    text = " ".join(render(render_where_table(ANSWER)).split())
    assert "+8.3 via West's Labor Office" in text
    assert "Wages [bold]Office[/bold]" in text  # data is never read as rich markup
    assert "[red]minimum wage[/red]" in text
    assert "No duty in West matches 'minimum wage'." in text
    assert "West never uses 'minimum'" in text


def test_the_evidence_names_the_other_bureau_even_when_both_share_an_id() -> None:
    # Two versions of one bureau keep its id: the other bureau is the other table, by position.
    later = Bureau(id="east", name="East Bureau 2025", city="East 2025", offices=EAST.offices)
    answer = Answer(query="minimum wage", corrected=(),
                    bureaus=(BureauHits(EAST, (LIFTED,)), BureauHits(later, (LIFTED,))))
    text = " ".join(render(render_where_table(answer)).split())
    assert "+8.3 via East 2025's Labor Office" in text
    assert "+8.3 via East's Labor Office" in text


def test_two_bureaus_of_one_name_are_told_apart_by_their_sides() -> None:
    # Two versions of one city, named alike: which table is which, and whose office lent.
    answer = Answer(query="minimum wage", corrected=(),
                    bureaus=(BureauHits(EAST, (LIFTED,)), BureauHits(EAST, (LIFTED,))))
    text = " ".join(render(render_where_table(answer)).split())
    assert "East Bureau (left)" in text and "East Bureau (right)" in text
    assert "+8.3 via East (right)'s Labor Office" in text
    assert "+8.3 via East (left)'s Labor Office" in text
    nothing = Answer(query="minimum wage", corrected=(),
                     bureaus=(BureauHits(EAST, ()), BureauHits(EAST, ())))
    text = " ".join(render(render_where_table(nothing)).split())
    assert "No duty in East (left) matches" in text
    assert "No duty in East (right) matches" in text


def test_a_hit_found_through_a_wider_term_names_it() -> None:
    assert hit_to_dict(WIDER)["wider"] == [
        {"term": "extended working hours", "as": "[i]labor standards[/i]"},
    ]
    assert wider_line(WIDER) == (
        "wider term: '[i]labor standards[/i]' for 'extended working hours'"
    )
    assert wider_line(LIFTED) is None
    answer = Answer(query="overtime", corrected=(), bureaus=(BureauHits(EAST, (WIDER,)),))
    text = " ".join(render(render_where_table(answer)).split())
    # a user glossary's words are data too: never read as rich markup
    assert "wider term: '[i]labor standards[/i]' for 'extended working hours'" in text


def _judged(hits: tuple[Hit, ...], confidence: Confidence | None, lead: float | None,
            runner_up: Hit | None, unknown: tuple[str, ...] = (), *,
            close: tuple[Hit, ...] = ()) -> BureauHits:
    return BureauHits(EAST, hits, unknown, confidence=confidence, lead=lead, runner_up=runner_up,
                      close_calls=close)


def test_the_table_says_how_sure_the_first_answer_is() -> None:
    responsibility = Hit(kind=Kind.RESPONSIBILITY, office=None, label="Main responsibilities",
                         text="wages", score=70.0, spans=())
    cases = [
        (_judged((LIFTED, ALONE), Confidence.CLEAR, 31.5, ALONE),
         "Clear: 'Wages [bold]Office[/bold]', 31.5 points ahead of the next, 'Wage Bureau' "
         "(affiliated)."),
        (_judged((LIFTED,), Confidence.CLEAR, 31.5, ALONE),
         "Clear: 'Wages [bold]Office[/bold]', 31.5 points ahead of the next, 'Wage Bureau' "
         "(affiliated, not listed)."),
        (_judged((LIFTED,), Confidence.CLEAR, None, None),
         "Clear: 'Wages [bold]Office[/bold]'; nothing else matches."),
        (_judged((LIFTED, responsibility), Confidence.LIKELY, 4.0, responsibility),
         "Likely 'Wages [bold]Office[/bold]'; 'Main responsibilities' (bureau-level) is 4.0 "
         "points behind."),
        (_judged((LIFTED,), Confidence.LIKELY, None, None, ("scheme",)),
         "Likely 'Wages [bold]Office[/bold]': nothing else matches, but if the question is "
         "about a word East never uses (below), no office here may handle it."),
        (_judged((LIFTED,), Confidence.LIKELY, 12.0, WIDER, ("scheme", "plan")),
         "Likely 'Wages [bold]Office[/bold]', 12.0 points ahead of the next, 'Wages Office' (not "
         "listed); but if the question is about words East never uses (below), no office here "
         "may handle it."),
        (_judged((LIFTED, ALONE), Confidence.CLOSE, 0.0, ALONE, close=(ALONE,)),
         "Close call: 'Wages [bold]Office[/bold]' or 'Wage Bureau' (affiliated), tied."),
        (_judged((ALONE,), Confidence.WEAK, None, None),
         "Weak match: the best score is 40.0, under 60, so the words match only in part, and it "
         "may be that no office here handles this."),
        (_judged((dataclasses.replace(ALONE, meaning=40.0, spans=()),), Confidence.WEAK, None,
                 None),
         "Weak match: the best score is 40.0, under 60, so it shares no word with the query, "
         "only its meaning is near, and it may be that no office here handles this."),
        # joined by meaning, but a word of the query is in it (scored under the floor)
        (_judged((dataclasses.replace(ALONE, meaning=40.0),), Confidence.WEAK, None, None),
         "Weak match: the best score is 40.0, under 60, so the words match only in part, and it "
         "may be that no office here handles this."),
        (_judged((dataclasses.replace(ALONE, meaning=9.5),), Confidence.WEAK, None, None),
         "Weak match: the best score is 40.0, under 60, so the words match only in part, and it "
         "may be that no office here handles this."),
    ]
    crowded = BureauHits(EAST, (LIFTED, ALONE), confidence=Confidence.WEAK, lead=4.0,
                         runner_up=ALONE, crowd=6)
    cases.append((crowded, "Weak match: 6 other answers score within 10 points of 'Wages "
                  "[bold]Office[/bold]', so the query's words are common here and do not tell "
                  "the offices apart: add a word that names the duty."))
    for result, line in cases:
        assert confidence_line(result) == line
        answer = Answer(query="minimum wage", corrected=(), bureaus=(result,))
        assert line in " ".join(render(render_where_table(answer)).split())
    assert confidence_line(BureauHits(WEST, ())) is None
    assert confidence_line(BureauHits(EAST, (LIFTED,))) is None  # built without a judgement


def test_a_close_call_names_every_answer_within_the_margin() -> None:
    second = dataclasses.replace(ALONE, score=71.0)
    third = dataclasses.replace(WIDER, office="rules", label="Rules Office", score=70.2)
    result = _judged((LIFTED, second), Confidence.CLOSE, 0.5, second, close=(second, third))
    assert confidence_line(result) == (
        "Close call: 'Wages [bold]Office[/bold]', 'Wage Bureau' (affiliated) or 'Rules Office' "
        "(not listed), within 1.3 points."
    )


def test_two_offices_of_one_name_are_told_apart_by_their_ids() -> None:
    twin = dataclasses.replace(LIFTED, office="pay")
    result = _judged((LIFTED, twin), Confidence.CLOSE, 0.0, twin, close=(twin,))
    assert confidence_line(result) == (
        "Close call: 'Wages [bold]Office[/bold]' (wages) or 'Wages [bold]Office[/bold]' (pay), "
        "tied."
    )


def test_a_judgement_must_hold_together() -> None:
    with pytest.raises(ValueError, match="there is none"):
        BureauHits(EAST, (), confidence=Confidence.CLEAR)
    with pytest.raises(ValueError, match="give both or neither"):
        BureauHits(EAST, (LIFTED,), confidence=Confidence.LIKELY, lead=3.0)
    with pytest.raises(ValueError, match="first of the close calls"):
        BureauHits(EAST, (LIFTED,), confidence=Confidence.LIKELY, lead=3.0, runner_up=ALONE,
                   close_calls=(WIDER,))
    with pytest.raises(ValueError, match="close call"):
        BureauHits(EAST, (LIFTED,), confidence=Confidence.CLOSE, lead=1.0, runner_up=ALONE)
    with pytest.raises(ValueError, match="only in a crowd"):
        BureauHits(EAST, (LIFTED,), confidence=Confidence.WEAK, lead=4.0, runner_up=ALONE)


def test_json_says_how_sure_the_first_answer_is() -> None:
    answer = Answer(query="minimum wage", corrected=(), bureaus=(
        _judged((LIFTED,), Confidence.CLOSE, 1.5, ALONE, close=(ALONE,)), BureauHits(WEST, ()),
    ))
    east, west = json.loads(render_where_json(answer))["bureaus"]
    assert (east["confidence"], east["lead"], east["runner_up"], east["close_calls"]) == (
        "close", 1.5, hit_to_dict(ALONE), [hit_to_dict(ALONE)]
    )
    assert (west["confidence"], west["lead"], west["runner_up"], west["close_calls"]) == (
        None, None, None, []
    )


PASSPORT = Elsewhere("passport [b]renewal[/b]", "public security [i]exit-entry[/i]")


def test_a_topic_of_another_department_is_said_in_place_of_a_reword_hint() -> None:
    answer = Answer(query="renew my passport", corrected=(), bureaus=(
        BureauHits(EAST, (), ("passport",), elsewhere=PASSPORT), BureauHits(WEST, (), ("renew",)),
    ))
    text = render(render_where_table(answer))
    assert " ".join(text.split("\n\n")[0].split()) == (
        "No duty in East matches 'renew my passport'. 'passport [b]renewal[/b]' is usually a "
        "matter for public security [i]exit-entry[/i], and no text of East names it."
    )
    assert "East never uses" not in text  # rewording will not help
    assert "West never uses 'renew'" in text
    east, west = json.loads(render_where_json(answer))["bureaus"]
    assert east["elsewhere"] == {"topic": "passport [b]renewal[/b]",
                                 "department": "public security [i]exit-entry[/i]"}
    assert (east["hits"], east["unknown_words"]) == ([], ["passport"])
    assert west["elsewhere"] is None


def test_a_bureau_not_searched_for_the_rest_of_a_question_says_so() -> None:
    answer = Answer(query="pension and passport", corrected=(), bureaus=(
        BureauHits(EAST, (), ("passport",), elsewhere=PASSPORT, unsearched="pension"),
    ))
    text = " ".join(render(render_where_table(answer)).split())
    assert text.startswith(
        "East was not searched for 'pension and passport': it is about 'passport [b]renewal[/b]' "
        "(below); ask the rest of it ('pension') on its own to search East. 'passport "
        "[b]renewal[/b]' is "
        "usually a matter for"
    )
    assert "No duty" not in text
    assert json.loads(render_where_json(answer))["bureaus"][0]["unsearched"] == "pension"


def test_a_topic_of_another_department_is_noted_under_hits_too() -> None:
    answer = Answer(query="minimum wage and passport", corrected=(), bureaus=(
        BureauHits(EAST, (LIFTED,), ("passport",), elsewhere=PASSPORT),
    ))
    text = " ".join(render(render_where_table(answer)).split())
    assert ("'passport [b]renewal[/b]' is usually a matter for public security [i]exit-entry[/i], "
            "and no text of East names it. East never uses 'passport'") in text
    assert json.loads(render_where_json(answer))["bureaus"][0]["elsewhere"]["topic"] == (
        "passport [b]renewal[/b]"
    )


def test_an_answer_to_the_rest_of_a_topic_question_says_why_it_is_only_likely() -> None:
    result = BureauHits(EAST, (LIFTED,), (), confidence=Confidence.LIKELY, elsewhere=PASSPORT)
    assert confidence_line(result) == (
        "Likely 'Wages [bold]Office[/bold]': nothing else matches, but the question is also "
        "about 'passport [b]renewal[/b]', which East names nowhere (below)."
    )


GIVEN_UP = Hit(kind=Kind.MOVED, office=None, label="Transferred out",
               text="Fishing [b]licences[/b] go to the Fisheries Bureau.", score=64.25,
               spans=((0, 7),))


def test_a_duty_given_up_at_the_last_reform_is_said_and_in_json() -> None:
    answer = Answer(query="fishing", corrected=(), bureaus=(
        BureauHits(EAST, (), ("fishing",), moved=GIVEN_UP), BureauHits(WEST, ()),
    ))
    text = render(render_where_table(answer))
    assert " ".join(text.split("\n\n")[0].split()) == (
        "Nothing East still does matches 'fishing'. Transferred out at East's last reform: "
        "'Fishing [b]licences[/b] go to the Fisheries Bureau.' (64.2)."
    )
    east, west = json.loads(render_where_json(answer))["bureaus"]
    assert east["moved"] == {"change": "transferred_out",
                             "text": "Fishing [b]licences[/b] go to the Fisheries Bureau.",
                             "score": 64.25}
    assert (east["hits"], west["moved"]) == ([], None)
    with pytest.raises(ValueError, match="last reform"):
        BureauHits(EAST, (LIFTED,), moved=GIVEN_UP)
    with pytest.raises(ValueError, match="last reform"):
        BureauHits(EAST, (), moved=LIFTED)


def test_a_topic_and_a_duty_given_up_are_both_said() -> None:
    answer = Answer(query="fishing passport", corrected=(), bureaus=(
        BureauHits(EAST, (), ("passport",), elsewhere=PASSPORT, moved=GIVEN_UP),
    ))
    text = " ".join(render(render_where_table(answer)).split())
    assert "'passport [b]renewal[/b]' is usually a matter for" in text
    assert "Transferred out at East's last reform" in text
    assert "never uses" not in text


def test_a_long_query_is_echoed_shortened_in_the_table_and_whole_in_json() -> None:
    query = "minimum wage " + "x" * 10_000
    answer = Answer(query=query, corrected=(), bureaus=(
        BureauHits(EAST, (), ("x" * 10_000,)), BureauHits(WEST, (), ("minimum",)),
    ))
    start = query[:ECHO_LIMIT]
    assert no_match_line(query, answer.bureaus[0]) == f"No duty in East matches '{start}…'."
    text = render(render_where_table(answer))
    assert len(text) < 1_000
    assert f"East never uses '{'x' * ECHO_LIMIT}…': try other words" in " ".join(text.split())
    assert json.loads(render_where_json(answer))["query"] == query
    assert json.loads(render_where_json(answer))["bureaus"][0]["unknown_words"] == ["x" * 10_000]
    # up to the limit, the query is echoed whole; past it, without the spaces before the cut
    exact = "y" * ECHO_LIMIT
    assert no_match_line(exact, answer.bureaus[0]) == f"No duty in East matches '{exact}'."
    spaced = "y" * (ECHO_LIMIT - 1) + "  z"
    assert no_match_line(spaced, answer.bureaus[0]) == (
        f"No duty in East matches '{'y' * (ECHO_LIMIT - 1)}…'."
    )


def test_a_query_of_many_unknown_words_lists_the_first_and_counts_the_rest() -> None:
    unknown = tuple(f"word{i}" for i in range(UNKNOWN_SHOWN + 25))
    answer = Answer(query=" ".join(unknown), corrected=(),
                    bureaus=(BureauHits(EAST, (), unknown),))
    listed = ", ".join(f"'{word}'" for word in unknown[:UNKNOWN_SHOWN])
    assert (f"East never uses {listed} and 25 more: try other words"
            in " ".join(render(render_where_table(answer)).split()))
    shown = tuple(f"word{i}" for i in range(UNKNOWN_SHOWN))
    answer = Answer(query=" ".join(shown), corrected=(), bureaus=(BureauHits(EAST, (), shown),))
    listed = ", ".join(f"'{word}'" for word in shown)
    assert (f"East never uses {listed}: try other words"
            in " ".join(render(render_where_table(answer)).split()))


ENGLISH_HINT = ("The built-in bureaus and glossary are in English: write the query in English "
                "words.")


@pytest.mark.parametrize("query", ["最低工资", "最低 wage", "最低賃金", "최저임금"])
def test_a_cjk_query_that_finds_nothing_is_told_to_ask_in_english(query: str) -> None:
    answer = Answer(query=query, corrected=(),
                    bureaus=(BureauHits(EAST, (), (query,)), BureauHits(WEST, (), (query,))))
    assert language_line(answer) == ENGLISH_HINT
    text = render(render_where_table(answer))
    assert text.count(ENGLISH_HINT) == 1
    assert text.rstrip().endswith(ENGLISH_HINT)
    assert "English" not in render_where_json(answer)


def test_no_english_hint_for_a_hit_or_a_query_without_cjk() -> None:
    # A bureau of the user's may be written in Chinese: a hit there needs no hint.
    found = Answer(query="最低工资", corrected=(),
                   bureaus=(BureauHits(EAST, (LIFTED,)), BureauHits(WEST, (), ("最低工资",))))
    assert language_line(found) is None
    assert language_line(ANSWER) is None
    nothing = Answer(query="xqzv", corrected=(), bureaus=(BureauHits(EAST, (), ("xqzv",)),))
    assert language_line(nothing) is None
    assert "English" not in render(render_where_table(nothing))


def test_json_names_each_bureaus_side_so_two_of_one_id_are_told_apart() -> None:
    later = dataclasses.replace(EAST, name="East Bureau 2025")
    answer = Answer(query="minimum wage", corrected=(),
                    bureaus=(BureauHits(EAST, (LIFTED,)), BureauHits(later, ())))
    bureaus = json.loads(render_where_json(answer))["bureaus"]
    assert [(b["id"], b["side"]) for b in bureaus] == [("east", "left"), ("east", "right")]
    assert [(b["id"], b["side"]) for b in json.loads(render_where_json(ANSWER))["bureaus"]] == [
        ("east", "left"), ("west", "right"),
    ]
    # Only two bureaus have sides (a library caller may search one, or more).
    alone = Answer(query="minimum wage", corrected=(), bureaus=(BureauHits(EAST, ()),))
    assert json.loads(render_where_json(alone))["bureaus"][0]["side"] is None


def test_the_table_says_what_the_sentence_model_added() -> None:
    from hrss_compare.render.search import meaning_line

    assert meaning_line(LIFTED) is None  # not asked
    helped = dataclasses.replace(LIFTED, score=70.0, meaning=6.2)
    alone = dataclasses.replace(LIFTED, score=42.5, meaning=42.5)
    assert meaning_line(helped) == "+6.2 by meaning"
    assert meaning_line(alone) == "by meaning alone"
    answer = dataclasses.replace(ANSWER, bureaus=(BureauHits(EAST, (helped, alone)),))
    text = " ".join(render(render_where_table(answer)).split())
    assert "+6.2 by meaning" in text and "by meaning alone" in text
    assert [hit["meaning"] for hit in json.loads(render_where_json(answer))["bureaus"][0]["hits"]
            ] == [6.2, 42.5]


def test_a_phrase_the_glossary_read_as_a_term_says_which_term() -> None:
    result = BureauHits(EAST, (), ("refuses to pay [b]dues[/b]", "minimum"),
                        read_as=(("refuses to pay [b]dues[/b]", "premium [i]arrears[/i]"),))
    text = " ".join(render(render_where_table(
        Answer(query="x", corrected=(), bureaus=(result,))
    )).split())
    assert ("East never uses 'refuses to pay [b]dues[/b]' (read as 'premium [i]arrears[/i]'), "
            "'minimum': try other words") in text
    data = json.loads(render_where_json(Answer(query="x", corrected=(), bureaus=(result,))))
    assert data["bureaus"][0]["read_as"] == [
        {"typed": "refuses to pay [b]dues[/b]", "term": "premium [i]arrears[/i]"}
    ]
    assert json.loads(render_where_json(ANSWER))["bureaus"][0]["read_as"] == []


def test_a_weak_match_the_other_bureau_outweighs_is_shown_as_the_closest_text() -> None:
    answer = Answer(query="minimum wage", corrected=(), bureaus=(
        BureauHits(EAST, (), ("minimum",), closest=ALONE),
        BureauHits(WEST, (LIFTED,), confidence=Confidence.CLEAR),
    ))
    text = " ".join(render(render_where_table(answer)).split())
    assert text.startswith(
        "No duty in East matches 'minimum wage' well, and West answers it plainly: East may "
        "not do this. East's closest text, a weak match (40.0): 'Wage Bureau' (affiliated), "
        "'Wage Bureau: pays'. East never uses 'minimum'"
    )
    east, west = json.loads(render_where_json(answer))["bureaus"]
    assert (east["hits"], east["confidence"], east["closest"]) == ([], None, hit_to_dict(ALONE))
    assert west["closest"] is None
    with pytest.raises(ValueError, match="closest"):
        BureauHits(EAST, (LIFTED,), closest=ALONE)
