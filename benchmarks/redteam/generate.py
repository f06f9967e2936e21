"""Red-team synthetic freelance marketplace.

    python benchmarks/redteam/generate.py --out DIR --accounts N --seed S

writes DIR/input/{accounts,logins,contracts,payments,messages}.parquet (the data
contract's input tables) and DIR/truth/{labels,styles}.parquet (planted cases and
hard negatives; kept out of the input folder on purpose).
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rt_cases
from rt_core import World


def generate(out, n, seed, verbose=True):
    t = time.time()
    import resource

    def log(m):
        if verbose:
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"[{time.time() - t:7.1f}s {rss:6.0f}MB] {m}", flush=True)

    W = World(n, seed)
    W.log = log
    W.build_accounts()
    log("accounts")
    W.build_structures()
    W.build_background_contracts()
    log(f"background contracts: {len(W.bg['client'])}")
    rt_cases.build_all(W)
    log(f"cases: {len(W.styles)} ({len(W.x_contracts)} contracts)")
    W.assemble_contracts()
    W.finalize_activity()
    W.write_all(out)
    log(
        f"written: {W.N} accounts, {W.nC} contracts, {W.n_payments} payments, {W.n_messages} messages, "
        f"{W.n_logins} logins -> {out}"
    )
    return W


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", required=True)
    ap.add_argument("--accounts", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    generate(a.out, a.accounts, a.seed, verbose=not a.quiet)


if __name__ == "__main__":
    main()
