#!/usr/bin/env python3
"""Checks that an upload run of the benchmark fails after its deadline rather than hanging: wrk
posts to a loopback socket that accepts connections and never answers, with E2E_UPLOAD_DEADLINE=3.

Usage: python3 tools/bench-e2e/check-deadline.py   (needs wrk; prints the seconds it took)
"""

import os
import socket
import sys
import tempfile
import threading
import time

os.environ["E2E_UPLOAD_DEADLINE"] = "3"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server  # noqa: E402


class SilentServer:
    """A loopback port that accepts connections and never answers."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.held = []
        threading.Thread(target=self.accept, daemon=True).start()
        self.base = "http://127.0.0.1:%d" % self.listener.getsockname()[1]

    def accept(self):
        while True:
            self.held.append(self.listener.accept()[0])

    def cpu(self):
        return 0.0


def main():
    with tempfile.TemporaryDirectory() as directory:
        prefix = os.path.join(directory, "bodies")
        for thread in range(2):
            with open("%s-%d.jsonl" % (prefix, thread), "w") as bodies:
                bodies.write('{"x": 1}\n')
        started = time.perf_counter()
        try:
            server.upload(SilentServer(), prefix, 2, 4)
        except server.BenchError as error:
            took = time.perf_counter() - started
            first = str(error).splitlines()[0]
            if "deadline" in first and took < 30:
                print("check-deadline: the run failed after %.1f s: %s" % (took, first))
                return 0
            print("check-deadline: FAIL, wrong failure after %.1f s: %s" % (took, first))
            return 1
        print("check-deadline: FAIL, the upload run against a silent server succeeded")
        return 1


if __name__ == "__main__":
    sys.exit(main())
