"""End to end behind nginx: /robots.txt, the robots: noindex setting's
X-Robots-Tag through nginx's page cache, and the link-preview tags of the
sample blog (issue 11, "Link previews and search engines")."""
import json
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Blog  # noqa: E402

POST = "/2023/09/27/migrating-to-bigint/"


def meta(html, key):
    m = re.search(r'<meta (?:property|name)="%s" content="([^"]*)">' % re.escape(key), html)
    return m.group(1) if m else None


class IndexedSiteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.blog = Blog(cache="levelpress", settings_extra="cache_seconds: 60\n").start()
        cls.base = f"http://127.0.0.1:{cls.blog.port}"

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()

    def test_robots_txt_names_the_sitemap_and_is_cached(self):
        first = self.blog.fetch("/robots.txt")
        self.assertEqual(first.status, 200)
        self.assertTrue(first.header("content-type").startswith("text/plain"))
        self.assertIn(f"Sitemap: {self.base}/sitemap.xml\n", first.text)
        self.assertNotIn("Disallow: /\n", first.text)
        self.assertIsNone(first.header("x-robots-tag"))
        second = self.blog.fetch("/robots.txt")
        self.assertEqual(second.header("x-cache-status"), "HIT")
        self.assertEqual(self.blog.fetch("/sitemap.xml").status, 200)

    def test_post_preview_tags_point_at_real_files(self):
        html = self.blog.fetch(POST).text
        self.assertEqual(meta(html, "og:type"), "article")
        self.assertEqual(meta(html, "og:url"), self.base + POST)
        image = meta(html, "og:image")
        self.assertTrue(image and image.startswith(self.base + "/media/"), image)
        self.assertTrue(meta(html, "og:image:width"))
        self.assertEqual(meta(html, "twitter:card"), "summary_large_image")
        # The preview image is a file nginx serves.
        self.assertEqual(self.blog.fetch(image[len(self.base):]).status, 200)
        self.assertEqual(meta(html, "article:published_time"), "2023-09-27T08:00:00+00:00")
        script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(script.group(1))
        self.assertEqual(data["@type"], "BlogPosting")
        self.assertEqual(data["headline"], "Migrating our database to BIGINT keys")
        self.assertEqual(data["author"][0]["@type"], "Person")
        self.assertEqual(data["url"], self.base + POST)
        home = self.blog.fetch("/").text
        blog = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                    home, re.S).group(1))
        self.assertEqual(blog["@type"], "Blog")
        self.assertEqual(blog["url"], self.base + "/")


class NoindexSiteTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.blog = Blog(cache="levelpress",
                        settings_extra="cache_seconds: 60\nrobots: noindex\n").start()

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()

    def test_robots_txt_disallows_everything(self):
        r = self.blog.fetch("/robots.txt")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.text, "User-agent: *\nDisallow: /\n")
        self.assertEqual(r.header("x-robots-tag"), "noindex, nofollow")

    def test_header_survives_the_cache_on_pages_feeds_and_errors(self):
        for path in ["/", POST, "/feed.xml", "/sitemap.xml", "/no/such/page/"]:
            first = self.blog.fetch(path)
            second = self.blog.fetch(path)
            self.assertEqual(second.header("x-cache-status"), "HIT", path)
            for r in (first, second):
                self.assertEqual(r.header("x-robots-tag"), "noindex, nofollow",
                                 f"{path} ({r.status}, {r.header('x-cache-status')})")
        self.assertEqual(self.blog.fetch("/no/such/page/").status, 404)
        self.assertIn('<meta name="robots" content="noindex, nofollow">',
                      self.blog.fetch("/").text)


if __name__ == "__main__":
    unittest.main()
