"""End to end: LevelPress on a shared host, under a real Apache.

Two ways a shared host runs it, each with the shipped .htaccess
(scripts/apache/) in a private Apache (scripts/lib/apache.sh):
  cgi    levelpress.cgi, started once per request (mod_cgi);
  fcgid  levelpress.fcgi, started by mod_fcgid with the socket on fd 0 and
         kept running (one process: scripts/apache/fcgid.conf).
The binary is copied into the web root and finds levelpress.conf beside it;
the settings use paths relative to the settings file; the store and
templates lie outside the web root, theme/ and media/ inside it (Apache
serves those itself). As root, Apache's children run as www-data.
"""
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import BIN, ROOT, SAMPLE, Response, free_port, wait_for  # noqa: E402

APACHE = shutil.which("apache2") or ("/usr/sbin/apache2" if os.path.exists("/usr/sbin/apache2") else None)
MODULES = "/usr/lib/apache2/modules"
IS_ROOT = os.geteuid() == 0
POST = "/2023/09/27/migrating-to-bigint/"
SCRIPT = {"cgi": "levelpress.cgi", "fcgid": "levelpress.fcgi"}
PAGES = ["/", POST, "/tag/django/", "/tags/", "/page/2/"]


def missing(mode):
    """Why this mode cannot run here, or None."""
    if APACHE is None:
        return "apache2 is not installed (scripts/deps test installs it)"
    module = "mod_cgi.so" if mode == "cgi" else "mod_fcgid.so"
    if not os.path.exists(os.path.join(MODULES, module)):
        package = "apache2" if mode == "cgi" else "libapache2-mod-fcgid"
        return f"{MODULES}/{module} is missing: install {package} (scripts/deps test)"
    return None


