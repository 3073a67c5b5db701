#!/usr/bin/python3
"""A feed protocol client built on Python's `websockets` (an independent WebSocket
implementation), used by tests/feed/server_test.cpp to check the feed server.

Connects, prints the hello, sends `subscribe` (or a raw text given with --send-raw), then
prints every frame it receives until it has every seq after its cursor up to --until (a
`resync` moves the cursor) and --heartbeats heartbeats. Output is JSON lines on stdout:
{"frame": TEXT} per frame, then {"done": true}, or {"closed": CODE, "reason": TEXT} when the
server closes first, or {"timeout": true}. Exit status 0 unless the script itself failed.
"""
import argparse
import asyncio
import json
import sys

import websockets


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def race_seqs(text):
    """The seqs of the race messages in one frame (malformed frames carry none)."""
    try:
        value = json.loads(text)
    except ValueError:
        return [], None
    items = value if isinstance(value, list) else [value]
    seqs, session = [], None
    for item in items:
        if not isinstance(item, dict):
            continue
        kind = item.get("type")
        if kind in ("passing", "gun", "status", "correction", "participant"):
            seq = item.get("seq")
            if isinstance(seq, int) and seq >= 1:
                seqs.append(seq)
        elif kind in ("hello", "resync", "heartbeat"):
            session = item
    return seqs, session


async def run(args):
    async with websockets.connect(args.url, max_size=None, ping_interval=None,
                                  close_timeout=2) as ws:
        hello_text = await ws.recv()
        emit({"frame": hello_text})
        hello = json.loads(hello_text)
        if args.send_raw is not None:
            await ws.send(args.send_raw)
        elif args.send_size > 0:
            await ws.send("x" * args.send_size)
        else:
            epoch = hello.get("epoch", "") if args.epoch == "@hello" else args.epoch
            await ws.send(json.dumps({"type": "subscribe", "epoch": epoch, "since": args.since}))
        wait_close = args.send_raw is not None or args.send_size > 0  # until the server closes
        base, seen, heartbeats = args.since, set(), 0
        try:
            while True:
                missing = wait_close or base > args.until or any(
                    s not in seen for s in range(base + 1, args.until + 1))
                if not missing and heartbeats >= args.heartbeats:
                    emit({"done": True})
                    return
                text = await ws.recv()
                if isinstance(text, bytes):
                    text = text.decode("utf-8", "replace")
                emit({"frame": text})
                seqs, session = race_seqs(text)
                seen.update(seqs)
                if session and session.get("type") == "resync":
                    base = int(session.get("since", 0))
                elif session and session.get("type") == "heartbeat" and not missing:
                    heartbeats += 1
        except websockets.exceptions.ConnectionClosed as e:
            emit({"closed": e.code, "reason": e.reason})


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--epoch", default="@hello", help="epoch to subscribe with; @hello: the server's")
    p.add_argument("--since", type=int, default=0)
    p.add_argument("--until", type=int, default=0)
    p.add_argument("--heartbeats", type=int, default=0, help="heartbeats to wait for once caught up")
    p.add_argument("--send-raw", default=None, help="send this text instead of a subscribe")
    p.add_argument("--send-size", type=int, default=0, help="send a text frame of this many bytes")
    p.add_argument("--timeout", type=float, default=60)
    args = p.parse_args()
    try:
        asyncio.run(asyncio.wait_for(run(args), args.timeout))
    except asyncio.TimeoutError:
        emit({"timeout": True})
    except (OSError, websockets.exceptions.WebSocketException) as e:
        emit({"error": str(e)})


if __name__ == "__main__":
    main()
