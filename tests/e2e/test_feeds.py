"""End to end behind nginx: the feeds of the sample blog (issue 11,
"Feeds"). Every Atom feed a page links to (the blog's, a tag's, an
author's) validates against RFC 4287's RELAX NG schema with jing; every
JSON Feed has the fields JSON Feed 1.1 requires; every URL inside feed
content is absolute; conditional requests get 304 through nginx's cache;
and the sample imported into a second, fresh store a moment later serves
byte-identical feeds and sitemap."""
import html.parser
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Blog  # noqa: E402

SCHEMA = os.path.join(ROOT, "tests", "schemas", "atom.rnc")
URL_ATTRS = {"href", "src", "poster"}


def alternates(page_html):
    """The feeds a page links to: [(type, href)]."""
    links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)"', page_html)
    return [(t, h) for t, h in links if t in ("application/atom+xml", "application/feed+json")]


def jing(bodies):
    """Validates Atom documents with jing; returns its complaints, "" if none."""
    with tempfile.TemporaryDirectory(prefix="levelpress-jing-") as tmp:
        files = []
        for i, body in enumerate(bodies):
            path = os.path.join(tmp, f"feed{i}.xml")
            with open(path, "wb") as f:
                f.write(body)
            files.append(path)
        p = subprocess.run(["jing", "-c", SCHEMA, *files], capture_output=True, text=True,
                           timeout=120)
        return "" if p.returncode == 0 else (p.stdout + p.stderr)


class UrlCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRS and value is not None:
                self.urls.append(value)
            elif name == "srcset" and value:
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append(candidate.split()[0])


def urls_in(fragment):
    c = UrlCollector()
    c.feed(fragment)
    c.close()
    return c.urls