def processes_mentioning(text):
    """(pid, command line) of every process whose command line contains text."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmd:
            found.append((int(pid), cmd.strip()))
    return found


class ApacheSite:
    """A web root, a store and a private Apache in one temporary folder:

        DIR/www/       the web root: .htaccess, levelpress.cgi|fcgi,
                       levelpress.conf, theme/ (a copy of templates/theme/),
                       media/ (written by the import)
        DIR/site/      outside the web root: templates/, store/
        DIR/apache/    apache2.conf, pid file, logs, mutexes, fcgid sockets
    """

    def __init__(self, mode):
        self.mode = mode
        # www-data must reach the folder: make it under /tmp, world-traversable.
        self.dir = tempfile.mkdtemp(prefix=f"levelpress-apache-{mode}-",
                                    dir="/tmp" if IS_ROOT else None)
        os.chmod(self.dir, 0o755)
        self.port = free_port()
        self.www = os.path.join(self.dir, "www")
        self.site = os.path.join(self.dir, "site")
        self.prefix = os.path.join(self.dir, "apache")
        self.script = os.path.join(self.www, SCRIPT[mode])
        self.config = os.path.join(self.www, "levelpress.conf")
        self.store = os.path.join(self.site, "store")
        self.apache = None
        os.makedirs(self.www)
        os.makedirs(self.site)
        shutil.copy2(BIN, self.script)  # a copy, as on a host: no symlink
        os.chmod(self.script, 0o755)
        shutil.copytree(os.path.join(ROOT, "templates"), os.path.join(self.site, "templates"))
        shutil.copytree(os.path.join(ROOT, "templates", "theme"), os.path.join(self.www, "theme"))
        with open(self.config, "w") as f:
            f.write('title: "Shared Host"\n'
                    f'base_url: "http://127.0.0.1:{self.port}"\n'
                    'time_zone: "UTC"\n'
                    "page_size: 5\n"
                    # Relative to this file.
                    'store_path: "../site/store"\n'
                    'templates_dir: "../site/templates"\n'
                    'media_dir: "media"\n')
        p = subprocess.run([BIN, "import", SAMPLE, "--config", self.config],
                           capture_output=True, text=True, timeout=60)
        if p.returncode != 0:
            raise AssertionError("levelpress import failed: " + p.stderr)
        if IS_ROOT:
            # LevelDB writes its LOCK file (and a new log) on every open.
            for top in (self.store, os.path.join(self.www, "media")):
                subprocess.run(["chown", "-R", "www-data:www-data", top], check=True)

    def start(self):
        subprocess.run(
            ["bash", "-c", 'source "$0/scripts/lib/apache.sh" && write_apache_conf "$@"',
             ROOT, self.prefix, str(self.port), self.www, self.mode], check=True)
        with open(os.path.join(self.prefix, "stderr.log"), "w") as err:
            self.apache = subprocess.Popen(
                [APACHE, "-d", self.prefix, "-f", os.path.join(self.prefix, "apache2.conf"),
                 "-DFOREGROUND"], stdout=subprocess.DEVNULL, stderr=err,
                # Its own process group: apache2 signals its whole group when
                # it stops, which would include this test.
                start_new_session=True,
                env={k: v for k, v in os.environ.items() if k != "LEVELPRESS_CONFIG"})
        wait_for(lambda: harness.port_open(self.port) or self.apache.poll() is not None,
                 timeout=15, what="apache2")
        if self.apache.poll() is not None:
            raise AssertionError("apache2 exited: " + self.logs())
        return self

    def stop(self):
        """Graceful stop; returns what is still running afterwards (killed)."""
        if self.apache and self.apache.poll() is None:
            self.apache.send_signal(signal.SIGWINCH)  # graceful-stop
            try:
                self.apache.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.apache.terminate()
                self.apache.wait(timeout=10)
        # mod_fcgid's and mod_cgi's children may take a moment after the parent.
        deadline = time.monotonic() + 10
        while processes_mentioning(self.dir) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = processes_mentioning(self.dir)
        for pid, _ in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        return left

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def logs(self):
        out = []
        for name in ("stderr.log", "logs/error.log"):
            try:
                with open(os.path.join(self.prefix, name)) as f:
                    out.append(f.read())
            except OSError:
                pass
        return "\n".join(out)

    def fetch(self, path, method="GET", headers=None, timeout=30):
        return harness.fetch(self.port, path, method, headers, timeout)


def burst(site, paths, n=20):
    """n requests at once (one thread each); [(path, Response or exception)]."""
    results = [None] * n
    start = threading.Barrier(n)

    def one(i):
        path = paths[i % len(paths)]
        try:
            start.wait(timeout=10)
            results[i] = (path, site.fetch(path, timeout=60))
        except Exception as e:  # noqa: BLE001
            results[i] = (path, e)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


class ApacheModeTests:
    """The checks both modes pass; subclasses set MODE."""
    MODE = None

    @classmethod
    def setUpClass(cls):
        cls.site = ApacheSite(cls.MODE)
        try:
            cls.site.start()
        except Exception:
            cls.site.stop()
            cls.site.remove()
            raise

    @classmethod
    def tearDownClass(cls):
        left = cls.site.stop()
        cls.site.remove()
        if left:
            raise AssertionError(f"still running after apache2 stopped: {left}")

    def fetch(self, *args, **kwargs):
        return self.site.fetch(*args, **kwargs)

    def assertPage(self, r, path):
        self.assertEqual(r.status, 200, f"{path}: {r.text[:300]}\n{self.site.logs()[-2000:]}")
        self.assertEqual(r.header("content-type"), "text/html; charset=utf-8", path)
        self.assertTrue(r.text.rstrip().endswith("</html>"), path)
        if r.header("content-length") is not None:
            self.assertEqual(int(r.header("content-length")), len(r.body), path)

    def test_index(self):
        r = self.fetch("/")
        self.assertPage(r, "/")
        links = re.findall(r'<h2 class="entry-title"><a href="([^"]+)">', r.text)
        self.assertEqual(len(links), 5)
        self.assertIn('rel="next" href="/page/2/"', r.text)
        self.assertIsNotNone(r.header("etag"))
        self.assertIsNotNone(r.header("last-modified"))

    def test_post_page_and_its_image(self):
        r = self.fetch(POST)
        self.assertPage(r, POST)
        self.assertIn("Migrating our database to BIGINT keys", r.text)
        self.assertIn('src="/media/content/posts/2023/bigint/diagram.svg"', r.text)
        img = self.fetch("/media/content/posts/2023/bigint/diagram.svg")
        self.assertEqual(img.status, 200)
        self.assertIn("image/svg+xml", img.header("content-type"))
        self.assertEqual(img.header("cache-control"), "public, max-age=86400")

    def test_tag_page(self):
        r = self.fetch("/tag/django/")
        self.assertPage(r, "/tag/django/")
        self.assertIn("testing-migrations-in-ci", r.text)
        self.assertIn("migrating-to-bigint", r.text)

    def test_health(self):
        r = self.fetch("/_health")
        self.assertEqual(r.status, 200)
        self.assertRegex(r.text, r"^ok generation=\d+\n$")
        self.assertEqual(r.header("cache-control"), "private, no-store")

    def test_theme_css_is_a_static_file_served_by_apache(self):
        r = self.fetch("/theme/style.css")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("content-type").startswith("text/css"))
        with open(os.path.join(ROOT, "templates", "theme", "style.css"), "rb") as f:
            self.assertEqual(r.body, f.read())
        # levelpress does not serve /theme/ (it would answer 404); these two
        # headers come from the .htaccess rule for existing static files.
        self.assertEqual(r.header("cache-control"), "public, max-age=86400")
        self.assertEqual(r.header("accept-ranges"), "bytes")
        self.assertNotIn("/theme/style.css", self.site.logs())

    def test_unknown_page_is_levelpress_404(self):
        r = self.fetch("/no/such/page/")
        self.assertEqual(r.status, 404)
        self.assertIn("Not found", r.text)
        self.assertEqual(r.header("content-type"), "text/html; charset=utf-8")
        # A missing theme file is a page request too: levelpress's 404.
        self.assertEqual(self.fetch("/theme/missing.css").status, 404)

    def test_settings_and_script_are_not_downloadable(self):
        r = self.fetch("/levelpress.conf")
        self.assertIn(r.status, (403, 404))
        self.assertNotIn(b"store_path", r.body)
        r = self.fetch("/" + SCRIPT[self.MODE])
        self.assertEqual(r.status, 404)
        self.assertNotIn(b"\x7fELF", r.body)
        self.assertEqual(self.fetch("/.htaccess").status, 403)

    def test_query_string_and_request_uri_are_kept(self):
        plain = self.fetch("/tags/")
        self.assertPage(plain, "/tags/")
        tracked = self.fetch("/tags/?utm_source=x")
        self.assertEqual(tracked.header("etag"), plain.header("etag"))
        self.assertEqual(self.fetch("/tags").status, 301)
        self.assertEqual(self.fetch("/tags").header("location"), "/tags/")

    def test_if_none_match_gives_304(self):
        first = self.fetch(POST)
        etag = first.header("etag")
        self.assertTrue(etag and etag.startswith('"'), etag)
        again = self.fetch(POST, headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.body, b"")
        self.assertEqual(again.header("etag"), etag)

    def test_head_has_no_body(self):
        get = self.fetch("/")
        head = self.fetch("/", method="HEAD")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")
        self.assertEqual(head.header("etag"), get.header("etag"))
        self.assertEqual(head.header("content-type"), "text/html; charset=utf-8")
        # A second request on a fresh connection is not confused by the HEAD.
        self.assertPage(self.fetch("/"), "/")

    def check_burst(self, allow_busy):
        reference = {p: self.fetch(p).body for p in PAGES}
        results = burst(self.site, PAGES, 20)
        busy = 0
        for path, r in results:
            self.assertIsInstance(r, Response, f"{path}: {r!r}")
            if r.status == 503 and allow_busy:
                busy += 1
                self.assertEqual(r.header("retry-after"), "1", path)
                self.assertIn("busy", r.text)
            else:
                self.assertPage(r, path)
                self.assertEqual(r.body, reference[path], f"{path}: a different or cut body")
        return busy

    def test_stop_leaves_nothing_running(self):
        site = ApacheSite(self.MODE)
        self.addCleanup(site.remove)
        try:
            site.start()
            for path, r in burst(site, PAGES, 8):
                self.assertIsInstance(r, Response, f"{path}: {r!r}")
            self.assertTrue(processes_mentioning(site.dir), "apache2 is not running?")
            if self.MODE == "fcgid":
                self.assertTrue(processes_mentioning(site.script), "no levelpress.fcgi running")
        finally:
            left = site.stop()
        self.assertEqual(left, [], "still running after a graceful stop")
        self.assertIsNotNone(site.apache.returncode)
        if self.MODE == "fcgid":
            # mod_fcgid sent SIGTERM and levelpress finished cleanly.
            self.assertIn("info stopped", site.logs())


@unittest.skipIf(missing("cgi"), missing("cgi"))
class ApacheCgiTest(ApacheModeTests, unittest.TestCase):
    MODE = "cgi"

    def test_20_concurrent_requests_are_200_or_clean_503(self):
        for _ in range(3):
            busy = self.check_burst(allow_busy=True)
            self.assertLess(busy, 20, "every request was turned away")
        self.assertNotIn("Premature end of script headers", self.site.logs())
        self.assertNotIn("malformed header", self.site.logs())

    def test_locked_store_answers_503_with_retry_after(self):
        # Hold LevelDB's lock the way another levelpress process would.
        fd = os.open(os.path.join(self.site.store, "LOCK"), os.O_RDWR)
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            started = time.monotonic()
            r = self.fetch(POST)
            waited = time.monotonic() - started
        finally:
            os.close(fd)  # releases the lock
        self.assertEqual(r.status, 503)
        self.assertEqual(r.header("retry-after"), "1")
        self.assertEqual(r.header("cache-control"), "no-store")
        self.assertIn("busy", r.text)
        self.assertGreater(waited, 1.0)  # it waited for the lock first
        self.assertIn(f"in use by process {os.getpid()}", self.site.logs())
        self.assertPage(self.fetch(POST), POST)  # and recovers at once


@unittest.skipIf(missing("fcgid"), missing("fcgid"))
class ApacheFcgidTest(ApacheModeTests, unittest.TestCase):
    MODE = "fcgid"

    def test_20_concurrent_requests_are_all_200(self):
        self.check_burst(allow_busy=False)

    def test_one_levelpress_process(self):
        burst(self.site, PAGES, 20)
        procs = processes_mentioning(self.site.script)
        self.assertEqual(len(procs), 1, procs)
        self.assertRegex(self.site.logs(), r"info serving \S+/site/store with \d+ threads")


if __name__ == "__main__":
    unittest.main()
