# Summary evaluation on the DUC data in ../shared/data/mds (see docs/evaluation-summary.md).
# `make bench` runs the four tables one after another (about an hour on 2 cores), writes
# results/<dataset>-<words>.{md,json,png} and the summaries, then pastes the tables into
# docs/evaluation-summary.md between its bench markers.

PYTHON ?= .venv/bin/python
NEWSFUSE ?= $(PYTHON) -m newsfuse
DATA ?= ../shared/data/mds
OUT ?= results
DOC ?= docs/evaluation-summary.md

.PHONY: bench bench-2004 bench-2006 bench-2007 bench-2007-update

bench: bench-2004 bench-2006 bench-2007 bench-2007-update
	$(PYTHON) -m newsfuse.evaluate.report $(OUT) $(DOC)
	@echo "make bench: tables in $(OUT)/ (md, json, png) and pasted into $(DOC)"

bench-2004:
	$(NEWSFUSE) eval $(DATA)/duc2004_task2.jsonl --words 100 --peers $(DATA)/baselines/duc2004_task2_sumrepo_system_summaries.jsonl --out $(OUT) --save-summaries $(OUT)/duc2004_task2-100-summaries.jsonl

bench-2006:
	$(NEWSFUSE) eval $(DATA)/duc2006.jsonl --words 250 --peers $(DATA)/baselines/duc2006_nist_peer_summaries.jsonl --out $(OUT) --save-summaries $(OUT)/duc2006-250-summaries.jsonl

bench-2007:
	$(NEWSFUSE) eval $(DATA)/duc2007_main.jsonl --words 250 --out $(OUT) --save-summaries $(OUT)/duc2007_main-250-summaries.jsonl

bench-2007-update:
	$(NEWSFUSE) eval $(DATA)/duc2007_update_A.jsonl --words 100 --out $(OUT) --save-summaries $(OUT)/duc2007_update_A-100-summaries.jsonl
