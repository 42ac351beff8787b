"""The command-line interface: parse options, call the library, print what it renders.

This is the only module that imports typer or prints. Exit codes: 0 success, 1 bad data or file
(one line on stderr), 2 usage error (typer's own).
"""

from __future__ import annotations

import contextlib
import errno
import io
import math
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup

from hrss_compare import __version__
from hrss_compare.errors import HrssCompareError
from hrss_compare.model import DEFAULT_THRESHOLD, NEAR_RATIO, REGISTER_FLOOR, Relation

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from rich.console import Console, RenderableType

    from hrss_compare.match import Meaning
    from hrss_compare.meaning import Matrix
    from hrss_compare.model import Alignment, Bureau
    from hrss_compare.search import Counterparts
    from hrss_compare.search_index import SearchIndex
    from hrss_compare.text import Glossary


class _Group(TyperGroup):
    """Turns every HrssCompareError into one line on stderr and exit code 1: the one place."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except HrssCompareError as error:
            _fail(str(error))


class _Command(TyperCommand):
    """A command whose usage line names its arguments as their help does (``QUERY...``), not in
    the braces typer puts round a required one (``{QUERY...}``), and that refuses an option of
    one value given twice: typer would silently keep the last (``-l a -l b``, where ``-r b``
    was meant)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing and not set(args) & set(ctx.help_option_names):
            _, _, order = self.make_parser(ctx).parse_args(args=list(args))
            seen: set[str | None] = set()
            for param in order:
                once = not getattr(param, "multiple", True) and not getattr(param, "is_flag", True)
                if once and param.name in seen:
                    ctx.fail(f"option {param.get_error_hint(ctx)} is given more than once: "
                             "give it once")
                seen.add(param.name)
        return super().parse_args(ctx, args)

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and param.required and param.metavar:
                pieces.append(param.metavar)
            else:
                pieces += param.get_usage_pieces(ctx)
        return pieces


def _fail(message: str) -> NoReturn:
    from hrss_compare.render.common import safe

    sys.stderr.write(f"hrss-compare: error: {safe(message)}\n")
    raise typer.Exit(1)


app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    help="Compare how two Human Resources and Social Security bureaus are organized.",
    epilog="Example: hrss-compare offices --left changsha --right shaoxing",
    context_settings={"help_option_names": ["-h", "--help"]},
)


class TableJson(StrEnum):
    """Output formats of commands that print results."""

    table = "table"
    json = "json"


TableJsonFormat = Annotated[TableJson, typer.Option("--format", "-f", help="Output format.")]


class TableJsonCsv(StrEnum):
    """Output formats of ``duties``: one row per duty suits CSV too."""

    table = "table"
    json = "json"
    csv = "csv"


class ShowFormat(StrEnum):
    """Output formats of ``show``."""

    table = "table"
    json = "json"
    markdown = "markdown"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"hrss-compare {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Compare how two Human Resources and Social Security bureaus are organized."""


MIN_WIDTH = 60
"""Tables are laid out at least this wide: narrower (or ``COLUMNS=0``), rich would squeeze
columns to nothing, and a wider line wraps on the terminal instead."""


