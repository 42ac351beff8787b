"""Fidelity tests: data/<bureau>.yaml must say exactly what data/sources/<bureau>.txt says.

For every office, the office's body text is cut out of the source document, split
into clauses (on ";" and on ". " followed by a capital letter), and each clause
(after the documented clean-ups in data/sources/cleanups.yaml) must be a duty of
that office in the YAML, in the same order, with no extra duties.  The Changsha
bureau-level sections (changes, main responsibilities, staffing, affiliated
organs, other matters) are checked against the source text as well.

The YAML is read with yaml.safe_load so that this test does not depend on the
package's own loader.
"""

import copy
import re
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[1] / "data"
SOURCES = DATA / "sources"
BUREAUS = ("changsha", "shaoxing")

# Where the list of offices starts and ends in each source document.
SECTIONS = {
    "changsha": ("Third, internal institutions.", "Four. manning"),
    "shaoxing": ("Organization of Shaoxing Human Resources and Social Security Bureau", None),
}

# Office id -> the office's heading exactly as it appears in the source, in source order.
HEADINGS = {
    "changsha": [
        ("office", "(1) office"),
        ("legal", "(2) Legal Department"),
        ("planning-finance", "(3) Planning Finance Office"),
        ("employment-promotion", "(4) Employment Promotion Office"),
        ("talent-market", "(5) Office of Talent Development and Human Resources Market Management"),
        (
            "military-cadre-resettlement",
            "(6) Resettlement Office for Demobilized Military Cadres"
            " (Changsha Demobilized Military Cadres Resettlement Working Group Office)",
        ),
        (
            "vocational-capacity",
            "(7) Vocational Capacity Building Office"
            " (Changsha Vocational Skills Appraisal Institute)",
        ),
        (
            "professional-technical",
            "(eight) professional and technical personnel management office",
        ),
        ("public-institution-personnel", "(9) Personnel Management Office of Public Institutions"),
        ("foreign-experts", "(10) Office of Foreign Experts (Changsha Foreign Experts Bureau)"),
        ("labor-relations", "(1 1) Labor Relations Department"),
        ("wages-welfare", "(12) Ministry of Wages and Welfare"),
        ("endowment-insurance", "(XIII) Office of Endowment Insurance"),
        ("medical-maternity-insurance", "(14) Medical Maternity Insurance Office"),
        ("unemployment-insurance", "(15) unemployment insurance department"),
        (
            "industrial-injury-insurance",
            "(sixteen) Industrial Injury Insurance Department"
            " (Changsha Labor Ability Appraisal Committee Office)",
        ),
        (
            "rural-endowment-insurance",
            "(seventeen) rural social endowment insurance management office.",
        ),
        ("fund-supervision", "(eighteen) the social insurance fund supervision department."),
        ("grassroots-guidance", "(nineteen) grass-roots business guidance office"),
        ("letters-calls", "(20) Letters and Calls Office"),
        ("personnel-education", "(XXI) Department of Personnel Education"),
        ("retiree-service", "Retiree management service office."),
        ("party-committee", "Party committees of organs."),
    ],
    "shaoxing": [
        ("office", "The office (with the brand of World Bank loan project management office)"),
        ("political", "Political department."),
        (
            "policy-regulation",
            "Policy and regulation department"
            " (administrative examination and approval service office and its joint office).",
        ),
        (
            "employment-unemployment",
            "Employment promotion and unemployment insurance department"
            " (with the brand of grass-roots platform management office).",
        ),
        ("civil-service", "Civil service management office."),
        (
            "talent-market",
            "Talent development and marketing department"
            " (with the brand of personnel management office of public institutions).",
        ),
        ("officer-placement", "Officer placement office."),
        ("vocational-capacity", "Office of professional capacity building."),
        ("professional-technical", "Professional and technical personnel management office."),
        ("foreign-experts", "Bureau of Foreign Experts Affairs."),
        ("labor-relations", "Department of labor relations."),
        ("wages-welfare", "Ministry of wages and welfare."),
        ("pension-insurance", "Pension insurance office."),
        (
            "medical-injury-maternity-insurance",
            "Medical work injury maternity insurance department.",
        ),
        ("arbitration", "Arbitration office."),
        ("petition", "The petition office"),
        ("party-organization", "Party organizations in government agencies."),
    ],
}

