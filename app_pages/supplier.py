"""Role page: the supplier."""

from ui.role_page import render_role

render_role("L")
