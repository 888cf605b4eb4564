"""Role page: the matching labour-market actor."""

from ui.role_page import render_role

render_role("M")
