"""Role page: the supplier."""

from ui.role_page import render_role
from ui.frame import ensure_frame

ensure_frame()

render_role("L")