def make_console(*, stderr: bool = False) -> Console:
    """A console that never interprets data as markup and has no colour when piped or NO_COLOR;
    at least ``MIN_WIDTH`` wide; a reader that goes away is a broken pipe (``main``)."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here; `main` ends a broken pipe quietly with 0.
            self.quiet = True
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    no_color = bool(os.environ.get("NO_COLOR"))
    console = _Console(
        stderr=stderr,
        markup=False,
        highlight=False,
        emoji=False,
        color_system=None if no_color else "auto",
    )
    if console.width < MIN_WIDTH:
        console.width = MIN_WIDTH
    return console


def _print(renderable: RenderableType | str) -> None:
    if isinstance(renderable, str):
        sys.stdout.write(renderable)
        return
    console = make_console()
    if console.is_terminal:
        console.print(renderable)
        return
    # Piped or redirected: rich pads centred titles and wrapped lines to the width with
    # spaces, which a diff or grep of the output would trip on.
    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write(_without_trailing_spaces(captured.get()))


def _without_trailing_spaces(text: str) -> str:
    return "\n".join(line.rstrip(" ") for line in text.split("\n"))


def _bureau_ref(
    ctx: typer.Context, param: typer.CallbackParam, value: str | None
) -> str | None:
    """A bureau reference as given; says on stderr when a built-in id that the user typed hides
    a file of that name (a default is no choice between the two)."""
    from hrss_compare.builtin import shadows_a_file

    if value is not None and not value.strip():
        raise typer.BadParameter("is empty: give a built-in bureau id or a YAML file")
    source = ctx.get_parameter_source(param.name or "")
    typed = source is not None and source.name != "DEFAULT"
    if value is not None and typed and shadows_a_file(value):
        _note_shadowed(value, "bureau")
    return value


def _note_shadowed(name: str, what: str) -> None:
    """Say on stderr that ``name`` is taken as the built-in ``what``, not the file here."""
    sys.stderr.write(
        f"note: '{name}' names the built-in {what}; for the file of that name here, "
        f"write ./{name}\n"
    )


Left = Annotated[
    str,
    typer.Option("--left", "-l", metavar="BUREAU", callback=_bureau_ref,
                 help="Left bureau: a built-in id or a YAML file."),
]
Right = Annotated[
    str,
    typer.Option("--right", "-r", metavar="BUREAU", callback=_bureau_ref,
                 help="Right bureau: a built-in id or a YAML file."),
]


@app.command(cls=_Command, epilog="Example: hrss-compare bureaus --format json")
def bureaus(
    fmt: TableJsonFormat = TableJson.table,
) -> None:
    """List the built-in bureaus with their numbers of offices and duties."""
    from hrss_compare.builtin import builtin_ids
    from hrss_compare.load import load_bureau
    from hrss_compare.render.bureau import render_bureaus_json, render_bureaus_table

    loaded = [load_bureau(ref) for ref in builtin_ids()]
    _print(render_bureaus_json(loaded) if fmt is TableJson.json else render_bureaus_table(loaded))


@app.command(cls=_Command, epilog="Example: hrss-compare show changsha --format markdown")
def show(
    bureau: Annotated[
        str, typer.Argument(metavar="BUREAU", callback=_bureau_ref,
                            help="A built-in bureau id or a YAML file."),
    ],
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ShowFormat.table
    ),
) -> None:
    """Show a bureau's offices and duties, and its bureau-level sections."""
    from hrss_compare.load import load_bureau
    from hrss_compare.render import bureau as render

    loaded = load_bureau(bureau)
    if fmt is ShowFormat.json:
        _print(render.render_bureau_json(loaded))
    elif fmt is ShowFormat.markdown:
        _print(render.render_bureau_markdown(loaded))
    else:
        _print(render.render_bureau_table(loaded))


def _file_name(value: str) -> Path:
    """A file option's value as a path; an empty or blank name is a usage error (``Path("")`` is
    '.', and a blank name would be written or sought unseen)."""
    return Path(_file_name_as_typed(value))


def _file_name_as_typed(value: str) -> str:
    """A file option's value as typed (a path would drop a trailing '/'); empty or blank, as for
    ``_file_name``, is a usage error."""
    if not value.strip():
        raise typer.BadParameter("the file name is empty or blank; give a file name")
    return value


@app.command(cls=_Command, epilog="Example: hrss-compare validate my-city.yaml")
def validate(
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...", parser=_file_name_as_typed,
            help="Bureau YAML files to check (a built-in bureau's id checks the one shipped).",
        ),
    ],
    fmt: TableJsonFormat = TableJson.table,
) -> None:
    """Check bureau files against the schema; list every problem with file:line."""
    from hrss_compare.builtin import shadows_a_file
    from hrss_compare.load import check_file
    from hrss_compare.render.common import dumps_json, safe

    for name in files:  # a built-in id means the built-in, as on every command
        if shadows_a_file(name):
            _note_shadowed(name, "bureau")
    results = [(name, check_file(name)) for name in files]
    bad = sum(1 for _, problems in results if problems)
    if fmt is TableJson.json:
        _print(dumps_json([
            {
                "file": name,
                "valid": not problems,
                "problems": [
                    {"line": p.line, "column": p.column, "message": p.message} for p in problems
                ],
            }
            for name, problems in results
        ]))
    else:
        for name, problems in results:
            if not problems:
                sys.stdout.write(f"{safe(name)}: ok\n")
            for problem in problems:
                sys.stderr.write(f"{safe(str(problem))}\n")
        sys.stdout.write(f"{len(results) - bad} valid, {bad} invalid\n")
    if bad:
        raise typer.Exit(1)


def _finite(value: float | None) -> float | None:
    if value is not None and not math.isfinite(value):
        raise typer.BadParameter("must be a number from 0 to 100")
    return value