# Headings that run into the first duty ("The petition office is responsible for ...");
# for these the heading is part of the first clause (and a clean-up removes it).
HEADING_IN_CLAUSE = {("shaoxing", "office"), ("shaoxing", "petition")}

# Sentences closing an office's body that are not duties; they are the office's `notes`.
OFFICE_NOTES = {
    ("changsha", "party-committee"): (
        "Discipline inspection (supervision) institutions shall be set up"
        " in accordance with relevant regulations."
    ),
    ("shaoxing", "party-organization"): "The daily work is undertaken by the Political Department.",
}

NUMBERING = re.compile(r"^(\([^)]*\)|\d+[.,]?)\s+")


def collapse(text):
    return " ".join(text.split())


def read_source(bureau):
    return (SOURCES / f"{bureau}.txt").read_text(encoding="utf-8")


def load_yaml(path):
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_bureau(bureau):
    return load_yaml(DATA / f"{bureau}.yaml")


def load_cleanups():
    return load_yaml(SOURCES / "cleanups.yaml")


def split_clauses(body):
    """Split an office body into duty clauses, stripping the trailing separator."""
    clauses = []
    for part in re.split(r"(?<=;) |(?<=\.) (?=[A-Z])", collapse(body)):
        part = part.strip()
        if part.endswith((";", ".")):
            part = part[:-1].rstrip()
        if part:
            clauses.append(part)
    return clauses


def source_offices(bureau, text):
    """[(office id, heading, clauses, notes)] for every office, in source order."""
    start, end = SECTIONS[bureau]
    pos = text.index(start) + len(start)
    stop = text.index(end) if end else len(text)
    found = []
    for office_id, heading in HEADINGS[bureau]:
        at = text.find(heading, pos)
        assert at != -1, f"{bureau}: heading {heading!r} not found (in order) in the source"
        assert at < stop, f"{bureau}: heading {heading!r} is past the end of the office list"
        body_start = at if (bureau, office_id) in HEADING_IN_CLAUSE else at + len(heading)
        found.append((office_id, heading, at, body_start))
        pos = at + len(heading)
    offices = []
    for i, (office_id, heading, _, body_start) in enumerate(found):
        body_end = found[i + 1][2] if i + 1 < len(found) else stop
        body = collapse(text[body_start:body_end])
        notes = OFFICE_NOTES.get((bureau, office_id))
        if notes is not None:
            assert body.endswith(notes), f"{bureau}/{office_id}: body does not end with its notes"
            body = body[: -len(notes)]
        offices.append((office_id, heading, split_clauses(body), notes))
    return offices


def cleanup_map(bureau, cleanups):
    return {collapse(c["source"]): collapse(c["data"]) for c in cleanups if c["bureau"] == bureau}


def office_problems(bureau, data, text, cleanups):
    """Every difference between the YAML offices and the source; empty when faithful."""
    problems = []
    fixes = cleanup_map(bureau, cleanups)
    expected = source_offices(bureau, text)
    offices = data.get("offices") or []
    got_ids = [o.get("id") for o in offices]
    want_ids = [office_id for office_id, *_ in expected]
    if got_ids != want_ids:
        problems.append(f"office ids/order differ: {got_ids} != {want_ids}")
    by_id = {o.get("id"): o for o in offices}
    for office_id, _heading, clauses, notes in expected:
        office = by_id.get(office_id)
        if office is None:
            problems.append(f"{office_id}: missing")
            continue
        want = [fixes.get(c, c) for c in clauses]
        got = [collapse(d) if isinstance(d, str) else d for d in office.get("duties") or []]
        for n, (w, g) in enumerate(zip(want, got, strict=False), 1):
            if w != g:
                problems.append(f"{office_id}: duty {n} differs:\n  source: {w}\n  yaml:   {g}")
        if len(got) > len(want):
            problems.append(f"{office_id}: extra duties {got[len(want) :]}")
        if len(got) < len(want):
            problems.append(f"{office_id}: missing duties {want[len(got) :]}")
        if collapse(office.get("notes") or "") != collapse(notes or ""):
            problems.append(f"{office_id}: notes {office.get('notes')!r} != {notes!r}")
    return problems


