"""End to end: a real nginx and a real `levelpress serve` on loopback."""
import gzip
import os
import re
import signal
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, ROOT, Blog  # noqa: E402


def visible_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.blog = Blog().start()

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()

    def test_index_lists_newest_first_with_bylines(self):
        r = self.blog.fetch("/")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("content-type"), "text/html; charset=utf-8")
        titles = re.findall(r'<h2 class="entry-title"><a href="([^"]+)">', r.text)
        self.assertEqual(len(titles), 5)
        dates = [tuple(map(int, re.match(r"/(\d+)/(\d+)/(\d+)/", t).groups())) for t in titles]
        self.assertEqual(dates, sorted(dates, reverse=True))
        self.assertIn("Author&#39;s profile picture", r.text)
        self.assertIn("»", r.text)
        bylines = [visible_text(b) for b in re.findall(r'<footer class="byline">(.*?)</footer>', r.text)]
        self.assertTrue(any(re.search(r" on \w[\w ]*, [\w ]+, and [\w ]+$", b) for b in bylines), bylines)
        self.assertIn('rel="next" href="/page/2/"', r.text)
        self.assertIsNone(r.header("set-cookie"))

    def test_every_url_answers_200(self):
        sitemap = self.blog.fetch("/sitemap.xml")
        self.assertEqual(sitemap.header("content-type"), "application/xml; charset=utf-8")
        base = f"http://127.0.0.1:{self.blog.port}"
        urls = [u[len(base):] for u in re.findall(r"<loc>([^<]+)</loc>", sitemap.text)]
        self.assertGreater(len(urls), 20)
        self.assertIn("/2023/09/27/migrating-to-bigint/", urls)
        self.assertIn("/tag/django/", urls)
        self.assertNotIn("/2025/06/30/connection-pooling-with-pgbouncer/", urls)  # a draft
        for path in urls:
            r = self.blog.fetch(path)
            self.assertEqual(r.status, 200, path)
            self.assertTrue(r.header("etag", ).startswith('"'), path)
            self.assertIsNotNone(r.header("last-modified"), path)

    def test_feed_is_atom_with_absolute_links(self):
        r = self.blog.fetch("/feed.xml")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("content-type"), "application/atom+xml; charset=utf-8")
        import xml.dom.minidom
        doc = xml.dom.minidom.parseString(r.body)
        entries = doc.getElementsByTagName("entry")
        self.assertEqual(len(entries), 15)
        first = entries[0].getElementsByTagName("link")[0].getAttribute("href")
        self.assertEqual(first, f"http://127.0.0.1:{self.blog.port}/2025/04/09/restore-drills/")

    def test_post_page(self):
        r = self.blog.fetch("/2023/09/27/migrating-to-bigint/")
        self.assertEqual(r.status, 200)
        self.assertIn("<h1", r.text)
        self.assertIn("Migrating our database to BIGINT keys", r.text)
        self.assertIn('id="why-this-happens"', r.text)
        self.assertIn('src="/media/content/posts/2023/bigint/diagram.svg"', r.text)
        self.assertIn('rel="prev"', r.text)
        self.assertIn('rel="next"', r.text)
        img = self.blog.fetch("/media/content/posts/2023/bigint/diagram.svg")
        self.assertEqual(img.status, 200)
        self.assertIn("image/svg+xml", img.header("content-type"))

    def test_tag_spelled_in_two_cases_is_one_tag(self):
        r = self.blog.fetch("/tag/django/")
        self.assertEqual(r.status, 200)
        self.assertIn("testing-migrations-in-ci", r.text)
        self.assertIn("migrating-to-bigint", r.text)

    def test_author_page_has_bio_and_avatar(self):
        r = self.blog.fetch("/author/anna-keller/")
        self.assertEqual(r.status, 200)
        self.assertIn("/media/authors/anna-keller.svg", r.text)
        self.assertEqual(self.blog.fetch("/media/authors/anna-keller.svg").status, 200)

    def test_static_theme_served_by_nginx_with_caching_and_gzip(self):
        r = self.blog.fetch("/theme/style.css", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200)
        self.assertIn("max-age=", r.header("cache-control"))
        self.assertEqual(r.header("content-encoding"), "gzip")
        with open(os.path.join(ROOT, "templates", "theme", "style.css"), "rb") as f:
            expected = f.read()
        self.assertEqual(gzip.decompress(r.body), expected)
        self.assertEqual(r.header("x-content-type-options"), "nosniff")
        # Static files never reach the responder.
        self.assertNotIn("/theme/style.css", self.blog.server_log())

    def test_errors_are_4xx(self):
        self.assertEqual(self.blog.fetch("/no/such/page/").status, 404)
        self.assertIn("Not found", self.blog.fetch("/no/such/page/").text)
        r = self.blog.fetch("/", method="POST")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("allow"), "GET, HEAD")
        for bad in ["/%zz/", "/a%00b/", "/" + "a" * 3000 + "/"]:
            status = self.blog.fetch(bad).status
            self.assertIn(status, (400, 414), bad)
        self.assertEqual(self.blog.fetch("/tags").status, 301)
        self.assertEqual(self.blog.fetch("/tags").header("location"), "/tags/")
        self.assertEqual(self.blog.fetch("/blog/old-url/").header("location"),
                         "/2022/06/21/zero-downtime-deploys/")

    def test_conditional_get_and_head(self):
        first = self.blog.fetch("/tags/")
        etag = first.header("etag")
        again = self.blog.fetch("/tags/", headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        since = self.blog.fetch("/tags/", headers={"If-Modified-Since": first.header("last-modified")})
        self.assertEqual(since.status, 304)
        head = self.blog.fetch("/tags/", method="HEAD")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("etag"), etag)
        self.assertEqual(self.blog.fetch("/tags/?utm_source=x").header("etag"), etag)

    def test_second_server_on_same_socket_refused(self):
        p = subprocess.run([BIN, "serve", "--config", self.blog.config, "--socket",
                            self.blog.socket], capture_output=True, text=True, timeout=20)
        self.assertEqual(p.returncode, 1)
        # The store is held by the first server, and the socket is live: either
        # way the message says so plainly.
        self.assertRegex(p.stderr, r"in use by process \d+|socket of a running server")


