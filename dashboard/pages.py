"""The dashboard's pages, listed once: the navigation, the findings' links and the tests read
this list. A page's id is what models.registry names as the page that explains an analysis."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Not "pages/": Streamlit would list a folder of that name by file names before the app's own
# navigation takes over on a page opened by its address.
VIEWS = Path(__file__).parent / "views"


@dataclass(frozen=True)
class Page:
    id: str
    title: str

    @property
    def path(self) -> Path:
        return VIEWS / f"{self.id}.py"

    @property
    def link(self) -> str:
        """The page's path relative to the app's script, as st.page_link takes it."""
        return f"{VIEWS.name}/{self.id}.py"


PAGES: tuple[Page, ...] = (
    Page("overview", "Overview"),
    Page("axes", "Framing axes"),
    Page("side_by_side", "Side by side"),
    Page("actors", "Actors"),
    Page("voices", "Voices"),
    Page("claims", "Claims"),
    Page("language", "Language"),
    Page("wire_copies", "Wire copies"),
    Page("fetch_report", "Fetch report"),
    Page("add_coverage", "Add coverage"),
    Page("discover", "Discover coverage"),
    Page("data", "Data and export"),
)
BY_ID = {page.id: page for page in PAGES}
