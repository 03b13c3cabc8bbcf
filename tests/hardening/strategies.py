"""Hypothesis strategies for news inputs in every format newsweave reads, whole and broken.

Each strategy builds inputs that look like the real thing (wire copy with bylines and
datelines, pages with metadata, feeds, crawls) and then may damage them (cut short, bytes
flipped, garbage inserted), since the inputs users feed newsweave are crawls they did not write.
"""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = [
    "damaged",
    "feed_documents",
    "html_pages",
    "jsonl_files",
    "news_texts",
    "warc_files",
]

TOWNS = ("KELMSFORD", "Ostrava", "SALTMERE, Estmark", "Brennick", "VALMORA")
AGENCIES = ("Meridian", "Meridian Press", "Tidewater", "Reuters", "AP", "AFP")
METADATA_LINES = (
    "By Ana Ferreira and Jonas Hale, Meridian Press",
    "By ANA FERREIRA",
    "Reporting by Lena Ortiz; Editing by Petra Lind",
    "Title: Port workers strike over pay",
    "Outlet: Kelmsford Courier",
    "Date: 2031-05-12T09:30:00+02:00",
    "Published: 12 May 2031",
    "URL: https://courier.example/news/strike",
    "Photo: Dock workers at the gate on Monday. (Meridian/Jonas Hale)",
    "- The union wants a 6 percent rise",
    "* Talks resume on Thursday",
    "- Meridian",
    "© 2031 Brennick Evening Post",
    "(Reporting by Lena Ortiz)",
    " date 2031-05-10 BRENNICK: Residents left their homes on Saturday.",
    "UPDATED May 12, 2031 10:02 AM GMT+2",
    "Key points:",
    "ANALYSIS",
    "Title:",
    ":",
    "By",
    "— Tidewater",
)
SENTENCES = (
    "Dock workers walked out on Monday after talks over a pay offer collapsed, the union said.",
    '"Nobody should have to work two halves of a day," union representative Kai Morrow said.',
    "The central bank raised its main rate by half a point to 4.75 percent.",
    "Officials said 1,200 people had been evacuated by 3 p.m. on May 10, 2031.",
)

_text_piece = st.one_of(
    st.sampled_from(METADATA_LINES),
    st.sampled_from(SENTENCES),
    st.builds(
        lambda town, agency, sentence: f"{town} ({agency}) - {sentence}",
        st.sampled_from(TOWNS),
        st.sampled_from(AGENCIES),
        st.sampled_from(SENTENCES),
    ),
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.builds(lambda c, n: c * n, st.sampled_from("a-«\u200b. \t"), st.integers(0, 3000)),
)
news_texts = st.builds(
    lambda pieces, seps: "".join(p + s for p, s in zip(pieces, seps, strict=False)),
    st.lists(_text_piece, max_size=25),
    st.lists(st.sampled_from(["\n", "\n\n", "\r\n", " ", "\n \n", "\u2029"]), min_size=25),
)


