"""A saved web page -> the text of its main content, rendered so the markdown parser reads its structure.

A page saved from a browser carries the site around the report: cookie banner, navigation, breadcrumb, search
form, footer, scripts. Only the main content is kept (``<main>``, else ``<article>``, else the block holding
most paragraph text), parsed with a real HTML parser (selectolax): headings become ``#`` lines so they open
sections, list items "- " lines, paragraphs are separated by blank lines. That rendering is the report's text,
and every offset points into it.
"""

from __future__ import annotations

import re

from qa.errors import ReportError

NEVER = ("script", "style", "noscript", "template", "svg", "iframe", "button", "select", "input", "dialog",
         "[aria-hidden=true]", "[hidden]")
CHROME_TAGS = ("nav", "footer", "form", "aside", "[role=navigation]", "[role=contentinfo]", "[role=search]")
CHROME = re.compile(r"cookie|consent|breadcrumb|skip-?link|banner|site-?header|site-?footer|search|\bnav|menu|"
                    r"page-?feedback|feedback-?(?:form|widget|banner|links?|survey|prompt)|helpful|\bprint|\bshare|"
                    r"social-?links?", re.I)  # "Was this page helpful?", "Print this page"
# ...and the same widgets marked by nothing but their words
CHROME_TEXT = re.compile(r"\s*(?:(?:was|is) this page (?:helpful|useful)|(?:give|send us) (?:your )?feedback|report a "
                         r"problem with this page|print this page|share this page)\b", re.I)
BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "figure", "figcaption", "dl", "dd", "dt",
          "address", "details", "summary", "pre", "header", "hgroup", "center"}
HEADINGS = {f"h{n}": n for n in range(1, 7)}


def extract(data: bytes, name: str) -> str:
    """The main content of an HTML page as text, or a ReportError when it holds none."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(data.decode("utf-8", errors="replace"))
    body = tree.body or tree.root
    if body is None:
        raise ReportError(f"{name}: the HTML page has no body")
    _drop(body, NEVER)
    root = body.css_first("main") or body.css_first("[role=main]") or body.css_first("article")
    if root is None:  # no marked content: the page's own header goes with the rest of the chrome
        _drop(body, ("header", "[role=banner]"))
    _drop(root or body, CHROME_TAGS)
    for node in (root or body).css("[class], [id]"):
        marks = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if CHROME.search(marks) and node.tag not in ("main", "article", "body", "html"):
            node.decompose()
    for node in (root or body).css("p, div, section, span"):
        if len(said := node.text(deep=True)) < 200 and CHROME_TEXT.match(said):
            node.decompose()
    root = root or _densest(body)
    blocks: list[str] = []
    _render(root, blocks)
    text = "\n\n".join(b for b in blocks if b.strip())
    if not text.strip():
        raise ReportError(f"{name}: the HTML page holds no text in its main content")
    return text + "\n"


def _drop(node, selectors) -> None:
    for selector in selectors:
        for found in node.css(selector):
            found.decompose()


def _densest(body):
    """The element whose own paragraphs hold the most text: the content block of a page with no <main>."""
    best, best_len = body, 0
    for node in body.css("div, section, td"):
        own = sum(len(p.text(deep=True)) for p in node.iter() if p.tag in ("p", "ul", "ol", "h2", "h3"))
        if own > best_len:
            best, best_len = node, own
    return best


def _inline(node) -> str:
    return " ".join(node.text(deep=True, separator="").split())


_CLOSING = re.compile(r"[.,;:!?)\]%'’]")


def _joined(pieces: list[str]) -> str:
    """A block's text and inline elements, a space between two unless one already has it or the second closes on
    the first: "spent <b>£742,600</b>." reads "spent £742,600.", and "Score<span>3</span>" still "Score 3"."""
    out = ""
    for piece in pieces:
        if out and piece and not out[-1].isspace() and not piece[0].isspace() and not _CLOSING.match(piece):
            out += " "
        out += piece
    return out


def _render(node, blocks: list[str], depth: int = 0) -> None:
    """Append the rendered blocks under ``node`` in document order; loose text joins one paragraph."""
    loose: list[str] = []

    def flush() -> None:
        if loose:
            line = " ".join(_joined(loose).split())
            if line:
                blocks.append(line)
            loose.clear()

    for child in node.iter(include_text=True):
        tag = child.tag
        if tag == "-text":
            loose.append(child.text_content or "")
        elif tag in HEADINGS:
            flush()
            if title := _inline(child):
                blocks.append("#" * HEADINGS[tag] + " " + title)
        elif tag in ("ul", "ol"):
            flush()
            items = _items(child, 0)
            if items:
                blocks.append("\n".join(items))
        elif tag == "table":
            flush()
            if (caption := child.css_first("caption")) is not None and (said := _inline(caption)):
                blocks.append(said)  # a table's caption often names its source and period
            rows = [" | ".join(_inline(c) for c in tr.iter() if c.tag in ("td", "th")) for tr in child.css("tr")]
            if rows := [r for r in rows if r.strip(" |")]:
                blocks.append("\n".join(rows))
        elif tag == "br":
            loose.append("\n")
        elif tag in BLOCKS or tag in ("li", "body", "html"):
            flush()
            _render(child, blocks, depth + 1)
        else:
            loose.append(child.text(deep=True, separator=""))
    flush()


def _item_lines(li) -> list[str]:
    """A list item's own text, a line for each of its blocks (``<p>``, ``<div>``, headings) and ``<br>`` breaks:
    CQC's summary lists put the council's name, its rating and "Score: 78" in one item, one under the other."""
    lines, current = [], []

    def flush() -> None:
        if text := " ".join(_joined(current).split()):
            lines.append(text)
        current.clear()

    for c in li.iter(include_text=True):
        if c.tag in ("ul", "ol"):
            continue
        if c.tag == "br":
            flush()
        elif c.tag in BLOCKS or c.tag in HEADINGS:
            flush()
            current.append(c.text(deep=True, separator=" "))
            flush()
        else:
            current.append(c.text(deep=True, separator="") if c.tag != "-text" else (c.text_content or ""))
    flush()
    return lines


def _items(lst, level: int) -> list[str]:
    """A list as "- item" lines, nested lists indented under their item."""
    out: list[str] = []
    for li in lst.iter():
        if li.tag != "li":
            continue
        lines = _item_lines(li)
        if lines:
            out.append("  " * level + "- " + lines[0])
            out.extend("  " * (level + 1) + line for line in lines[1:])
        for sub in li.iter():
            if sub.tag in ("ul", "ol"):
                out.extend(_items(sub, level + 1))
    return out
