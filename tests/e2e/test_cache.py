"""End to end: nginx's page cache in front of the responder (issue: cache)."""
import datetime
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Blog, copy_sample, write_post  # noqa: E402

WARM = os.path.join(ROOT, "scripts", "warm-cache")


def cache_status(r):
    return r.header("x-cache-status")


class CacheBasicsTest(unittest.TestCase):
    """Long validity, so that timing cannot make these flaky."""

    @classmethod
    def setUpClass(cls):
        cls.blog = Blog(cache="levelpress", settings_extra="cache_seconds: 60\n").start()

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()

    def test_miss_then_hit(self):
        first = self.blog.fetch("/tag/django/")
        second = self.blog.fetch("/tag/django/")
        self.assertEqual(cache_status(first), "MISS")
        self.assertEqual(cache_status(second), "HIT")
        self.assertEqual(first.body, second.body)
        self.assertEqual(first.header("etag"), second.header("etag"))

    def test_head_and_get_never_mixed(self):
        head = self.blog.fetch("/author/jonas-brandt/", method="HEAD")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        get = self.blog.fetch("/author/jonas-brandt/")
        self.assertEqual(cache_status(get), "MISS")  # not the HEAD's entry
        self.assertIn(b"Jonas", get.body)
        get2 = self.blog.fetch("/author/jonas-brandt/")
        self.assertEqual(cache_status(get2), "HIT")
        self.assertEqual(get2.body, get.body)
        head2 = self.blog.fetch("/author/jonas-brandt/", method="HEAD")
        self.assertEqual(cache_status(head2), "HIT")
        self.assertEqual(head2.body, b"")

    def test_query_string_variant_is_correct(self):
        a = self.blog.fetch("/tags/")
        b = self.blog.fetch("/tags/?utm_source=x")
        self.assertEqual(a.body, b.body)

    def test_warm_cache_fills_every_url(self):
        base = f"http://127.0.0.1:{self.blog.port}"
        first = subprocess.run([WARM, base, "--parallel", "4"], capture_output=True, text=True, timeout=60)
        self.assertEqual(first.returncode, 0, first.stderr)
        m = re.search(r"(\d+) URLs, (\d+) hits, (\d+) misses, (\d+) failures", first.stdout)
        self.assertIsNotNone(m, first.stdout)
        urls = int(m.group(1))
        self.assertGreater(urls, 20)
        self.assertEqual(int(m.group(4)), 0)
        second = subprocess.run([WARM, base], capture_output=True, text=True, timeout=60)
        m2 = re.search(r"(\d+) URLs, (\d+) hits, (\d+) misses, (\d+) failures", second.stdout)
        self.assertEqual(int(m2.group(2)), urls, second.stdout)  # every one a hit now

    def test_zz_hit_served_with_responder_stopped(self):
        # Runs last in this class (name order): it stops the responder.
        self.blog.fetch("/authors/")
        self.assertEqual(cache_status(self.blog.fetch("/authors/")), "HIT")
        self.assertEqual(self.blog.stop_server(), 0)
        r = self.blog.fetch("/authors/")
        self.assertEqual(r.status, 200)
        self.assertEqual(cache_status(r), "HIT")
        self.assertIn(b"Anna Keller", r.body)
        self.assertEqual(self.blog.fetch("/never/cached/").status, 502)


class RevalidationTest(unittest.TestCase):
    def test_expired_entry_revalidated_with_304(self):
        blog = Blog(cache="levelpress")  # cache_seconds: 1, the default
        self.addCleanup(blog.stop)
        blog.start()
        self.assertEqual(cache_status(blog.fetch("/tags/")), "MISS")
        time.sleep(1.6)
        r = blog.fetch("/tags/")
        self.assertEqual(r.status, 200)
        self.assertEqual(cache_status(r), "REVALIDATED")
        self.assertGreater(len(r.body), 1000)
        self.assertRegex(blog.server_log(), r"request GET /tags/ 304 0 ")