Threshold = Annotated[
    float | None,
    typer.Option(
        "--threshold", "-t", min=0, max=100, callback=_finite, metavar="FIT",
        help=f"Fit (0-100) from which a duty counts as held by an office of the other bureau "
             f"(from {NEAR_RATIO:g} of it where the two offices are each other's first "
             f"choice). Default: {DEFAULT_THRESHOLD:g}, or down to "
             f"{DEFAULT_THRESHOLD * REGISTER_FLOOR:g} for two bureaus worded apart throughout "
             "(one written in plain English); a value given is used as it is.",
    ),
]
def _one_file(files: list[Path] | None) -> list[Path] | None:
    """A file option (``--glossary``, ``--overrides``) as given, when it is given at most once:
    with one value, typer would silently keep the last of several, and each is read from one
    file."""
    if files and len(files) > 1:
        raise typer.BadParameter(
            f"only one file is allowed, got {len(files)}: put what they hold in one file"
        )
    return files


def _the_file(files: list[Path] | None) -> Path | None:
    """The one file of a file option (``_one_file`` refuses more), or None."""
    return files[0] if files else None


GlossaryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary", "-g", metavar="FILE", parser=_file_name, callback=_one_file,
        help="Extra glossary YAML: term variants (and wider terms) to add (one file).",
    ),
]
OverridesOption = Annotated[
    list[Path] | None,
    typer.Option("--overrides", metavar="FILE", parser=_file_name, callback=_one_file,
                 help="YAML of office links to pin or forbid (one file)."),
]
MeaningOption = Annotated[
    bool,
    typer.Option(
        "--meaning/--no-meaning",
        help="Also match duties by their meaning, read by a small sentence model built in, so "
             "duties that say one thing in other words match (the first time for a bureau "
             "file: about 2 s per 100 duties, then kept in the cache).",
    ),
]
DEFAULT_LEFT = "changsha"
DEFAULT_RIGHT = "shaoxing"


def _glossary(extra: Path | None) -> Glossary:
    """The built-in glossary, plus the user's ``--glossary`` file when given, from the cache
    when its files have not changed (reading them imports and runs the YAML parser)."""
    from hrss_compare import cache
    from hrss_compare.builtin import builtin_glossary_path
    from hrss_compare.text import Glossary, load_glossary

    return cache.remembered([builtin_glossary_path(), extra], f"glossary {extra}", Glossary,
                            lambda: load_glossary(str(extra) if extra else None))


def _align(
    left: str,
    right: str,
    threshold: float | None,
    glossary: Path | None,
    overrides: Path | None,
    *,
    loaded: tuple[Bureau, Bureau] | None = None,
    meaning: bool = True,
    notes: bool = True,
) -> Alignment:
    """Load both bureaus and align them, or take the alignment from the cache. ``loaded``: the
    two bureaus, already read (a pipe cannot be read twice); ``meaning``: match duties by
    their meaning too (``_duty_meaning``); ``notes``: say on stderr what a reader of the
    alignment should know of how it read the two bureaus (in Chinese; worded apart), not
    for ``where``, which shows no alignment. A bureau too big for the model is said always."""
    from hrss_compare import cache
    from hrss_compare.builtin import builtin_glossary_path, resolve_ref
    from hrss_compare.meaning import fingerprint_path
    from hrss_compare.model import Alignment

    inputs = [resolve_ref(left)[0], resolve_ref(right)[0], builtin_glossary_path(), glossary,
              overrides, fingerprint_path() if meaning else None]

    def make() -> Alignment:
        from hrss_compare.align import align
        from hrss_compare.load import load_bureau
        from hrss_compare.overrides import load_overrides
        from hrss_compare.progress import progress_bar

        left_bureau, right_bureau = loaded or (load_bureau(left), load_bureau(right))
        terms = _glossary(glossary)
        pins = load_overrides(overrides, left_bureau, right_bureau) if overrides else None
        vectors = _duty_meaning((left, right), (left_bureau, right_bureau)) if meaning else None
        with progress_bar(make_console(stderr=True), left_bureau, right_bureau) as progress:
            return align(
                left_bureau, right_bureau, threshold=threshold, glossary=terms, overrides=pins,
                progress=progress, meaning=vectors,
            )

    # The paths are shown in reports, so they are part of the key, not only the bytes.
    alignment = cache.remembered(
        inputs, f"alignment threshold={threshold} glossary={glossary} overrides={overrides} "
        f"meaning={meaning}", Alignment, make,
    )
    # said on every run, the cached ones too
    if meaning and alignment.meaning is None:
        _note_words_alone(alignment.left, alignment.right)
    if notes:
        _note_scripts(alignment.left, alignment.right)
        _note_scaled(alignment)
    return alignment


