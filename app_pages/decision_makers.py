"""Role page: decision-makers and management."""

from ui.role_page import render_role

render_role("BL")
