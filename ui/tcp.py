"""Nagle's algorithm off for the app's connections.

Streamlit binds its listening socket itself (`socket.socket(family=...)`, protocol 0), so
asyncio does not set TCP_NODELAY on the connections it accepts, as it does on sockets it makes
itself. With Nagle's algorithm on, a response written in two parts (uvicorn writes the headers,
then the body) waits for the browser to acknowledge the first part, and the browser waits up
to 40 ms before it does: every request after the first on a kept-alive connection took 41 ms
longer here, and a fresh visit makes about a hundred of them over six connections. The same
held back the script's messages on the websocket. Accepted sockets inherit TCP_NODELAY from
their listening socket on Linux, so setting it there once is enough."""

from __future__ import annotations

import os
import socket
import stat

TCP = (socket.AF_INET, socket.AF_INET6)


def no_delay_on_listening_sockets(fds: str = "/proc/self/fd") -> int:
    """Set TCP_NODELAY on every listening TCP socket of this process; the number set. Where
    the process's descriptors cannot be listed (not Linux), nothing is done."""
    try:
        names = os.listdir(fds)
    except OSError:
        return 0
    done = 0
    for name in names:
        try:
            if not stat.S_ISSOCK(os.fstat(int(name)).st_mode):
                continue
            duplicate = os.dup(int(name))
        except OSError:
            continue  # closed meanwhile
        try:
            sock = socket.socket(fileno=duplicate)
        except OSError:
            os.close(duplicate)  # a socket of a family Python does not know
            continue
        with sock:
            if sock.family not in TCP or sock.type != socket.SOCK_STREAM:
                continue
            if sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                done += 1
    return done