def paragraphs(text, start, end):
    """Blank-line separated paragraphs strictly between the start and end markers."""
    a = text.index(start) + len(start)
    b = text.index(end, a)
    return [collapse(p) for p in text[a:b].split("\n\n") if p.strip()]


def strip_numbering(paragraph):
    m = NUMBERING.match(paragraph)
    assert m, f"paragraph has no numbering: {paragraph[:60]!r}"
    return paragraph[m.end() :]


# --------------------------------------------------------------------------- offices


@pytest.mark.parametrize("bureau", BUREAUS)
def test_offices_match_source(bureau):
    problems = office_problems(bureau, load_bureau(bureau), read_source(bureau), load_cleanups())
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("bureau", BUREAUS)
def test_header_comment_names_source(bureau):
    first = (DATA / f"{bureau}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#") and f"data/sources/{bureau}.txt" in first


def heading_names(heading):
    """(heading name, second name or None) from a source heading."""
    name = NUMBERING.sub("", heading).rstrip(".").strip()
    second = None
    m = re.match(r"^(.*?)\s*\((.*)\)$", name)
    if m:
        name, second = m.group(1), m.group(2)
        second = re.sub(r"^with the brand of ", "", second)
    return name, second


@pytest.mark.parametrize("bureau", BUREAUS)
def test_office_names_keep_source_headings(bureau):
    by_id = {o["id"]: o for o in load_bureau(bureau)["offices"]}
    for office_id, heading in HEADINGS[bureau]:
        office = by_id[office_id]
        names = [office["name"], *(office.get("aliases") or [])]
        name, second = heading_names(heading)
        assert name in names, f"{office_id}: source heading {name!r} is neither name nor alias"
        if second:
            assert second.lower() in [a.lower() for a in office.get("aliases") or []], (
                f"{office_id}: second name {second!r} missing from aliases"
            )


def test_cleanups_are_real_and_used():
    cleanups = load_cleanups()
    assert cleanups, "cleanups.yaml is empty"
    for c in cleanups:
        assert set(c) == {"bureau", "source", "data", "reason"}, c
        assert c["bureau"] in BUREAUS
        assert c["reason"].strip()
        assert collapse(c["source"]) != collapse(c["data"])
        assert collapse(c["source"]) in collapse(read_source(c["bureau"])), c["source"]
        clauses = [
            cl for *_, cls, _ in source_offices(c["bureau"], read_source(c["bureau"])) for cl in cls
        ]
        assert clauses.count(collapse(c["source"])) == 1, (
            f"not exactly one source clause: {c['source']}"
        )
        duties = [collapse(d) for o in load_bureau(c["bureau"])["offices"] for d in o["duties"]]
        assert collapse(c["data"]) in duties, f"cleaned text not used as a duty: {c['data']}"


def test_checker_catches_corruption():
    """The office check must fail on a changed, dropped, added, or reordered duty."""
    text, cleanups = read_source("changsha"), load_cleanups()
    data = load_bureau("changsha")
    assert not office_problems("changsha", data, text, cleanups)

    def mutated(change):
        bad = copy.deepcopy(data)
        change(bad["offices"][1]["duties"])
        return office_problems("changsha", bad, text, cleanups)

    assert mutated(lambda d: d.__setitem__(2, d[2].replace("major", "minor")))
    assert mutated(lambda d: d.pop())
    assert mutated(lambda d: d.append("To do something the source never said"))
    assert mutated(lambda d: d.insert(0, d.pop(1)))
    bad = copy.deepcopy(data)
    bad["offices"][0], bad["offices"][1] = bad["offices"][1], bad["offices"][0]
    assert office_problems("changsha", bad, text, cleanups)


# ---------------------------------------------------------- Changsha bureau sections


