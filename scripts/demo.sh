#!/usr/bin/env bash
# The demo on a fresh machine: installs everything, starts the local Neo4j, generates a
# region, ingests it and serves the API and web interface on http://localhost:8000.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ONKO_SKIP_BROWSER=1 bash scripts/setup.sh
exec .venv/bin/onkopassport demo "$@"
