#!/usr/bin/env python3
"""Fetches one page straight from a FastCGI responder, as nginx would ask.

    fcgi_get.py SOCKET URI HOST OUT

Writes the responder's whole output for GET URI (the CGI header lines, a
blank line, the body) to OUT: the bytes scripts/bench's trivial responder
sends back. A minimal FastCGI client (one request, no keep-alive).
"""
import socket
import struct
import sys

BEGIN, PARAMS, STDIN, STDOUT, STDERR, END = 1, 4, 5, 6, 7, 3


def record(kind, content=b""):
    pad = (-len(content)) % 8
    return struct.pack(">BBHHBx", 1, kind, 1, len(content), pad) + content + b"\0" * pad


def pair(name, value):
    def size(n):
        return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 0x80000000)
    name, value = name.encode(), value.encode()
    return size(len(name)) + size(len(value)) + name + value


def main():
    sock_path, uri, host, out = sys.argv[1:5]
    path, _, query = uri.partition("?")
    port = host.rpartition(":")[2]
    params = {
        "QUERY_STRING": query, "REQUEST_METHOD": "GET", "CONTENT_TYPE": "",
        "CONTENT_LENGTH": "", "SCRIPT_NAME": path, "REQUEST_URI": uri,
        "DOCUMENT_URI": path, "DOCUMENT_ROOT": "/", "SERVER_PROTOCOL": "HTTP/1.1",
        "REQUEST_SCHEME": "http", "GATEWAY_INTERFACE": "CGI/1.1",
        "SERVER_SOFTWARE": "nginx", "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "40000", "SERVER_ADDR": "127.0.0.1", "SERVER_PORT": port,
        "SERVER_NAME": "localhost", "HTTP_HOST": host, "HTTP_PROXY": "",
    }
    body = b"".join(pair(k, v) for k, v in params.items())
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(sock_path)
    s.sendall(record(BEGIN, struct.pack(">HB5x", 1, 0)) + record(PARAMS, body) +
              record(PARAMS) + record(STDIN))
    buf, data = b"", b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        buf += chunk
        while len(buf) >= 8:
            _, kind, _, length, pad = struct.unpack(">BBHHBx", buf[:8])
            if len(buf) < 8 + length + pad:
                break
            content, buf = buf[8:8 + length], buf[8 + length + pad:]
            if kind == STDOUT:
                data += content
            elif kind == STDERR:
                sys.stderr.buffer.write(content)
            elif kind == END:
                with open(out, "wb") as f:
                    f.write(data)
                return 0
    sys.exit("fcgi_get: connection closed before the end of the response")


if __name__ == "__main__":
    sys.exit(main())
