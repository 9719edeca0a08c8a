"""A WebSocket client outside the JVM (Python's websockets) for the local gateway's interop test.

Connects offering two subprotocols, prints the one chosen, sends one message to a two-way route, prints every
message it receives, and closes normally (1000) after the second one. One line per event on stdout.
"""
import asyncio
import sys

import websockets


async def main(url):
    async with websockets.connect(url, subprotocols=["token.abc", "chat.v1"],
                                  extra_headers={"X-Interop": "python"}) as ws:
        print("OPEN", ws.subprotocol, flush=True)
        await ws.send('{"action":"echo","text":"hi from python"}')
        for _ in range(2):
            print("RECV", await ws.recv(), flush=True)
        await ws.close(code=1000, reason="bye")
        print("CLOSED", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
