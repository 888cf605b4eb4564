"""Small Streamlit render helpers shared by the pages."""