def _note_scaled(alignment: Alignment) -> None:
    """Say on stderr when the default threshold was scaled down for two bureaus worded apart
    throughout (``align.register_scale``)."""
    if alignment.scaled_from is not None:
        sys.stderr.write(f"note: {alignment.left.name} and {alignment.right.name} are worded "
                         "apart throughout (even their closest duties fit loosely), so a duty "
                         f"counts from a fit of {alignment.threshold:g}, not "
                         f"{alignment.scaled_from:g}; pass --threshold "
                         f"{alignment.scaled_from:g} to keep the usual one\n")


def _note_scripts(left: Bureau, right: Bureau) -> None:
    """Say on stderr when one bureau's duties are in Chinese (Japanese, Korean) and the
    other's are not: their duties can match only through the words both write."""
    from hrss_compare.scripts import in_chinese

    written = [in_chinese(left), in_chinese(right)]
    if written[0] != written[1]:
        chinese, other = (left, right) if written[0] else (right, left)
        sys.stderr.write(f"note: most duties of {chinese.name} are written in Chinese (or "
                         f"Japanese, Korean) and those of {other.name} are not: duties match "
                         "only through the words both write; add an English translation beside "
                         "the Chinese to compare them\n")


def _note_words_alone(left: Bureau, right: Bureau) -> None:
    """Say on stderr that a bureau has more duties than the sentence model reads, so the
    duties were matched by their words alone."""
    from hrss_compare.duty_vectors import MEANING_MOST_DUTIES, too_many_duties

    big = too_many_duties(left, right)
    if big is not None:
        sys.stderr.write(f"note: {big.name} has {big.duty_count:,} duties, more than the "
                         f"sentence model reads ({MEANING_MOST_DUTIES:,}): the duties are "
                         "matched by their words alone\n")


def _duty_meaning(refs: tuple[str, str], bureaus: tuple[Bureau, Bureau]) -> Meaning | None:
    """The sentence model's vectors of both bureaus' duties (``_vectors``), or None for a
    bureau of more duties than the model reads: the duties are then matched by their words
    alone."""
    from hrss_compare.duty_vectors import duty_meaning

    return duty_meaning(*bureaus, read=lambda side, texts: _vectors(refs[side],
                                                                   bureaus[side].name, texts))


@app.command(cls=_Command,
             epilog="Example: hrss-compare offices --left changsha --right my-city.yaml")
def offices(
    left: Left = DEFAULT_LEFT,
    right: Right = DEFAULT_RIGHT,
    threshold: Threshold = None,
    relation: Annotated[
        Relation | None,
        typer.Option("--relation", help="Show only groups of this relation."),
    ] = None,
    evidence: Annotated[
        int, typer.Option("--evidence", "-e", min=0, metavar="N",
                          help="Show up to N duty pairs per link in the table (JSON lists "
                               "them all)."),
    ] = 0,
    glossary: GlossaryOption = None,
    overrides: OverridesOption = None,
    meaning: MeaningOption = True,
    fmt: TableJsonFormat = TableJson.table,
) -> None:
    """Show how the offices of two bureaus line up: same, merged, split, regrouped, unique."""
    from hrss_compare.render.alignment import render_offices_json, render_offices_table

    alignment = _align(left, right, threshold, _the_file(glossary), _the_file(overrides),
                       meaning=meaning)
    if fmt is TableJson.json:
        _print(render_offices_json(alignment, relation))
    else:
        _print(render_offices_table(alignment, relation, evidence=evidence))


class Side(StrEnum):
    """Which bureau's duties to list."""

    left = "left"
    right = "right"


