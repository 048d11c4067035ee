"""End to end behind nginx: a post whose slug or date changes between two
imports of its file answers its old URLs with one 301 to the new one
(issue 11, "URLs that never break"), through a live import and nginx's
page cache, and an export keeps the old URLs as aliases."""
import os
import sys
import tempfile
import shutil
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Blog, wait_for, write_post  # noqa: E402


class UrlHistoryTest(unittest.TestCase):
    def setUp(self):
        self.content = tempfile.mkdtemp(prefix="levelpress-e2e-urls-")
        self.addCleanup(shutil.rmtree, self.content, True)
        write_post(self.content, "moving.md", "Moving", "2023-01-01T10:00:00Z",
                   author="Ann", extra="slug: first-name\n")
        self.blog = Blog(content=self.content, cache="levelpress")
        self.addCleanup(self.blog.stop)
        self.blog.start()

    def rename(self, slug, date="2023-01-01T10:00:00Z"):
        write_post(self.content, "moving.md", "Moving", date, author="Ann",
                   extra=f"slug: {slug}\n")
        self.blog.levelpress("import", self.content)  # live, through the server

    def assert_moved(self, old, new):
        # nginx may keep the old page, or the old redirect, for
        # cache_seconds (1 s): wait it out.
        def moved():
            r = self.blog.fetch(old)
            return r.status == 301 and r.header("location") == new
        wait_for(moved, timeout=5, what=old + " to redirect to " + new)
        self.assertEqual(self.blog.fetch(new).status, 200)

    def test_old_urls_redirect_in_one_step(self):
        self.assertEqual(self.blog.fetch("/2023/01/01/first-name/").status, 200)
        self.rename("second-name")
        self.assert_moved("/2023/01/01/first-name/", "/2023/01/01/second-name/")
        self.rename("third-name", "2023-02-01T10:00:00Z")
        self.assert_moved("/2023/01/01/first-name/", "/2023/02/01/third-name/")
        self.assert_moved("/2023/01/01/second-name/", "/2023/02/01/third-name/")
        # One post, not three: the sitemap lists the new URL only.
        sitemap = self.blog.fetch("/sitemap.xml").text
        self.assertIn("/2023/02/01/third-name/", sitemap)
        self.assertNotIn("first-name", sitemap)
        # The export writes the old URLs as aliases.
        out = os.path.join(self.blog.dir, "export")
        self.blog.levelpress("export", out)
        with open(os.path.join(out, "posts", "moving.md")) as f:
            text = f.read()
        self.assertIn('"/2023/01/01/first-name/"', text)
        self.assertIn('"/2023/01/01/second-name/"', text)

    def test_a_new_post_at_an_old_url_wins(self):
        self.rename("second-name")
        self.assert_moved("/2023/01/01/first-name/", "/2023/01/01/second-name/")
        write_post(self.content, "newcomer.md", "Newcomer", "2023-01-01T12:00:00Z",
                   author="Ann", extra="slug: first-name\n")
        self.blog.levelpress("import", self.content)
        wait_for(lambda: self.blog.fetch("/2023/01/01/first-name/").status == 200,
                 timeout=5, what="the newcomer at the old URL")
        self.assertIn("Newcomer", self.blog.fetch("/2023/01/01/first-name/").text)


if __name__ == "__main__":
    unittest.main()
