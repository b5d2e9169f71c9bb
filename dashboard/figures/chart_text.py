"""Article and config text made inert for plotly, which is not HTML: it reads a few tags
(<b>, <a href>, <br>, <span style>…) and a few entities in every label, hover and legend, and
shows any other entity as it is written (an HTML-escaped quote reads `&quot;`)."""

from __future__ import annotations

# Look-alikes, not entities: the text reads the same and no tag can begin; an ampersand
# stays, since plotly only decodes entities after it has split off the tags.
_INERT = str.maketrans({"<": "\uff1c", ">": "\uff1e"})


def chart_text(text: object) -> str:
    """The text as plotly should show it, with no tag of its own."""
    return str(text).translate(_INERT)