@app.command(
    cls=_Command, epilog="Example: hrss-compare duties --office fund-supervision --unmatched"
)
def duties(
    left: Left = DEFAULT_LEFT,
    right: Right = DEFAULT_RIGHT,
    office: Annotated[
        str | None,
        typer.Option("--office", metavar="ID", help="Only the duties of this office (its id)."),
    ] = None,
    unmatched: Annotated[
        bool, typer.Option("--unmatched", help="Only duties with no counterpart."),
    ] = False,
    side: Annotated[
        Side, typer.Option("--side", help="List the left or the right bureau's duties."),
    ] = Side.left,
    threshold: Threshold = None,
    glossary: GlossaryOption = None,
    overrides: OverridesOption = None,
    meaning: MeaningOption = True,
    fmt: Annotated[
        TableJsonCsv,
        typer.Option("--format", "-f", help="Output format (csv: one row per duty)."),
    ] = TableJsonCsv.table,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start CSV output with a UTF-8 BOM, for Excel."),
    ] = False,
) -> None:
    """Duty by duty: where each duty of one bureau sits in the other."""
    from hrss_compare.render.alignment import duty_rows, render_duties_json, render_duties_table

    if bom and fmt is not TableJsonCsv.csv:
        raise typer.BadParameter("a byte order mark is for CSV output only", param_hint="--bom")
    right_side = side is Side.right
    loaded = None
    if office is not None:
        # Checked before aligning, which can take a minute on large bureaus; both bureaus are
        # read now and once (a pipe cannot be read twice).
        from hrss_compare.load import load_bureau

        loaded = (load_bureau(left), load_bureau(right))
        bureau = loaded[1] if right_side else loaded[0]
        if office not in {o.id for o in bureau.offices}:
            other = loaded[0] if right_side else loaded[1]
            if office in {o.id for o in other.offices}:  # the office of the other side
                flip = Side.left if right_side else Side.right
                raise typer.BadParameter(
                    f"no office {office!r} in {bureau.id} ({side.value}); it is an office of "
                    f"{other.id} ({flip.value}): use --side {flip.value}",
                    param_hint="--office",
                )
            known = ", ".join(o.id for o in bureau.offices)
            raise typer.BadParameter(
                f"no office {office!r} in {bureau.id} ({side.value}); offices: {known}",
                param_hint="--office",
            )
    alignment = _align(left, right, threshold, _the_file(glossary), _the_file(overrides),
                       loaded=loaded, meaning=meaning)
    rows = duty_rows(alignment, right_side=right_side, office=office, unmatched=unmatched)
    if fmt is TableJsonCsv.json:
        _print(render_duties_json(alignment, rows, right_side=right_side))
    elif fmt is TableJsonCsv.csv:
        from hrss_compare.render.tabular import render_duties_csv

        _print(render_duties_csv(alignment, rows, right_side=right_side, bom=bom))
    else:
        _print(render_duties_table(alignment, rows, right_side=right_side))


def _reference_name(value: str) -> str:
    """A reference as given; an empty or blank one is a usage error, as a bureau is, and a
    built-in name that hides a file here is said, as for a bureau."""
    from hrss_compare.evaluate import reference_shadows_a_file

    if not value.strip():
        raise typer.BadParameter("is empty: give a reference YAML file or a built-in reference")
    if reference_shadows_a_file(value):
        _note_shadowed(value, "reference")
    return value


@app.command(cls=_Command, epilog="Example: hrss-compare evaluate changsha-shaoxing")
def evaluate(
    reference: Annotated[
        str,
        typer.Argument(metavar="REFERENCE", callback=_reference_name,
                       help="Reference alignment: a YAML file or a built-in reference name."),
    ],
    left: Annotated[
        str | None,
        typer.Option("--left", "-l", metavar="BUREAU", callback=_bureau_ref,
                     help="Left bureau (default: the reference's)."),
    ] = None,
    right: Annotated[
        str | None,
        typer.Option("--right", "-r", metavar="BUREAU", callback=_bureau_ref,
                     help="Right bureau (default: the reference's)."),
    ] = None,
    threshold: Threshold = None,
    glossary: GlossaryOption = None,
    overrides: OverridesOption = None,
    meaning: MeaningOption = True,
    fmt: TableJsonFormat = TableJson.table,
) -> None:
    """Score the matcher against a reference alignment: precision, recall, F1 of office links."""
    from hrss_compare.evaluate import evaluate as score
    from hrss_compare.evaluate import (
        load_reference,
        read_reference,
        reference_bureaus,
        resolve_reference,
    )
    from hrss_compare.load import load_bureau
    from hrss_compare.render.alignment import render_evaluation_json, render_evaluation_table

    path = resolve_reference(reference)
    document = read_reference(path)
    # The reference's own problems are said before aligning, which can take a minute.
    sides = reference_bureaus(path, left=left, right=right, document=document)
    # So are its office ids, against the two bureaus read once (a pipe cannot be read twice).
    loaded = (load_bureau(sides[0]), load_bureau(sides[1]))
    truth = load_reference(path, *loaded, document=document)
    alignment = _align(*sides, threshold, _the_file(glossary), _the_file(overrides),
                       loaded=loaded, meaning=meaning)
    result = score(alignment, truth)
    if fmt is TableJson.json:
        _print(render_evaluation_json(result, alignment, reference))
    else:
        _print(render_evaluation_table(result))


