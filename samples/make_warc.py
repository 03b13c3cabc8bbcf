"""Build `corpus/warc/sample.warc.gz`, a small crawl of the (fictional) Coastline Times.

The WARC is committed; rerun this script only when the pages below change:

    .venv/bin/python samples/make_warc.py

It holds what a real news crawl holds, so the WARC reader meets each case: a warcinfo
record, a request and a response for each article page, an image, a JSON endpoint and a
404 page. Record ids and dates are fixed, so the output is byte-for-byte reproducible.
"""

from __future__ import annotations

import html
import json
import struct
import zlib
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import TypedDict
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).resolve().parent / "corpus" / "warc" / "sample.warc.gz"
SITE = "https://www.coastlinetimes.example"
CRAWLER = "newsweave-sample-crawler/1.0 (+https://www.coastlinetimes.example/robots.txt)"


class Page(TypedDict):
    """One article page: what the site's template needs."""

    url: str
    title: str
    authors: list[str]
    published: str  # ISO 8601 with offset, as in article:published_time
    paragraphs: list[str]


# The article pages: the Coastline Times, Halvard's local paper, reprinting and rewriting
# agency copy. gold.json labels them by URL.
PAGES: list[Page] = [
    {
        "url": "https://www.coastlinetimes.example/health/2031/05/08/corvalin-recall-halvard-patients",
        "title": "Corvalin recall: what Halvard patients need to do",
        "authors": ["Mira Castell"],
        "published": "2031-05-08T17:25:00+02:00",
        "paragraphs": [
            "Veradyne Pharmaceuticals has recalled 14 batches of its blood pressure drug "
            "Corvalin after tests found an impurity above the permitted limit, the "
            "National Medicines Authority said on Thursday.",
            "About 60,000 patients in Estmark take the affected 10 mg tablets, which "
            "were made at Veradyne's plant in Tollbridge between October and February, "
            "the authority said.",
            "Pharmacists in Halvard said they had begun checking packs on Thursday "
            "afternoon and had enough replacement stock for the coming week.",
            "The impurity, a nitrosamine, may pose a small increase in the risk of "
            "cancer if taken over many years, but there is no evidence that any patient "
            "has been harmed, it said.",
            '"Patients should not stop taking their medicine. Stopping suddenly is far '
            'more dangerous than the very small risk from this impurity," Dr Leonie '
            'Farrow, chief executive of the National Medicines Authority, said. "Speak '
            "to your pharmacist, who can swap your pack.",
            '"There is enough unaffected stock in the country for everyone."',
            "Pharmacies have been told to check batch numbers and to replace affected "
            "packs free of charge. The batch number is printed on the side of each box "
            "and on the foil strip.",
            "Veradyne said it had traced the impurity to a solvent from a new supplier "
            'and had stopped using it. "We are sorry for the worry this causes patients '
            'and their families," chief executive Bertrand Aske said in a statement.',
        ],
    },
    {
        "url": "https://www.coastlinetimes.example/halvard/2031/05/13/norcastle-workers-strike-over-automation",
        "title": "Norcastle workers strike over automation plans",
        "authors": ["Mira Castell", "Oren Hallsten"],
        "published": "2031-05-13T13:10:00+02:00",
        "paragraphs": [
            "About 400 workers at the Norcastle container terminal in Halvard walked out "
            "for 24 hours on Tuesday in protest against plans to install automated "
            "stacking cranes, which the terminal's operator said could cut 210 jobs over "
            "five years.",
            "The terminal is Halvard's largest private employer, and the strike left the "
            "harbour road unusually quiet on a weekday morning.",
            '"Automation is not progress if it is paid for by the people of this town," '
            'branch secretary Dario Kessel told a rally outside the terminal gates. "We '
            "are not against new machines. We are against a plan that was made without "
            'us."',
            "The union says the 210 figure understates the impact because it does not "
            "count contractors and truck drivers whose work depends on the terminal.",
            "Norcastle Terminals, which runs the site under a 30-year concession from "
            "the Halvard port board, said the new cranes were needed to compete with "
            "larger ports and that no worker would be made redundant against their will.",
            '"Every job reduction will come through retirement and voluntary schemes," '
            "operations director Lena Moor said in a statement. She said the company had "
            "offered to retrain crane drivers to supervise the automated system.",
            "Kessel said the branch would decide next week whether to call a second, "
            "longer strike. The terminal said it expected to clear Tuesday's backlog by "
            "the weekend.",
            "The stoppage, called by the Halvard branch of the Estmark Transport Union, "
            "came a week after dockworkers at Portvale, 140 km down the coast, began a "
            "three-day strike over night-shift safety, and it hit a port that had been "
            "handling ships diverted from Portvale.",
        ],
    },
    {
        "url": "https://www.coastlinetimes.example/money/2031/05/21/lumenfold-breach-what-customers-need-to-know",
        "title": "Lumenfold breach: what 2.5 million customers need to know",
        "authors": ["Ada Kirsch"],
        "published": "2031-05-21T18:00:00+02:00",
        "paragraphs": [
            "Lumenfold, the online bill payment company, said on Wednesday that hackers "
            "had stolen personal data belonging to about 2.5 million customers, in what "
            "appears to be the largest data breach yet disclosed by an Estmark company.",
            "If you have a Lumenfold account, the company says you should expect an "
            "email or a text message from it within the next week. It will not ask you "
            "to confirm your password or card details.",
            "The stolen data included names, email addresses, phone numbers and the last "
            "four digits of payment cards, the company said. It said passwords and full "
            "card numbers were stored separately and had not been accessed.",
            "Lumenfold said it detected unusual activity on one of its servers on May 16 "
            "and called in outside investigators. It said the attackers had access to "
            "its systems for up to three weeks before they were found.",
            '"I want to apologise to every one of our customers. You trusted us with '
            'your information, and we let you down," chief executive Oskar Lindmark said '
            "in a video posted on the company's website. \"We are contacting every "
            "affected customer directly.",
            '"If you receive a message that asks for your password, it is not from us."',
            "Security experts advised customers to change passwords they use on other "
            'sites and to be wary of messages that mention their bills. "Criminals will '
            'use the stolen details to make phishing messages look real," said Petra '
            "Vinter, a security researcher at Valmora Technical University.",
            "The Office of the Data Commissioner said it had been notified of the breach "
            "on May 19 and was assessing whether Lumenfold had met its legal "
            "obligations.",
        ],
    },
]

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | Coastline Times</title>
<meta name="author" content="{author}">
<meta property="og:site_name" content="Coastline Times">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="og:url" content="{url}">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{url}">
<script src="/assets/tracking.js"></script>
</head>
<body>
<div class="cookie-notice">This site uses cookies.
<a href="/cookies">Find out more</a> <button>OK</button></div>
<header>
<div class="brand"><a href="/">Coastline Times</a> <span>Halvard and the north coast</span></div>
<ul class="nav">
<li><a href="/halvard/">Halvard</a></li><li><a href="/coast/">Coast</a></li>
<li><a href="/money/">Money</a></li><li><a href="/health/">Health</a></li>
<li><a href="/sport/">Sport</a></li><li><a href="/notices/">Notices</a></li>
</ul>
</header>
<div id="main">
<article>
<header class="article-header">
<h1>{title}</h1>
<div class="byline">By {author} | <time datetime="{published}">{published_text}</time></div>
</header>
<div class="article-text">
{paragraphs}
</div>
</article>
<div class="related-links">
<h4>Read more</h4>
<ul>
{related}
</ul>
</div>
<div class="comments-section" id="comments">
<h4>Join the conversation</h4>
<p>You must be signed in to comment.</p>
</div>
</div>
<footer>
<p>Coastline Times, 14 Quay Road, Halvard. Contact the newsroom: news@coastlinetimes.example</p>
<p>&copy; 2031 Coastline Times</p>
</footer>
</body>
</html>
"""

NOT_FOUND = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Page not found | Coastline Times</title></head>
<body><h1>Sorry, we could not find that page</h1>
<p>The story may have been moved or removed. Try our <a href="/">home page</a>.</p></body></html>
"""


