"""End to end: a server killed (SIGKILL) while it carries out an import.

While `serve` runs, `levelpress import` is carried out by the server through
<store>/control.sock, as ONE LevelDB write batch committed with sync: all or
nothing. Many times over: import one of several content versions through
the running server, SIGKILL the server at a random moment (mid-import, or
after the import returned), restart it, and check that

- the store opens (serve starts and answers; nothing to repair) and
  `levelpress check` (through the new server) exits 0;
- the content is EXACTLY one version: the one the import was about when
  the client got exit status 0, else the previous one or (the kill came
  after the commit, before the client read the answer) the new one, never
  a mix;
- a client whose server died mid-command says so and exits 1.

The outcome counts are printed at the end (stderr). LEVELPRESS_CRASH_RUNS
and LEVELPRESS_CRASH_SEED change the number of runs and the random seed.
"""
import collections
import os
import random
import re
import signal
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fcgi_client as fc  # noqa: E402
from harness import BIN, Blog, write_post  # noqa: E402

RUNS = int(os.environ.get("LEVELPRESS_CRASH_RUNS", "50"))
SEED = int(os.environ.get("LEVELPRESS_CRASH_SEED", str(int(time.time()))))
POSTS = [300, 312, 324, 336, 348]  # per version: a prune is visible too
STOPPED = "the server stopped before it finished the command"
VIA_SERVER = "carried out by the running server"
TITLE = re.compile(r"\bV(\d) post (\d+)\b")
# ~15 KB of Markdown a post: an import takes a few tenths of a second.
BODY = ("A paragraph with *emphasis*, `code` and a [link](https://example.com/). "
        * 20 + "\n\n") * 10


def generate(folder, version, count):
    os.makedirs(os.path.join(folder, "authors"))
    with open(os.path.join(folder, "authors", "anna-keller.md"), "w") as f:
        f.write('---\nname: "Anna Keller"\n---\nWrites.\n')
    for i in range(count):
        # Same slugs in every version (a change), plus a few more per version.
        day = 1 + i // 24
        write_post(folder, f"2024-01-{day:02d}-post-{i:04d}.md", f"V{version} post {i}",
                   f"2024-01-{day:02d}T{i % 24:02d}:{version:02d}:00",
                   tags=[f"tag-{i % 9}", f"v{version}"],
                   body=f"Version {version}, post {i}.\n\n" + BODY)
    return folder


