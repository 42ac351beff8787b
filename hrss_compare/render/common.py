"""Helpers every renderer shares: safe display text, markdown escaping, stable JSON."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hrss_compare.model import Alignment, DutyMatch

# Tab is left alone; a line break is escaped too, so a message stays on one line.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
# At the start of a line "-" and "1." begin a list and "---" is a rule, even after "1. ".
_MD_LEADING = re.compile(r"^(-|\d+\.)")


def closest_office(alignment: Alignment, duty: DutyMatch) -> str | None:
    """The office of the other bureau closest to a duty with no counterpart, shown for a look
    when its fit reaches half the near threshold (a fit of 0.8 is no near miss); else None."""
    if duty.matched or duty.other_office is None or duty.score < alignment.near_threshold / 2:
        return None
    return duty.other_office


def thresholds(alignment: Alignment) -> str:
    """The fits from which a duty counts: "50, or 40 between offices that choose each other",
    or one number when the two are the same (a threshold of 0)."""
    text = f"{alignment.threshold:g}"
    if alignment.near_threshold < alignment.threshold:
        text += f", or {alignment.near_threshold:g} between offices that choose each other"
    return text


def scaled_clause(alignment: Alignment) -> str:
    """Why the threshold is not the default, for two bureaus worded apart throughout, as a
    clause to end a parenthesis with ("; the default 50 scaled down, ..."); "" when it was
    not scaled."""
    if alignment.scaled_from is None:
        return ""
    return (f"; the default {alignment.scaled_from:g} scaled down, as the two bureaus are "
            "worded apart throughout")


def side_labels(alignment: Alignment) -> tuple[str, str]:
    """The short names of the left and right bureaus for headings and sentences, each followed
    by its side when the two are the same (two versions of one city), so none is ambiguous."""
    return told_apart(alignment.left.label, alignment.right.label)


def told_apart(left: str, right: str) -> tuple[str, str]:
    """Two names of the left and right bureaus, each followed by its side when they are the
    same."""
    if left == right:
        return f"{left} (left)", f"{right} (right)"
    return left, right


def counted(number: int, one: str, many: str) -> str:
    """``number`` with the word for one or for many: "1 duty", "3 duties"."""
    return f"{number} {one if number == 1 else many}"


def duty_pairs(count: int) -> str:
    """``1 duty pair``, ``3 duty pairs``: the pairs behind a link (a duty may be in several)."""
    return counted(count, "duty pair", "duty pairs")


def safe(text: str) -> str:
    """Text from data made safe for a terminal: control characters shown as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def md_escape(text: str) -> str:
    """Text from data made inert in markdown, in tables too: no markup, pipes, or line breaks."""
    text = safe(" ".join(text.split()))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LEADING.sub(lambda m: m.group()[:-1] + "\\" + m.group()[-1], text)


def dumps_json(data: Any) -> str:
    """Stable, readable JSON text ending with a newline."""
    import json  # only JSON output needs it; the table path stays lighter

    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def fmt_score(score: float) -> str:
    """A 0-100 score as text with one decimal."""
    return f"{score:.1f}"
