"""Format the portal's Django templates: one block element per line, indented by nesting; inline
content (text, links, spans, {{ vars }}, {% translate %}, {% blocktranslate %}…) stays on its line.

    python tools/format_templates.py            # format every template of the portal
    python tools/format_templates.py --check    # list the ones that are not formatted (make lint)

Our own, not djLint: djLint re-indents the body of {% blocktranslate %} (which changes the msgid
unless it is trimmed) and puts line breaks between inline elements (which adds a space to the
rendered text, e.g. between a Chinese name and the word after it). This keeps both as written.

A {% if %}/{% for %} group is split over lines only when it holds block-level HTML; otherwise it
stays inline (it is part of a sentence). {% blocktranslate %} … {% endblocktranslate %},
{% comment %}, <script>, <style>, <pre> and <textarea> are kept verbatim.
"""

import re
import sys
from pathlib import Path

BLOCK = {
    "html",
    "head",
    "body",
    "nav",
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "form",
    "fieldset",
    "legend",
    "dl",
    "dt",
    "dd",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "header",
    "footer",
    "main",
    "article",
    "aside",
    "select",
    "option",
    "optgroup",
    "figure",
    "figcaption",
    "details",
    "summary",
    "blockquote",
    "caption",
    "colgroup",
    "title",
    "meta",
    "link",
    "hr",
    "button",
    "label",
    "input",
    "img",
    "svg",
    "polyline",
    "line",
    "rect",
    "circle",
    "text",
    "g",
    "path",
    "noscript",
}
VOID = {
    "meta",
    "link",
    "hr",
    "input",
    "img",
    "br",
    "col",
    "source",
    "area",
    "base",
    "wbr",
    "polyline",
    "line",
    "rect",
    "circle",
    "path",
}
# Blocks whose content, when it has no block children, is printed on the same line as the tags.
LEAF_OK = {
    "li",
    "dt",
    "dd",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "option",
    "button",
    "label",
    "title",
    "legend",
    "summary",
    "figcaption",
    "caption",
    "a",
    "span",
    "small",
    "strong",
    "text",
    "div",
}
RAW = {"script", "style", "pre", "textarea"}
TPL_OPEN = {
    "if": ("elif", "else", "endif"),
    "for": ("empty", "endfor"),
    "block": ("endblock",),
    "with": ("endwith",),
    "spaceless": ("endspaceless",),
    "autoescape": ("endautoescape",),
    "filter": ("endfilter",),
    "ifchanged": ("else", "endifchanged"),
    "localize": ("endlocalize",),
    "language": ("endlanguage",),
    "cache": ("endcache",),
}
TPL_MID = {"elif", "else", "empty"}
TPL_END = {v[-1] for v in TPL_OPEN.values()}
# Template tags that stand on a line of their own.
TPL_LINE = {
    "extends",
    "load",
    "include",
    "csrf_token",
    "get_current_language",
    "get_available_languages",
    "get_language_info_list",
    "now",
    "regroup",
}
VERBATIM_PAIRS = {
    "blocktranslate": "endblocktranslate",
    "blocktrans": "endblocktrans",
    "comment": "endcomment",
    "verbatim": "endverbatim",
}
INDENT = "  "
WIDTH = 120

TOKEN = re.compile(
    r"(\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}|<!--.*?-->|<!doctype[^>]*>|</?[a-zA-Z][^<>]*?(?:\{[{%].*?[}%]\}[^<>]*?)*>)",
    re.S | re.I,
)


def tokens(src):
    pos = 0
    out = []
    while pos < len(src):
        m = TOKEN.search(src, pos)
        if not m:
            out.append(("text", src[pos:]))
            break
        if m.start() > pos:
            out.append(("text", src[pos : m.start()]))
        out.append(("tag", m.group(0)))
        pos = m.end()
    return out


def tag_info(tok):
    """('html'|'tpl'|'var'|'comment', name, kind) kind: open/close/void/mid/inline."""
    if tok.startswith("{%"):
        inner = tok[2:-2].strip()
        name = inner.split()[0] if inner else ""
        if name in TPL_OPEN:
            return ("tpl", name, "open")
        if name in TPL_MID:
            return ("tpl", name, "mid")
        if name in TPL_END:
            return ("tpl", name, "close")
        if name in VERBATIM_PAIRS:
            return ("tpl", name, "verbatim")
        if name in TPL_LINE:
            return ("tpl", name, "void")
        return ("tpl", name, "inline")
    if tok.startswith("{{") or tok.startswith("{#") or tok.startswith("<!--"):
        return ("var", "", "inline")
    if tok.lower().startswith("<!doctype"):
        return ("html", "!doctype", "void")
    m = re.match(r"</?([a-zA-Z][a-zA-Z0-9]*)", tok)
    name = m.group(1).lower()
    if tok.startswith("</"):
        return ("html", name, "close")
    if name in VOID or tok.endswith("/>"):
        return ("html", name, "void")
    return ("html", name, "open")


class Node:
    def __init__(self, kind, open_tok=None, name=""):
        self.kind = kind  # root, html, tpl, verbatim, raw, text, leaf (inline token)
        self.open = open_tok
        self.name = name
        self.children = []
        self.close = None
        self.mids = []  # for tpl: list of (mid token, index into children where it starts)


