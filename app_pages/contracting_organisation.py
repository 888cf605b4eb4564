"""Role page: the contracting organisation."""

from ui.role_page import render_role

render_role("UO")