def render_page(page: Page) -> bytes:
    """One article page with the site's navigation, related links and comment box."""
    authors = page["authors"]
    author = authors[0] if len(authors) == 1 else ", ".join(authors[:-1]) + " and " + authors[-1]
    related = "\n".join(
        f'<li><a href="{other["url"]}">{html.escape(other["title"])}</a></li>'
        for other in PAGES
        if other is not page
    )
    paragraphs = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in page["paragraphs"])
    published = page["published"]
    text = PAGE.format(
        title=html.escape(page["title"]),
        author=html.escape(author),
        url=page["url"],
        published=published,
        published_text=published[:10],
        paragraphs=paragraphs,
        related=related,
    )
    return text.encode("utf-8")


def tiny_png() -> bytes:
    """A valid 1x1 grey PNG, the kind of image response a crawl is full of."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x80")
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


class FixedWriter:
    """A WARCWriter whose record ids and dates are fixed, so reruns give the same file."""

    def __init__(self, stream: BytesIO) -> None:
        self.writer = WARCWriter(stream, gzip=True)
        self.count = 0

    def headers(self, date: str) -> dict[str, str]:
        self.count += 1
        return {
            "WARC-Record-ID": f"<urn:uuid:5a3c0000-0000-4000-8000-{self.count:012d}>",
            "WARC-Date": date,
        }

    def warcinfo(self, date: str) -> None:
        fields = (
            "software: samples/make_warc.py (warcio)\r\n"
            "format: WARC File Format 1.0\r\n"
            f"robots: obey\r\nhttp-header-user-agent: {CRAWLER}\r\n"
            "description: A small crawl of a fictional local news site for newsweave's tests\r\n"
        ).encode()
        headers = self.headers(date)
        headers["WARC-Filename"] = OUT.name
        record = self.writer.create_warc_record(
            "",
            "warcinfo",
            payload=BytesIO(fields),
            length=len(fields),
            warc_content_type="application/warc-fields",
            warc_headers_dict=headers,
        )
        self.writer.write_record(record)

    def fetch(self, url: str, date: str, status: str, content_type: str, body: bytes) -> None:
        """A request record and the response record it got, as a crawler writes them."""
        parts = urlsplit(url)
        request = StatusAndHeaders(
            f"GET {parts.path} HTTP/1.1",
            [("Host", parts.netloc), ("User-Agent", CRAWLER), ("Accept", "*/*")],
            is_http_request=True,
        )
        response = StatusAndHeaders(
            status,
            [
                ("Content-Type", content_type),
                ("Content-Length", str(len(body))),
                ("Server", "nginx"),
                ("Date", date),
            ],
            protocol="HTTP/1.1",
        )
        response_headers = self.headers(date)
        request_headers = self.headers(date)
        request_headers["WARC-Concurrent-To"] = response_headers["WARC-Record-ID"]
        self.writer.write_record(
            self.writer.create_warc_record(
                url, "request", http_headers=request, warc_headers_dict=request_headers
            )
        )
        self.writer.write_record(
            self.writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=response,
                warc_headers_dict=response_headers,
            )
        )


def crawl_date(published: str, minutes: int) -> str:
    """A WARC-Date some minutes after publication, in UTC as WARC requires."""
    moment = datetime.fromisoformat(published) + timedelta(minutes=minutes)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build() -> bytes:
    """The whole WARC, gzipped record by record."""
    stream = BytesIO()
    warc = FixedWriter(stream)
    warc.warcinfo("2031-05-21T17:00:00Z")
    for page in PAGES:
        warc.fetch(
            page["url"],
            crawl_date(page["published"], 40),
            "200 OK",
            "text/html; charset=utf-8",
            render_page(page),
        )
    warc.fetch(
        f"{SITE}/img/logo-square.png", "2031-05-21T17:02:00Z", "200 OK", "image/png", tiny_png()
    )
    most_read = {"updated": "2031-05-21T19:00:00+02:00", "items": [p["url"] for p in PAGES]}
    warc.fetch(
        f"{SITE}/api/most-read.json",
        "2031-05-21T17:03:00Z",
        "200 OK",
        "application/json",
        json.dumps(most_read, indent=1).encode("utf-8"),
    )
    warc.fetch(
        f"{SITE}/halvard/2031/05/12/norcastle-talks-collapse",
        "2031-05-21T17:04:00Z",
        "404 Not Found",
        "text/html; charset=utf-8",
        NOT_FOUND.encode("utf-8"),
    )
    return stream.getvalue()


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = build()
    OUT.write_bytes(data)
    print(f"{OUT}: {len(data)} bytes, {len(PAGES)} article pages")


if __name__ == "__main__":
    main()
