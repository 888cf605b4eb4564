"""The app's pages in one place: ``app.py`` builds the navigation from it and the tests import it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """A page file with its navigation section, title key (in the UI catalog), icon and, for role pages, the role."""

    path: str
    section: str
    title_key: str
    icon: str
    role: str | None = None

    @property
    def url_path(self) -> str:
        """The page's address: always the file name, so Streamlit finds the same page with or without ``app.py``."""
        return self.path.removeprefix("app_pages/").removesuffix(".py")


PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/start.py", "nav.model", "page.start", ":material/home:"),
    PageSpec("app_pages/decision_makers.py", "nav.roles", "page.role_bl", ":material/account_balance:", "BL"),
    PageSpec("app_pages/contracting_organisation.py", "nav.roles", "page.role_uo", ":material/shopping_cart:", "UO"),
    PageSpec("app_pages/supplier.py", "nav.roles", "page.role_l", ":material/factory:", "L"),
    PageSpec("app_pages/matching_actor.py", "nav.roles", "page.role_m", ":material/handshake:", "M"),
    PageSpec("app_pages/process.py", "nav.model", "page.process", ":material/table_chart:"),
    PageSpec("app_pages/glossary.py", "nav.model", "page.glossary", ":material/menu_book:"),
    PageSpec("app_pages/assessment.py", "nav.tools", "page.assessment", ":material/fact_check:"),
    PageSpec("app_pages/calculator.py", "nav.tools", "page.calculator", ":material/calculate:"),
    PageSpec("app_pages/screening.py", "nav.tools", "page.screening", ":material/query_stats:"),
    PageSpec("app_pages/workshop.py", "nav.workshop", "page.workshop", ":material/groups:"),
    PageSpec("app_pages/presentation.py", "nav.workshop", "page.presentation", ":material/slideshow:"),
    PageSpec("app_pages/followup.py", "nav.tools", "page.followup", ":material/monitoring:"),
    PageSpec("app_pages/supplier_report.py", "nav.tools", "page.supplier_report", ":material/assignment_turned_in:"),
)

SECTIONS: tuple[str, ...] = ("nav.model", "nav.roles", "nav.tools", "nav.workshop")
