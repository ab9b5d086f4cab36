"""Article data on the terminal: always as plain text, never as markup or control codes.

Titles, file names and reasons come from untrusted inputs. Rich reads ``[red]`` as markup (and fails on a
stray ``[/]``), and a terminal obeys escape sequences (``ESC[2J`` clears the screen), so every value that comes
from data is printed as a :class:`rich.text.Text` (never parsed as markup) with control characters shown as
visible escapes (``\\x1b``).
"""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(value: object) -> str:
    """``value`` as a string whose control and direction-changing characters are written as escapes."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100
                        else f"\\u{ord(match.group()):04x}", str(value))


def plain(value: object, style: str = "") -> Text:
    """``value`` as Rich text that is never read as markup, with its control characters made visible."""
    return Text(visible(value), style=style)


def line(*parts: str | Text | tuple[str, str]) -> Text:
    """One line from parts: plain strings (ours), :class:`Text` (data, already made :func:`plain`), or
    (text, style) pairs for our own labels."""
    return Text.assemble(*parts)
