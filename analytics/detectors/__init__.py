"""The detectors, one folder each with the same layout.

    <detector>/params.py   its parameters: every number, with the reason for its default
    <detector>/steps.py    its tables in build order, one Step each (Dagster makes an asset of each)
    <detector>/checks.py   the checks that guard its tables
    <detector>/__init__.py the Detector (and, for a pattern, the Pattern the registry lists)

``identifier_evidence`` is not a pattern: it is the evidence of shared identifiers (kind
weights, rarity, hub exclusion) that every pattern weighing shared identifiers reads.
"""
