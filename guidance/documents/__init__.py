"""Writers for Word, Excel, CSV and Markdown documents."""
