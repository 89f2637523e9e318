"""Made-up councils' reports in every layout CQC has published, written by the tests (no real report's prose).

Each council has nine scores that are not all equal; the page texts follow what a browser shows of a CQC page.
"""

from __future__ import annotations

from pathlib import Path

from qa.ingest.outline import is_heading

STATEMENTS = (  # (theme, name, slug, score) in framework order
    (1, "Assessing needs", "assessing-needs"),
    (1, "Supporting people to lead healthier lives", "healthier-lives"),
    (1, "Equity in experience and outcomes", "equity"),
    (2, "Care provision, integration and continuity", "care-provision"),
    (2, "Partnerships and communities", "partnerships"),
    (3, "Safe systems, pathways and transitions", "safe-systems"),
    (3, "Safeguarding", "safeguarding"),
    (4, "Governance, management and sustainability", "governance"),
    (4, "Learning, improvement and innovation", "learning"),
)
LABELS = {1: "Evidence shows significant shortfalls", 2: "Evidence shows some shortfalls",
          3: "Evidence shows a good standard", 4: "Evidence shows an exceptional standard"}
CANONICAL = ("Assessing needs", "Supporting people to live healthier lives", "Equity in experience and outcomes",
             "Care provision, integration and continuity", "Partnerships and communities",
             "Safe pathways, systems and transitions", "Safeguarding", "Governance, management and sustainability",
             "Learning, improvement and innovation")
THEMES = {1: "Working with people", 2: "Providing support", 3: "Ensuring safety within the system", 4: "Leadership"}
KNOWN_SENTENCE = "Waiting lists for occupational therapy assessments in Northmoor had halved since the spring."


def summary_text(council: str, rating: str, scores: tuple[int, ...], published: str, percent: str | None) -> str:
    """The summary page as a browser copies it: bullets, a statement name then "Score: N" on the next line."""
    lines = [f"{council}: local authority assessment", "", published, "", "Summary", "",
             "Local authority rating and score", "", f"• {council}", rating]
    if percent == "sentence":
        total = sum(scores)
        lines.append(f"{council} scored {round(100 * total / 36)} out of 100 overall, indicating a "
                     f"{'good standard' if rating == 'Good' else 'standard that requires improvement'}")
    elif percent == "bare":
        lines.append(f"Score: {round(100 * sum(scores) / 36)}")
    lines += ["", "Quality statement scores", ""]
    for (_, name, _), score in zip(STATEMENTS, scores):
        lines += [f"• {name}", f"Score: {score}"]
    lines += ["", "Summary of people's experiences", "",
              f"People in {council.split()[0]} told us that staff listened to them and that information about "
              "support was easy to find, although some waited too long for an assessment to begin.", ""]
    return "\n".join(lines)


def statement_text(council: str, i: int, score: int) -> str:
    """One quality statement's page: name, score, label, expectations, commitment, findings."""
    theme, name, _ = STATEMENTS[i]
    place = council.split()[0]
    finding = KNOWN_SENTENCE.replace("Northmoor", place) if i == 0 else \
        f"In {place} the {name.lower()} work was reviewed by the council with partners every quarter this year."
    return "\n".join([
        name, f"Score: {score}", f"{score} - {LABELS[score]}", "", "What people expect", "",
        f"I can get the help I need about {name.lower()} when I need it, from people who know me.", "",
        "The local authority commitment", "",
        f"We work with people and partners so that {name.lower()} is fair, timely and led by what matters.", "",
        "Key findings for this quality statement", "",
        finding + " Staff described clear routes for escalating concerns and felt supported by managers.", "",
    ])


def about_text(council: str) -> str:
    return "\n".join([f"About {council}", "", "Demographics", "",
                      f"{council} serves about 412,000 people across towns and a wide rural area.", "",
                      "Financial facts", "", "The council spent £187 million on adult social care in 2023/24.", ""])


