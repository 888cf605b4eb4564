"""Streamlit parts of the calculator page: session state, the input form and parameter editor, result views."""
