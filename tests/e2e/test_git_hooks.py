"""End to end: push-to-publish with scripts/git-hooks/.

A real bare repository with the hooks (symlinked), a clone, `git push`:
pre-receive refuses content with errors (`levelpress import --dry-run`),
post-receive publishes (`levelpress import --prune`) into a running
`levelpress serve` behind nginx with its page cache on.
"""
import os
import re
import shutil
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import BIN, ROOT, Blog, copy_sample, write_post  # noqa: E402

HOOKS = os.path.join(ROOT, "scripts", "git-hooks")
NEWEST_SAMPLE_TITLE = "A backup you have not restored is not a backup"


class Repo:
    """A bare repository with the LevelPress hooks, and a clone of it."""

    def __init__(self, blog, subdir=None):
        self.bare = os.path.join(blog.dir, "blog.git")
        self.clone = os.path.join(blog.dir, "clone")
        self.home = os.path.join(blog.dir, "home")
        os.makedirs(self.home)
        self.env = dict(os.environ, HOME=self.home, GIT_CONFIG_NOSYSTEM="1",
                        GIT_TERMINAL_PROMPT="0", LC_ALL="C")
        self.git("init", "-q", "--bare", "-b", "main", self.bare)
        for hook in ("pre-receive", "post-receive"):
            os.symlink(os.path.join(HOOKS, hook), os.path.join(self.bare, "hooks", hook))
        self.git("-C", self.bare, "config", "levelpress.bin", BIN)
        self.git("-C", self.bare, "config", "levelpress.config", blog.config)
        # The hooks' temporary folders, to see that they are removed.
        self.tmpdir = os.path.join(blog.dir, "hook-tmp")
        os.makedirs(self.tmpdir)
        self.git("-C", self.bare, "config", "levelpress.tmpdir", self.tmpdir)
        if subdir:
            self.git("-C", self.bare, "config", "levelpress.dir", subdir)
        self.git("-c", "protocol.file.allow=always", "clone", "-q", self.bare, self.clone)
        self.git("-C", self.clone, "config", "user.email", "e2e@example.com")
        self.git("-C", self.clone, "config", "user.name", "E2E")

    def git(self, *args, check=True):
        p = subprocess.run(["git", *args], capture_output=True, text=True,
                           env=self.env, timeout=30)
        if check and p.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
        return p

    def commit(self, message):
        self.git("-C", self.clone, "add", "-A")
        self.git("-C", self.clone, "commit", "-q", "-m", message)

    def push(self, *refspec, check=True):
        return self.git("-C", self.clone, "push", "origin", *(refspec or ["main"]), check=check)

    def rev(self, ref):
        return self.git("-C", self.bare, "rev-parse", ref).stdout.strip()


