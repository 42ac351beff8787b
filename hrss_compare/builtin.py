"""Where the built-in data lives, and how a bureau reference names a file.

Kept free of heavy imports: the CLI resolves its inputs here before deciding whether it needs
to load and align anything at all.
"""

from __future__ import annotations

from pathlib import Path

from hrss_compare.errors import DataError
from hrss_compare.paths import found

__all__ = ["builtin_glossary_path", "builtin_ids", "data_dir", "resolve_ref", "shadows_a_file"]


def data_dir() -> Path:
    """The folder of built-in data: inside the installed package, or ``data/`` in a checkout."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def builtin_ids() -> tuple[str, ...]:
    """The ids of the built-in bureaus, sorted."""
    return tuple(sorted(
        p.stem for p in data_dir().glob("*.yaml") if p.stem not in ("glossary",)
    ))


def resolve_ref(ref: str | Path) -> tuple[Path, str]:
    """The file for a bureau reference (a built-in id or a path) and the name for messages."""
    text = str(ref)
    if isinstance(ref, str) and "/" not in text and "\\" not in text and not text.endswith(
        (".yaml", ".yml")
    ):
        candidate = data_dir() / f"{text}.yaml"
        if text in builtin_ids():
            return candidate, f"{text} (built-in)"
        if not found(text):
            known = ", ".join(builtin_ids())
            from hrss_compare.yamlfile import closest

            meant = closest(text.strip().casefold(), builtin_ids())
            hint = f"did you mean {meant!r}? " if meant else ""
            raise DataError(
                text, f"no such file, and not a built-in bureau ({hint}built-in: {known})"
            )
    return Path(ref), text


def shadows_a_file(ref: str) -> bool:
    """Whether ``ref`` names a built-in bureau and also a file here: the built-in is used."""
    return ref in builtin_ids() and found(ref, "file")


def builtin_glossary_path() -> Path:
    """The glossary shipped with hrss-compare."""
    return data_dir() / "glossary.yaml"
