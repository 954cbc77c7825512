# Two entry points for a newcomer: `make demo` and `make test`. Both set up .venv first.
VENV ?= .venv
PY := $(VENV)/bin/python
Q ?= Who is Alexey Lyzhenkov?
export HF_HUB_OFFLINE := 1

.PHONY: install demo ask test bench calibrate clean

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

# The answer confidence (docs/figures.md, "Confidence"): the labelled sets and SQuAD answered, then the fit
# (about 15 minutes on 2 cores with nothing else running; eval --evidence answers with no confidence floor).
SHARED ?= ../shared
CAL := data/calibrate
calibrate: install
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	rm -rf $(CAL) && mkdir -p $(CAL)/both && cp $(SHARED)/eval/real-dev/docs/* $(SHARED)/eval/meetings-dev/docs/* $(CAL)/both/
	BRIEFING_DATA_DIR=$(CAL)/md $(VENV)/bin/briefing-bot eval --evidence $(CAL)/evidence.jsonl --with-documents $(CAL)/both --tuned-on 5 $(SHARED)/eval/meetings-dev/questions.jsonl
	BRIEFING_DATA_DIR=$(CAL)/rd $(VENV)/bin/briefing-bot eval --evidence $(CAL)/evidence.jsonl --with-documents $(SHARED)/eval/real-dev/docs --tuned-on 6 $(SHARED)/eval/real-dev/questions.jsonl
	for set in extra:5 more:5 fourth:4; do name=$${set%:*}; \
	  BRIEFING_DATA_DIR=$(CAL)/$$name $(VENV)/bin/briefing-bot eval --evidence $(CAL)/evidence.jsonl \
	    --with-documents tests/data/meetings-$$name/docs --tuned-on $${set#*:} tests/data/meetings-$$name/questions.jsonl || exit 1; done
	BRIEFING_DATA_DIR=$(CAL)/sq $(VENV)/bin/briefing-bot eval --evidence $(CAL)/evidence.jsonl --squad --sample 2000 $(SHARED)/bench/squad-dev-v1.1-part-a.json
	BRIEFING_DATA_DIR=$(CAL)/sq $(VENV)/bin/briefing-bot eval --evidence $(CAL)/evidence.jsonl --squad --sample 2618 $(SHARED)/bench/squad-dev-v2.0-part-a.json
	$(PY) -m benchmarks.calibrate $(CAL)/evidence.jsonl --squad-v11 $(SHARED)/bench/squad-dev-v1.1-part-a.json

clean:
	rm -rf $(VENV) data .pytest_cache
