"""Presentation: the facilitator steps through the model in large slides built from the same content.

Forward and back: the two buttons (the first focusable elements of the page) or the left and right
arrow keys (``st.button(shortcut=...)``). The slide number is kept in ``?slide=`` so a link opens it;
projector mode (``?projector=true``) leaves out the sidebar and Streamlit's header so a slide fits the
screen, and the exercise slide shows the workshop's join code with its QR code.
"""

from __future__ import annotations

import streamlit as st

from guidance.workshop.cases import load_library
from guidance.workshop.slides import is_exercise
from ui.slides_view import current_case, current_slide, navigation, settings, slide
from ui.workshop_session import active_code

index = current_slide()
projector = navigation(index)
shown = load_library().slides[index]
with st.container(border=True, key="slide"):
    slide(shown, current_case(), active_code() if is_exercise(shown) else None, projector)
settings()
