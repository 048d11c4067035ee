"""End to end: `levelpress convert` (issue 12, WordPress and Ghost).

Each fixture of tests/convert/ (an export in the real format) is
converted, imported and served behind a real nginx: every old URL answers
200 or a 301 to the right post (WordPress's /?p=ID through the nginx map
the converter writes, permalinks and Ghost's /:slug/ through aliases),
drafts, private, members-only and scheduled posts are not public, and the
images show.
"""
import os
import sys
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import ROOT, Blog  # noqa: E402

FIXTURES = os.path.join(ROOT, "tests", "convert")


def q(path):
    """A path as a browser sends it (UTF-8, percent-encoded)."""
    return urllib.parse.quote(path, safe="/?=&%")


class ConvertedBlog(unittest.TestCase):
    source = None  # "wordpress" or "ghost"
    export = None
    uploads = None
    nginx_maps = False

    @classmethod
    def setUpClass(cls):
        cls.blog = Blog(content=None)
        cls.out = os.path.join(cls.blog.dir, "converted")
        p = cls.blog.levelpress("convert", cls.source, cls.export, cls.out,
                                "--uploads", cls.uploads)
        cls.convert_output = p.stdout + p.stderr
        cls.blog.levelpress("import", cls.out)
        if cls.nginx_maps:
            http = os.path.join(cls.out, "nginx", "wordpress-ids-http.conf")
            server = os.path.join(cls.out, "nginx", "wordpress-ids-server.conf")

            def edit(text):
                # The map in http {} (site.conf is included there), the
                # redirect in server {}.
                text = f"include {http};\n" + text
                return text.replace("server {", f"server {{\n    include {server};", 1)
            cls.blog.edit_site_conf = edit
        cls.blog.start()

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()

    def get(self, path):
        return self.blog.fetch(q(path))

    def assertOk(self, path, *texts):
        r = self.get(path)
        self.assertEqual(r.status, 200, f"{path}: {r.status}")
        for t in texts:
            self.assertIn(t, r.text, path)
        return r

    def assertRedirect(self, old, new):
        r = self.get(old)
        self.assertEqual(r.status, 301, f"{old}: {r.status}")
        location = urllib.parse.urlsplit(r.header("location"))
        self.assertEqual(urllib.parse.unquote(location.path), new, old)
        self.assertOk(new)

    def assertNotPublic(self, path, secret):
        r = self.get(path)
        self.assertNotEqual(r.status, 200, path)
        self.assertNotEqual(r.status, 301, path)
        self.assertNotIn(secret, r.text)

    def assertImage(self, url):
        r = self.blog.fetch(url)
        self.assertEqual(r.status, 200, url)
        self.assertTrue(r.body.startswith(b"\x89PNG"), url)