def rfc3339(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is not None


def json_feed_problems(data, base):
    """What a JSON Feed 1.1 document lacks or gets wrong (jsonfeed.org/version/1.1)."""
    problems = []
    if data.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("version")
    if not isinstance(data.get("title"), str) or not data["title"]:
        problems.append("title")
    for key in ("home_page_url", "feed_url"):
        if key in data and not str(data[key]).startswith(base):
            problems.append(key)
    if not isinstance(data.get("items"), list):
        return problems + ["items"]
    for i, item in enumerate(data["items"]):
        where = f"items[{i}]"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(where + ".id")
        if not isinstance(item.get("content_html"), str) and \
                not isinstance(item.get("content_text"), str):
            problems.append(where + ": content_html or content_text")
        for key in ("date_published", "date_modified"):
            if key in item and not rfc3339(item[key]):
                problems.append(where + "." + key)
        for a in item.get("authors", []):
            if not isinstance(a, dict) or not isinstance(a.get("name"), str):
                problems.append(where + ".authors")
        if "tags" in item and not all(isinstance(t, str) for t in item["tags"]):
            problems.append(where + ".tags")
        if not str(item.get("url", "")).startswith(base):
            problems.append(where + ".url")
    return problems


class FeedsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.blog = Blog(cache="levelpress", settings_extra="cache_seconds: 60\n").start()
        cls.base = f"http://127.0.0.1:{cls.blog.port}"
        home = cls.blog.fetch("/").text
        tags = cls.blog.fetch("/tags/").text
        authors = cls.blog.fetch("/authors/").text
        cls.tag_page = re.search(r'href="(/tag/[^"/]+/)"', tags).group(1)
        cls.author_page = re.search(r'href="(/author/[^"/]+/)"', authors).group(1)
        cls.feeds = set(alternates(home))
        for page in (cls.tag_page, cls.author_page):
            cls.feeds |= set(alternates(cls.blog.fetch(page).text))

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()

    def test_pages_link_the_blogs_tags_and_authors_feeds(self):
        hrefs = {h for _, h in self.feeds}
        for want in ("/feed.xml", "/feed.json", self.tag_page + "feed.xml",
                     self.tag_page + "feed.json", self.author_page + "feed.xml",
                     self.author_page + "feed.json"):
            self.assertIn(want, hrefs)

    def test_every_atom_feed_validates_against_rfc_4287(self):
        bodies = []
        for kind, href in sorted(self.feeds):
            if kind != "application/atom+xml":
                continue
            r = self.blog.fetch(href)
            self.assertEqual(r.status, 200, href)
            self.assertEqual(r.header("content-type"), "application/atom+xml; charset=utf-8")
            self.assertIn(b'xml:lang="en"', r.body)
            bodies.append(r.body)
        self.assertEqual(len(bodies), 3)
        self.assertEqual(jing(bodies), "")
        # The check can fail: the same feed without its <updated> does not pass.
        broken = re.sub(rb"<updated>[^<]*</updated>", b"", bodies[0], count=1)
        self.assertNotEqual(jing([broken]), "")

    def test_every_json_feed_has_the_required_fields(self):
        checked = 0
        for kind, href in sorted(self.feeds):
            if kind != "application/feed+json":
                continue
            r = self.blog.fetch(href)
            self.assertEqual(r.status, 200, href)
            self.assertEqual(r.header("content-type"), "application/feed+json; charset=utf-8")
            data = json.loads(r.body)  # strict: invalid JSON fails here
            self.assertEqual(json_feed_problems(data, self.base), [], href)
            self.assertTrue(data["items"], href)
            self.assertEqual(data["feed_url"], self.base + href)
            checked += 1
        self.assertEqual(checked, 3)
        # The check can fail.
        self.assertNotEqual(json_feed_problems({"version": "1", "items": [{}]}, self.base), [])

    def test_every_url_in_feed_content_is_absolute(self):
        data = json.loads(self.blog.fetch("/feed.json").body)
        seen = 0
        for item in data["items"]:
            for url in urls_in(item["content_html"]):
                seen += 1
                self.assertRegex(url, r"^(https?|mailto):", item["id"])
        self.assertGreater(seen, 5)  # the sample has links and images
        media = [u for item in data["items"] for u in urls_in(item["content_html"])
                 if u.startswith(self.base + "/media/")]
        self.assertTrue(media)
        self.assertEqual(self.blog.fetch(media[0][len(self.base):]).status, 200)

    def test_conditional_requests_through_nginx(self):
        for href in ("/feed.xml", self.tag_page + "feed.json", self.author_page + "feed.xml",
                     "/sitemap.xml"):
            first = self.blog.fetch(href)
            etag, lm = first.header("etag"), first.header("last-modified")
            self.assertTrue(etag and lm, href)
            self.assertEqual(self.blog.fetch(href, headers={"If-None-Match": etag}).status,
                             304, href)
            self.assertEqual(
                self.blog.fetch(href, headers={"If-Modified-Since": lm}).status, 304, href)

    def test_a_fresh_store_serves_the_same_bytes(self):
        time.sleep(1.1)  # the second import runs at another second
        other = Blog(cache="off").start()
        try:
            paths = ["/feed.xml", "/feed.json", "/sitemap.xml"] + sorted(h for _, h in self.feeds)
            other_base = f"http://127.0.0.1:{other.port}"
            for path in paths:
                a = self.blog.fetch(path)
                b = other.fetch(path)
                self.assertEqual(a.status, 200, path)
                self.assertEqual(b.status, 200, path)
                # The same content; only the address of the blog differs.
                self.assertEqual(a.body.replace(self.base.encode(), b"BASE"),
                                 b.body.replace(other_base.encode(), b"BASE"), path)
        finally:
            other.stop()


class WarmCacheIndexTest(unittest.TestCase):
    """scripts/warm-cache follows a sitemap index to its parts (a blog of
    more than 50,000 URLs); a small stand-in server plays the blog."""

    def test_every_url_of_every_part_is_requested(self):
        ns = "http://www.sitemaps.org/schemas/sitemap/0.9"
        requested = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                requested.append(self.path)
                base = f"http://{self.headers['Host']}"
                if self.path == "/sitemap.xml":
                    body = (f'<sitemapindex xmlns="{ns}">'
                            f"<sitemap><loc>{base}/sitemap-1.xml</loc></sitemap>"
                            f"<sitemap><loc>{base}/sitemap-2.xml</loc></sitemap>"
                            "</sitemapindex>")
                elif self.path.startswith("/sitemap-"):
                    n = self.path[len("/sitemap-"):-len(".xml")]
                    body = (f'<urlset xmlns="{ns}">' +
                            "".join(f"<url><loc>{base}/p{n}-{i}/</loc></url>" for i in range(3)) +
                            "</urlset>")
                else:
                    body = "page"
                data = body.encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            p = subprocess.run([os.path.join(ROOT, "scripts", "warm-cache"),
                                f"http://127.0.0.1:{server.server_address[1]}"],
                               capture_output=True, text=True, timeout=60)
        finally:
            server.shutdown()
            server.server_close()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("6 URLs", p.stdout)
        for n in (1, 2):
            for i in range(3):
                self.assertIn(f"/p{n}-{i}/", requested)


if __name__ == "__main__":
    unittest.main()
