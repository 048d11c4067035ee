"""End to end: `levelpress serve --watch DIR`, a writer's live preview.

The server imports DIR at start and again after every change under it
(with prune), prints import errors on its stderr and keeps the last good
content; drafts and scheduled posts are shown, every page is noindex and
no response is cached by nginx. Outside --watch, drafts and scheduled
posts are 404.

nginx runs with its page cache on (and long cache_seconds), so a preview
response that nginx cached would show up as a stale page here.
Save-to-visible times are printed at the end (stderr).
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fcgi_client as fc  # noqa: E402
from harness import BIN, Blog, copy_sample, write_post  # noqa: E402

NOINDEX = b'<meta name="robots" content="noindex, nofollow">'
POLL = 0.05         # seconds between polls
VISIBLE_LIMIT = 1.5  # save -> visible through nginx (spec: within 1 s)

WATCHED = "2026-01-05-watched.md"
WATCHED_URL = "/2026/01/05/watched/"
DRAFT_URL = "/2026/01/06/draft-notes/"
DRAFT_PICTURE = "draft-diagram.svg"
DRAFT_BODY = "The plan:\n\n![The plan](draft-diagram.svg)\n"
SCHEDULED_URL = "/2099/03/01/future-plans/"

MEASURED = {}  # name -> list of seconds, printed by tearDownModule


def record(name, seconds):
    MEASURED.setdefault(name, []).append(seconds)


def tearDownModule():
    for name, values in sorted(MEASURED.items()):
        def fmt(v):
            return f"{v:.3f}" if isinstance(v, float) else str(v)
        shown = ", ".join(fmt(v) for v in values)
        print(f"\n[test_watch] {name}: {shown} (max {fmt(max(values))})", file=sys.stderr)


def poll_until(predicate, timeout):
    """Seconds until predicate() is true, polled every POLL; None on timeout."""
    start = time.monotonic()
    while True:
        if predicate():
            return time.monotonic() - start
        if time.monotonic() - start > timeout:
            return None
        time.sleep(POLL)


def write_raw(folder, rel, text):
    path = os.path.join(folder, "posts", rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def post_text(title, date, extra="", body="Body.\n"):
    return (f'---\ntitle: "{title}"\ndate: {date}\nauthor: anna-keller\n'
            f'tags: ["Watch"]\n{extra}---\n{body}')


def fcgi_headers(answer):
    """Lower-case header names -> values of a FastCGI answer."""
    head = answer.stdout.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    out = {}
    for line in head.split("\r\n"):
        name, _, value = line.partition(":")
        out[name.strip().lower()] = value.strip()
    return out


class WatchTest(unittest.TestCase):
    def setUp(self):
        self.blog = Blog(content=None, cache="levelpress",
                         settings_extra="cache_seconds: 60\n", page_size=50)
        self.addCleanup(self.blog.stop)
        self.content = copy_sample(os.path.join(self.blog.dir, "content"))
        write_post(self.content, WATCHED, "Watched v0", "2026-01-05")
        write_post(self.content, "2026-01-06-draft-notes.md", "Draft notes",
                   "2026-01-06", extra="draft: true\n", body=DRAFT_BODY)
        with open(os.path.join(self.content, "posts", DRAFT_PICTURE), "w") as f:
            f.write("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
        write_post(self.content, "2099-03-01-future-plans.md", "Future plans",
                   "2099-03-01")
        self.stderr_path = os.path.join(self.blog.dir, "watch.stderr")
        with open(self.stderr_path, "w") as stderr:
            self.blog.server = subprocess.Popen(
                [BIN, "serve", "--watch", self.content, "--config", self.blog.config,
                 "--socket", self.blog.socket, "--threads", "2"],
                stdout=subprocess.DEVNULL, stderr=stderr)
        server = self.blog.server
        waited = poll_until(lambda: os.path.exists(self.blog.socket) or
                            server.poll() is not None, 20)
        self.assertIsNotNone(waited, "no socket from serve --watch")
        self.assertIsNone(server.poll(), "serve --watch exited: " + self.stderr())
        self.blog.start_nginx()
        self.assertEqual(self.blog.fetch(WATCHED_URL).status, 200, self.stderr())

    # --- helpers -------------------------------------------------------------
    def stderr(self):
        with open(self.stderr_path) as f:
            return f.read()

    def assert_alive(self):
        self.assertIsNone(self.blog.server.poll(),
                          "serve --watch died: " + self.stderr())

    def page(self, path):
        r = self.blog.fetch(path)
        # Preview pages are never cached: none may come from nginx's cache.
        # (Error responses: test_error_responses_are_not_cached.)
        if r.status == 200:
            self.assertNotEqual(r.header("x-cache-status"), "HIT", path)
        return r

    def shows(self, path, needle):
        r = self.page(path)
        return r.status == 200 and needle.encode() in r.body

    def wait_shows(self, path, needle, limit=VISIBLE_LIMIT, name=None):
        """Polls until path shows needle; asserts it took < limit seconds."""
        took = poll_until(lambda: self.shows(path, needle), limit + 5)
        self.assertIsNotNone(took, f"{needle!r} never appeared on {path}; "
                             f"server stderr:\n{self.stderr()}")
        if name:
            record(name, took)
        self.assertLess(took, limit, f"{needle!r} took {took:.3f} s to appear on {path}")
        return took

    def wait_status(self, path, status, limit=VISIBLE_LIMIT):
        took = poll_until(lambda: self.page(path).status == status, limit + 5)
        self.assertIsNotNone(took, f"{path} never became {status}:\n{self.stderr()}")
        self.assertLess(took, limit, f"{path} took {took:.3f} s to become {status}")

    def wait_stderr(self, pattern, since, limit):
        rx = re.compile(pattern)
        took = poll_until(lambda: rx.search(self.stderr()[since:]), limit + 5)
        self.assertIsNotNone(took, f"no /{pattern}/ on stderr:\n{self.stderr()}")
        self.assertLess(took, limit, f"/{pattern}/ took {took:.3f} s")
        return took

    # --- tests -----------------------------------------------------------------
    def test_edit_is_visible_within_a_second(self):
        self.assertIn(b"Watched v0", self.page(WATCHED_URL).body)
        for i in range(1, 7):
            title = f"Watched v{i}"
            if i % 2:  # in place, as most editors save
                write_raw(self.content, WATCHED, post_text(title, "2026-01-05"))
            else:      # atomically: a temporary file renamed over the post
                tmp = os.path.join(self.content, "posts", "." + WATCHED + ".tmp")
                with open(tmp, "w") as f:
                    f.write(post_text(title, "2026-01-05"))
                os.rename(tmp, os.path.join(self.content, "posts", WATCHED))
            self.wait_shows(WATCHED_URL, title, name="save_to_visible_s")
        self.assertNotIn(b"Watched v5", self.page(WATCHED_URL).body)
        self.assert_alive()

    def test_new_file_is_listed_and_deleted_file_is_gone(self):
        self.assertNotIn(b"Fresh arrival", self.page("/").body)
        write_post(self.content, "2026-11-20-fresh-arrival.md", "Fresh arrival",
                   "2026-11-20")
        self.wait_shows("/", "Fresh arrival", name="new_file_on_index_s")
        self.assertEqual(self.page("/2026/11/20/fresh-arrival/").status, 200)
        os.remove(os.path.join(self.content, "posts", "2026-11-20-fresh-arrival.md"))
        self.wait_status("/2026/11/20/fresh-arrival/", 404)
        self.assertNotIn(b"Fresh arrival", self.page("/").body)
        # A file of the sample content, deleted: its post goes too (prune).
        sample = os.path.join(self.content, "posts",
                              "2024-03-05-the-night-our-certificates-expired.md")
        os.remove(sample)
        self.wait_status("/2024/03/05/the-night-our-certificates-expired/", 404)
        self.assertEqual(self.page(WATCHED_URL).status, 200)
        self.assert_alive()

    def save_broken(self, text, error_pattern, new_title):
        """Saves a broken WATCHED: the error is printed, the old page stays."""
        since = len(self.stderr())
        write_raw(self.content, WATCHED, text)
        took = self.wait_stderr(error_pattern, since, VISIBLE_LIMIT)
        record("error_on_stderr_s", took)
        time.sleep(0.3)  # past any import still running
        self.assert_alive()
        r = self.page(WATCHED_URL)
        self.assertEqual(r.status, 200)
        self.assertIn(b"Watched v0", r.body)
        self.assertNotIn(new_title.encode(), r.body)
        self.assertEqual(self.page("/").status, 200)

    def test_broken_post_is_reported_and_last_good_content_stays(self):
        self.save_broken('---\ntitle: "Broken title"\ndate: not-a-date\n'
                         'author: anna-keller\n---\nBody.\n',
                         r"posts/2026-01-05-watched\.md:3: date: ", "Broken title")
        # Front matter never closed: reported at its file and line too.
        self.save_broken('---\ntitle: "Unclosed title"\ndate: 2026-01-05\n'
                         'author: anna-keller\nBody without the closing line.\n',
                         r"posts/2026-01-05-watched\.md:\d+: ", "Unclosed title")

        # Fixed: the new content comes.
        write_raw(self.content, WATCHED, post_text("Watched fixed", "2026-01-05"))
        self.wait_shows(WATCHED_URL, "Watched fixed", name="save_to_visible_s")
        self.assert_alive()

    def test_draft_and_scheduled_are_previewed_noindex_uncached(self):
        r = self.page(DRAFT_URL)
        self.assertEqual(r.status, 200)
        self.assertIn(b"Draft notes", r.body)
        self.assertIn(b"Draft: not published", r.body)
        self.assertIn(NOINDEX, r.body)
        # A writer previews the draft with its pictures: they are copied.
        self.assertIn(b"/media/content/posts/" + DRAFT_PICTURE.encode(), r.body)
        self.assertTrue(os.path.exists(os.path.join(
            self.blog.media, "content", "posts", DRAFT_PICTURE)))
        index = self.page("/")
        self.assertEqual(index.status, 200)
        self.assertIn(NOINDEX, index.body)
        self.assertIn(b"Future plans", index.body)
        self.assertIn(b'<span class="post-status">Scheduled</span>', index.body)
        r = self.page(SCHEDULED_URL)
        self.assertEqual(r.status, 200)
        self.assertIn(b"Scheduled: goes live on its date", r.body)
        self.assertIn(NOINDEX, r.body)
        published = self.page(WATCHED_URL)
        self.assertIn(NOINDEX, published.body)
        self.assertNotIn(b"post-status-banner", published.body)
        # nginx hides X-Accel-Expires from clients: ask the responder itself.
        for uri in ("/", DRAFT_URL, SCHEDULED_URL, WATCHED_URL, "/tags/"):
            answer = fc.get(self.blog.socket, uri)
            self.assertTrue(answer.ended, uri)
            self.assertEqual(fcgi_headers(answer).get("x-accel-expires"), "0", uri)
        # And twice through nginx: never a cache hit (page() checks).
        for uri in ("/", DRAFT_URL, WATCHED_URL):
            self.page(uri)
            self.page(uri)

    def test_error_responses_are_not_cached(self):
        """In --watch mode every response carries X-Accel-Expires: 0, 404s
        and redirects included: else nginx keeps a 404 (fastcgi_cache_valid
        404 1s) and a post created just after its URL was asked for stays
        404 for up to two seconds."""
        missing = "/2026/03/03/not-yet-written/"
        wrong_date = "/2026/01/04/watched/"  # right slug: 301 to the real URL
        # The writer's view: asks for the URL, then writes the post.
        self.assertEqual(self.blog.fetch(missing).status, 404)
        write_post(self.content, "2026-03-03-not-yet-written.md", "Now written",
                   "2026-03-03")
        took = poll_until(lambda: b"Now written" in self.blog.fetch(missing).body, 5)
        self.assertIsNotNone(took, self.stderr())
        record("new_url_visible_after_its_404_s", took)
        for uri, status in ((wrong_date, 301), ("/no/such/page/", 404)):
            with self.subTest(uri=uri):
                answer = fc.get(self.blog.socket, uri)
                self.assertEqual(answer.status, status, uri)
                self.assertEqual(fcgi_headers(answer).get("x-accel-expires"), "0",
                                 f"{uri} ({status}) would be cached by nginx")
        with self.subTest("nginx"):
            self.assertEqual(self.blog.fetch("/no/such/page/").status, 404)
            self.assertNotEqual(self.blog.fetch("/no/such/page/").header("x-cache-status"),
                                "HIT", "nginx cached a preview 404")
        self.assertLess(took, VISIBLE_LIMIT, "a post was hidden by nginx's cached 404")

    def test_burst_of_writes_ends_with_the_last_one(self):
        since = len(self.stderr())
        for i in range(20):
            write_raw(self.content, WATCHED, post_text(f"Burst {i}", "2026-01-05"))
            time.sleep(0.01)
        self.wait_shows(WATCHED_URL, "Burst 19", limit=3.0, name="burst_last_visible_s")
        time.sleep(0.8)  # past the watcher's max delay: nothing more to come
        self.assert_alive()
        r = self.page(WATCHED_URL)
        self.assertIn(b"Burst 19", r.body)
        imports = len(re.findall(r"^imported ", self.stderr()[since:], re.M))
        record("imports_for_20_writes", imports)
        self.assertGreaterEqual(imports, 1)
        self.assertLessEqual(imports, 10, "the writes were not debounced")

    def test_new_subfolders_are_watched(self):
        # The importer reads posts/ recursively (importer.cc MarkdownFiles).
        # Waits on the index (a 404 of the post's URL could be cached: see
        # test_error_responses_are_not_cached), then opens the page.
        write_raw(self.content, "2026/new-folder/2026-02-01-in-new-folder.md",
                  post_text("In a new folder", "2026-02-01"))
        self.wait_shows("/", "In a new folder", name="new_subfolder_visible_s")
        self.assertTrue(self.shows("/2026/02/01/in-new-folder/", "In a new folder"))
        # A whole tree moved in, then a file deep inside it edited: the
        # watcher must have added the tree's folders.
        outside = os.path.join(self.blog.dir, "drafts-elsewhere")
        deep = os.path.join(outside, "a", "b")
        os.makedirs(deep)
        with open(os.path.join(deep, "2026-02-02-moved-in.md"), "w") as f:
            f.write(post_text("Moved in", "2026-02-02"))
        os.rename(outside, os.path.join(self.content, "posts", "moved"))
        self.wait_shows("/", "Moved in")
        time.sleep(0.2)
        write_raw(self.content, "moved/a/b/2026-02-02-moved-in.md",
                  post_text("Moved in and edited", "2026-02-02"))
        self.wait_shows("/2026/02/02/moved-in/", "Moved in and edited",
                        name="edit_in_moved_tree_visible_s")
        shutil.rmtree(os.path.join(self.content, "posts", "moved"))
        self.wait_status("/2026/02/02/moved-in/", 404)
        self.assertEqual(self.page("/2026/02/01/in-new-folder/").status, 200)
        self.assert_alive()

    def test_sigterm_stops_the_watching_server(self):
        self.blog.server.send_signal(signal.SIGTERM)
        self.assertEqual(self.blog.server.wait(timeout=15), 0, self.stderr())


class WithoutWatchTest(unittest.TestCase):
    """A normal server: drafts and scheduled posts are 404, pages indexable."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.tmp = tempfile.mkdtemp(prefix="levelpress-e2e-content-")
        content = copy_sample(os.path.join(cls.tmp, "content"))
        write_post(content, WATCHED, "Watched v0", "2026-01-05")
        write_post(content, "2026-01-06-draft-notes.md", "Draft notes", "2026-01-06",
                   extra="draft: true\n", body=DRAFT_BODY)
        with open(os.path.join(content, "posts", DRAFT_PICTURE), "w") as f:
            f.write("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
        write_post(content, "2099-03-01-future-plans.md", "Future plans", "2099-03-01")
        cls.blog = Blog(content=content, cache="levelpress",
                        settings_extra="cache_seconds: 60\n", page_size=50).start()

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_draft_and_scheduled_are_404(self):
        self.assertEqual(self.blog.fetch(DRAFT_URL).status, 404)
        # A draft's pictures stay out of the public media folder.
        self.assertFalse(os.path.exists(os.path.join(
            self.blog.media, "content", "posts", DRAFT_PICTURE)))
        self.assertEqual(self.blog.fetch(SCHEDULED_URL).status, 404)
        index = self.blog.fetch("/")
        self.assertEqual(index.status, 200)
        self.assertNotIn(b"Future plans", index.body)
        self.assertNotIn(b"Draft notes", index.body)
        self.assertNotIn(b'class="post-status', index.body)

    def test_published_pages_are_indexable(self):
        for uri in ("/", WATCHED_URL):
            r = self.blog.fetch(uri)
            self.assertEqual(r.status, 200)
            self.assertNotIn(NOINDEX, r.body, uri)
            self.assertNotEqual(fcgi_headers(fc.get(self.blog.socket, uri))
                                .get("x-accel-expires"), "0", uri)


if __name__ == "__main__":
    unittest.main()
