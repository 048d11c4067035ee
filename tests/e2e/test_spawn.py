"""End to end: `levelpress serve` started by spawn-fcgi (the socket on fd 0)."""
import os
import signal
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, Blog, wait_for  # noqa: E402


class SpawnFcgiTest(unittest.TestCase):
    def run_spawned(self, *program):
        blog = Blog()
        self.addCleanup(blog.stop)
        # -n: no fork, spawn-fcgi execs levelpress, so this pid is levelpress.
        proc = subprocess.Popen(
            ["spawn-fcgi", "-n", "-s", blog.socket, "-M", "0660", "--", BIN, *program,
             "--config", blog.config] if program else
            ["spawn-fcgi", "-n", "-s", blog.socket, "-M", "0660", "--", BIN],
            env={**os.environ, "LEVELPRESS_CONFIG": blog.config},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        blog.server = proc
        wait_for(lambda: os.path.exists(blog.socket) or proc.poll() is not None, what="socket")
        self.assertIsNone(proc.poll(), "spawn-fcgi exited")
        blog.start_nginx()
        return blog, proc

    def check_serves(self, blog, proc):
        self.assertEqual(blog.fetch("/").status, 200)
        self.assertIn(b"Migrating our database", blog.fetch("/2023/09/27/migrating-to-bigint/").body)
        self.assertEqual(blog.fetch("/_health").status, 200)
        self.assertEqual(blog.fetch("/nope/").status, 404)
        proc.send_signal(signal.SIGTERM)
        self.assertEqual(proc.wait(timeout=15), 0)

    def test_serve_subcommand_takes_the_socket_on_fd0(self):
        self.check_serves(*self.run_spawned("serve"))

    def test_bare_binary_detects_the_socket_and_finds_config_in_environment(self):
        self.check_serves(*self.run_spawned())

    def test_serve_without_a_socket_is_a_usage_error(self):
        blog = Blog(content=None)
        self.addCleanup(blog.stop)
        p = subprocess.run([BIN, "serve", "--config", blog.config], capture_output=True,
                           text=True, timeout=20, stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 2)
        self.assertIn("--socket", p.stderr)


if __name__ == "__main__":
    unittest.main()
