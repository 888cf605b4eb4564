"""Write the synthetic sample procurement plan to ``content/screening/sample_plan.csv``.

The plan is made up: it resembles the procurement plan of a mid-sized Swedish municipality
(about 220 procurements in cleaning, property care, construction, transport, waste, IT,
consultancy, food, office supplies, care and other services) but names, amounts and terms are
invented. The output is deterministic (fixed seed), so running the script again gives the same file.

The file uses the Swedish CSV conventions the plan reader must handle: semicolon separator,
UTF-8 with BOM, spaces as thousands separators and a decimal comma. Some rows leave FTE or the
labour-cost share empty, as real plans do.

Usage: ``python scripts/make_sample_plan.py [--rows-check]``
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "content" / "screening" / "sample_plan.csv"
SEED = 20260901
SEK_PER_FTE_YEAR = 500_000  # the same standard figure as content/screening/policy.yaml

COMMENT = (
    "# SYNTETISK EXEMPELPLAN: påhittade upphandlingar för en medelstor svensk kommun, inga verkliga data. "
    "SYNTHETIC SAMPLE PLAN: made-up procurements of a mid-sized Swedish municipality, no real data."
)
HEADERS = [
    "Upphandling",
    "Kategori",
    "Uppskattat värde (kr)",
    "Avtalstid (mån)",
    "Årsarbetskrafter",
    "Personalkostnadsandel (%)",
    "Ramavtal",
    "Planerad start",
    "Förvaltning",
]

AREAS = ["Norr", "Söder", "Öster", "Väster", "Centrum"]
PLACES = [
    "Björkdalen",
    "Ekbacken",
    "Lindhagen",
    "Sjöängen",
    "Tallåsen",
    "Granvik",
    "Ängsvik",
    "Hagaby",
    "Rönnby",
    "Almsta",
]
SCHOOLS = ["Björkdalsskolan", "Eklundaskolan", "Tallåsskolan", "Sjöängsskolan", "Hagabyskolan", "Almstaskolan"]


@dataclass(frozen=True)
class Template:
    """How the rows of one category are drawn."""

    category: str
    names: tuple[str, ...]
    count: int
    msek: tuple[float, float]
    durations: tuple[int, ...]
    labour: tuple[int, int]
    p_fte: float
    p_labour: float
    p_framework: float
    department: tuple[str, ...]


TEMPLATES: tuple[Template, ...] = (
    Template(
        "Städ",
        (
            "Lokalvård förskolor {area}",
            "Lokalvård grundskolor {area}",
            "Lokalvård stadshuset och förvaltningshus",
            "Fönsterputs kommunala fastigheter",
            "Storstädning äldreboenden",
            "Golvvård idrottshallar",
            "Städning LSS-boenden",
            "Lokalvård bibliotek och kulturhus",
        ),
        22,
        (3, 45),
        (36, 48),
        (70, 85),
        0.75,
        0.7,
        0.1,
        ("Fastighetskontoret", "Utbildningsförvaltningen"),
    ),
    Template(
        "Fastighetsskötsel",
        (
            "Fastighetsskötsel {area}",
            "Grönyteskötsel parker {area}",
            "Vinterväghållning {area}",
            "Snöröjning skolgårdar",
            "Skötsel av lekplatser",
            "Trädvård",
            "Skötsel av badplatser",
            "Drift och underhåll av fontäner",
        ),
        22,
        (1.5, 30),
        (24, 36, 48),
        (55, 75),
        0.7,
        0.6,
        0.1,
        ("Tekniska förvaltningen", "Fastighetskontoret"),
    ),
    Template(
        "Bygg",
        (
            "Nybyggnad förskola {place}",
            "Ombyggnad {school}",
            "Renovering simhall {place}",
            "Tillbyggnad äldreboende {place}",
            "VA-ledningar etapp {n}",
            "Gång- och cykelväg {place}",
            "Takbyte {school}",
            "Målning fasader {place}",
            "Markarbeten exploatering {place}",
            "Partnering ny idrottshall {place}",
            "Ramavtal mindre byggentreprenader",
            "Ramavtal måleri",
        ),
        36,
        (4, 250),
        (8, 12, 18, 24, 30, 36),
        (30, 55),
        0.6,
        0.4,
        0.1,
        ("Stadsbyggnadsförvaltningen", "Fastighetskontoret"),
    ),
    Template(
        "Transporter",
        (
            "Skolskjuts {area}",
            "Färdtjänst och sjukresor",
            "Budtjänst och internpost",
            "Samordnad varudistribution",
            "Fordonstvätt kommunens bilar",
            "Parkeringsövervakning",
            "Transport av måltider",
        ),
        14,
        (5, 120),
        (48, 60, 72),
        (50, 65),
        0.7,
        0.5,
        0.0,
        ("Tekniska förvaltningen", "Utbildningsförvaltningen"),
    ),
    Template(
        "Avfall",
        (
            "Insamling av hushållsavfall {area}",
            "Drift av återvinningscentral {place}",
            "Slamtömning enskilda avlopp",
            "Insamling av förpackningar",
            "Transport av farligt avfall",
        ),
        10,
        (10, 150),
        (60, 84, 96),
        (45, 65),
        0.7,
        0.5,
        0.0,
        ("Tekniska förvaltningen",),
    ),
    Template(
        "IT",
        (
            "Verksamhetssystem för skolan",
            "IT-drift och support",
            "Mobiltelefoni",
            "Licenser kontorsprogram",
            "Datorer och surfplattor",
            "E-arkiv",
            "Bredband till kommunens lokaler",
            "Ärendehanteringssystem",
            "Säker e-post",
            "Nätverksutrustning",
            "Skrivarlösning",
            "Kommunens webbplats",
            "Lärplattform",
            "Videomöten",
            "Systemstöd för hemtjänst",
            "Passersystem",
            "IT-säkerhetstjänster",
            "Telefonväxel",
            "Digital signering",
            "Molntjänster",
            "Ekonomisystem",
            "Personalsystem",
        ),
        22,
        (0.8, 40),
        (24, 36, 48),
        (20, 50),
        0.2,
        0.4,
        0.35,
        ("Kommunledningskontoret",),
    ),
    Template(
        "Konsulttjänster",
        (
            "Ramavtal konsulttjänster bygg",
            "Arkitekttjänster {place}",
            "Projektledning byggprojekt",
            "Juridisk rådgivning",
            "Revision",
            "Chefsutbildning",
            "Organisationsutredning socialtjänst",
            "Konsultstöd upphandling",
            "Byggledning {place}",
            "Miljökonsulter",
            "Ramavtal IT-konsulter",
            "Rekryteringstjänster",
            "Företagshälsovård",
            "Kommunikationsbyrå",
        ),
        24,
        (0.6, 25),
        (24, 48),
        (80, 90),
        0.3,
        0.5,
        0.6,
        ("Kommunledningskontoret", "Stadsbyggnadsförvaltningen"),
    ),
    Template(
        "Livsmedel",
        (
            "Livsmedel frukt och grönt",
            "Livsmedel mejeriprodukter",
            "Livsmedel kött och chark",
            "Livsmedel bröd",
            "Livsmedel torrvaror",
            "Specialkost",
            "Livsmedel fisk",
            "Livsmedel frysvaror",
            "Livsmedel ägg",
            "Kaffe och te",
            "Glass och frysta desserter",
            "Ekologiska livsmedel",
        ),
        12,
        (5, 60),
        (24, 48),
        (10, 25),
        0.1,
        0.3,
        0.9,
        ("Kostenheten",),
    ),
    Template(
        "Kontorsmaterial",
        (
            "Kontorsmaterial",
            "Möbler till förskolor",
            "Arbetskläder",
            "Hygienartiklar och förbrukningsmaterial",
            "Papper och kuvert",
            "Skrivare och kopiatorer",
            "Skolmaterial",
            "Lekmaterial förskolor",
            "Städmaterial och kemtekniska produkter",
            "Profilprodukter",
            "Kontorsmöbler",
            "Medicinska förbrukningsartiklar",
        ),
        12,
        (1, 12),
        (24, 48),
        (5, 15),
        0.05,
        0.2,
        0.9,
        ("Kommunledningskontoret",),
    ),
    Template(
        "Vård och omsorg",
        (
            "Hemtjänst {area}",
            "Korttidsboende för barn",
            "HVB för ungdomar",
            "Personlig assistans",
            "Daglig verksamhet",
            "Ledsagning",
            "Drift av äldreboende {place}",
            "Boende med särskild service {place}",
        ),
        24,
        (15, 300),
        (36, 48, 60),
        (75, 85),
        0.7,
        0.6,
        0.05,
        ("Vård- och omsorgsförvaltningen", "Socialförvaltningen"),
    ),
    Template(
        "Övriga tjänster",
        (
            "Bevakning och larm",
            "Tolkförmedling",
            "Tvätt och textilservice",
            "Flyttjänster",
            "Tryckeritjänster",
            "Vaktmästeri {area}",
            "Kaffeautomater och service",
            "Matlagning och servering förskolor {area}",
        ),
        16,
        (1, 20),
        (24, 36, 48),
        (40, 70),
        0.5,
        0.5,
        0.3,
        ("Kommunledningskontoret", "Kultur- och fritidsförvaltningen"),
    ),
)

#: A few short procurements, to show the floors on very short contracts.
SHORT: tuple[tuple[str, str, float, int], ...] = (
    ("Uppsättning av julbelysning", "Fastighetsskötsel", 0.9, 3),
    ("Tillfällig lokalvård evakueringsskola", "Städ", 1.4, 5),
    ("Inventering av gatuträd", "Konsulttjänster", 0.7, 4),
    ("Sommarunderhåll badplatser", "Fastighetsskötsel", 1.1, 4),
    ("Flytt av bibliotek", "Övriga tjänster", 0.8, 2),
    ("Rivning av paviljong", "Bygg", 2.6, 3),
)


def sek(value: float) -> str:
    """Whole kronor with spaces as thousands separators (``24 500 000``)."""
    return f"{round(value):,}".replace(",", " ")


def decimal(value: float) -> str:
    """One decimal with a decimal comma (``2,5``)."""
    return f"{value:.1f}".replace(".", ",")


def _names(rng: random.Random, tpl: Template) -> list[str]:
    """``tpl.count`` distinct names: each fixed name once, the rest from templates with places or areas."""
    fixed = [n for n in tpl.names if "{" not in n]
    variable = [n for n in tpl.names if "{" in n]
    pools: list[list[str]] = []
    for template in variable:
        pool = sorted(
            {
                template.format(area=a, place=p, school=s, n=k)
                for a in AREAS
                for p in PLACES
                for s in SCHOOLS
                for k in range(1, 7)
            }
        )
        rng.shuffle(pool)
        pools.append(pool)
    out = list(fixed[: tpl.count])
    while len(out) < tpl.count and any(pools):
        for pool in pools:
            if pool and len(out) < tpl.count:
                out.append(pool.pop())
    return out


def _works_months(rng: random.Random, value: float) -> int:
    """A construction term that grows with the value (small jobs are quick, new buildings take years)."""
    msek = value / 1_000_000
    choices = (4, 6, 8) if msek < 8 else (8, 12, 18) if msek < 40 else (18, 24, 30) if msek < 120 else (24, 30, 36)
    return rng.choice(choices)


def _start(rng: random.Random) -> str:
    year, month = rng.choice((2027, 2027, 2028, 2028, 2029)), rng.randint(1, 12)
    style = rng.random()
    if style < 0.7:
        return f"{year}-{month:02d}-01"
    if style < 0.85:
        return f"{year}-{month:02d}"
    return f"kv{(month - 1) // 3 + 1} {year}"


def rows(seed: int = SEED) -> list[list[str]]:
    """The sample plan's data rows (without header), in a stable order."""
    rng = random.Random(seed)
    out: list[list[str]] = []
    for tpl in TEMPLATES:
        for name in _names(rng, tpl):
            lo, hi = tpl.msek
            value = math.exp(rng.uniform(math.log(lo), math.log(hi))) * 1_000_000
            value = round(value, -4)
            months = rng.choice(tpl.durations)
            if tpl.category == "Bygg":
                months = _works_months(rng, value)
            framework = name.startswith("Ramavtal") or rng.random() < tpl.p_framework
            if name.startswith("Ramavtal"):
                months = 48
            share = rng.randint(*tpl.labour)
            fte = value * share / 100 / (months / 12) / SEK_PER_FTE_YEAR * rng.uniform(0.7, 1.3)
            out.append(
                [
                    name,
                    tpl.category,
                    sek(value),
                    str(months),
                    decimal(max(fte, 0.2)) if rng.random() < tpl.p_fte else "",
                    str(share) if rng.random() < tpl.p_labour else "",
                    "Ja" if framework else "Nej",
                    _start(rng),
                    rng.choice(tpl.department),
                ]
            )
    for name, category, msek, months in SHORT:
        out.append(
            [name, category, sek(msek * 1_000_000), str(months), "", "", "Nej", _start(rng), "Tekniska förvaltningen"]
        )
    rng.shuffle(out)
    return out


def render(seed: int = SEED) -> str:
    """The whole CSV text: comment line, header, rows; semicolon-separated."""
    buf = io.StringIO()
    buf.write(COMMENT + "\n")
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(rows(seed))
    return buf.getvalue()


def main() -> None:
    """Write the sample plan (UTF-8 with BOM, as Excel saves CSV)."""
    OUT.write_text(render(), encoding="utf-8-sig", newline="")
    print(f"wrote {OUT} ({len(rows())} procurements)")


if __name__ == "__main__":
    main()
