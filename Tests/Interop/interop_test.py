#!/usr/bin/python3
"""Interoperability test: a Python client built only from proto/allot.proto.

It generates allot_pb2.py with `protoc --python_out` into a temporary folder.
Then it starts the allot-server binary on 127.0.0.1 with a free port and a
temporary data directory. It checks Hello, Echo and compressed frames both
ways with Python's own protobuf and zlib. Then it builds a workspace with a
worker, a queue and a workflow, creates a task and receives the worker's
reservation event. Last, it checks that SIGTERM exits 0.

    /usr/bin/python3 Tests/Interop/interop_test.py --server .build/debug/allot-server

It needs protoc and python3-protobuf (tools/bootstrap installs both) and
runs under Debian's /usr/bin/python3, where python3-protobuf lives. Exit
status 0 means every check passed.
"""

import argparse
import importlib
import json
import os
import re
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# Maximum wait for the server to start, reply or exit; a guard against hangs.
WAIT_SECONDS = 60
COMPRESSED_FLAG = 0x01


class CheckFailed(Exception):
    """A reply that differs from the expected one."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def generate_bindings(folder):
    subprocess.run(
        ["protoc", "--proto_path", os.path.join(ROOT, "proto"), "--python_out", folder, "allot.proto"],
        check=True,
    )
    sys.path.insert(0, folder)
    return importlib.import_module("allot_pb2")


class ServerProcess:
    """allot-server on a free port; its stderr is collected on a thread."""

    def __init__(self, binary, data_directory):
        self.process = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--metrics-listen", "off", "--data-dir", data_directory],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
        )
        self.lines = []
        self.port = self._read_port()
        threading.Thread(target=self._drain, daemon=True).start()

    def _read_port(self):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            line = self.process.stderr.readline().decode("utf-8", "replace")
            if not line:
                break
            self.lines.append(line)
            match = re.search(r'msg="listening" address=127\.0\.0\.1:(\d+)', line)
            if match:
                return int(match.group(1))
        raise CheckFailed("allot-server printed no listening line: " + "".join(self.lines))

    def _drain(self):
        for line in self.process.stderr:
            self.lines.append(line.decode("utf-8", "replace"))

    def terminate(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=WAIT_SECONDS)


class Client:
    """Frames: 1 flag byte, 4-byte big-endian length, protobuf payload."""

    def __init__(self, pb, port):
        self.pb = pb
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=WAIT_SECONDS)

    def send(self, frame, compress=False):
        payload = frame.SerializeToString()
        flags = 0
        if compress:
            payload = zlib.compress(payload)
            flags = COMPRESSED_FLAG
        self.socket.sendall(struct.pack(">BI", flags, len(payload)) + payload)

    def _read_exactly(self, count):
        data = b""
        while len(data) < count:
            chunk = self.socket.recv(count - len(data))
            if not chunk:
                raise CheckFailed("the server closed the connection")
            data += chunk
        return data

    def receive(self):
        flags, length = struct.unpack(">BI", self._read_exactly(5))
        payload = self._read_exactly(length)
        if flags & COMPRESSED_FLAG:
            payload = zlib.decompress(payload)
        frame = self.pb.ServerFrame()
        frame.ParseFromString(payload)
        return frame, bool(flags & COMPRESSED_FLAG)


class Session:
    """Calls on one authenticated client; frames pushed meanwhile are kept in order."""

    def __init__(self, client):
        self.client = client
        self.pushed = []
        self.next_call_id = 100

    def call(self, field, **fields):
        """Sends the request in ClientFrame field `field` and returns the reply's response."""
        self.next_call_id += 1
        frame = self.client.pb.ClientFrame(call_id=self.next_call_id, **{field: fields})
        self.client.send(frame)
        while True:
            reply, _ = self.client.receive()
            if reply.call_id == 0:
                self.pushed.append(reply)
                continue
            check(reply.call_id == self.next_call_id, f"reply to call {reply.call_id} while waiting for {self.next_call_id}")
            check(reply.status.code == self.client.pb.OK, f"{field} failed: {reply.status}")
            return getattr(reply, reply.WhichOneof("response"))

    def next_event(self):
        """Returns the next pushed event."""
        frame = self.pushed.pop(0) if self.pushed else self.client.receive()[0]
        check(frame.call_id == 0 and frame.WhichOneof("response") == "event_push", f"expected an event push, got {frame}")
        return frame.event_push.event


