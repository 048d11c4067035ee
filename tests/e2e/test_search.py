"""End to end behind nginx: /search/ over the sample blog (issue 11,
"Search on the server, no JavaScript"): results from the index written at
import, drafts never found, phrases and tag filters, hostile queries as
400s, and nginx's page cache keyed by the query with the same revalidation
as every other page."""
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Blog  # noqa: E402


def titles(html):
    return re.findall(r'<h2 class="entry-title"><a href="[^"]*">([^<]*)</a>', html)


class SearchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.blog = Blog(cache="levelpress", settings_extra="cache_seconds: 60\n").start()

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()

    def search(self, q, status=200):
        r = self.blog.fetch("/search/?q=" + q)
        self.assertEqual(r.status, status, r.text[:500])
        return r

    def test_a_word_from_a_post_finds_it(self):
        found = titles(self.search("autovacuum").text)
        self.assertIn("Autovacuum: the tuning we should have done years ago", found)
        self.assertIn("<mark>", self.search("autovacuum").text)

    def test_words_only_in_a_draft_find_nothing(self):
        r = self.search("sixteen+incompatible")
        self.assertEqual(titles(r.text), [])
        self.assertIn("0 posts.", r.text)
        self.assertNotIn("Connection pooling", r.text)

    def test_a_phrase(self):
        found = titles(self.search("%22background+jobs%22").text)
        self.assertEqual(len(found), 1, found)
        self.assertTrue(found[0].startswith("Moving our background jobs"), found)

    def test_a_tag_filter(self):
        found = titles(self.search("tag%3ADjango").text)
        self.assertIn("Migrating our database to BIGINT keys", found)
        self.assertNotIn("Autovacuum: the tuning we should have done years ago", found)
        everything = titles(self.search("postgresql").text)
        self.assertIn("Autovacuum: the tuning we should have done years ago", everything)

    def test_hostile_queries_get_400(self):
        started = time.monotonic()
        self.search("%ff%fe", status=400)
        self.search("a" * 2000, status=400)
        self.search("+".join(["w"] * 40), status=400)
        self.search("%zz", status=400)
        self.assertEqual(self.search("+".join(c + "*" for c in "abcdefghijklmnopqrstuvwxyz")).status, 200)
        self.assertLess(time.monotonic() - started, 5)
        self.assertNotIn("request GET /search/ 500", self.blog.server_log())

    def test_the_header_form_searches(self):
        home = self.blog.fetch("/").text
        self.assertIn('action="/search/" method="get"', home)
        self.assertIn('name="q"', home)

    def test_results_are_cached_per_query(self):
        first = self.search("kafka")
        second = self.search("kafka")
        other = self.search("kafka+postgresql")
        self.assertEqual(first.header("x-cache-status"), "MISS")
        self.assertEqual(second.header("x-cache-status"), "HIT")
        self.assertEqual(other.header("x-cache-status"), "MISS")
        self.assertEqual(first.body, second.body)
        self.assertNotEqual(first.body, other.body)
        # A refused query is not kept.
        self.search("%ff", status=400)
        self.assertNotEqual(self.search("%ff", status=400).header("x-cache-status"), "HIT")


class SearchRevalidationTest(unittest.TestCase):
    def test_expired_result_page_revalidated_with_304(self):
        blog = Blog(cache="levelpress")  # cache_seconds: 1, the default
        self.addCleanup(blog.stop)
        blog.start()
        self.assertEqual(blog.fetch("/search/?q=kafka").header("x-cache-status"), "MISS")
        time.sleep(1.6)
        r = blog.fetch("/search/?q=kafka")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("x-cache-status"), "REVALIDATED")
        self.assertIn("Kafka", r.text)
        self.assertRegex(blog.server_log(), r"request GET /search/\S* 304 0 ")


if __name__ == "__main__":
    unittest.main()
