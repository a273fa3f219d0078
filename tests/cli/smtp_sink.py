#!/usr/bin/env python3
"""A throwaway SMTP server for tests (aiosmtpd, Debian package python3-aiosmtpd).

Listens on 127.0.0.1 on an ephemeral port, writes the port to --port-file once it listens,
saves every message it accepts as <dir>/<n>.eml (the raw bytes as received) with the envelope
in <dir>/<n>.envelope, and stops by itself after --seconds (or on SIGTERM/SIGINT).
"""
import argparse
import asyncio
import os
import signal

from aiosmtpd.smtp import SMTP


class SaveToDir:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, str(self.count))
        with open(base + ".envelope", "w", encoding="utf-8") as f:
            f.write("MAIL FROM: %s\n" % envelope.mail_from)
            for rcpt in envelope.rcpt_tos:
                f.write("RCPT TO: %s\n" % rcpt)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(base + ".eml.tmp", base + ".eml")  # appears complete or not at all
        return "250 Message accepted for delivery"


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()

    loop = asyncio.get_running_loop()
    handler = SaveToDir(args.dir)
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="localhost", ident="brobygger-test-sink"), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(port))
    os.rename(tmp, args.port_file)

    done = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, done.set)
    try:
        await asyncio.wait_for(done.wait(), timeout=args.seconds)
    except asyncio.TimeoutError:
        pass
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
