#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs everything, starts its own Neo4j
# (or uses NEO4J_URI), runs unit, integration and browser tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest tests -p no:cacheprovider "$@"
