"""Short labels of framework nodes for narrow table headers (pure): names cut to a number of characters."""

from __future__ import annotations

# Average width of a character of the grid's header font (px), and the cell's padding left and right together.
HEADER_CHAR_PX = 6.0
HEADER_PADDING_PX = 16


def header_chars(width: int) -> int:
    """Return how many header characters fit a column `width` pixels wide (at least 2)."""
    return max(2, int((width - HEADER_PADDING_PX) // HEADER_CHAR_PX))


def compute_header_labels(names: list[str], chars: int) -> list[str]:
    """Return one header per sibling name, each at most `chars` characters: the words every name shares dropped
    (SPBE's trailing "SPBE"), then the name whole, or its first word whole or cut ("Keb.") with the initials of
    the others ("Keb.I"), or its initials. The full name belongs in the column's help (on hover)."""
    shared = set.intersection(*(set(name.split()) for name in names)) if len(names) > 1 else set()
    return [abbreviate(" ".join(w for w in name.split() if w not in shared) or name, chars) for name in names]


def abbreviate(name: str, chars: int) -> str:
    """Return `name` if it has at most `chars` characters, else its shortest readable form within them."""
    words = name.split()
    if len(name) <= chars or not words:
        return name
    first, rest = words[0], "".join(word[0].upper() for word in words[1:])
    if rest and len(first) + 1 + len(rest) <= chars:
        return f"{first} {rest}"
    room = chars - len(rest) - 1  # the first word's letters, before its dot
    if room >= 2:
        return f"{first[:room]}.{rest}"
    return "".join(word[0].upper() for word in words)[:chars]
