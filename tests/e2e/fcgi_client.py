"""A minimal FastCGI client for tests: builds records as nginx sends them
and reads the responder's answer. Speaks straight to `levelpress serve`'s
socket, so tests can send what nginx never would."""
import socket
import struct
import time

BEGIN, ABORT, END, PARAMS, STDIN, STDOUT, STDERR = 1, 2, 3, 4, 5, 6, 7
GET_VALUES, GET_VALUES_RESULT = 9, 10
KEEP_CONN = 1


def record(kind, content=b"", request_id=1):
    pad = (-len(content)) % 8
    return (struct.pack(">BBHHBx", 1, kind, request_id, len(content), pad) +
            content + b"\0" * pad)


def pair(name, value):
    def size(n):
        return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 0x80000000)
    if isinstance(name, str):
        name = name.encode()
    if isinstance(value, str):
        value = value.encode()
    return size(len(name)) + size(len(value)) + name + value


def params_for(uri, method="GET", headers=None):
    path, _, query = uri.partition("?")
    p = {"REQUEST_METHOD": method, "REQUEST_URI": uri, "SCRIPT_NAME": path,
         "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1",
         "GATEWAY_INTERFACE": "CGI/1.1", "HTTP_HOST": "localhost"}
    for k, v in (headers or {}).items():
        p["HTTP_" + k.upper().replace("-", "_")] = v
    return b"".join(pair(k, v) for k, v in p.items())


def request_bytes(uri, request_id=1, keep_conn=False, method="GET", headers=None):
    flags = KEEP_CONN if keep_conn else 0
    return (record(BEGIN, struct.pack(">HB5x", 1, flags), request_id) +
            record(PARAMS, params_for(uri, method, headers), request_id) +
            record(PARAMS, b"", request_id) + record(STDIN, b"", request_id))


def connect(path, timeout=5.0):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.connect(path)
    _buffers.pop(s.fileno(), None)  # a new socket on a reused descriptor
    return s


class Answer:
    def __init__(self, stdout, ended, protocol_status):
        self.stdout = stdout
        self.ended = ended
        self.protocol_status = protocol_status

    @property
    def status(self):
        """The HTTP status from the CGI "Status:" line, or None."""
        head = self.stdout.split(b"\r\n", 1)[0]
        if head.startswith(b"Status: "):
            return int(head[8:11])
        return None

    @property
    def body(self):
        return self.stdout.split(b"\r\n\r\n", 1)[-1]


_buffers = {}  # bytes read past one answer, per socket, for the next one


def read_answer(sock, request_id=1):
    """Reads records until END_REQUEST for request_id (or EOF); bytes of
    later answers stay buffered for the next call on the same socket."""
    buf, out = _buffers.pop(sock.fileno(), b""), b""
    while True:
        while len(buf) >= 8:
            _, kind, rid, length, pad = struct.unpack(">BBHHBx", buf[:8])
            if len(buf) < 8 + length + pad:
                break
            content, buf = buf[8:8 + length], buf[8 + length + pad:]
            if kind == STDOUT and rid == request_id:
                out += content
            if kind == END and rid == request_id:
                if buf:
                    _buffers[sock.fileno()] = buf
                return Answer(out, True, content[4])
        chunk = sock.recv(65536)
        if not chunk:
            return Answer(out, False, None)
        buf += chunk


def get(path, uri, keep_conn=False, timeout=5.0, **kw):
    with connect(path, timeout) as s:
        s.sendall(request_bytes(uri, keep_conn=keep_conn, **kw))
        return read_answer(s)


def closed_by_peer(sock, within):
    """True if the peer closes sock within `within` seconds."""
    sock.settimeout(0.1)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if sock.recv(65536) == b"":
                return True
        except socket.timeout:
            continue
        except OSError:
            return True
    return False
