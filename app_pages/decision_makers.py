"""Role page: decision-makers and management, with the figures a decision rests on right after the introduction."""

from ui.evidence_view import evidence_view
from ui.role_page import render_role

render_role("BL", after_intro=lambda: evidence_view("role_bl"))
