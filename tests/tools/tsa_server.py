#!/usr/bin/env python3
"""tsa_server.py -- a test RFC 3161 time-stamp authority on 127.0.0.1.

Usage: tsa_server.py DIR PORTFILE
DIR holds ts.cnf (an `openssl ts` configuration whose default TSA section
names the signer certificate, key and serial file). The server listens on
an ephemeral port, writes the port to PORTFILE and answers:
  POST /            the `openssl ts -reply` to the request body
  POST /http500     HTTP 500 (a TSA that fails)
  POST /slow        nothing for 30 s (a TSA that does not answer)
  POST /html        200 with Content-Type text/html (not a TSA)
For tests only: one request at a time, no limits beyond 64 KB a request.
"""
import http.server
import os
import subprocess
import sys
import time

DIR, PORTFILE = os.path.abspath(sys.argv[1]), sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        with open(os.path.join(DIR, "tsa.log"), "a") as log:
            log.write("%s\n" % (fmt % args))

    def reply(self, code, ctype, body):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        if n > 65536:
            return self.reply(413, "text/plain", b"too large\n")
        query = self.rfile.read(n)
        if self.path == "/http500":
            return self.reply(500, "text/plain", b"broken\n")
        if self.path == "/slow":
            time.sleep(30)
            return self.reply(500, "text/plain", b"late\n")
        if self.path == "/html":
            return self.reply(200, "text/html", b"<html></html>\n")
        if self.headers.get("Content-Type") != "application/timestamp-query":
            return self.reply(415, "text/plain", b"not a time-stamp query\n")
        qpath = os.path.join(DIR, "query.tsq")
        with open(qpath, "wb") as f:
            f.write(query)
        p = subprocess.run(["openssl", "ts", "-reply", "-config", os.path.join(DIR, "ts.cnf"),
                            "-queryfile", qpath], capture_output=True, cwd=DIR)
        if p.returncode != 0:
            self.log_message("openssl ts -reply failed: %s", p.stderr.decode(errors="replace"))
            return self.reply(500, "text/plain", b"openssl ts failed\n")
        self.reply(200, "application/timestamp-reply", p.stdout)


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write("%d\n" % srv.server_address[1])
os.rename(PORTFILE + ".tmp", PORTFILE)
srv.serve_forever()