def damaged(data: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Inputs as they are, or cut short, or with bytes flipped, or with garbage inserted."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        raw = draw(data)
        how = draw(st.sampled_from(["whole", "whole", "cut", "flip", "insert"]))
        if how == "whole" or not raw:
            return raw
        at = draw(st.integers(0, len(raw)))
        if how == "cut":
            return raw[:at]
        if how == "flip":
            flipped = bytearray(raw)
            for _ in range(draw(st.integers(1, 8))):
                spot = draw(st.integers(0, len(raw) - 1))
                flipped[spot] = draw(st.integers(0, 255))
            return bytes(flipped)
        return raw[:at] + draw(st.binary(max_size=64)) + raw[at:]

    return build()


# -- JSON Lines ---------------------------------------------------------------------------

_json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), news_texts, st.text(max_size=20)
)
_json_value = st.recursive(
    _json_scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
_FIELDS = (
    "text", "maintext", "content", "body", "article", "html", "title", "headline", "outlet",
    "source", "source_domain", "publisher", "bylines", "authors", "author", "published",
    "date_publish", "publishedAt", "date", "url", "link", "language", "dateline", "captions",
    "bullets", "id", "subheads", "agency_tags",
)  # fmt: skip
_rows = st.dictionaries(st.sampled_from(_FIELDS), _json_value, max_size=10)
_json_line = st.one_of(
    _rows.map(lambda row: json.dumps(row).encode()),
    _rows.map(lambda row: json.dumps(row, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    _json_value.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=60),
    st.just(b"[" * 5000),
)
jsonl_files = damaged(
    st.lists(_json_line, max_size=12).map(lambda lines: b"\n".join(lines) + b"\n")
)

# -- HTML ---------------------------------------------------------------------------------

_TAGS = (
    "p", "div", "article", "main", "section", "span", "b", "i", "a", "h1", "h2", "ul", "li",
    "figure", "figcaption", "nav", "footer", "aside", "script", "style", "table", "td", "br",
    "svg", "iframe", "time", "noscript", "template", "blockquote",
)  # fmt: skip
_attr = st.tuples(
    st.sampled_from(("class", "id", "href", "onload", "datetime", "itemprop", "style", "lang")),
    st.text(max_size=30),
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, kids, close: (
            f"<{tag}{''.join(f' {k}={json.dumps(v)}' for k, v in attrs)}>"
            + "".join(kids)
            + (f"</{tag}>" if close else "")
        ),
        st.sampled_from(_TAGS),
        st.lists(_attr, max_size=3),
        st.lists(children, max_size=5),
        st.booleans(),
    )


_html_text = st.one_of(st.sampled_from(SENTENCES), st.text(max_size=60), news_texts)
_body = st.recursive(_html_text, _element, max_leaves=30)
_META = (
    '<meta property="og:site_name" content="{v}">',
    '<meta property="og:title" content="{v}">',
    '<meta property="article:published_time" content="{v}">',
    '<meta name="author" content="{v}">',
    '<link rel="canonical" href="{v}">',
    '<meta charset="{v}">',
    '<html lang="{v}">',
    '<script type="application/ld+json">{{"datePublished": "{v}"}}</script>',
)
_head = st.lists(
    st.builds(
        lambda template, value: template.format(v=value.replace('"', "&quot;")),
        st.sampled_from(_META),
        st.one_of(st.text(max_size=30), st.sampled_from(("2031-05-12", "utf-8", "koi8-r", "x"))),
    ),
    max_size=6,
)
html_pages = damaged(
    st.builds(
        lambda head, body, encoding: (
            f"<!DOCTYPE html><html><head>{''.join(head)}</head><body>{body}</body></html>"
        ).encode(encoding, "replace"),
        _head,
        _body,
        st.sampled_from(("utf-8", "utf-16", "cp1252", "latin-1")),
    )
)

# -- feeds --------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_feed_text = st.one_of(news_texts, _body).map(_escape)
_rss_item = st.builds(
    lambda title, content, date, author: (
        f"<item><title>{title}</title><link>https://rivertown.example/{len(title)}</link>"
        f"<pubDate>{date}</pubDate><author>{author}</author>"
        f"<content:encoded>{content}</content:encoded><description>{content[:200]}"
        "</description></item>"
    ),
    _feed_text,
    _feed_text,
    st.one_of(st.sampled_from(("Tue, 12 May 2031 09:30:00 +0200", "2031-05-12")), st.text()),
    st.text(max_size=30).map(_escape),
)
_atom_entry = st.builds(
    lambda title, content, kind: (
        f"<entry><title>{title}</title><id>urn:x:{len(title)}</id>"
        f"<updated>2031-05-12T09:30:00Z</updated><content type={json.dumps(kind)}>{content}"
        "</content></entry>"
    ),
    _feed_text,
    _feed_text,
    st.sampled_from(("html", "text", "xhtml", "application/octet-stream")),
)
feed_documents = damaged(
    st.one_of(
        st.lists(_rss_item, max_size=5).map(
            lambda items: (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
                'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
                f"<title>Rivertown Gazette</title>{''.join(items)}</channel></rss>"
            ).encode()
        ),
        st.lists(_atom_entry, max_size=5).map(
            lambda entries: (
                '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f"<title>The Lantern</title>{''.join(entries)}</feed>"
            ).encode()
        ),
    )
)

# -- WARC ---------------------------------------------------------------------------------

_record = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(("response", "response", "request", "metadata", "resource")),
        "status": st.sampled_from(("200 OK", "200 OK", "404 Not Found", "301 Moved")),
        "type": st.sampled_from(
            (
                "text/html",
                "text/html; charset=utf-8",
                "text/html; charset=iso-8859-1",
                "text/html; charset=bogus",
                "application/xhtml+xml",
                "image/png",
                "",
            )
        ),
        "body": html_pages,
    }
)


def _warc(records: list[dict[str, Any]], gzipped: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    info = writer.create_warcinfo_record("fuzz.warc", {"software": "fuzz"})
    info.rec_headers.replace_header("WARC-Record-ID", "<urn:uuid:fuzz-info>")
    info.rec_headers.replace_header("WARC-Date", "2031-05-12T09:30:00Z")
    writer.write_record(info)
    for n, spec in enumerate(records):
        uri = f"https://coastline.example/news/{n}"
        fixed = {  # the same records every time: hypothesis replays inputs exactly
            "WARC-Record-ID": f"<urn:uuid:fuzz-{n}>",
            "WARC-Date": "2031-05-12T09:30:00Z",
        }
        if spec["kind"] == "response":
            headers = StatusAndHeaders(
                spec["status"], [("Content-Type", spec["type"])], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(spec["body"]),
                http_headers=headers,
                warc_headers_dict=fixed,
            )
        else:
            payload = spec["body"]
            if spec["kind"] == "request":
                payload = b"GET /news HTTP/1.1\r\nHost: coastline.example\r\n\r\n"
            record = writer.create_warc_record(
                uri, spec["kind"], payload=io.BytesIO(payload), warc_headers_dict=fixed
            )
        writer.write_record(record)
    return out.getvalue()


warc_files = damaged(
    st.builds(_warc, st.lists(_record, max_size=4), st.booleans()) | st.binary(max_size=200)
)
