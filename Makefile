# Summary evaluation on the DUC data in ../shared/data/mds (see docs/evaluation.md).
# `make bench` runs the four tables one after another (about an hour on 2 cores), writes
# results/<dataset>-<words>.{md,json,png} and the summaries, checks that ROUGE-1.5.5 reproduces NIST's
# published figures (check-published, about a minute), then pastes the tables into docs/evaluation.md
# between its bench markers. Every table is scored by rouge-score and by ROUGE-1.5.5 with the DUC
# settings (SCORER=both; ROUGE-1.5.5 is cached per system, so a re-run scores only newsfuse's two
# systems with it; scoring every system took 9 s on DUC 2004 (25 systems) and 38 s on DUC 2007 main
# (12 systems) at load 6, and is estimated at 5-10 minutes for DUC 2006's 47); SCORER=rouge-score skips it.
# The deterministic baselines' summaries are cached in $(OUT)/cache/ (keyed by the articles, the
# sentences, the settings and the systems' declared versions), so a re-run only recomputes newsfuse and newsfuse-fast;
# `make bench EVAL_FLAGS=--no-cache` recomputes everything. Each table's wall time is appended
# to $(OUT)/bench-times.txt.

PYTHON ?= .venv/bin/python
NEWSFUSE ?= $(PYTHON) -m newsfuse
DATA ?= ../shared/data/mds
OUT ?= results
EVAL_FLAGS ?=
SCORER ?= both
TIMED = @start=$$(date +%s); mkdir -p $(OUT); trap 'echo "$@: $$(( $$(date +%s) - start )) s wall ($$(date -u +%FT%TZ))" | tee -a $(OUT)/bench-times.txt' EXIT;
DOC ?= docs/evaluation.md

.PHONY: bench bench-2004 bench-2006 bench-2007 bench-2007-update check-published

bench: bench-2004 bench-2006 bench-2007 bench-2007-update check-published
	$(PYTHON) -m newsfuse.evaluate.report $(OUT) $(DOC)
	@echo "make bench: tables in $(OUT)/ (md, json, png) and pasted into $(DOC)"

bench-2004:
	$(TIMED) $(NEWSFUSE) eval $(DATA)/duc2004_task2.jsonl --words 100 --peers $(DATA)/baselines/duc2004_task2_sumrepo_system_summaries.jsonl --out $(OUT) --scorer $(SCORER) $(EVAL_FLAGS) --save-summaries $(OUT)/duc2004_task2-100-summaries.jsonl

bench-2006:
	$(TIMED) $(NEWSFUSE) eval $(DATA)/duc2006.jsonl --words 250 --peers $(DATA)/baselines/duc2006_nist_peer_summaries.jsonl --out $(OUT) --scorer $(SCORER) $(EVAL_FLAGS) --save-summaries $(OUT)/duc2006-250-summaries.jsonl

bench-2007:
	$(TIMED) $(NEWSFUSE) eval $(DATA)/duc2007_main.jsonl --words 250 --out $(OUT) --scorer $(SCORER) $(EVAL_FLAGS) --save-summaries $(OUT)/duc2007_main-250-summaries.jsonl

bench-2007-update:
	$(TIMED) $(NEWSFUSE) eval $(DATA)/duc2007_update_A.jsonl --words 100 --out $(OUT) --scorer $(SCORER) $(EVAL_FLAGS) --save-summaries $(OUT)/duc2007_update_A-100-summaries.jsonl

# ROUGE-1.5.5 on NIST's stored DUC 2006 and 2007 update peers against NIST's published figures
# (exit 1 if one differs by more than 0.001); the table goes into docs/evaluation.md.
check-published:
	$(TIMED) $(NEWSFUSE) eval-check-published --data $(DATA) --out $(OUT)/published-check-result.json > $(OUT)/published-check.md.partial && mv $(OUT)/published-check.md.partial $(OUT)/published-check.md
