"""Speed benchmarks: each target of issue 6 measured against a baseline taken in the same run.

Run ``python -m annotator.benchmarks`` (``--quick`` for a reduced set). Shared machines are
noisy, so every line compares our time with a bare-Qt or plain-Python floor measured moments
before on the same data, never with a fixed number of seconds.
"""