def parse(src):
    toks = tokens(src)
    root = Node("root")
    stack = [root]
    i = 0
    while i < len(toks):
        typ, tok = toks[i]
        if typ == "text":
            stack[-1].children.append(Node("text", tok))
            i += 1
            continue
        cat, name, kind = tag_info(tok)
        if cat == "tpl" and kind == "verbatim":
            end = VERBATIM_PAIRS[name]
            buf = tok
            i += 1
            while i < len(toks):
                buf += toks[i][1]
                if (
                    toks[i][0] == "tag"
                    and toks[i][1].startswith("{%")
                    and toks[i][1][2:-2].strip().split()[:1] == [end]
                ):
                    break
                i += 1
            stack[-1].children.append(Node("leaf", buf))
            i += 1
            continue
        if cat == "html" and kind == "open" and name in RAW:
            buf = tok
            i += 1
            while i < len(toks):
                buf += toks[i][1]
                if toks[i][0] == "tag" and toks[i][1].lower().startswith(f"</{name}"):
                    break
                i += 1
            stack[-1].children.append(Node("raw", buf, name))
            i += 1
            continue
        if kind == "open":
            node = Node(cat, tok, name)
            stack[-1].children.append(node)
            stack.append(node)
        elif kind == "mid":
            top = stack[-1]
            assert top.kind == "tpl", (tok, top.open)
            top.mids.append((tok, len(top.children)))
        elif kind == "close":
            top = stack.pop()
            assert (top.kind == "html" and cat == "html" and top.name == name) or (
                top.kind == "tpl" and cat == "tpl"
            ), f"mismatch: {top.open!r} closed by {tok!r}"
            top.close = tok
        else:  # void html, inline tpl, var
            kind_ = "html" if ((cat == "html" and name in BLOCK) or (cat == "tpl" and kind == "void")) else "leaf"
            n = Node("void" if kind_ == "html" else "leaf", tok, name)
            stack[-1].children.append(n)
        i += 1
    assert len(stack) == 1, f"unclosed: {stack[-1].open!r}"
    return root


def is_block(node):
    if node.kind in ("raw",):
        return True
    if node.kind == "void":
        return True
    if node.kind == "html":
        return node.name in BLOCK or any(is_block(c) for c in node.children)
    if node.kind == "tpl":
        return node.name == "block" or any(is_block(c) for c in node.children)
    return False


def inline(node):
    """The node as one line of text, whitespace collapsed outside verbatim parts."""
    if node.kind == "text":
        return re.sub(r"\s+", " ", node.open)
    if node.kind in ("leaf", "void", "raw"):
        return node.open
    parts = [node.open]
    mids = dict((idx, tok) for tok, idx in node.mids)
    for i, child in enumerate(node.children):
        if i in mids:
            parts.append(mids[i])
        parts.append(inline(child))
    if len(node.children) in mids:
        parts.append(mids[len(node.children)])
    parts.append(node.close or "")
    return "".join(parts)


def emit(nodes, depth, out):
    """Print a list of sibling nodes: block ones on their own lines, runs of inline ones joined."""
    run = []

    def flush():
        pieces = [[]]
        for n in run:
            # A long line breaks where the template already had whitespace between two inline
            # pieces (a line break renders as the same single space).
            if n.kind == "text" and not n.open.strip() and pieces[-1]:
                pieces.append([])
            else:
                pieces[-1].append(n)
        run.clear()
        whole = " ".join("".join(inline(n) for n in piece).strip() for piece in pieces if piece).strip()
        if not whole:
            return
        if len(INDENT * depth + whole) <= WIDTH or len(pieces) == 1:
            out.append(INDENT * depth + whole)
            return
        for piece in pieces:
            text = "".join(inline(n) for n in piece).strip()
            if text:
                out.append(INDENT * depth + text)

    for node in nodes:
        if node.kind == "text" and not node.open.strip():
            if run:
                run.append(node)
            continue
        if not is_block(node):
            run.append(node)
            continue
        flush()
        emit_block(node, depth, out)
    flush()


def emit_block(node, depth, out):
    pad = INDENT * depth
    if node.kind in ("raw", "void"):
        out.append(pad + node.open.strip())
        return
    one_line = inline(node).strip()
    has_block_child = any(is_block(c) for c in node.children)
    if node.kind == "html" and not has_block_child and len(pad + one_line) <= WIDTH:
        out.append(pad + one_line)
        return
    if node.kind == "tpl" and not has_block_child and len(pad + one_line) <= WIDTH and node.name != "block":
        out.append(pad + one_line)
        return
    if node.kind == "html" and not has_block_child:
        # too long for one line: tags on their own lines, content between
        out.append(pad + node.open)
        emit(node.children, depth + 1, out)
        out.append(pad + node.close)
        return
    out.append(pad + node.open)
    mids = dict((idx, tok) for tok, idx in node.mids)
    segment = []
    for i, child in enumerate(node.children):
        if i in mids:
            emit(segment, depth + 1, out)
            segment = []
            out.append(pad + mids[i])
        segment.append(child)
    emit(segment, depth + 1, out)
    if len(node.children) in mids:
        out.append(pad + mids[len(node.children)])
    out.append(pad + (node.close or ""))


def fmt(src):
    root = parse(src)
    out = []
    emit(root.children, 0, out)
    return "\n".join(line.rstrip() for line in out) + "\n"


def templates() -> list[Path]:
    root = Path(__file__).resolve().parent.parent
    found = sorted(root.glob("templates/**/*.html")) + sorted(root.glob("*/templates/**/*.html"))
    return [p for p in found if ".venv" not in p.parts]


if __name__ == "__main__":
    check = "--check" in sys.argv
    paths = [Path(a) for a in sys.argv[1:] if not a.startswith("--")] or templates()
    unformatted = []
    for path in paths:
        src = path.read_text()
        result = fmt(src)
        if result != src:
            unformatted.append(path)
            if not check:
                path.write_text(result)
    for path in unformatted:
        print(("not formatted: " if check else "formatted: ") + str(path))
    sys.exit(1 if check and unformatted else 0)