@app.command(cls=_Command, epilog='Example: hrss-compare where "minimum wage" --limit 3')
def where(
    query_words: Annotated[
        list[str],
        typer.Argument(metavar="QUERY...",
                       help="A few words describing a duty, quoted or not."),
    ],
    left: Left = DEFAULT_LEFT,
    right: Right = DEFAULT_RIGHT,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, metavar="N", help="Hits to show per bureau."),
    ] = 5,
    glossary: GlossaryOption = None,
    meaning: Annotated[
        bool,
        typer.Option(
            "--meaning/--no-meaning",
            help="Where the words give only a weak answer, a close call or none, also ask a "
                 "small sentence model how close in meaning each duty is (built in, about "
                 "0.1 s more); the bureaus are aligned by meaning too (as by `offices`).",
        ),
    ] = True,
    fmt: TableJsonFormat = TableJson.table,
) -> None:
    """Where does a duty sit? The best-matching duties of each bureau, ranked.

    Under each bureau it says how sure it is of the first answer: clear, likely, a close call
    (naming the answers as close), or a weak match.

    Each bureau's duties gain evidence from their counterparts in the other, so the bureaus
    are aligned first (as by `offices`, and kept in the same cache). Where the words give only
    a weak answer, a close call or none, a sentence model built in reads the query for its
    meaning too.
    """
    from hrss_compare.render.search import render_where_json, render_where_table
    from hrss_compare.search import search

    # Unquoted words arrive one per argument; quoted, the query is one argument kept as typed.
    query = " ".join(query_words)
    if not query.strip():
        raise typer.BadParameter("the query is empty; give a few words", param_hint="QUERY")
    extra = _the_file(glossary)
    terms = _glossary(extra)
    if not any(found for _, _, found in terms.spans(query, loose=True)):  # as where reads it
        raise typer.BadParameter(
            "the query has no word to search for, only common words (stopwords), spans of "
            "time, negations or punctuation; give a few words about a duty",
            param_hint="QUERY",
        )
    indexes = [_search_index(ref, extra) for ref in (left, right)]
    _check_not_only_places(query, indexes, terms)
    links = _counterparts(left, right, extra, terms, indexes, meaning=meaning)
    answer = search(
        query, indexes, glossary=terms, limit=limit, counterparts=links,
        meaning=[_meaning(ref, index) for ref, index in zip((left, right), indexes, strict=True)]
        if meaning else None,
    )
    if fmt is TableJson.json:
        _print(render_where_json(answer))
    else:
        _print(render_where_table(answer))


def _check_not_only_places(query: str, indexes: Sequence[SearchIndex], terms: Glossary) -> None:
    """A usage error when the query names only places (the bureaus' cities, or another place
    typed as a name that neither the bureaus nor the glossary know), which are not searched."""
    from hrss_compare.places import only_places
    from hrss_compare.search_index import find_word
    from hrss_compare.text import stem, words

    def known(typed: str) -> bool:
        return any(
            word in terms.words or find_word(index.vocabulary, word) >= 0
            for word in map(stem, words(typed)) for index in indexes
        )

    places = only_places(query, (index.bureau.city for index in indexes),
                         lambda rest: bool(terms.tokens(rest)), known)
    if places:
        named = ", ".join(f'"{place}"' for place in places)
        raise typer.BadParameter(
            f"the query names only where the bureaus are or another place ({named}), which "
            "is not searched; ask about a duty, as in 'minimum wage'",
            param_hint="QUERY",
        )


class ReportFormat(StrEnum):
    """Formats of ``report``."""

    markdown = "markdown"
    json = "json"
    csv = "csv"
    sssom = "sssom"


_REPORT_NAMES = {
    ReportFormat.markdown: "markdown", ReportFormat.json: "JSON", ReportFormat.csv: "CSV",
    ReportFormat.sssom: "SSSOM TSV",
}
_REPORT_SUFFIXES = {
    ".md": ReportFormat.markdown,
    ".markdown": ReportFormat.markdown,
    ".json": ReportFormat.json,
    ".csv": ReportFormat.csv,
    ".tsv": ReportFormat.sssom,
}


