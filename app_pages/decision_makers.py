"""Role page: decision-makers and management, with the figures a decision rests on."""

from ui.evidence_view import evidence_view
from ui.role_page import render_role

render_role("BL")
evidence_view("role_bl")
