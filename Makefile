# The two commands of the README, plus the benchmark. The scripts install what is missing.
.PHONY: run test bench setup lint

setup:
	bash scripts/bootstrap.sh

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

bench:
	bash scripts/bench.sh

lint: setup
	.venv/bin/ruff check .