class PublishTest(unittest.TestCase):
    def republish(self, blog, content):
        """Publish the way an offline import does: stop, import, start."""
        self.assertEqual(blog.stop_server(), 0)
        blog.levelpress("import", content)
        blog.start_server()
        return time.monotonic()

    def wait_until(self, blog, path, predicate, limit):
        started = time.monotonic()
        while True:
            r = blog.fetch(path)
            if predicate(r):
                return time.monotonic() - started
            if time.monotonic() - started > limit:
                self.fail(f"{path} did not change within {limit} s (X-Cache-Status {cache_status(r)})")
            time.sleep(0.05)

    def test_publish_shows_on_every_affected_page_within_a_second(self):
        content = copy_sample(os.path.join(tempfile.mkdtemp(prefix="levelpress-content-"), "c"))
        self.addCleanup(shutil.rmtree, os.path.dirname(content))
        blog = Blog(content=content, cache="levelpress", page_size=3)
        self.addCleanup(blog.stop)
        blog.start()
        new_url = "/2025/10/01/brand-new-post/"
        pages = ["/", "/page/2/", "/tag/operations/", "/tag/testing/",
                 "/author/priya-raman/", new_url]
        for p in pages:  # fill the cache
            blog.fetch(p)
        self.assertIn(cache_status(blog.fetch("/")), ("HIT", "REVALIDATED"))
        self.assertEqual(blog.fetch(new_url).status, 404)
        last_on_page_1 = re.findall(r'class="entry-title"><a href="([^"]+)"', blog.fetch("/").text)[-1]

        write_post(content, "2025-10-01-brand-new-post.md", "A brand new post",
                   "2025-10-01T12:00:00Z", author="priya-raman", tags=["Operations", "Testing"])
        self.republish(blog, content)
        expect = {p: (lambda r: b"brand-new-post" in r.body) for p in pages}
        # The new post pushes page 1's last post onto page 2.
        expect["/page/2/"] = lambda r: last_on_page_1.encode() in r.body
        expect[new_url] = lambda r: r.status == 200
        # Within one second; the 0.4 s over it absorb a loaded test machine's
        # scheduling (requests here take milliseconds).
        for p in pages:
            took = self.wait_until(blog, p, expect[p], 3)
            self.assertLessEqual(took, 1.4, p)

    def test_scheduled_post_appears_on_time_without_cron(self):
        content = copy_sample(os.path.join(tempfile.mkdtemp(prefix="levelpress-content-"), "c"))
        self.addCleanup(shutil.rmtree, os.path.dirname(content))
        go_live = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0) + datetime.timedelta(seconds=3)
        write_post(content, "scheduled.md", "Scheduled post", go_live.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   tags=["Meta"])
        blog = Blog(content=content, cache="levelpress")
        self.addCleanup(blog.stop)
        blog.start()
        url = go_live.strftime("/%Y/%m/%d/scheduled/")
        self.assertEqual(blog.fetch(url).status, 404)
        self.assertNotIn(b"/scheduled/", blog.fetch("/").body)
        self.assertNotIn(b"/scheduled/", blog.fetch("/sitemap.xml").body)
        deadline = go_live.timestamp()
        while time.time() < deadline + 1.5:
            r = blog.fetch("/")
            if b"/scheduled/" in r.body:
                break
            time.sleep(0.05)
        seen = time.time()
        self.assertGreaterEqual(seen, deadline - 0.05, "appeared early")
        self.assertLessEqual(seen, deadline + 1.5, "appeared late")
        self.assertEqual(blog.fetch(url).status, 200)
        self.assertIn(b"/scheduled/", blog.fetch("/tag/meta/").body)
        self.assertIn(b"/scheduled/", blog.fetch("/feed.xml").body)

    def test_expiring_post_disappears_on_time_without_cron(self):
        # A scheduled post in reverse: cached pages that show it are dropped
        # at its `expires:` second, with no import and no restart.
        content = copy_sample(os.path.join(tempfile.mkdtemp(prefix="levelpress-content-"), "c"))
        self.addCleanup(shutil.rmtree, os.path.dirname(content))
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
        gone = now + datetime.timedelta(seconds=5)
        date = now - datetime.timedelta(days=1)
        write_post(content, "brief.md", "Brief post", date.strftime("%Y-%m-%dT%H:%M:%SZ"),
                   tags=["Ephemeral"], extra=f"expires: {gone.strftime('%Y-%m-%dT%H:%M:%SZ')}\n")
        blog = Blog(content=content, cache="levelpress")
        self.addCleanup(blog.stop)
        blog.start()
        url = date.strftime("/%Y/%m/%d/brief/")
        pages = ["/", url, "/tag/ephemeral/", "/feed.xml", "/sitemap.xml"]
        deadline = gone.timestamp()
        self.assertLess(time.time(), deadline - 1, "the blog took too long to start")
        for p in pages:  # in nginx's cache now
            blog.fetch(p)
            r = blog.fetch(p)
            self.assertEqual(r.status, 200, p)
            self.assertIn(b"/brief/", r.body, p)
            self.assertIn(cache_status(r), ("HIT", "MISS", "EXPIRED", "REVALIDATED"), p)
        while time.time() < deadline + 1.5:
            if b"/brief/" not in blog.fetch("/").body:
                break
            time.sleep(0.05)
        seen = time.time()
        self.assertGreaterEqual(seen, deadline - 0.05, "gone early")
        self.assertLessEqual(seen, deadline + 1.5, "gone late")
        self.assertEqual(blog.fetch(url).status, 404)
        self.assertEqual(blog.fetch("/tag/ephemeral/").status, 404)
        for p in ["/feed.xml", "/sitemap.xml", "/tags/"]:
            r = blog.fetch(p)
            self.assertEqual(r.status, 200, p)
            self.assertNotIn(b"/brief/", r.body, p)
            self.assertNotIn(b"/tag/ephemeral/", r.body, p)


class WarmCacheFailureTest(unittest.TestCase):
    def test_fails_loudly_on_a_broken_url(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/sitemap.xml":
                    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                            b"<url><loc>http://example.org/good/</loc></url>"
                            b"<url><loc>http://example.org/broken/</loc></url></urlset>")
                    self.send_response(200)
                elif self.path == "/good/":
                    body = b"ok"
                    self.send_response(200)
                else:
                    body = b"boom"
                    self.send_response(500)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        p = subprocess.run([WARM, f"http://127.0.0.1:{server.server_address[1]}"],
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(p.returncode, 1)
        self.assertIn("/broken/: HTTP 500", p.stderr)
        self.assertIn("2 URLs, 0 hits, 1 misses, 1 failures", p.stdout)


if __name__ == "__main__":
    unittest.main()
