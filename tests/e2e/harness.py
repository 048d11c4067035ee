"""End-to-end harness: a real `levelpress serve` behind a real nginx.

Each Blog gets its own temporary folder, loopback port and socket, so
tests run in parallel without colliding. Everything it starts is stopped
by stop() (tests call it from tearDown/addCleanup).
"""
import http.client
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("LEVELPRESS_BIN", os.path.join(ROOT, "build", "levelpress"))
SAMPLE = os.path.join(ROOT, "data", "content")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    """True when something accepts connections on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_for(predicate, timeout=10.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case names
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        return self.headers.get(name.lower())


class Blog:
    def __init__(self, content=SAMPLE, cache="off", settings_extra="", page_size=5):
        self.dir = tempfile.mkdtemp(prefix="levelpress-e2e-")
        self.port = free_port()
        self.socket = os.path.join(self.dir, "levelpress.sock")
        self.media = os.path.join(self.dir, "media")
        self.config = os.path.join(self.dir, "levelpress.conf")
        self.cache = cache
        self.server = None
        self.nginx = None
        # nginx keeps FastCGI connections open between requests, as shipped;
        # a test may turn that off to see each request on its own connection.
        self.upstream_keepalive = True
        # A test may change the nginx site configuration (text -> text)
        # before nginx starts, e.g. to include redirects a converter wrote.
        self.edit_site_conf = None
        with open(self.config, "w") as f:
            f.write(
                'title: "E2E Blog"\n'
                f'base_url: "http://127.0.0.1:{self.port}"\n'
                'time_zone: "UTC"\n'
                f"page_size: {page_size}\n"
                f'store_path: "{self.dir}/store"\n'
                f'media_dir: "{self.media}"\n'
                f'templates_dir: "{ROOT}/templates"\n'
                f'log_file: "{self.dir}/levelpress.log"\n' + settings_extra)
        if content:
            self.levelpress("import", content)

    # --- processes -------------------------------------------------------
    def levelpress(self, *args, check=True):
        p = subprocess.run([BIN, *args, "--config", self.config],
                           capture_output=True, text=True, timeout=60)
        if check and p.returncode != 0:
            raise AssertionError(f"levelpress {' '.join(args)} failed: {p.stderr}")
        return p

    def start_server(self, threads=4):
        with open(os.path.join(self.dir, "serve.stderr"), "w") as stderr:
            self.server = subprocess.Popen(
                [BIN, "serve", "--config", self.config, "--socket", self.socket,
                 "--threads", str(threads)],
                stdout=subprocess.DEVNULL, stderr=stderr)
        wait_for(lambda: os.path.exists(self.socket) or self.server.poll() is not None,
                 what="levelpress socket")
        if self.server.poll() is not None:
            with open(os.path.join(self.dir, "serve.stderr")) as f:
                raise AssertionError("levelpress serve exited: " + f.read())

    def stop_server(self, sig=signal.SIGTERM, timeout=15):
        if self.server and self.server.poll() is None:
            self.server.send_signal(sig)
            self.server.wait(timeout=timeout)
        return self.server.returncode if self.server else None

    def start_nginx(self):
        prefix = os.path.join(self.dir, "nginx")
        subprocess.run(
            ["bash", "-c", 'source "$0/scripts/lib/nginx.sh" && write_nginx_conf "$@"',
             ROOT, prefix, f"127.0.0.1:{self.port}", self.socket, self.media, self.cache],
            check=True)
        if not self.upstream_keepalive:
            site = os.path.join(prefix, "site.conf")
            with open(site) as f:
                text = f.read()
            text = text.replace("keepalive 16;", "").replace("fastcgi_keep_conn on;", "")
            with open(site, "w") as f:
                f.write(text)
        if self.edit_site_conf:
            site = os.path.join(prefix, "site.conf")
            with open(site) as f:
                text = self.edit_site_conf(f.read())
            with open(site, "w") as f:
                f.write(text)
        self.nginx = subprocess.Popen(
            ["nginx", "-p", prefix, "-c", os.path.join(prefix, "nginx.conf"),
             "-e", os.path.join(prefix, "error.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: port_open(self.port) or self.nginx.poll() is not None, what="nginx")
        if self.nginx.poll() is not None:
            raise AssertionError("nginx exited: " + self.nginx_error_log())

    def start(self, threads=4):
        self.start_server(threads)
        self.start_nginx()
        return self

    def stop(self):
        try:
            self.stop_server()
        except Exception:
            self.server.kill()
        if self.nginx and self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGQUIT)
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        shutil.rmtree(self.dir, ignore_errors=True)

    def nginx_error_log(self):
        try:
            with open(os.path.join(self.dir, "nginx", "error.log")) as f:
                return f.read()
        except OSError:
            return ""

    def server_log(self):
        try:
            with open(os.path.join(self.dir, "levelpress.log")) as f:
                return f.read()
        except OSError:
            return ""

    # --- HTTP --------------------------------------------------------------
    def fetch(self, path, method="GET", headers=None, timeout=10):
        return fetch(self.port, path, method, headers, timeout)


def fetch(port, path, method="GET", headers=None, timeout=10):
    """One HTTP request to 127.0.0.1:port, on a fresh connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        body = r.read()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, body)
    finally:
        conn.close()


def write_post(folder, name, title, date, author="anna-keller", tags=(), body="Body.\n",
               extra=""):
    os.makedirs(os.path.join(folder, "posts"), exist_ok=True)
    tag_list = ", ".join(f'"{t}"' for t in tags)
    with open(os.path.join(folder, "posts", name), "w") as f:
        f.write(f'---\ntitle: "{title}"\ndate: {date}\nauthor: {author}\n'
                f"tags: [{tag_list}]\n{extra}---\n{body}")


def copy_sample(dest):
    shutil.copytree(SAMPLE, dest)
    return dest
