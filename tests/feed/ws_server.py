#!/usr/bin/python3
"""A feed server for feed::Client tests, written on Python's `websockets` library (an
independent WebSocket implementation). Serves a JSONL file of feed messages with the session
protocol of docs/feed-protocol.md. Prints its port on stdout, then logs to stderr."""

import argparse
import asyncio
import json
import random
import ssl
import sys
import time

import websockets


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("file", help="JSONL of feed messages, each with a seq")
    p.add_argument("--epoch", default="e1")
    p.add_argument("--feed", default="test-feed")
    p.add_argument("--limit", type=int, default=0, help="serve only seq <= LIMIT")
    p.add_argument("--batch", type=int, default=1, help="messages per frame (>1: arrays)")
    p.add_argument("--fragment", action="store_true", help="send every frame fragmented")
    p.add_argument("--pings", type=int, default=0, help="pings to be answered before data")
    p.add_argument("--garbage", action="store_true", help="bad frames on the first connection")
    p.add_argument("--oversize", action="store_true", help="a >1 MiB frame on the first connection")
    p.add_argument("--close-after", type=int, default=0, help="close each connection after K")
    p.add_argument("--silent-after", type=int, default=-1, help="first connection: go silent after K")
    p.add_argument("--epoch-change", action="store_true", help="new epoch on every connection")
    p.add_argument("--heartbeat", type=float, default=0.2, help="heartbeat interval, s")
    p.add_argument("--shuffle", type=int, default=0,
                   help="send frames out of order within windows of N (fixed seed)")
    p.add_argument("--skip", type=int, action="append", default=[],
                   help="never send this seq (repeatable)")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    return p.parse_args()


ARGS = parse_args()
MESSAGES = []
with open(ARGS.file, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            MESSAGES.append(json.loads(line))
if ARGS.limit:
    MESSAGES = [m for m in MESSAGES if m["seq"] <= ARGS.limit]
LAST_SEQ = max((m["seq"] for m in MESSAGES), default=0)
CONNECTIONS = 0


def log(text):
    print(text, file=sys.stderr, flush=True)


async def send_frame(ws, text):
    if ARGS.fragment and len(text) > 1:
        size = max(1, len(text) // 5)
        await ws.send([text[i:i + size] for i in range(0, len(text), size)])
    else:
        await ws.send(text)


async def handler(ws, path=None):
    global CONNECTIONS
    CONNECTIONS += 1
    conn = CONNECTIONS
    epoch = ARGS.epoch + (str(conn) if ARGS.epoch_change else "")
    await ws.send(json.dumps({"type": "hello", "protocol": 1, "feed": ARGS.feed,
                              "epoch": epoch, "last_seq": LAST_SEQ}))
    sub = json.loads(await ws.recv())
    assert sub["type"] == "subscribe", sub
    since = sub.get("since", 0)
    log(f"connection {conn}: subscribe epoch={sub.get('epoch')!r} since={since}")
    if sub.get("epoch") != epoch or since > LAST_SEQ:
        since = 0
        await ws.send(json.dumps({"type": "resync", "epoch": epoch, "since": 0,
                                  "reason": "epoch changed"}))
    for _ in range(ARGS.pings):
        waiter = await ws.ping()
        try:
            await asyncio.wait_for(waiter, 30)
        except asyncio.TimeoutError:
            log(f"connection {conn}: no pong")
            await ws.close(1011, "no pong")
            return
    if conn == 1 and ARGS.garbage:
        for text in ["this is not json", '{"type":"passing","seq":1}',
                     '{"type":"teleport","seq":2}', '{"type":"passing","seq":-4,"point":"5K",'
                     '"bib":"1","time":1759023000000}']:
            await ws.send(text)
    if conn == 1 and ARGS.oversize:
        await ws.send('["' + "x" * (1100 * 1024) + '"]')
    todo = [m for m in MESSAGES if m["seq"] > since and m["seq"] not in ARGS.skip]
    frames = [todo[i:i + ARGS.batch] for i in range(0, len(todo), ARGS.batch)]
    if ARGS.shuffle > 1:
        rng = random.Random(conn)
        for i in range(0, len(frames), ARGS.shuffle):
            window = frames[i:i + ARGS.shuffle]
            rng.shuffle(window)
            frames[i:i + ARGS.shuffle] = window
    sent = 0
    for chunk in frames:
        if conn == 1 and 0 <= ARGS.silent_after <= sent:
            log(f"connection {conn}: silent")
            await asyncio.sleep(3600)
        if ARGS.close_after and sent >= ARGS.close_after:
            log(f"connection {conn}: closing after {sent}")
            await ws.close()
            return
        for m in chunk:
            m["epoch"] = epoch
        text = json.dumps(chunk if ARGS.batch > 1 else chunk[0], separators=(",", ":"))
        await send_frame(ws, text)
        sent += len(chunk)
    while True:
        await asyncio.sleep(ARGS.heartbeat)
        await ws.send(json.dumps({"type": "heartbeat", "seq": LAST_SEQ,
                                  "time": int(time.time() * 1000)}))


async def main():
    context = None
    if ARGS.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(ARGS.tls[0], ARGS.tls[1])
    async with websockets.serve(handler, "127.0.0.1", 0, ssl=context, ping_interval=None,
                                max_size=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


try:
    asyncio.run(main())
except KeyboardInterrupt:
    pass