@app.command(
    cls=_Command,
    epilog="Example: hrss-compare report --left changsha --right shaoxing -o report.md",
)
def report(
    left: Left = DEFAULT_LEFT,
    right: Right = DEFAULT_RIGHT,
    threshold: Threshold = None,
    glossary: GlossaryOption = None,
    overrides: OverridesOption = None,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format", "-f",
            help="Report format [default: from the --output file's extension "
                 "(.md or .markdown, .json, .csv, .tsv), else markdown].",
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", parser=_file_name_as_typed,
            help="Write the report to this file (atomically; a device or pipe as it is) instead "
                 "of stdout; '-' is stdout.",
        ),
    ] = None,
    bom: Annotated[
        bool, typer.Option("--bom", help="Start a CSV report with a UTF-8 BOM, for Excel."),
    ] = False,
    meaning: MeaningOption = True,
) -> None:
    """Write a report of how two bureaus line up: markdown, JSON, CSV or SSSOM TSV."""
    target = output if output != "-" else None
    extra, pinned = _the_file(glossary), _the_file(overrides)
    implied = (  # a folder's name ("out.md/") is refused with its own message, below
        _REPORT_SUFFIXES.get(Path(target).suffix.lower())
        if target is not None and not target.endswith(("/", os.sep)) else None
    )
    if fmt is not None and implied is not None and implied is not fmt:
        raise typer.BadParameter(
            f"{fmt.value}, but the --output file's extension "
            f"({Path(str(target)).suffix}) says {_REPORT_NAMES[implied]}: give a file name "
            "that agrees, or leave --format out",
            param_hint="'--format' / '-f'",
        )
    suffix = (
        Path(target).suffix
        if target is not None and not target.endswith(("/", os.sep)) and implied is None else ""
    )
    # "links.yaml" or "links.xlsx" would get markdown; a text file may hold any format, and
    # "report-v1.2" has no extension, only a version
    if fmt is None and suffix[1:].isalpha() and suffix.lower() != ".txt":
        raise typer.BadParameter(
            f"the file's extension ({suffix}) names no report format: end its name in .md, "
            ".markdown, .json, .csv, .tsv or .txt (markdown), or give --format",
            param_hint="'--output' / '-o'",
        )
    chosen = fmt or implied or ReportFormat.markdown
    if bom and chosen is not ReportFormat.csv:
        raise typer.BadParameter("a byte order mark is for CSV reports only", param_hint="--bom")
    if target is not None:
        from hrss_compare.builtin import builtin_glossary_path, resolve_ref
        from hrss_compare.output import check_target

        # Said before aligning, which can take a minute.
        check_target(target, [
            ("the --left bureau", resolve_ref(left)[0]),
            ("the --right bureau", resolve_ref(right)[0]),
            ("the --glossary", extra),
            ("the --overrides", pinned),
            ("the built-in glossary", builtin_glossary_path()),
        ])
    alignment = _align(left, right, threshold, extra, pinned, meaning=meaning)
    if chosen is ReportFormat.json:
        from hrss_compare.render.report_json import render_report_json

        text = render_report_json(alignment)
    elif chosen is ReportFormat.csv:
        from hrss_compare.render.tabular import render_report_csv

        text = render_report_csv(alignment, bom=bom)
    elif chosen is ReportFormat.sssom:
        from hrss_compare.render.tabular import render_report_sssom

        text = render_report_sssom(alignment)
    else:
        from hrss_compare.render.markdown import render_report_markdown

        text = render_report_markdown(alignment)
    if target is not None:
        from hrss_compare.output import write_atomic

        write_atomic(target, text.encode("utf-8"))
    else:
        _print(text)


def _search_index(ref: str, glossary: Path | None) -> SearchIndex:
    """A bureau's search index, from the cache or built (and kept) now."""
    from hrss_compare import cache
    from hrss_compare.builtin import builtin_glossary_path, resolve_ref
    from hrss_compare.search_index import SearchIndex

    def make() -> SearchIndex:
        from hrss_compare.load import load_bureau
        from hrss_compare.search_index import build_index

        return build_index(load_bureau(ref), _glossary(glossary))

    return cache.remembered([resolve_ref(ref)[0], builtin_glossary_path(), glossary],
                            f"search index glossary={glossary}", SearchIndex, make)


def _meaning(ref: str, index: SearchIndex) -> Callable[[], Matrix]:
    """The sentence model's vectors of a bureau's texts, loaded only when `where` asks for
    them."""
    def load() -> Matrix:
        from hrss_compare.search_index import meaning_texts

        return _vectors(ref, index.bureau.name, meaning_texts(index))
    return load


