"""'dyad serve' as an operator runs it: a hung-up client's coding stops, SIGTERM ends the server
within seconds even mid-coding, and requests for another host name are refused."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .corpus import news

pytestmark = pytest.mark.slow  # a real server process that loads the model

LONG = "\n".join(news(i % 60) for i in range(9000))  # about 1.2 MB: a minute of coding or more


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """'dyad serve' on a free loopback port, ready (the model loaded), with a long deadline."""
    port = _free_port()
    command = [sys.executable, "-m", "dyad", "serve", "--port", str(port), "--deadline", "600",
               "--allowed-hosts", "dyad.lan"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
        try:
            if httpx.get(f"{url}/healthz", timeout=1).json()["coder_loaded"]:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    yield proc, url
    if proc.poll() is None:
        proc.kill()
        proc.wait(10)


def _send_long(port: int) -> socket.socket:
    """POST the long document on a raw connection and leave the answer unread."""
    body = json.dumps({"id": "long", "text": LONG}).encode()
    sock = socket.create_connection(("127.0.0.1", port))
    head = (f"POST /v1/code HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json"
            f"\r\nContent-Length: {len(body)}\r\n\r\n").encode()  # fmt: skip
    sock.sendall(head + body)
    return sock


def test_a_client_that_hangs_up_stops_its_coding(
    server: tuple[subprocess.Popen[bytes], str],
) -> None:
    """The client of a long /v1/code hangs up: the coder stops at its next block, so the next
    request is answered in seconds (it used to wait minutes behind the abandoned one)."""
    _, url = server
    port = int(url.rsplit(":", 1)[1])
    _send_long(port).close()
    time.sleep(1.0)  # the long request is coding now
    started = time.monotonic()
    small = httpx.post(f"{url}/v1/code", json={"id": "s", "text": news(3)}, timeout=120)
    assert small.status_code == 200 and small.json()["events"]
    assert time.monotonic() - started < 20


def test_sigterm_stops_the_server_within_seconds_while_it_codes(
    server: tuple[subprocess.Popen[bytes], str],
) -> None:
    """SIGTERM while a long /v1/code is being coded (its client still waiting): the server exits
    within 10 s (it did not stop at all)."""
    proc, url = server
    sock = _send_long(int(url.rsplit(":", 1)[1]))
    time.sleep(1.0)
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(10)
    finally:
        sock.close()
    assert proc.returncode is not None


def test_hosts_that_are_not_allowed_are_refused(
    server: tuple[subprocess.Popen[bytes], str],
) -> None:
    """The bound address, localhost and --allowed-hosts are answered; another Host is a 400."""
    _, url = server
    assert httpx.get(f"{url}/healthz", headers={"Host": "dyad.lan:8000"}).status_code == 200
    assert httpx.get(f"{url}/healthz", headers={"Host": "localhost"}).status_code == 200
    refused = httpx.get(f"{url}/v1/events", headers={"Host": "evil.example"})
    assert refused.status_code == 400 and refused.headers["x-frame-options"] == "DENY"
