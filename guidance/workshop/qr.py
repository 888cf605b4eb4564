"""The QR code of a workshop's join link, for the facilitator's projector view.

Made with ``segno`` (pure Python, no image library needed) as an SVG, so it stays sharp at any size
on a projector. The code holds exactly the link, nothing else; the views show the link as text beside
it for anyone who cannot scan it.
"""

from __future__ import annotations

import io

import segno

#: Error correction level: "M" still reads with about 15 % of the code hidden (glare on a projector screen).
ERROR_LEVEL = "m"
#: The quiet zone around the code, in modules (the QR standard asks for 4).
BORDER = 4
#: Colours: black on white reads best on every projector and phone camera.
DARK, LIGHT = "#000000", "#ffffff"
#: Pixels per module of the SVG's own size (the view may draw it larger or smaller; it stays sharp).
SCALE = 8


def join_qr(link: str) -> segno.QRCode:
    """The QR code that holds ``link`` (a full QR code, never a Micro QR, which phones may not read)."""
    if not link:
        raise ValueError("a QR code needs a link")
    return segno.make(link, error=ERROR_LEVEL, micro=False, boost_error=False)


def qr_svg(link: str, scale: int = SCALE) -> str:
    """The QR code of ``link`` as a standalone SVG document (with its XML namespace, scalable by the view)."""
    out = io.BytesIO()
    join_qr(link).save(
        out, kind="svg", xmldecl=False, svgns=True, scale=scale, border=BORDER, dark=DARK, light=LIGHT, nl=False
    )
    return out.getvalue().decode("utf-8")