def _vectors(ref: str, name: str, texts: Sequence[str]) -> Matrix:
    """The sentence model's vectors of some texts of a bureau: shipped for the built-in
    bureaus, else from the cache or made (and kept) now."""
    import numpy as np

    from hrss_compare import cache, meaning
    from hrss_compare.builtin import resolve_ref

    found = meaning.shipped(texts)
    if found is not None:
        return found
    return cache.remembered([resolve_ref(ref)[0], meaning.fingerprint_path()],
                            f"meaning vectors {meaning.digest(texts)}", np.ndarray,
                            lambda: _read_for_meaning(name, texts))


def _read_for_meaning(name: str, texts: Sequence[str]) -> Matrix:
    """The sentence model's vectors of a bureau's texts, made now (seconds for a few hundred),
    saying so on a terminal while it works."""
    from rich.text import Text

    from hrss_compare.meaning import vectors

    console = make_console(stderr=True)
    if not console.is_terminal or console.is_dumb_terminal or console.color_system is None:
        return vectors(texts)
    with console.status(Text(f"reading the {len(texts)} texts of {name} for their meaning "
                             "(once; kept in the cache)")):
        return vectors(texts)


def _counterparts(
    left: str, right: str, glossary: Path | None, terms: Glossary,
    indexes: Sequence[SearchIndex], *, meaning: bool = True,
) -> Counterparts:
    """The counterpart pairs of two bureaus' indexes, from the cache or read off their
    alignment (itself cached) now: loading a whole alignment costs more than the query."""
    from hrss_compare import cache
    from hrss_compare.builtin import builtin_glossary_path, resolve_ref
    from hrss_compare.meaning import fingerprint_path
    from hrss_compare.search import Counterparts

    def make() -> Counterparts:
        from hrss_compare.counterparts import paired

        loaded = (indexes[0].bureau, indexes[1].bureau)
        return paired(*indexes, glossary=terms,
                      align=lambda: _align(left, right, None, glossary, None, loaded=loaded,
                                           meaning=meaning, notes=False))

    inputs = [resolve_ref(left)[0], resolve_ref(right)[0], builtin_glossary_path(), glossary,
              fingerprint_path() if meaning else None]
    return cache.remembered(inputs, f"counterparts glossary={glossary} meaning={meaning}",
                            Counterparts, make)


def main() -> None:
    """Entry point of the ``hrss-compare`` console script."""
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        # Only a command that prints fails (below); `report -o FILE` still writes its file.
        sys.stdout = _ClosedOutput()
    try:
        try:
            app()
        except SystemExit:
            # A reader that went away while a command printed (or while --help did) is met
            # by typer first: it wraps stdout in click's PacifyFlushWrapper and exits 1. So
            # it does when stderr's reader went away; that one stays an exit 1.
            if type(sys.stdout).__name__ == "PacifyFlushWrapper" and _reader_gone(1):
                raise BrokenPipeError(errno.EPIPE, "Broken pipe") from None
            raise
        finally:
            sys.stdout.flush()  # here, not at exit, so that a failure to write is reported
    except BrokenPipeError:
        # The reader (e.g. `| head`) took what it wanted and went away: not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    except UnicodeEncodeError as error:
        sys.stderr.write(
            f"hrss-compare: error: the output cannot show {error.object[error.start]!r} in "
            f"{error.encoding}; use a UTF-8 terminal or set PYTHONIOENCODING=utf-8\n"
        )
        sys.exit(1)
    except OSError as error:
        # Files are read and written through HrssCompareError; an error that still names a
        # file is about that file, and what is left is the output itself (a full disk,
        # /dev/full): one line either way, not a traceback.
        if error.filename is not None:
            from hrss_compare.render.common import safe

            sys.stderr.write(f"hrss-compare: error: {safe(os.fsdecode(error.filename))}: "
                             f"{error.strerror or error}\n")
            sys.exit(1)
        _output_failed(error.strerror or str(error))


def _reader_gone(fd: int) -> bool:
    """Whether ``fd`` is a pipe whose reader has gone (poll reports an error on it)."""
    import select

    if not hasattr(select, "poll"):
        return True  # no poll here: take typer's word for a broken pipe
    poller = select.poll()
    poller.register(fd, select.POLLOUT)
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


class _ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it: writing to it is an OSError, as to a file."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _output_failed(reason: str) -> NoReturn:
    """Say on stderr that the output could not be written, and exit 1."""
    if sys.stderr is not None:
        sys.stderr.write(f"hrss-compare: error: cannot write the output: {reason}\n")
    # Leave nothing buffered for the interpreter to fail on again at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    with contextlib.suppress(OSError, AttributeError, ValueError):
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)
