"""`sluice serve` against slow and idle clients: a header or body sent a byte at a time, connections
that never send anything, and more connections than the cap — while a normal client is still answered.
Every loop here is bounded in count and in time."""
import csv
import os
import socket
import threading
import time

import pytest

from serving import FEATURES, Server, train_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slow")
    store = train_store(folder)
    with open(folder / "test.csv") as handle:
        row = next(csv.DictReader(handle))
    return store, ",".join(row[name] for name in FEATURES) + "\n"


def open_descriptors(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def closed_by_server(connection, seconds):
    """Waits up to `seconds` for the server to close `connection`; returns what it sent before closing,
    or None when it is still open."""
    connection.settimeout(0.2)
    received = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            chunk = connection.recv(4096)
        except socket.timeout:
            continue
        except ConnectionResetError:
            return received
        if not chunk:
            return received
        received += chunk
    return None


def trickle(connection, data, stop, interval=0.1):
    """Sends `data` a byte at a time until it is sent, the server closes, or `stop` is set."""
    for byte in data:
        if stop.is_set():
            return
        try:
            connection.send(bytes([byte]))
        except OSError:
            return
        time.sleep(interval)


def test_a_header_sent_a_byte_at_a_time_is_cut_off(store):
    store, _ = store
    running = Server(store, "--header-timeout", "1", "--body-timeout", "2")
    stop = threading.Event()
    try:
        connection = socket.create_connection(("127.0.0.1", running.port))
        header = b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nContent-Length: 5\r\n\r\n"
        sender = threading.Thread(target=trickle, args=(connection, header, stop), daemon=True)
        sender.start()
        # The header would take 8 s to arrive; the server closes the connection after about 1.
        assert closed_by_server(connection, 6) == b""
        stop.set()
        sender.join(5)
        connection.close()
    finally:
        stop.set()
        running.stop()


def test_a_body_sent_a_byte_at_a_time_is_answered_408_and_closed(store):
    store, row = store
    running = Server(store, "--header-timeout", "1", "--body-timeout", "2")
    stop = threading.Event()
    try:
        body = (row * 20).encode()
        connection = socket.create_connection(("127.0.0.1", running.port))
        connection.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                           + f"Content-Length: {len(body)}\r\n\r\n".encode())
        sender = threading.Thread(target=trickle, args=(connection, body, stop), daemon=True)
        sender.start()
        answer = closed_by_server(connection, 8)
        assert answer is not None, "the slow body was still being read after 8 s"
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"the request body did not arrive within 2 s" in answer
        stop.set()
        sender.join(5)
        connection.close()
        # A normal request on a new connection is answered as ever.
        status, _, scores = running.invoke(row)
        assert status == 200 and scores.count(b"\n") == 1
    finally:
        stop.set()
        running.stop()


def test_idle_connections_are_closed_after_an_answer(store):
    store, row = store
    running = Server(store, "--header-timeout", "1")
    try:
        connection = socket.create_connection(("127.0.0.1", running.port))
        body = row.encode()
        connection.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                           + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        answer = closed_by_server(connection, 6)
        assert answer is not None, "a kept-alive connection with nothing more to say stayed open"
        assert answer.startswith(b"HTTP/1.1 200")
        connection.close()
    finally:
        running.stop()


def test_many_half_sent_requests_hold_no_more_than_the_cap_and_a_normal_client_is_served(store):
    store, row = store
    cap = 32
    running = Server(store, "--header-timeout", "1", "--body-timeout", "1", "--max-connections", str(cap))
    baseline = open_descriptors(running.process.pid)
    connections = []
    try:
        for index in range(300):
            connection = socket.create_connection(("127.0.0.1", running.port))
            # A third say nothing, a third send half a header, a third a header and half a body.
            if index % 3 == 1:
                connection.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\n")
            elif index % 3 == 2:
                connection.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\n"
                                   b"Content-Length: 1000\r\n\r\n1,2,")
            connections.append(connection)
        most = 0
        holder = []
        normal = threading.Thread(target=answered_into, args=(running, row, holder), daemon=True)
        normal.start()
        deadline = time.monotonic() + 30
        while normal.is_alive() and time.monotonic() < deadline:
            most = max(most, open_descriptors(running.process.pid) - baseline)
            time.sleep(0.05)
        normal.join(1)
        assert holder, "the normal client was not answered while slow clients held connections"
        status, scores = holder[0]
        assert status == 200 and scores.count(b"\n") == 1
        # Sockets accepted at once never exceed the cap (the rest wait in the listen queue); a few more
        # descriptors are the server's own (its event loops open theirs as they first take connections).
        assert 0 < most <= cap + 8, most
    finally:
        for connection in connections:
            connection.close()
        running.stop()


def answered_into(running, row, holder):
    status, _, body = running.invoke(row)
    holder.append((status, body))
