"""The investigators' review app: the queue, the evidence behind each case, and decisions.

It reads only the analysts' read-only snapshot and writes only the decisions store, so it can
stay open while the pipeline runs and picks up each new snapshot as soon as it is published.
"""
