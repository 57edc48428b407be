"""Local HTTP servers for the VIMIS tests: uvicorn in a thread, on 127.0.0.1 only."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn
from fastapi import FastAPI

from api.routes import vimis_callback
from graph.database import Graph
from onkopassport.settings import Settings
from vimis.standin.app import create_standin_app
from vimis.standin.faults import FaultPlan


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServerThread:
    """Runs an ASGI app until `stop()`; start and stop are bounded in time."""

    def __init__(self, app: FastAPI, port: int | None = None) -> None:
        self.port = port or free_port()
        self.app = app
        # A short graceful shutdown: the peer's idle keep-alive connection must not hold
        # every test up for the default keep-alive time.
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="on", timeout_graceful_shutdown=1,
                                timeout_keep_alive=1)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"server on port {self.port} did not start")
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def callback_app(graph: Graph, settings: Settings | None = None) -> FastAPI:
    """Only the passport's callback route, on the test's graph."""
    app = FastAPI()
    app.include_router(vimis_callback.router)
    app.state.graph = graph
    app.state.settings = settings or Settings()
    return app


def standin(callback_url: str, plan: FaultPlan | None = None) -> ServerThread:
    return ServerThread(create_standin_app(callback_url, plan)).start()
