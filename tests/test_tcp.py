"""Nagle's algorithm off for the app's connections (ui/tcp.py): the server's listening socket,
bound as Streamlit binds it, gets TCP_NODELAY, and so does every connection it accepts."""

import asyncio
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest

from ui import tcp


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


@pytest.fixture
def listener():
    """A listening socket made as Streamlit's server makes it: `socket.socket(family=...)`,
    protocol 0, which asyncio leaves with Nagle's algorithm on."""
    with socket.socket(family=socket.AF_INET) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock


def accept_one(listener: socket.socket) -> tuple[socket.socket, socket.socket]:
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    return client, accepted


def test_a_listening_socket_and_the_connections_it_accepts_get_no_delay(listener):
    client, before = accept_one(listener)
    with client, before:
        assert nodelay(before) == 0  # the defect: the connection as Streamlit accepts it
        assert tcp.no_delay_on_listening_sockets() >= 1
        assert nodelay(listener) == 1
        # a connection accepted earlier keeps what it had; the client side is not touched
        assert nodelay(before) == 0
        assert nodelay(client) == 0
    client, after = accept_one(listener)
    with client, after:
        assert nodelay(after) == 1


def test_other_sockets_are_left_alone(listener, tmp_path):
    client, accepted = accept_one(listener)
    with client, accepted, socket.socket(socket.AF_UNIX) as unix:
        unix.bind(str(tmp_path / "s"))
        unix.listen()
        tcp.no_delay_on_listening_sockets()
        # connected sockets, this process's own client and server end, are not listening
        assert nodelay(client) == 0
        assert nodelay(accepted) == 0
        assert unix.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1


def test_without_a_list_of_descriptors_nothing_is_done(listener, tmp_path):
    assert tcp.no_delay_on_listening_sockets(str(tmp_path / "none")) == 0
    assert nodelay(listener) == 0


def test_the_server_sets_it_when_it_starts(listener, monkeypatch):
    import server
    from ui import startup

    monkeypatch.setattr(startup, "warm", lambda: None)

    async def start():
        async with server.warmed(None):
            pass

    # in a thread of its own: a browser test before this one in the same process may have left
    # an event loop running in this one (Playwright's sync API)
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, start()).result()
    assert nodelay(listener) == 1
