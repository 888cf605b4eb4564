"""The national model for employment requirements in public procurement, as a pure Python package.

Nothing here imports Streamlit: use it from a notebook, a script or the app.
"""