class ShutdownTest(unittest.TestCase):
    def burst_then_sigterm(self, upstream_keepalive):
        """16 clients read a post through nginx; after 1 s the server gets
        SIGTERM. Returns the responses and nginx's error log."""
        blog = Blog()
        blog.upstream_keepalive = upstream_keepalive
        self.addCleanup(blog.stop)
        blog.start(threads=4)
        results = []
        lock = threading.Lock()
        stop = threading.Event()

        def client():
            while not stop.is_set():
                try:
                    r = blog.fetch("/2023/09/27/migrating-to-bigint/", timeout=10)
                    entry = (r.status, len(r.body), r.header("content-length"))
                except Exception as e:  # noqa: BLE001
                    entry = ("error", str(e), None)
                with lock:
                    results.append(entry)

        threads = [threading.Thread(target=client) for _ in range(16)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        code = blog.stop_server(signal.SIGTERM)
        time.sleep(0.3)
        stop.set()
        for t in threads:
            t.join(timeout=20)
        self.assertEqual(code, 0)
        ok = [r for r in results if r[0] == 200]
        self.assertGreater(len(ok), 50)
        for status, size, length in ok:
            self.assertEqual(str(size), length)  # every 200 is whole
        other = {r[0] for r in results if r[0] != 200}
        self.assertLessEqual(other, {502}, other)  # after the stop: refused
        log = blog.nginx_error_log()
        self.assertNotIn("prematurely closed", log)  # no answer cut short
        self.assertEqual(blog.server_log().count(" 200 "), len(ok))
        self.assertIn("stopped", blog.server_log())
        return log

    def test_sigterm_serves_every_connection_made_before_it(self):
        # One connection per request: a reset or a broken pipe can only be a
        # connection the server accepted (or had queued) and dropped.
        log = self.burst_then_sigterm(upstream_keepalive=False)
        self.assertNotIn("reset by peer", log)
        self.assertNotIn("Broken pipe", log)

    def test_sigterm_with_kept_alive_connections(self):
        # The server closes the idle connections nginx keeps. nginx may pick
        # one at that moment; it then tries the request again, which every
        # keep-alive client must do, so a reset may be logged here, but no
        # client sees anything but a whole 200 or, after the stop, a 502.
        self.burst_then_sigterm(upstream_keepalive=True)


if __name__ == "__main__":
    unittest.main()
