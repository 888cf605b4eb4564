"""The app's pages in one place: ``app.py`` builds the navigation from it and the tests import it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    """A page file with its navigation section, title key (in the UI catalog), icon and URL path."""

    path: str
    section: str
    title_key: str
    icon: str
    url_path: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("pages/start.py", "nav.model", "page.start", ":material/home:", "start"),
    PageSpec("pages/role_bl.py", "nav.roles", "page.role_bl", ":material/account_balance:", "beslutsfattare"),
    PageSpec("pages/role_uo.py", "nav.roles", "page.role_uo", ":material/shopping_cart:", "upphandlande-organisation"),
    PageSpec("pages/role_l.py", "nav.roles", "page.role_l", ":material/factory:", "leverantor"),
    PageSpec("pages/role_m.py", "nav.roles", "page.role_m", ":material/handshake:", "matchning"),
    PageSpec("pages/process.py", "nav.model", "page.process", ":material/table_chart:", "process"),
    PageSpec("pages/glossary.py", "nav.model", "page.glossary", ":material/menu_book:", "ordlista"),
    PageSpec("pages/assessment.py", "nav.tools", "page.assessment", ":material/fact_check:", "bedomning"),
    PageSpec("pages/calculator.py", "nav.tools", "page.calculator", ":material/calculate:", "kalkylator"),
    PageSpec("pages/workshop.py", "nav.workshop", "page.workshop", ":material/groups:", "workshop"),
    PageSpec("pages/presentation.py", "nav.workshop", "page.presentation", ":material/slideshow:", "presentation"),
)

SECTIONS: tuple[str, ...] = ("nav.model", "nav.roles", "nav.tools", "nav.workshop")