def accepts(path):
    """True when a server accepts connections on the Unix socket path."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.settimeout(1)
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


class PublishCrashTest(unittest.TestCase):
    def setUp(self):
        self.blog = Blog(content=None)
        self.addCleanup(self.stop_all)
        self.versions = [generate(os.path.join(self.blog.dir, f"v{k}"), k, n)
                         for k, n in enumerate(POSTS)]
        self.stderr_path = os.path.join(self.blog.dir, "serve.stderr")
        self.client = None

    def stop_all(self):
        if self.client and self.client.poll() is None:
            self.client.kill()
            self.client.wait(timeout=10)
        self.blog.stop()

    # --- helpers -------------------------------------------------------------
    def serve_stderr(self):
        with open(self.stderr_path) as f:
            return f.read()

    def start_server(self):
        """serve on the store; waits until it answers FastCGI (the sockets a
        killed server left behind must not fool the wait)."""
        with open(self.stderr_path, "w") as stderr:
            self.blog.server = subprocess.Popen(
                [BIN, "serve", "--config", self.blog.config, "--socket",
                 self.blog.socket, "--threads", "2"],
                stdout=subprocess.DEVNULL, stderr=stderr)
        deadline = time.monotonic() + 30
        while True:
            self.assertIsNone(self.blog.server.poll(),
                              "serve did not start: " + self.serve_stderr())
            if accepts(self.blog.socket):
                answer = fc.get(self.blog.socket, "/", timeout=10)
                self.assertTrue(answer.ended, "no answer from the new server")
                self.assertIn(answer.status, (None, 200), answer.stdout[:300])
                break
            self.assertLess(time.monotonic(), deadline, "serve never answered")
            time.sleep(0.02)
        # The control socket answers too (else `levelpress check` below would
        # open the store itself and fail: the server holds it).
        deadline = time.monotonic() + 10
        while not os.path.exists(os.path.join(self.blog.dir, "store", "control.sock")):
            self.assertLess(time.monotonic(), deadline, "no control socket")
            time.sleep(0.02)

    def import_in_server(self, version):
        return subprocess.Popen(
            [BIN, "import", "--prune", "--verbose", self.versions[version],
             "--config", self.blog.config],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def content_version(self, context):
        """The one version the running server's store holds; fails on a mix."""
        check = self.blog.levelpress("check", "--verbose", check=False)
        self.assertEqual(check.returncode, 0, f"{context}: check: {check.stdout}{check.stderr}")
        self.assertIn(VIA_SERVER, check.stderr, f"{context}: check did not go to the server")
        self.assertIn(": ok (", check.stdout, context)
        listed = self.blog.levelpress("list", "--all", check=False)
        self.assertEqual(listed.returncode, 0, f"{context}: list: {listed.stderr}")
        lines = listed.stdout.splitlines()
        found = [TITLE.search(line) for line in lines]
        self.assertTrue(all(found), f"{context}: unexpected posts: {listed.stdout[:500]}")
        versions = collections.Counter(int(m.group(1)) for m in found)
        self.assertEqual(len(versions), 1, f"{context}: a mix of versions: {dict(versions)}")
        version = next(iter(versions))
        numbers = sorted(int(m.group(2)) for m in found)
        self.assertEqual(numbers, list(range(POSTS[version])),
                         f"{context}: version {version} incomplete")
        self.assertIn(f"({POSTS[version]} posts,", check.stdout, context)
        # And what readers get: the newest post of that version on /.
        index = fc.get(self.blog.socket, "/")
        shown = {int(v) for v, _ in TITLE.findall(index.body.decode("utf-8", "replace"))}
        self.assertEqual(shown, {version}, f"{context}: / shows versions {shown}")
        self.assertIn(f"V{version} post {POSTS[version] - 1}".encode(), index.body, context)
        return version

    # --- the test ----------------------------------------------------------------
    def test_kill_during_import_leaves_old_or_new_content(self):
        rng = random.Random(SEED)
        started = time.monotonic()
        self.blog.levelpress("import", self.versions[0])  # offline: no server yet
        self.start_server()
        self.assertEqual(self.content_version("start"), 0)
        # How long an import through the server takes here: kills are drawn
        # over that span, so that they land before, during and after commit.
        durations = []
        for k in (1, 0):
            t = time.monotonic()
            p = self.import_in_server(k)
            out, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 0, err)
            self.assertIn(VIA_SERVER, err)
            durations.append(time.monotonic() - t)
        span = min(max(durations), 1.5)  # a loaded machine: keep the test short
        current = 0
        outcomes = collections.Counter()
        for run in range(RUNS):
            context = f"run {run} (seed {SEED})"
            k = rng.choice([v for v in range(len(POSTS)) if v != current])
            wait_for_answer = rng.random() < 0.2
            delay = rng.uniform(0, 0.05) if wait_for_answer else rng.uniform(0, 1.2 * span)
            self.client = self.import_in_server(k)
            if wait_for_answer:
                self.client.wait(timeout=60)
            time.sleep(delay)
            returned_before_kill = self.client.poll() is not None
            self.blog.server.send_signal(signal.SIGKILL)
            self.blog.server.wait(timeout=10)
            out, err = self.client.communicate(timeout=60)
            rc = self.client.returncode
            self.client = None
            via_server = VIA_SERVER in err

            self.start_server()  # the store opens after the kill
            # Nothing to say at start-up: no repair, no corruption, no warning.
            self.assertEqual(self.serve_stderr().strip(), "", context)
            got = self.content_version(context)

            if rc == 0:
                # The client has the answer (or, connecting after the kill,
                # ran the import itself): the new content, whatever happened.
                self.assertEqual(got, k, f"{context}: import of v{k} returned 0, "
                                 f"store holds v{got}; client: {err}")
                if not via_server:
                    case = "client came after the kill, imported itself"
                elif returned_before_kill:
                    case = "import returned 0 before the kill -> new"
                else:
                    case = "answer read after the kill -> new"
            else:
                self.assertEqual(rc, 1, f"{context}: client exit {rc}: {err}")
                self.assertTrue(via_server, f"{context}: {err}")
                self.assertIn(STOPPED, err, f"{context}: no clear message: {err}")
                self.assertIn(got, (current, k), context)
                case = ("in flight, killed before commit -> old" if got == current else
                        "in flight, committed, answer lost -> new")
            outcomes[case] += 1
            current = got
        elapsed = time.monotonic() - started
        self.assertEqual(self.blog.stop_server(), 0)
        print(f"\n[test_publish_crash] {RUNS} runs in {elapsed:.1f} s (seed {SEED}, "
              f"import through the server ~{span:.2f} s):", file=sys.stderr)
        for case, n in sorted(outcomes.items()):
            print(f"[test_publish_crash]   {n:3d}  {case}", file=sys.stderr)
        self.assertEqual(sum(outcomes.values()), RUNS)
        in_flight = sum(n for case, n in outcomes.items() if case.startswith("in flight"))
        self.assertGreaterEqual(in_flight, min(3, RUNS // 10),
                                "almost no kill landed during an import")


if __name__ == "__main__":
    unittest.main()
