"""The FastCGI transport against hostile and careless clients, straight on
the responder's socket (nginx would never send most of this; any local user
who reaches the socket, or a bug in a proxy, might)."""
import os
import random
import signal
import socket
import stat
import struct
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fcgi_client as fc  # noqa: E402
from harness import BIN, Blog, free_port, wait_for  # noqa: E402

TIMEOUTS = "read_timeout: 1\nwrite_timeout: 1\nidle_timeout: 2\n"


class TransportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.blog = Blog(settings_extra=TIMEOUTS)
        cls.blog.start_server(threads=2)  # the default on a 2-core machine
        cls.sock = cls.blog.socket

    @classmethod
    def tearDownClass(cls):
        cls.blog.stop()

    def assert_serving(self, within=2.0):
        started = time.monotonic()
        a = fc.get(self.sock, "/", timeout=within)
        self.assertEqual(a.status, 200)
        self.assertLess(time.monotonic() - started, within)
        self.assertIsNone(self.blog.server.poll(), "the responder died")

    def test_a_plain_request(self):
        a = fc.get(self.sock, "/tags/")
        self.assertTrue(a.ended)
        self.assertEqual(a.protocol_status, 0)
        self.assertEqual(a.status, 200)
        self.assertIn(b"</html>", a.body)

    # Regression: a PARAMS record whose name/value lengths claimed ~4 GB made
    # libfcgi's allocator assert (SIGABRT): every uncached page was 502.
    def test_lengths_claiming_gigabytes_get_400_and_the_server_lives(self):
        claim = b"\xff\xff\xff\xff\xff\xff\xff\xf0" + b"x" * 16
        with fc.connect(self.sock) as s:
            s.sendall(fc.record(fc.BEGIN, b"\0\1\0\0\0\0\0\0") +
                      fc.record(fc.PARAMS, claim) + fc.record(fc.PARAMS) +
                      fc.record(fc.STDIN))
            a = fc.read_answer(s)
        self.assertEqual(a.status, 400)
        self.assert_serving()

    def test_oversized_parameters_get_431(self):
        with fc.connect(self.sock) as s:
            s.sendall(fc.record(fc.BEGIN, b"\0\1\0\0\0\0\0\0"))
            for _ in range(3):
                s.sendall(fc.record(fc.PARAMS, fc.pair("HTTP_X", "v" * 60000)))
            s.sendall(fc.record(fc.PARAMS) + fc.record(fc.STDIN))
            a = fc.read_answer(s)
        self.assertEqual(a.status, 431)
        self.assert_serving()

    # Regression: random mutation of valid records crashed libfcgi hundreds
    # of times a minute.
    def test_mutated_records_never_kill_the_responder(self):
        rng = random.Random(8)
        valid = fc.request_bytes("/", keep_conn=True) * 2
        deadline = time.monotonic() + 4
        sent = 0
        while time.monotonic() < deadline and sent < 3000:
            data = bytearray(valid)
            for _ in range(rng.randint(1, 8)):
                i = rng.randrange(len(data))
                data[i] = rng.choice([0, 1, 0x7f, 0x80, 0xff, rng.randrange(256)])
            if rng.random() < 0.3:
                data = data[:rng.randrange(len(data))]
            with fc.connect(self.sock, timeout=0.5) as s:
                try:
                    s.sendall(bytes(data))
                    s.shutdown(socket.SHUT_WR)
                    s.recv(65536)
                except OSError:
                    pass
            sent += 1
        self.assertGreater(sent, 100)
        self.assert_serving()

    # Regression: with 2 worker threads, two connections that sent half a
    # BEGIN_REQUEST and waited made every other request wait (nginx: 504).
    def test_idle_and_half_sent_connections_block_nobody(self):
        idle = []
        for i in range(50):
            s = fc.connect(self.sock)
            if i % 2:
                s.sendall(fc.record(fc.BEGIN, b"\0\1\0\0\0\0\0\0")[:5])
            idle.append(s)
        try:
            for _ in range(5):
                self.assert_serving(within=1.0)
            # read_timeout (1 s) closes them all.
            for s in idle:
                self.assertTrue(fc.closed_by_peer(s, within=3.0))
        finally:
            for s in idle:
                s.close()

    def test_a_client_that_never_reads_is_dropped_after_write_timeout(self):
        s = fc.connect(self.sock)
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            # Many pipelined requests for a big page; never read the answers.
            s.sendall(fc.request_bytes("/sitemap.xml", keep_conn=True) * 200)
            self.assert_serving(within=1.0)
            self.assertTrue(fc.closed_by_peer(s, within=5.0))
        finally:
            s.close()

    # Regression: a second request on an FCGI_KEEP_CONN connection stalled
    # about 8 s.
    def test_keep_conn_serves_request_after_request(self):
        with fc.connect(self.sock, timeout=2) as s:
            started = time.monotonic()
            for i in range(1, 21):
                s.sendall(fc.request_bytes("/", request_id=i, keep_conn=True))
                a = fc.read_answer(s, request_id=i)
                self.assertEqual(a.status, 200)
            self.assertLess(time.monotonic() - started, 2.0)
            # Pipelined: three at once, three answers in order.
            s.sendall(b"".join(fc.request_bytes("/tags/", request_id=i, keep_conn=True)
                               for i in (30, 31, 32)))
            for i in (30, 31, 32):
                self.assertEqual(fc.read_answer(s, request_id=i).status, 200)
            # Without KEEP_CONN the responder closes after the answer.
            s.sendall(fc.request_bytes("/", request_id=40))
            self.assertEqual(fc.read_answer(s, request_id=40).status, 200)
            self.assertTrue(fc.closed_by_peer(s, within=1.0))

    # Regression: a half-close right after a read that filled the 64 KiB
    # buffer closed the connection without answering what it had sent.
    def test_half_close_answers_everything_sent(self):
        one = fc.request_bytes("/_health", keep_conn=True)
        count = 65536 // len(one)
        data = one * count
        filler = 65536 - len(data) - 8  # an ignored record for another id
        data += struct.pack(">BBHHBx", 1, fc.STDIN, 7, filler, 0) + b"\0" * filler
        self.assertEqual(len(data), 65536)
        for extra in (b"", fc.record(fc.STDIN, b"", 7)):
            with fc.connect(self.sock) as s:
                s.sendall(data + extra)
                s.shutdown(socket.SHUT_WR)
                answered = 0
                while fc.read_answer(s).ended:
                    answered += 1
                self.assertEqual(answered, count)

    # Regression: the method went into the log raw, so a line break in it
    # forged a log line.
    def test_control_bytes_cannot_forge_log_lines(self):
        with fc.connect(self.sock) as s:
            s.sendall(fc.record(fc.BEGIN, b"\0\1\0\0\0\0\0\0") +
                      fc.record(fc.PARAMS, fc.pair("REQUEST_URI", "/\nforged-uri") +
                                fc.pair("REQUEST_METHOD", "X\nforged-method")) +
                      fc.record(fc.PARAMS) + fc.record(fc.STDIN))
            self.assertIsNotNone(fc.read_answer(s).status)
        wait_for(lambda: "forged-method" in self.blog.server_log(), what="log line")
        for line in self.blog.server_log().splitlines():
            self.assertFalse(line.startswith("forged"), line)

    def test_kept_connections_close_after_idle_timeout(self):
        with fc.connect(self.sock) as s:
            s.sendall(fc.request_bytes("/", keep_conn=True))
            self.assertEqual(fc.read_answer(s).status, 200)
            self.assertFalse(fc.closed_by_peer(s, within=1.0))
            self.assertTrue(fc.closed_by_peer(s, within=3.0))

    def test_management_and_multiplexing_records(self):
        with fc.connect(self.sock) as s:
            s.sendall(fc.record(fc.GET_VALUES, fc.pair("FCGI_MPXS_CONNS", ""), 0))
            head = s.recv(8)
            self.assertEqual(head[1], fc.GET_VALUES_RESULT)
        with fc.connect(self.sock) as s:
            s.sendall(fc.record(fc.BEGIN, b"\0\1\1\0\0\0\0\0", 1) +
                      fc.record(fc.BEGIN, b"\0\1\0\0\0\0\0\0", 2) +
                      fc.record(fc.PARAMS, fc.params_for("/"), 1) +
                      fc.record(fc.PARAMS, b"", 1) + fc.record(fc.STDIN, b"", 1))
            refused = fc.read_answer(s, request_id=2)
            self.assertEqual(refused.protocol_status, 1)  # FCGI_CANT_MPX_CONN
            self.assertEqual(fc.read_answer(s, request_id=1).status, 200)

    def test_socket_file_is_not_world_writable(self):
        mode = stat.S_IMODE(os.stat(self.sock).st_mode)
        self.assertEqual(mode, 0o660, oct(mode))