class WordPress(ConvertedBlog):
    source = "wordpress"
    export = os.path.join(FIXTURES, "wordpress", "export.xml")
    uploads = os.path.join(FIXTURES, "wordpress", "uploads")
    nginx_maps = True

    def test_posts_and_pages_are_served(self):
        r = self.assertOk("/2019/04/05/hafen-und-meer/", "Hafen &amp; Meer",
                          "Jürgen Ström", "<figcaption>Der Hafen</figcaption>")
        self.assertNotIn("wp:paragraph", r.text)
        self.assertOk("/2019/04/06/klassik-übersicht/",
                      "<figcaption>Die Speisekarte im Café</figcaption>",
                      'class="language-python"')
        self.assertOk("/ueber-uns/", "kleines Team in Kiel")
        self.assertOk("/ueber-uns/team/", "Jürgen und Ana.")
        self.assertOk("/author/jürgen/", "Hafen &amp; Meer")
        self.assertOk("/tag/postgresql/", "Hafen &amp; Meer")

    def test_old_urls_redirect_to_the_post(self):
        self.assertRedirect("/2019/04/hafen-und-meer/", "/2019/04/05/hafen-und-meer/")
        self.assertRedirect("/2019/04/klassik-%c3%bcbersicht/",
                            "/2019/04/06/klassik-übersicht/")
        self.assertRedirect("/?p=101", "/2019/04/05/hafen-und-meer/")
        self.assertRedirect("/?p=102", "/2019/04/06/klassik-übersicht/")
        self.assertRedirect("/index.php?p=101", "/2019/04/05/hafen-und-meer/")
        self.assertRedirect("/?page_id=2", "/ueber-uns/")
        self.assertRedirect("/?page_id=3", "/ueber-uns/team/")

    def test_images_show(self):
        r = self.assertOk("/2019/04/05/hafen-und-meer/")
        self.assertIn('src="/media/content/posts/hafen-und-meer/harbour.png"', r.text)
        self.assertImage("/media/content/posts/hafen-und-meer/harbour.png")
        self.assertImage(q("/media/content/posts/klassik-übersicht/café-menu.png"))

    def test_a_broken_export_writes_nothing(self):
        cut = os.path.join(self.blog.dir, "cut.xml")
        with open(self.export, "rb") as f, open(cut, "wb") as g:
            g.write(f.read()[:5000])
        out = os.path.join(self.blog.dir, "never")
        p = self.blog.levelpress("convert", "wordpress", cut, out, check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertRegex(p.stderr, r"cut\.xml:\d+:\d+: ")
        self.assertIn("nothing was written", p.stderr)
        self.assertFalse(os.path.exists(out))
        self.assertEqual([n for n in os.listdir(self.blog.dir) if "converting" in n], [])

    def test_drafts_private_and_scheduled_are_not_public(self):
        self.assertNotPublic("/2020/02/01/entwurf-geheime-pläne/", "geheime-entwurf-text")
        self.assertNotPublic("/2020/03/01/nur-fuer-uns/", "privater-inhalt-text")
        self.assertNotPublic("/2020/03/nur-fuer-uns/", "privater-inhalt-text")
        self.assertNotPublic("/2020/05/01/geschuetzt/", "passwort-inhalt-text")
        self.assertNotPublic("/2099/01/01/zukunft/", "geplanter-inhalt-text")
        self.assertNotPublic("/impressum/", "entwurf-seite-text")
        for query in ("/?p=103", "/?p=104", "/?page_id=4"):
            r = self.get(query)
            self.assertNotEqual(r.status, 301, query)  # no redirect that names it
        home = self.assertOk("/")
        for secret in ("geheime-entwurf-text", "privater-inhalt-text",
                       "geplanter-inhalt-text", "Geplant: Zukunft", "passwort-inhalt-text"):
            self.assertNotIn(secret, home.text)
        feed = self.assertOk("/feed.xml")
        self.assertNotIn("Zukunft", feed.text)
        self.assertNotIn("Nur für uns", feed.text)


class Ghost(ConvertedBlog):
    source = "ghost"
    export = os.path.join(FIXTURES, "ghost", "export.json")
    uploads = os.path.join(FIXTURES, "ghost", "images")

    def test_posts_and_pages_are_served(self):
        self.assertOk("/2023/01/12/leuchttuerme-und-nebel/", "Leuchttürme &amp; Nebel",
                      "Jürgen Ström", "Küste")
        self.assertOk("/2023/02/01/kuestenwetter/", "Jürgen Ström", "Åsa Berg")
        self.assertOk("/ueber/", "Ein Blog über die Küste.")
        self.assertOk("/author/juergen/", "Schreibt über Leuchttürme")

    def test_ghost_slug_urls_redirect(self):
        self.assertRedirect("/leuchttuerme-und-nebel/", "/2023/01/12/leuchttuerme-und-nebel/")
        self.assertRedirect("/kuestenwetter/", "/2023/02/01/kuestenwetter/")

    def test_images_and_avatars_show(self):
        r = self.assertOk("/2023/01/12/leuchttuerme-und-nebel/")
        self.assertIn("/media/content/posts/leuchttuerme-und-nebel/lighthouse.png", r.text)
        self.assertImage("/media/content/posts/leuchttuerme-und-nebel/lighthouse.png")
        self.assertImage("/media/authors/juergen.png")

    def test_drafts_members_only_and_scheduled_are_not_public(self):
        self.assertNotPublic("/2023/03/01/entwurf-bojen/", "ghost-entwurf-text")
        self.assertNotPublic("/entwurf-bojen/", "ghost-entwurf-text")
        self.assertNotPublic("/2023/04/01/nur-fuer-mitglieder/", "ghost-mitglieder-text")
        self.assertNotPublic("/nur-fuer-mitglieder/", "ghost-mitglieder-text")
        self.assertNotPublic("/2099/06/01/geplant/", "ghost-geplant-text")
        home = self.assertOk("/")
        for secret in ("ghost-entwurf-text", "ghost-mitglieder-text", "Geplant für später"):
            self.assertNotIn(secret, home.text)


class GhostWithoutHtml(ConvertedBlog):
    """Posts whose export has no `html` (only Markdown, Mobiledoc or
    Lexical) and posts without an author, as real exports have them."""
    source = "ghost"
    export = os.path.join(FIXTURES, "ghost", "no-html.json")
    uploads = os.path.join(FIXTURES, "ghost", "images")

    def test_bodies_and_their_images_are_served(self):
        for slug, date, texts in (
                ("alte-zeiten", "2013/12/29", ["<em>Ghost 0.x</em>"]),
                ("gezeiten", "2021/03/24", ["Gezeiten &amp; Flut", "die Ebbe",
                                            "<figcaption>Der Turm</figcaption>"]),
                ("wetter", "2024/05/01", ["Wind &amp; Wetter", "<strong>stürmisch</strong>"])):
            url = f"/{date}/{slug}/"
            self.assertRedirect(f"/{slug}/", url)
            r = self.assertOk(url, *texts)
            image = f"/media/content/posts/{slug}/lighthouse.png"
            self.assertIn(image, r.text)
            self.assertImage(image)
        self.assertOk("/2021/03/24/gezeiten/", "Åsa Owner")  # no author: the owner
        self.assertNotPublic("/kaputt/", "Kaputt")


if __name__ == "__main__":
    unittest.main()
