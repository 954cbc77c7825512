# Two entry points for a newcomer: `make demo` and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
Q ?= Who is Alexey Lyzhenkov?
export HF_HUB_OFFLINE := 1

.PHONY: install demo ask test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

demo: install ## set up, then answer a question from the shipped briefing
	$(VENV)/bin/briefing-bot ask "$(Q)"

ask: demo

# Both cores: xdist workers, process and timing tests kept together in one (tests/conftest.py SERIAL).
test: install ## set up, then run the whole suite (pytest exit 5, "no tests", is a failure)
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS) || { rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no tests: the suite is broken" >&2; exit $$rc; }

# e.g. make bench BENCH_ARGS="--parts 1,2" for the Telegram parts only (about a minute)
bench: install ## set up, then run the performance benchmark (about an hour on 2 cores; prints one table)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	$(PY) -m benchmarks.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) data .pytest_cache