class ListenTest(unittest.TestCase):
    def setUp(self):
        self.blog = Blog()
        self.addCleanup(self.blog.stop)

    def serve(self, *args):
        return subprocess.run([BIN, "serve", "--config", self.blog.config, *args],
                              capture_output=True, text=True, timeout=10)

    def test_listen_refuses_a_public_address(self):
        p = self.serve("--listen", f"0.0.0.0:{free_port()}")
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("not a loopback address", p.stderr)
        self.assertIn("--allow-remote", p.stderr)
        p = self.serve("--listen", "127.0.0.1:99999")
        self.assertNotEqual(p.returncode, 0)

    def test_allow_remote_and_loopback_tcp_serve(self):
        port = free_port()
        server = subprocess.Popen([BIN, "serve", "--config", self.blog.config,
                                   "--listen", f"0.0.0.0:{port}", "--allow-remote"],
                                  stderr=subprocess.DEVNULL)
        try:
            def answers():
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                        s.sendall(fc.request_bytes("/"))
                        return fc.read_answer(s).status == 200
                except OSError:
                    return False
            wait_for(answers, what="TCP responder")
        finally:
            server.send_signal(signal.SIGTERM)
            self.assertEqual(server.wait(timeout=10), 0)

    def test_socket_group_is_applied_or_refused(self):
        bad = Blog(content=None, settings_extra='socket_group: "no-such-group-xyz"\n')
        self.addCleanup(bad.stop)
        bad.config_dir = bad.dir
        p = subprocess.run([BIN, "serve", "--config", bad.config, "--socket",
                            os.path.join(bad.dir, "s.sock")],
                           capture_output=True, text=True, timeout=10)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("no-such-group-xyz", p.stderr)


class ShutdownTest(unittest.TestCase):
    def test_sigterm_answers_requests_in_flight_and_closes_idle(self):
        blog = Blog(settings_extra=TIMEOUTS)
        self.addCleanup(blog.stop)
        blog.start_server(threads=2)
        kept = fc.connect(blog.socket)
        kept.sendall(fc.request_bytes("/", keep_conn=True))
        self.assertEqual(fc.read_answer(kept).status, 200)
        half = fc.connect(blog.socket)
        whole = fc.request_bytes("/tags/")
        half.sendall(whole[:20])
        blog.server.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        half.sendall(whole[20:])
        self.assertEqual(fc.read_answer(half).status, 200)
        self.assertTrue(fc.closed_by_peer(kept, within=2.0))
        self.assertEqual(blog.server.wait(timeout=5), 0)
        half.close()
        kept.close()


if __name__ == "__main__":
    unittest.main()