def whole_text(council, rating, scores, published, percent) -> str:
    """A whole report copied from the web pages into one .txt file."""
    parts = [summary_text(council, rating, scores, published, percent)]
    for theme in THEMES:
        parts.append(f"Theme {theme}: {THEMES[theme]}\n")
        parts += [statement_text(council, i, s) for i, s in enumerate(scores) if STATEMENTS[i][0] == theme]
    parts.append(about_text(council))
    return "\n".join(parts)


def html_page(body_text: str, title: str = "CQC") -> str:
    """A text page (our own browser-copy layout) as a CQC-like HTML page with all the site's chrome around it."""
    from html import escape

    out, items = [], []

    def flush():
        if items:
            out.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in items) + "</ul>")
            items.clear()

    lines = body_text.split("\n")
    for n, line in enumerate(lines):
        s = line.strip()
        if not s:
            flush()
            continue
        if s.startswith("• "):
            items.append(s[2:])
            continue
        flush()
        level = 0 if n == 0 else is_heading(s)
        tag = "p" if level is None else f"h{min(level + 1, 6)}"
        out.append(f"<{tag}>{escape(s)}</{tag}>")
    flush()
    return chrome("\n".join(out), title)


COOKIE = "We use cookies to make this website work and to understand how you use it"
NAV = "Find and compare services Guidance for providers Publications and reports"
FOOTER = "Copyright Care Quality Commission Accessibility statement Privacy notice"
SCRIPT = "window.dataLayer = window.dataLayer || []; trackingPixel('mainframe')"


