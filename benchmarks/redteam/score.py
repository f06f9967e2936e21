"""Score an investigation queue against the red-team truth.

    python benchmarks/redteam/score.py --queue QUEUE.parquet --truth DIR/truth/labels.parquet [--json OUT]

A queue row is a hit on a planted case when its pattern equals the case's pattern and
its account set overlaps the case's accounts with Jaccard >= 0.5.  Rows are read in
rank order; each planted case counts once (the first row that hits it; a later row
that only re-hits found cases is not a hit).  Per pattern and overall:

  AP      mean over planted cases of precision at the rank of its first hit (0 if never hit)
  P@100   hits among the first min(100, rows) rows / min(100, rows)   (hits@100 also shown)
  R@2x    share of planted cases hit within the first 2 x planted rows
  R@all   share of planted cases hit anywhere in the queue
  neg@2x  hard negatives "appearing" in the first 2 x planted rows of their pattern: a row
          whose accounts lie at least half inside the negative's accounts (|Q & N| / |Q| >= 0.5)

Per style (DIR/truth/styles.parquet): recall at 2 x planted for planted styles, and
the neg@2x count for negative styles.  The queue may also be a CSV export (lists
joined by ';').
"""

import argparse
import json
import os
import sys

import polars as pl


def _as_list(v):
    if v is None:
        return []
    if isinstance(v, str):
        return [x for x in v.split(";") if x != ""]
    return [str(x) for x in v]


def read_queue(path):
    if path.endswith(".csv") or path.endswith(".csv.gz"):
        q = pl.read_csv(path, infer_schema_length=0)
    else:
        q = pl.read_parquet(path)
    need = {"rank", "pattern", "account_ids"}
    miss = need - set(q.columns)
    if miss:
        sys.exit(f"{path}: missing column(s) {sorted(miss)}")
    if "score" in q.columns and q.schema["score"] == pl.String:
        q = q.with_columns(pl.col("score").cast(pl.Float64, strict=False))
    q = q.with_columns(pl.col("rank").cast(pl.Int64, strict=False))
    q = q.sort(["rank"], nulls_last=True)
    rows = []
    for r in q.iter_rows(named=True):
        rows.append(
            dict(
                rank=r["rank"],
                pattern=str(r["pattern"] or "").strip().lower(),
                accounts=frozenset(_as_list(r["account_ids"])),
                case_id=r.get("case_id"),
            )
        )
    return rows


def read_truth(labels_path, styles_path):
    lab = pl.read_parquet(labels_path)
    cases = {}
    for r in lab.iter_rows(named=True):
        c = cases.setdefault(
            r["case_key"],
            dict(pattern=str(r["pattern"]).strip().lower(), label=r["label"], accounts=set()),
        )
        c["accounts"].add(str(r["account_id"]))
    styles = {}
    if styles_path and os.path.exists(styles_path):
        for r in pl.read_parquet(styles_path).iter_rows(named=True):
            styles[r["case_key"]] = (r["style"], r["kind"])
    for k, c in cases.items():
        c["style"], c["kind"] = styles.get(
            k, ("(unknown)", "planted" if c["label"] == "fraud" else "negative")
        )
    return cases


def match(rows, planted, pattern_filter=None):
    """greedy first-hit matching in rank order.  Returns (first_hit_position per case, hit flags per row)."""
    by_acc = {}
    for k, c in planted.items():
        for a in c["accounts"]:
            by_acc.setdefault(a, []).append(k)
    found, hits = {}, []
    for pos, r in enumerate(rows, 1):
        best, bj = None, 0.0
        cand = []
        for a in r["accounts"]:
            cand.extend(by_acc.get(a, ()))
        for k in dict.fromkeys(cand):
            if k in found or planted[k]["pattern"] != r["pattern"]:
                continue
            A = planted[k]["accounts"]
            inter = len(A & r["accounts"])
            j = inter / len(A | r["accounts"])
            if j >= 0.5 and j > bj:
                best, bj = k, j
        if best is not None:
            found[best] = pos
        hits.append(best is not None)
    return found, hits


def metrics(rows, planted):
    n = len(planted)
    found, hits = match(rows, planted)
    cum, c = [], 0
    for h in hits:
        c += h
        cum.append(c)
    ap = sum(cum[p - 1] / p for p in found.values()) / n if n else float("nan")
    k = min(100, len(rows))
    h100 = cum[k - 1] if k else 0
    two = 2 * n
    r2 = sum(1 for p in found.values() if p <= two) / n if n else float("nan")
    rall = len(found) / n if n else float("nan")
    return dict(
        planted=n,
        rows=len(rows),
        ap=ap,
        p_at_100=(h100 / k if k else 0.0),
        hits_at_100=h100,
        recall_at_2x=r2,
        recall_all=rall,
    ), found


