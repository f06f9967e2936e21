"""Synthetic freelance marketplace with planted collusion cases and hard negatives.

``generate_marketplace(out_dir, n_accounts, seed)`` writes the input tables of
DATA_CONTRACT.md as parquet, with ``labels`` holding the ground truth: ``fraud`` rows for the
planted cases (``case_key`` "<pattern>:<style>:<nnn>") and ``legit`` rows for hard negatives
built to look like them ("legit:<kind>:<nnn>", ``pattern`` = the pattern they mimic).

Modules, in the order the generator uses them:

- ``clock``: the fixed two-year window and named random streams (no wall clock).
- ``countries``, ``names``: vocabularies (countries with valid phone plans, names, domains).
- ``columns``, ``network``, ``phones``, ``emails``: vectorized building blocks for strings,
  IPs, device ids, phones in human formats, e-mail addresses and their mailbox keys.
- ``population``: accounts and their identifiers; ``pools``: drawing case members.
- ``casebook``: what cases plant (labels, contracts with payment/message knobs, extra rows).
- ``planted_rings``, ``planted_hires``, ``planted_dropoffs``: the fraud patterns.
- ``negatives_crowds``, ``negatives_pairs``: the hard negatives.
- ``contact``: contact details as fraudsters hide them and honest people share them.
- ``logins``, ``hiring``, ``payments``, ``conversations``, ``text``: ordinary activity.
- ``writer``: ids in time order and the parquet files; ``marketplace``: the orchestration.
"""

from analytics.synthetic.marketplace import MIN_ACCOUNTS, STAGES, generate_marketplace

__all__ = ["MIN_ACCOUNTS", "STAGES", "generate_marketplace"]
