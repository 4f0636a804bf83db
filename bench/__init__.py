"""Benchmark of the hub on a deterministic synthetic corpus: `python -m bench --entries 10000`.

corpus.py writes the corpus, runner.py times each scenario as a child process
(measure.py), search.py sizes a Pagefind query, report.py prints the tables,
peers.py runs the Hugo/MkDocs comparison in ../shared/peers for the same N.
"""