def chrome(main_html: str, title: str = "CQC") -> str:
    """Site furniture around the content: none of its text may reach a passage."""
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>body {{ font-family: sans-serif }} .cookie-banner {{ display: block }}</style>
<script>{SCRIPT}</script></head><body>
<div class="cookie-banner" id="global-cookie-message"><p>{COOKIE}</p><button>Accept</button></div>
<header class="site-header"><a href="/">Care Quality Commission</a><nav><ul><li>{NAV}</li></ul></nav>
<form role="search" action="/search"><label>Search CQC</label><input name="q"></form></header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li>Home</li><li>Local authorities</li></ol></nav>
<main id="main-content">{main_html}</main>
<footer class="site-footer"><p>{FOOTER}</p></footer><script>{SCRIPT}</script></body></html>"""


def write_folder(where: Path, council: str, rating: str, scores, published: str, percent, layout: str,
                 titled: bool = False) -> Path:
    """A report as a folder of pages, named as CQC named them in that period (files deliberately out of order).

    ``numbered`` (2024): <council>1 ... <council>11; ``suffixed`` (late 2024): <council>-0325-summary,
    <council>-0325-theme1-assessing-needs, ...; ``foldered`` (mid 2025): summary, theme1/equity, ...
    """
    where.mkdir(parents=True)
    slug = council.split()[0].lower()
    pages = {"summary": summary_text(council, rating, scores, published, percent), "about": about_text(council)}
    for i, s in enumerate(scores):
        pages[f"theme{STATEMENTS[i][0]}/{STATEMENTS[i][2]}"] = statement_text(council, i, s)
    ext = ".txt" if layout == "suffixed" else ".html"
    for n, (key, text) in enumerate(sorted(pages.items(), key=lambda kv: kv[0] != "about")):  # About first
        if layout == "numbered":
            name = f"{slug}{n + 1}"
        elif layout == "suffixed":
            name = f"{slug}-0325-{key.replace('/', '-')}"
        else:
            name = key
        path = where / f"{name}{ext}"
        path.parent.mkdir(parents=True, exist_ok=True)
        if titled and key != "summary":  # as CQC's site does: the report's title atop every sub-page
            text = f"{council}: local authority assessment\n\n{text}"
        path.write_text(text if ext == ".txt" else html_page(text), encoding="utf-8")
    return where


# -- the real report's markdown rendered as CQC would publish it (done by the tests, never stored) ------------
def md_blocks(md: str) -> list[tuple[str, str]]:
    """(kind, text) blocks of a markdown report: ("h1".."h6", title), ("li", item), ("p", paragraph)."""
    import re

    out: list[tuple[str, str]] = []
    para: list[str] = []

    def flush():
        if para:
            out.append(("p", " ".join(para)))
            para.clear()

    for line in md.splitlines():
        s = line.strip().lstrip("\ufeff")
        m = re.match(r"(#{1,6})\s+(.*?)\s*#*$", s)
        if not s or re.fullmatch(r"(?:-\s*){3,}", s):
            flush()
        elif m:
            flush()
            out.append((f"h{len(m.group(1))}", m.group(2)))
        elif re.match(r"[-*]\s+", s):
            flush()
            out.append(("li", re.sub(r"^[-*]\s+", "", s)))
        else:
            para.append(s)
    flush()
    return [(k, re.sub(r"\*\*(.+?)\*\*", r"\1", t)) for k, t in out]


def md_to_html(md: str) -> str:
    from html import escape

    body, in_list = [], False
    for kind, text in md_blocks(md):
        if kind == "li" and not in_list:
            body.append("<ul>")
            in_list = True
        elif kind != "li" and in_list:
            body.append("</ul>")
            in_list = False
        body.append(f"<{kind}>{escape(text)}</{kind}>")
    if in_list:
        body.append("</ul>")
    return chrome("\n".join(body))


def filler(n: int) -> str:
    """A paragraph of body text several lines long, different for each ``n``, that no question asks about."""
    return " ".join(f"Paragraph {n} sentence {i} describes the routine work of the teams in some detail for the reader."
                    for i in range(6))


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
RUNNING = "Northmoor County Council: local authority assessment - Care Quality Commission"


def write_pdf(path: Path, blocks: list[tuple[str, str]], header: str = RUNNING, hyphenate: str | None = None,
              width: int = 95) -> None:
    """A printed report: a running header, "Page N of M" footers and a URL with the date of printing on every
    page; lines wrapped at ``width`` characters, headings at the page's width; ``hyphenate`` (a word) is split
    across a line break; a ("page", "") block starts a new page."""
    import textwrap

    from fpdf import FPDF

    class Printed(FPDF):
        def header(self):
            self.set_font("body", size=8)
            self.cell(0, 5, header, new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def footer(self):
            self.set_y(-15)
            self.set_font("body", size=8)
            self.cell(0, 4, "https://www.cqc.org.uk/care-services/local-authority-assessment/northmoor 12/05/2025, 10:41",
                      new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 4, f"Page {self.page_no()} of {{nb}}")

    pdf = Printed(format="A4")
    bold = FONT_BOLD if FONT_BOLD.exists() else FONT
    pdf.add_font("body", "", str(FONT))
    pdf.add_font("body", "B", str(bold))
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    for kind, text in blocks:
        if kind == "page":  # the next block starts a new page
            pdf.add_page()
            continue
        if kind.startswith("h"):  # a heading too long for the line wraps onto the next, as a typesetter's does
            pdf.set_font("body", "B", size=13 if kind in ("h1", "h2") else 11)
            pdf.ln(2)
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("body", size=9)
        lines = textwrap.wrap(("- " if kind == "li" else "") + text, width, break_on_hyphens=False,
                              subsequent_indent="  " if kind == "li" else "")
        if hyphenate:  # as a typesetter would: the word's first part ends the line before
            for i in range(len(lines) - 1):
                if lines[i + 1].startswith(hyphenate):
                    cut = 5
                    lines[i] += " " + hyphenate[:cut] + "-"
                    lines[i + 1] = hyphenate[cut:] + lines[i + 1][len(hyphenate):]
                    break
        for line in lines:
            pdf.cell(0, 4.2, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
    pdf.output(str(path))