def neg_hits(rows_top, negatives):
    out = {}
    for k, c in negatives.items():
        N = c["accounts"]
        hit = False
        for r in rows_top:
            if (
                r["pattern"] == c["pattern"]
                and r["accounts"]
                and len(r["accounts"] & N) / len(r["accounts"]) >= 0.5
            ):
                hit = True
                break
        out[k] = hit
    return out


def score(queue_path, labels_path, styles_path=None):
    rows = read_queue(queue_path)
    cases = read_truth(
        labels_path, styles_path or os.path.join(os.path.dirname(labels_path), "styles.parquet")
    )
    planted = {k: c for k, c in cases.items() if c["label"] == "fraud"}
    negatives = {k: c for k, c in cases.items() if c["label"] != "fraud"}
    patterns = sorted({c["pattern"] for c in cases.values()})
    res = {"queue": queue_path, "queue_rows": len(rows), "per_pattern": {}, "per_style": {}}
    found_2x = {}
    neg_app = {}
    for p in patterns:
        pr = [r for r in rows if r["pattern"] == p]
        pc = {k: c for k, c in planted.items() if c["pattern"] == p}
        m, found = metrics(pr, pc)
        two = 2 * len(pc)
        for k, pos in found.items():
            if pos <= two:
                found_2x[k] = True
        nh = neg_hits(pr[:two], {k: c for k, c in negatives.items() if c["pattern"] == p})
        neg_app.update(nh)
        m["negatives"] = sum(1 for k in nh)
        m["negatives_in_top_2x"] = sum(nh.values())
        res["per_pattern"][p] = m
    mo, _ = metrics(rows, planted)
    mo["negatives"] = len(negatives)
    mo["negatives_in_top_2x"] = sum(neg_app.values())
    res["overall"] = mo
    styles = {}
    for k, c in cases.items():
        s = styles.setdefault(
            (c["pattern"], c["kind"], c["style"]),
            dict(pattern=c["pattern"], kind=c["kind"], style=c["style"], cases=0, hit=0),
        )
        s["cases"] += 1
        s["hit"] += int(found_2x.get(k, False) if c["label"] == "fraud" else neg_app.get(k, False))
    for s in styles.values():
        if s["kind"] == "planted":
            s["recall_at_2x"] = s["hit"] / s["cases"]
        else:
            s["in_top_2x"] = s["hit"]
    res["per_style"] = sorted(
        styles.values(), key=lambda s: (s["pattern"], s["kind"] != "planted", s["style"])
    )
    return res


def fmt(x):
    return "  -  " if x != x else f"{x:5.3f}"


def print_report(res):
    print(f"queue: {res['queue']}  ({res['queue_rows']} rows)\n")
    hdr = f"{'pattern':18s} {'planted':>7s} {'rows':>6s} {'AP':>6s} {'P@100':>6s} {'hits@100':>8s} {'R@2x':>6s} {'R@all':>6s} {'neg@2x':>10s}"
    print(hdr)
    print("-" * len(hdr))
    for p, m in list(res["per_pattern"].items()) + [("OVERALL", res["overall"])]:
        print(
            f"{p:18s} {m['planted']:7d} {m['rows']:6d} {fmt(m['ap']):>6s} {fmt(m['p_at_100']):>6s} "
            f"{m['hits_at_100']:8d} {fmt(m['recall_at_2x']):>6s} {fmt(m['recall_all']):>6s} "
            f"{m['negatives_in_top_2x']:4d}/{m['negatives']:<5d}"
        )
    print(
        "\nper style (planted: recall at 2x planted; negative: cases appearing in the top 2x planted rows)"
    )
    cur = None
    for s in res["per_style"]:
        if s["pattern"] != cur:
            cur = s["pattern"]
            print(f"\n  [{cur}]")
        if s["kind"] == "planted":
            print(
                f"    planted  {s['style']:54s} {s['hit']:4d}/{s['cases']:<4d} recall@2x {s['recall_at_2x']:.2f}"
            )
        else:
            print(f"    negative {s['style']:54s} {s['hit']:4d}/{s['cases']:<4d} in top 2x")


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--queue", required=True)
    ap.add_argument("--truth", required=True, help="DIR/truth/labels.parquet")
    ap.add_argument("--styles", default=None, help="default: styles.parquet beside the labels")
    ap.add_argument("--json", default=None)
    a = ap.parse_args(argv)
    res = score(a.queue, a.truth, a.styles)
    print_report(res)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=2, default=str)


if __name__ == "__main__":
    main()