def run_checks(pb, server, credentials):
    client = Client(pb, server.port)

    hello = pb.ClientFrame(call_id=1)
    hello.hello.protocol_version = 1
    hello.hello.account_sid = credentials["account_sid"]
    hello.hello.secret = credentials["secret"]
    hello.hello.client_name = "interop_test.py"
    hello.hello.accepts_compression = True
    client.send(hello)
    reply, _ = client.receive()
    check(reply.call_id == 1, f"hello reply has call_id {reply.call_id}")
    check(reply.status.code == pb.OK, f"hello failed: {reply.status}")
    check(reply.WhichOneof("response") == "hello", f"hello reply carries {reply.WhichOneof('response')}")
    check(reply.hello.protocol_version == 1, f"server speaks version {reply.hello.protocol_version}")
    check(reply.hello.account_sid == credentials["account_sid"], "hello reply names another account")

    echo = pb.ClientFrame(call_id=2)
    echo.echo.payload = bytes(range(256))
    client.send(echo)
    reply, _ = client.receive()
    check(reply.call_id == 2 and reply.status.code == pb.OK, f"echo failed: {reply}")
    check(reply.echo.payload == bytes(range(256)), "echo returned another payload")

    # A compressed request, and a reply long enough for the server to compress.
    large = pb.ClientFrame(call_id=3)
    large.echo.payload = b"allot " * 20000
    client.send(large, compress=True)
    reply, compressed = client.receive()
    check(reply.call_id == 3 and reply.echo.payload == large.echo.payload, "compressed echo returned another payload")
    check(compressed, "the server did not compress a 120 kB reply although the client accepts compression")

    # Presence fields: an unset optional stays unset, a zero one stays set.
    update = pb.ClientFrame(call_id=4)
    update.update_worker.workspace_sid = "WS" + "0" * 32
    update.update_worker.if_match_version = 0
    decoded = pb.ClientFrame()
    decoded.ParseFromString(update.SerializeToString())
    check(decoded.update_worker.HasField("if_match_version"), "a zero if_match_version lost its presence")
    check(not decoded.update_worker.HasField("attributes"), "an unset attributes gained presence")

    run_routing_checks(Session(client))


def run_routing_checks(session):
    """A workspace with one worker, queue and workflow; a task reaches the worker as a reservation."""
    workspace = session.call("create_workspace", friendly_name="Interop")
    check(workspace.sid.startswith("WS"), f"workspace SID {workspace.sid}")
    activities = session.call("list_activities", workspace_sid=workspace.sid).activities
    available = next((activity for activity in activities if activity.friendly_name == "Available"), None)
    check(available is not None, "a new workspace has no Available activity")

    worker = session.call(
        "create_worker", workspace_sid=workspace.sid, friendly_name="Ada",
        attributes=json.dumps({"skills": ["python"], "languages": ["en"]}),
    )
    worker = session.call("update_worker", workspace_sid=workspace.sid, worker_sid=worker.sid, activity_sid=available.sid)
    check(worker.available, "the worker is not available after moving to Available")
    check(json.loads(worker.attributes)["skills"] == ["python"], f"worker attributes {worker.attributes}")

    queue = session.call("create_task_queue", workspace_sid=workspace.sid, friendly_name="Python", target_workers='skills HAS "python"')
    routing = {"task_routing": {"filters": [], "default_filter": {"queue": queue.sid}}}
    workflow = session.call("create_workflow", workspace_sid=workspace.sid, friendly_name="Route", configuration=json.dumps(routing))

    subscription = session.call("subscribe_events", workspace_sid=workspace.sid, worker_sid=worker.sid)
    task = session.call("create_task", workspace_sid=workspace.sid, workflow_sid=workflow.sid, attributes=json.dumps({"topic": "asyncio"}))
    event = session.next_event()
    check(event.event_type == "reservation.created", f"first worker event is {event.event_type}")
    check(event.task_sid == task.sid and event.worker_sid == worker.sid, f"reservation event names {event.task_sid} and {event.worker_sid}")
    check(event.sequence >= subscription.next_sequence, f"event sequence {event.sequence} before {subscription.next_sequence}")
    check(json.loads(event.event_data)["task_sid"] == task.sid, f"event_data {event.event_data}")

    reservation = session.call(
        "update_reservation", workspace_sid=workspace.sid, reservation_sid=event.reservation_sid,
        reservation_status=session.client.pb.RESERVATION_STATUS_ACCEPTED,
    )
    check(reservation.reservation_status == session.client.pb.RESERVATION_STATUS_ACCEPTED, "the reservation was not accepted")
    fetched = session.call("fetch_task", workspace_sid=workspace.sid, task_sid=task.sid)
    check(fetched.assignment_status == session.client.pb.ASSIGNMENT_STATUS_ASSIGNED, f"task status {fetched.assignment_status}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.path.join(ROOT, ".build", "debug", "allot-server"), help="path of the allot-server binary")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="allot-interop-") as folder:
        pb = generate_bindings(folder)
        data_directory = os.path.join(folder, "data")
        server = ServerProcess(arguments.server, data_directory)
        try:
            with open(os.path.join(data_directory, "credentials.json"), encoding="utf-8") as file:
                credentials = json.load(file)
            run_checks(pb, server, credentials)
            status = server.terminate()
            check(status == 0, f"allot-server exited with status {status} after SIGTERM")
        except CheckFailed as failure:
            print(f"interop: FAILED: {failure}", file=sys.stderr)
            print("".join(server.lines[-20:]), file=sys.stderr)
            server.process.kill()
            return 1
    print("interop: hello, echo, compression, presence and routing checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
