"""End to end: `cmake --install` lays out a server that runs as installed.

The installed binary, templates, nginx configuration and warm-cache script
serve the sample blog behind a real nginx; the systemd units pass
`systemd-analyze verify` (systemd itself is not running here).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import BIN, ROOT, SAMPLE, wait_for  # noqa: E402


class InstallTest(unittest.TestCase):
    def setUp(self):
        self.prefix = tempfile.mkdtemp(prefix="levelpress-install-")
        self.addCleanup(shutil.rmtree, self.prefix, True)
        build_dir = os.path.dirname(os.path.abspath(BIN))
        subprocess.run(["cmake", "--install", build_dir, "--prefix", self.prefix],
                       check=True, capture_output=True, timeout=120)
        self.share = os.path.join(self.prefix, "share", "levelpress")

    def test_layout(self):
        for path in ["bin/levelpress", "lib/levelpress/levelpress-search.so",
                     "share/levelpress/templates/page.tpl",
                     "share/levelpress/templates/theme/style.css",
                     "share/levelpress/nginx/site.conf.in", "share/levelpress/nginx/http.conf.in",
                     "share/levelpress/systemd/levelpress.service",
                     "share/levelpress/systemd/levelpress.socket",
                     "share/levelpress/scripts/warm-cache",
                     "share/levelpress/levelpress.conf.example",
                     "share/levelpress/git-hooks/pre-receive",
                     "share/levelpress/git-hooks/post-receive"]:
            self.assertTrue(os.path.exists(os.path.join(self.prefix, path)), path)
        for hook in ["pre-receive", "post-receive"]:
            path = os.path.join(self.share, "git-hooks", hook)
            self.assertTrue(os.access(path, os.X_OK), path + " is not executable")

    @unittest.skipUnless(shutil.which("systemd-analyze"), "systemd-analyze not installed")
    def test_systemd_units_verify(self):
        units = tempfile.mkdtemp(prefix="levelpress-units-")
        self.addCleanup(shutil.rmtree, units, True)
        with open(os.path.join(self.share, "systemd", "levelpress.service")) as f:
            service = f.read().replace("@BINDIR@", os.path.join(self.prefix, "bin"))
        with open(os.path.join(units, "levelpress.service"), "w") as f:
            f.write(service)
        shutil.copy(os.path.join(self.share, "systemd", "levelpress.socket"), units)
        p = subprocess.run(["systemd-analyze", "verify",
                            os.path.join(units, "levelpress.socket"),
                            os.path.join(units, "levelpress.service")],
                           capture_output=True, text=True, timeout=60)
        errors = [l for l in p.stderr.splitlines()
                  if "levelpress" in l and "user" not in l.lower()]
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(errors, [])

    def test_installed_files_serve_the_blog(self):
        binary = os.path.join(self.prefix, "bin", "levelpress")
        blog = harness.Blog.__new__(harness.Blog)
        # A Blog whose binary, templates and nginx files are the installed ones.
        old_bin, old_root = harness.BIN, harness.ROOT
        harness.BIN = binary
        try:
            blog.__init__(content=None)
            with open(blog.config) as f:
                text = f.read().replace(f"{ROOT}/templates", os.path.join(self.share, "templates"))
            with open(blog.config, "w") as f:
                f.write(text)
            blog.levelpress("import", SAMPLE)
            blog.start_server()
        finally:
            harness.BIN = old_bin
        self.addCleanup(blog.stop)
        prefix = os.path.join(blog.dir, "nginx")
        os.makedirs(os.path.join(prefix, "tmp"))
        subst = {"@LISTEN@": f"127.0.0.1:{blog.port}", "@SERVER_NAME@": "localhost",
                 "@SOCKET@": blog.socket, "@THEME_DIR@": os.path.join(self.share, "templates", "theme"),
                 "@MEDIA_DIR@": blog.media, "@CACHE@": "levelpress",
                 "@NGINX_DIR@": os.path.join(self.share, "nginx"),
                 "@CACHE_DIR@": os.path.join(prefix, "cache"), "@PREFIX@": prefix,
                 "@USER_LINE@": "user root;" if os.getuid() == 0 else "", "@EXTRA@": ""}
        for name, out in [("site.conf.in", "site.conf"), ("http.conf.in", "http.conf"),
                          ("local.conf.in", "nginx.conf")]:
            src = os.path.join(self.share, "nginx", name)
            with open(src) as f:
                text = f.read()
            for k, v in subst.items():
                text = text.replace(k, v)
            with open(os.path.join(prefix, out), "w") as f:
                f.write(text)
        blog.nginx = subprocess.Popen(["nginx", "-p", prefix, "-c", os.path.join(prefix, "nginx.conf"),
                                       "-e", os.path.join(prefix, "error.log")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: harness.port_open(blog.port), what="nginx")
        self.assertEqual(blog.fetch("/").status, 200)
        self.assertEqual(blog.fetch("/theme/style.css").status, 200)
        # The installed binary finds its search module in ../lib/levelpress/.
        search = blog.fetch("/search/?q=autovacuum")
        self.assertEqual(search.status, 200, search.text[:300])
        self.assertIn("<mark>", search.text)
        self.assertEqual(blog.fetch("/_health").status, 200)
        warm = subprocess.run([os.path.join(self.share, "scripts", "warm-cache"),
                               f"http://127.0.0.1:{blog.port}"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(warm.returncode, 0, warm.stderr)
        self.assertIn(" 0 failures", warm.stdout)


if __name__ == "__main__":
    unittest.main()
