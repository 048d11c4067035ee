"""End to end: template errors at start-up, and SIGHUP reloads."""
import os
import shutil
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, ROOT, Blog  # noqa: E402


class ReloadTest(unittest.TestCase):
    def setUp(self):
        self.blog = Blog()
        self.addCleanup(self.blog.stop)
        self.templates = os.path.join(self.blog.dir, "templates")
        shutil.copytree(os.path.join(ROOT, "templates"), self.templates)
        with open(self.blog.config) as f:
            text = f.read().replace(f"{ROOT}/templates", self.templates)
        with open(self.blog.config, "w") as f:
            f.write(text)

    def set_title(self, title):
        with open(self.blog.config) as f:
            text = f.read().replace('title: "E2E Blog"', f'title: "{title}"')
        with open(self.blog.config, "w") as f:
            f.write(text)

    def break_template(self):
        with open(os.path.join(self.templates, "list.tpl"), "a") as f:
            f.write("{{#ENTRY}} never closed\n")

    def test_template_error_stops_startup_with_file_and_line(self):
        self.break_template()
        p = subprocess.run([BIN, "serve", "--config", self.blog.config, "--socket", self.blog.socket],
                           capture_output=True, text=True, timeout=20)
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr, r"list\.tpl:\d+: section ENTRY is never closed")
        self.assertFalse(os.path.exists(self.blog.socket))

    def test_sighup_reloads_settings_and_keeps_serving(self):
        self.blog.start()
        self.assertIn(b"E2E Blog", self.blog.fetch("/").body)
        self.set_title("Reloaded Blog")
        self.blog.server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while b"Reloaded Blog" not in self.blog.fetch("/").body:
            self.assertLess(time.monotonic(), deadline, "reload not seen")
            time.sleep(0.05)
        # A broken template on reload: keep the running configuration.
        self.break_template()
        self.blog.server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 5
        while "reload failed" not in self.blog.server_log():
            self.assertLess(time.monotonic(), deadline, "no reload error logged")
            time.sleep(0.05)
        r = self.blog.fetch("/")
        self.assertEqual(r.status, 200)
        self.assertIn(b"Reloaded Blog", r.body)
        self.assertIn("list.tpl:", self.blog.server_log())
        self.assertEqual(self.blog.stop_server(), 0)


if __name__ == "__main__":
    unittest.main()
