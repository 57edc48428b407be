"""`python -m vimis.standin`: run the stand-in VIMIS on 127.0.0.1."""

from __future__ import annotations

import argparse
import os

import uvicorn

from vimis.standin.app import create_standin_app
from vimis.standin.faults import FaultPlan


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local stand-in for VIMIS «Онкология».")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument("--callback-url", default="http://127.0.0.1:8000/vimis/callback",
                        help="Where sendResult goes (the passport's callback endpoint).")
    parser.add_argument("--reject-rate", type=float, default=0.0)
    parser.add_argument("--timeout-rate", type=float, default=0.0)
    parser.add_argument("--server-error-rate", type=float, default=0.0)
    parser.add_argument("--duplicate-callback-rate", type=float, default=0.0)
    parser.add_argument("--out-of-order", action="store_true")
    parser.add_argument("--callback-token", default=os.environ.get("ONKO_VIMIS_CALLBACK_TOKEN"),
                        help="Sent as X-Vimis-Token (the passport's vimis_callback_token).")
    args = parser.parse_args(argv)
    plan = FaultPlan(reject_rate=args.reject_rate, timeout_rate=args.timeout_rate,
                     server_error_rate=args.server_error_rate,
                     duplicate_callback_rate=args.duplicate_callback_rate,
                     out_of_order=args.out_of_order)
    uvicorn.run(create_standin_app(args.callback_url, plan, args.callback_token),
                host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
