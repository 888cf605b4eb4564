"""Untrusted texts that attack Streamlit's Markdown renderer, each as a user could type or a file could hold it.

Used by the AppTest tests (answers-file field names, group labels, the custom target group, file names),
by ``harness_app.py`` (rendered in Chromium) and as examples of the property tests.
"""

from __future__ import annotations

#: One attack per renderer feature, then a few mixed ones.
HOSTILE: tuple[str, ...] = (
    "[klicka här](http://evil.example/logga-in)",
    "![bild](http://evil.example/spåra.png)",
    "<http://evil.example>",
    "http://evil.example/a?b=c",
    "www.evil.example",
    "kontakt@evil.example",
    "# Rubrik",
    "Grupp 1\n===",
    "Grupp 2\n---",
    "- punkt\n* punkt\n+ punkt\n1. ett\n2) två",
    "    indraget som kod",
    "> citat",
    "`kod` och ```block```",
    "*kursiv* **fet** _kursiv_ __fet__",
    "~~struken~~ och ~struken~",
    "$x^2$ och $$\\int_0^1 f$$",
    ":smile: :+1: :joy::joy:",
    ":material/delete: :streamlit:",
    ":red[röd] :blue-background[blå] :small[liten] :help[hjälp]",
    "| a | b |\n|---|---|\n| c | d |",
    "<b>fet</b><script>alert(1)</script>",
    "&amp; &#65; &lt;b&gt;",
    "[^1] och [ref]\n\n[ref]: http://evil.example",
    "\\*inte kursiv\\* \\",
    "rad 1\n\n\nrad 2\r\nrad 3\rrad 4\u2028rad 5",
    "kontroll\x00\x01\x08tecken\x0bvertikal\x0cflik\x7f\x1b[31m",
    "Lokalvård 12,5\u00a0% · 10:30 · Obs: klart",
    "Grupp :material/home: [länk](javascript:alert(1)) # ~~x~~ $y$ www.a.se",
)