def test_changsha_main_responsibilities():
    text = read_source("changsha")
    paras = paragraphs(text, "Second, the main responsibilities", "Third, internal institutions.")
    want = [strip_numbering(p) for p in paras]
    got = [collapse(r) for r in load_bureau("changsha")["responsibilities"]]
    assert len(want) == 14
    assert got == want


CHANGE_SECTIONS = [
    ("transferred_in", "(1) assigned responsibilities", "(2) Abolish tariffs"),
    ("cancelled", "(2) Abolish tariffs", "(3) Assigned responsibilities"),
    ("transferred_out", "(3) Assigned responsibilities", "(4) Strengthen responsibility"),
    ("strengthened", "(4) Strengthen responsibility", "Second, the main responsibilities"),
]


def test_changsha_changes():
    text = read_source("changsha")
    changes = load_bureau("changsha")["changes"]
    assert set(changes) == {key for key, *_ in CHANGE_SECTIONS}
    for key, start, end in CHANGE_SECTIONS:
        want = [strip_numbering(p) for p in paragraphs(text, start, end)]
        assert [collapse(x) for x in changes[key]] == want, key


# staffing post -> the source phrase it comes from
STAFFING_PHRASES = [
    ("Director", 1, "director 1,"),
    ("Deputy Director", 4, "deputy director 4"),
    (
        "Secretary of the Discipline Inspection Commission",
        1,
        "secretary of the discipline inspection commission 1",
    ),
    ("Chief Accountant", 1, "chief accountant1"),
    ("Division-level leader", 25, "There are 25 leaders"),
    ("Deputy division-level leader (deputy director)", 25, "has 25 leadership positions"),
    ("Logistics service staff (fully funded)", 7, "fully funded by seven people"),
]


def test_changsha_staffing():
    text = collapse(read_source("changsha"))
    staffing = load_bureau("changsha")["staffing"]
    assert staffing["administrative"] == 99 and "has 99 administrative staff" in text
    assert [(p["title"], p["count"]) for p in staffing["posts"]] == [
        (t, n) for t, n, _ in STAFFING_PHRASES
    ]
    for _, _, phrase in STAFFING_PHRASES:
        assert phrase in text, phrase
    for note in staffing["notes"]:
        assert collapse(note) in text, note


def test_changsha_affiliated_and_other_matters():
    raw = read_source("changsha")
    text = collapse(raw)
    last = "(four) the establishment"
    other = [*paragraphs(raw, "Other matters", last), collapse(raw[raw.index(last) :])]
    assert len(other) == 4
    organ, institutions, *rest = other
    affiliated = load_bureau("changsha")["affiliated"]
    assert affiliated[0]["name"] == "Municipal Civil Service Bureau"
    assert affiliated[0]["name"] in organ
    assert collapse(affiliated[0]["notes"]) == strip_numbering(organ)
    assert len(affiliated) == 8
    for entry in affiliated[1:]:
        assert entry["kind"] == "affiliated institution"
        assert entry["name"] in institutions, entry["name"]
    # every "the Municipal ... Bureau/Detachment" in the list (outside parentheses) is an entry
    names_part = institutions[: institutions.index(" are institutions affiliated to")]
    listed = re.findall(
        r"[Tt]he (Municipal [^,(]*?(?:Bureau|Detachment)"
        r"(?: of government agencies and institutions)?)(?= \(|,| and |$)",
        names_part,
    )
    assert [e["name"] for e in affiliated[1:]] == listed
    # their other names are the list's parentheses ("(renamed by the Municipal ... Center)")
    named = re.findall(r"\((?:renamed by )?the (Municipal [^)]*)\)", names_part)
    assert [alias for e in affiliated for alias in e.get("aliases", [])] == named
    assert len(named) == 3
    notes = [collapse(n) for n in load_bureau("changsha")["notes"]]
    assert notes == [strip_numbering(p) for p in rest]
    for note in notes:
        assert note in text


def test_shaoxing_has_no_bureau_sections():
    data = load_bureau("shaoxing")
    assert not {"responsibilities", "changes", "staffing", "affiliated", "notes"} & set(data)
