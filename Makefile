# The two commands of the README, plus the benchmark. The scripts install what is missing.
.PHONY: run test bench setup lint snapshot

setup:
	bash scripts/bootstrap.sh

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

# Rewrite the regression snapshots of every development set (tests/snapshots/) after a deliberate change.
snapshot: setup
	.venv/bin/python manage.py snapshot_extraction

lint: setup
	.venv/bin/ruff check .
