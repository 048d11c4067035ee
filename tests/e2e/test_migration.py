"""End to end behind nginx: the Jekyll and Hugo fixture sites (tests/
jekyll-site, tests/hugo-site, each in its tool's own format) imported as
they are and served: every old URL answers 200 or one 301 to the right
post, drafts are not public, the posts' images are served (issue 12,
"Jekyll and Hugo folders, as they are"), and a multilingual Hugo site
configured in config/_default/ (tests/hugo-site-multilingual)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Blog  # noqa: E402

JEKYLL = os.path.join(ROOT, "tests", "jekyll-site")
HUGO = os.path.join(ROOT, "tests", "hugo-site")
HUGO_MULTILINGUAL = os.path.join(ROOT, "tests", "hugo-site-multilingual")


class MigrationTest(unittest.TestCase):
    def serve(self, site, extra=""):
        blog = Blog(content=site, cache="levelpress", page_size=2,
                    settings_extra=extra)
        self.addCleanup(blog.stop)
        return blog.start()

    def assert_redirects(self, blog, old, new):
        r = blog.fetch(old)
        self.assertEqual((r.status, r.header("location")), (301, new), old)
        self.assertEqual(blog.fetch(new).status, 200, new)

    def test_jekyll_site(self):
        blog = self.serve(JEKYLL, 'jekyll_pagination: true\npaginate_path: "/page:num/"\n')
        for old, new in [
                ("/foo/bar/baz/2009/01/27/array-categories.html", "/2009/01/27/array-categories/"),
                ("/2015/01/08/post-excerpt-separator.html", "/2015/01/08/post-excerpt-separator/"),
                ("/code/notes/2016/03/01/liquid-tags.html", "/2016/03/01/liquid-tags/"),
                ("/custom/permalinked/", "/2018/05/01/permalinked-post/"),
                ("/2019/06/15/Custom-Slug-Here.html", "/2019/06/15/custom-slug-here/"),
                ("/page2/", "/page/2/"),
                ("/page3", "/page/3/")]:
            self.assert_redirects(blog, old, new)
        for hidden in ["/2008/02/02/not-published/", "/publish_test/2008/02/02/not-published.html",
                       "/1970/01/01/an-unfinished-idea/"]:
            self.assertEqual(blog.fetch(hidden).status, 404, hidden)
        post = blog.fetch("/2016/03/01/liquid-tags/").text
        self.assertIn('href="/2009/01/27/array-categories/"', post)
        self.assertEqual(blog.fetch("/media/content/assets/logo.svg").status, 200)
        self.assertNotIn("Not published", blog.fetch("/").text + blog.fetch("/page/2/").text)

    def test_hugo_site(self):
        blog = self.serve(HUGO)
        for old, new in [
                ("/2023/04/toml-front-matter/", "/2023/04/05/toml-front-matter/"),
                ("/old/toml-post/", "/2023/04/05/toml-front-matter/"),
                ("/2023/06/a-post-in-json/", "/2023/06/07/json-post/"),
                ("/2023/07/a-page-bundle/", "/2023/07/01/a-bundle/"),
                ("/special/shortcodes-page/", "/2023/08/01/shortcodes/"),
                ("/blog/from-another-section/", "/2022/02/02/from-another-section/")]:
            self.assert_redirects(blog, old, new)
        for hidden in ["/2023/09/01/draft-post/", "/2020/01/01/expired/"]:
            self.assertEqual(blog.fetch(hidden).status, 404, hidden)
        bundle = blog.fetch("/2023/07/01/a-bundle/").text
        self.assertIn("/media/content/content/posts/a-bundle/photo.svg", bundle)
        self.assertEqual(
            blog.fetch("/media/content/content/posts/a-bundle/photo.svg").status, 200)


    def test_hugo_site_with_a_config_folder_and_two_languages(self):
        blog = self.serve(HUGO_MULTILINGUAL)
        for old, new in [
                ("/2023/05/first/", "/2023/05/01/first/"),
                ("/2023/05/old-first/", "/2023/05/01/first/"),
                ("/2023/legacy/first/", "/2023/05/01/first/"),
                ("/2023/06/second/", "/2023/06/02/second/"),
                ("/2023/07/bundle/", "/2023/07/03/bundle/"),
                ("/news/2024/02/a-release/", "/2024/02/10/release/")]:
            self.assert_redirects(blog, old, new)
        # The French translations are not imported; the English post is.
        self.assertNotIn("Le premier billet", blog.fetch("/").text)
        self.assertIn("Zoë Config", blog.fetch("/2023/05/01/first/").text)

if __name__ == "__main__":
    unittest.main()