class GitHooksTest(unittest.TestCase):
    def wait_for_page(self, blog, path, predicate, limit=3.0, started=None):
        """Seconds from started (default now) until predicate(response)."""
        started = started if started is not None else time.monotonic()
        while True:
            r = blog.fetch(path)
            if predicate(r):
                return time.monotonic() - started
            if time.monotonic() - started > limit:
                self.fail(f"{path} did not change within {limit} s "
                          f"(status {r.status}, X-Cache-Status {r.header('x-cache-status')})")
            time.sleep(0.02)

    def test_push_to_publish(self):
        blog = Blog(content=None, cache="levelpress")
        self.addCleanup(blog.stop)
        # serve needs a store: start from an empty one.
        os.makedirs(os.path.join(blog.dir, "empty", "posts"))
        blog.levelpress("import", os.path.join(blog.dir, "empty"))
        blog.start()
        repo = Repo(blog)

        # The sample blog, pushed, is on the blog.
        sample = copy_sample(os.path.join(blog.dir, "sample"))
        shutil.copytree(sample, repo.clone, dirs_exist_ok=True)
        repo.commit("The sample blog")
        p = repo.push()
        self.assertIn("published main", p.stderr)
        self.assertNotIn("levelpress-publish.", p.stderr)  # no temporary path
        self.wait_for_page(blog, "/", lambda r: NEWEST_SAMPLE_TITLE in r.text, limit=3)

        # A new post is on / through nginx's cache within about a second.
        for _ in range(2):  # the cache holds /
            blog.fetch("/")
        self.assertIn(blog.fetch("/").header("x-cache-status"), ("HIT", "REVALIDATED"))
        write_post(repo.clone, "2025/pushed-live.md", "Pushed Live Post", "2025-09-01T10:00:00Z")
        repo.commit("A new post")
        started = time.monotonic()
        repo.push()
        pushed = time.monotonic() - started
        live = self.wait_for_page(blog, "/", lambda r: "Pushed Live Post" in r.text,
                                  limit=3, started=started)
        sys.stderr.write(f"\npush-to-live: {live:.3f} s (git push itself {pushed:.3f} s)\n")
        self.assertLess(live, 3.0)
        # Carried out by the running server, through its control socket.
        self.assertRegex(blog.server_log(), r"control: import --prune .*: exit 0")
        listing = blog.levelpress("list").stdout
        url = re.search(r"(/\S+/)\s+Pushed Live Post", listing).group(1)
        self.assertEqual(blog.fetch(url).status, 200)

        # A broken post: the push is refused with a repository-relative
        # FILE:LINE, and the blog is unchanged.
        published = repo.rev("main")
        write_post(repo.clone, "2025/broken.md", "Broken Post Title", "2025-13-45")
        repo.commit("A broken post")
        p = repo.push(check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertRegex(p.stderr, r"remote: posts/2025/broken\.md:3: date: ")
        self.assertIn("push rejected", p.stderr)
        self.assertIn("pre-receive hook declined", p.stderr)
        self.assertNotIn("levelpress-check.", p.stderr)  # no temporary path
        self.assertEqual(repo.rev("main"), published)
        time.sleep(0.3)
        home = blog.fetch("/").text
        self.assertNotIn("Broken Post Title", home)
        self.assertIn("Pushed Live Post", home)
        self.assertNotIn("Broken Post Title", blog.levelpress("list", "--all").stdout)
        repo.git("-C", repo.clone, "reset", "-q", "--hard", "HEAD~1")

        # A post deleted in git is gone from the blog (prune).
        repo.git("-C", repo.clone, "rm", "-q", "posts/2025/pushed-live.md")
        repo.commit("Remove a post")
        p = repo.push()
        self.assertRegex(p.stderr, r"1 removed")
        self.wait_for_page(blog, "/", lambda r: "Pushed Live Post" not in r.text
                           and NEWEST_SAMPLE_TITLE in r.text, limit=3)
        self.wait_for_page(blog, url, lambda r: r.status == 404, limit=3)

        # Another branch is accepted and publishes nothing.
        repo.git("-C", repo.clone, "checkout", "-q", "-b", "drafts")
        write_post(repo.clone, "2025/draft-branch.md", "Other Branch Post", "2025-10-01T10:00:00Z")
        write_post(repo.clone, "2025/broken-draft.md", "Broken Draft", "not a date")
        repo.commit("Work in progress")
        p = repo.push("drafts")
        self.assertNotIn("remote:", p.stderr)
        time.sleep(0.3)
        self.assertNotIn("Other Branch Post", blog.fetch("/").text)
        self.assertNotIn("Other Branch Post", blog.levelpress("list", "--all").stdout)

        # The publishing branch cannot be deleted.
        p = repo.push(":main", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("push rejected", p.stderr)
        self.assertIn("main", repo.git("-C", repo.bare, "branch", "--list", "main").stdout)

        # Every temporary folder is gone.
        self.assertEqual(os.listdir(repo.tmpdir), [])

    def test_content_in_a_subfolder(self):
        """levelpress.dir: errors name the file from the repository's root."""
        blog = Blog(content=None)
        self.addCleanup(blog.stop)
        repo = Repo(blog, subdir="site")
        copy_sample(os.path.join(repo.clone, "site"))
        with open(os.path.join(repo.clone, "README"), "w") as f:
            f.write("not content\n")
        repo.commit("The sample blog under site/")
        repo.push()  # no server: the hook imports offline
        self.assertIn(NEWEST_SAMPLE_TITLE, blog.levelpress("list").stdout)
        with open(os.path.join(repo.clone, "site", "posts", "untitled.md"), "w") as f:
            # An empty title is an error (a missing one is taken from the
            # file name, with a warning).
            f.write('---\ntitle: ""\ndate: 2025-09-01T10:00:00Z\nauthor: anna-keller\n---\nBody.\n')
        repo.commit("A post with an empty title")
        p = repo.push(check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertRegex(p.stderr, r"remote: site/posts/untitled\.md:\d+: title: ")
        self.assertIn("push rejected", p.stderr)
        self.assertEqual(os.listdir(repo.tmpdir), [])

    def test_unconfigured_repository_refuses_the_publishing_branch(self):
        blog = Blog(content=None)
        self.addCleanup(blog.stop)
        repo = Repo(blog)
        repo.git("-C", repo.bare, "config", "--unset", "levelpress.config")
        write_post(repo.clone, "a.md", "A", "2025-01-01T10:00:00Z")
        repo.commit("A post")
        p = repo.push(check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("levelpress.config", p.stderr)
        p = repo.push("main:other")  # other branches are not the blog's business
        self.assertEqual(p.returncode, 0)


if __name__ == "__main__":
    unittest.main()
