"""Core of the red-team marketplace generator: population, identifiers, background
contracts, and the vectorized payment / message / login engines.  Planted cases and
hard negatives (rt_cases.py) use the small scalar API at the bottom of class World."""

import calendar
import math
import random
from datetime import UTC, datetime

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import rt_data as D
import rt_text as TX

MIN, HOUR, DAY, WEEK = 60, 3600, 86400, 7 * 86400
T0 = calendar.timegm((2023, 1, 1, 0, 0, 0))
AS_OF = calendar.timegm((2025, 7, 1, 0, 0, 0))

HIRE = ["job_post", "invite", "direct_contract"]
PRICING = ["hourly", "fixed"]
STATUS = ["active", "completed", "cancelled"]
PKIND = ["hourly", "milestone", "bonus", "refund", "chargeback"]
LANG_IDX = {l: i for i, l in enumerate(TX.LANGS)}
CC = D.COUNTRY_CODES
CIDX = {c: i for i, c in enumerate(CC)}

HEX16 = np.array([f"{i:04x}" for i in range(65536)])  # zero-padded (device ids, cards)
HEXV6 = np.array([f"{i:x}" for i in range(65536)])  # RFC 5952 groups
OCT = np.array([str(i) for i in range(256)])


def ts_utc(s):
    return datetime.fromtimestamp(int(s), tz=UTC).strftime("%Y-%m-%d %H:%M")


# ------------------------------------------------------------------------------------
# formatting helpers (vectorized + scalar twins that must agree)
# ------------------------------------------------------------------------------------
def masked(series, mask):
    """series with nulls where mask is False"""
    return (
        pl.DataFrame({"v": series, "m": np.asarray(mask, dtype=bool)})
        .select(pl.when(pl.col("m")).then(pl.col("v")).otherwise(None))
        .to_series()
    )


def fmt_ip4_vec(u32):
    u = np.asarray(u32, dtype=np.uint64)
    parts = [OCT[(u >> s) & 255] for s in (24, 16, 8, 0)]
    df = pl.DataFrame({f"o{i}": p for i, p in enumerate(parts)})
    return df.select(
        pl.concat_str([pl.col("o0"), pl.col("o1"), pl.col("o2"), pl.col("o3")], separator=".")
    )["o0"]


def fmt_ip4(u):
    u = int(u)
    return f"{(u >> 24) & 255}.{(u >> 16) & 255}.{(u >> 8) & 255}.{u & 255}"


def fmt_hex64_vec(a):
    """uint64 array -> 16 hex chars"""
    a = np.asarray(a, dtype=np.uint64)
    parts = [
        HEX16[((a >> np.uint64(s)) & np.uint64(0xFFFF)).astype(np.int64)] for s in (48, 32, 16, 0)
    ]
    return (
        pl.DataFrame({f"h{i}": p for i, p in enumerate(parts)})
        .select(pl.concat_str(pl.all()))
        .to_series()
    )


def fmt_dev(hi, lo):
    return f"{int(hi):016x}{int(lo):016x}"


def fmt_card(v):
    v = int(v)
    pre = "cc" if v % 100 < 80 else ("ba" if v % 100 < 92 else "pp")
    return f"{pre}_{v:016x}"


def fmt_card_vec(a):
    a = np.asarray(a, dtype=np.uint64)
    m = (a % np.uint64(100)).astype(np.int64)
    pre = np.where(m < 80, "cc_", np.where(m < 92, "ba_", "pp_"))
    return (
        pl.DataFrame({"p": pre, "h": fmt_hex64_vec(a)})
        .select(pl.concat_str(["p", "h"]))
        .to_series()
    )


def fmt_v6(groups):
    return ":".join(f"{int(g):x}" for g in groups)


def parse_pattern(p):
    """-> list of ('lit', str) | ('dig', pos, len)"""
    out, pos, i = [], 0, 0
    while i < len(p):
        ch = p[i]
        if ch == "#":
            j = i
            while j < len(p) and p[j] == "#":
                j += 1
            out.append(("dig", pos, j - i))
            pos += j - i
            i = j
        elif ch == "~":
            pos += 1
            i += 1
        else:
            j = i
            while j < len(p) and p[j] not in "#~":
                j += 1
            out.append(("lit", p[i:j]))
            i = j
    return out


def fmt_phone(nsn, pattern):
    s = []
    for tok in parse_pattern(pattern):
        s.append(tok[1] if tok[0] == "lit" else nsn[tok[1] : tok[1] + tok[2]])
    return "".join(s)


def fmt_phone_vec(nsn_series, pattern):
    ex = []
    for tok in parse_pattern(pattern):
        ex.append(pl.lit(tok[1]) if tok[0] == "lit" else pl.col("n").str.slice(tok[1], tok[2]))
    return pl.DataFrame({"n": nsn_series}).select(pl.concat_str(ex).alias("x")).to_series()


def digits_to_str(mat):
    """int matrix (m, k) of digits -> Series of strings"""
    m, k = mat.shape
    if k == 0:
        return pl.Series([""] * m)
    d = np.array(list("0123456789"))[mat]
    return (
        pl.DataFrame({f"c{j}": d[:, j] for j in range(k)})
        .select(pl.concat_str(pl.all()))
        .to_series()
    )


def gen_nsn(rng, country, m, land=False):
    pre, L, frm, pats = D.COUNTRIES[country]["land" if land else "mobile"]
    p = np.array(pre)[rng.integers(0, len(pre), m)]
    rest = L - len(pre[0])
    mat = rng.integers(0, 10, (m, rest))
    if land:
        frm = max(frm, 2)  # local numbers do not start with 0 or 1
    if frm and rest:
        mat[:, 0] = rng.integers(frm, 10, m)
    return (
        pl.DataFrame({"p": p, "r": digits_to_str(mat)})
        .select(pl.concat_str(["p", "r"]))
        .to_series(),
        pats,
    )


def choose_w(rng, items, m):
    w = np.array([x[1] for x in items], dtype=float)
    return rng.choice(len(items), size=m, p=w / w.sum())


def gen_phones(rng, countries, land=False):
    """countries: numpy array of country codes.  Returns (typed, e164digits) numpy object arrays."""
    n = len(countries)
    typed = np.empty(n, dtype=object)
    e164 = np.empty(n, dtype=object)
    for c in CC:
        sel = np.flatnonzero(countries == c)
        if len(sel) == 0:
            continue
        nsn, pats = gen_nsn(rng, c, len(sel), land)
        e164[sel] = (
            pl.DataFrame({"n": nsn})
            .select(pl.lit(D.COUNTRIES[c]["cc"]) + pl.col("n"))
            .to_series()
            .to_numpy()
        )
        pi = choose_w(rng, pats, len(sel))
        out = np.empty(len(sel), dtype=object)
        for k, (pat, _) in enumerate(pats):
            s2 = np.flatnonzero(pi == k)
            if len(s2):
                out[s2] = fmt_phone_vec(nsn.gather(s2), pat).to_numpy()
        typed[sel] = out
    return typed, e164


def national_digits(country, nsn):
    """digits of the plain national form (trunk + nsn), as people dial it at home"""
    trunk = {"US": "", "CA": "", "ES": "", "PL": "", "MX": "", "CN": "", "RU": "8", "AR": "0"}.get(
        country, "0"
    )
    if country == "AR":
        return "0" + nsn[1:3] + "15" + nsn[3:]
    return trunk + nsn


def email_key(e):
    """normalized mailbox key (used only to keep the background free of accidental collisions)"""
    e = e.lower()
    loc, dom = e.split("@", 1)
    loc = loc.split("+", 1)[0]
    if dom in ("gmail.com", "googlemail.com"):
        loc, dom = loc.replace(".", ""), "gmail.com"
    return loc + "@" + dom


# ------------------------------------------------------------------------------------
class World:
    def __init__(self, n, seed):
        self.N = int(n)
        self.seed = int(seed)
        self.ss = np.random.SeedSequence(seed)
        kids = self.ss.spawn(8)
        self.rng = np.random.default_rng(kids[0])
        self.rng_case = np.random.default_rng(kids[1])
        self.r = random.Random(seed * 7919 + 17)
        self.kid_login, self.kid_msg, self.kid_pay = kids[2], kids[3], kids[4]
        self.rng_bg = np.random.default_rng(kids[5])
        # case outputs
        self.x_contracts = []  # dicts
        self.x_msgs = []  # (cidx|-1, sender, recipient, ts, body)
        self.x_logins = []  # (acct, ts, ip, dev|None)
        self.x_pays = []  # (cidx, ts, amount, kind, card_slot)
        self.labels = []  # (acct, label, pattern, case_key)
        self.styles = []  # (case_key, pattern, style, kind)
        self.case_contracts = {}  # case_key -> [cidx]
        self.n_special_contracts = 0
        self.log = None

    # ================================================================ population
    def build_accounts(self):
        rng, N = self.rng, self.N
        is_client = np.zeros(N, dtype=bool)
        is_client[rng.permutation(N)[: int(N * 0.4)]] = True
        self.is_client = is_client
        wc = np.array([D.COUNTRIES[c]["wc"] for c in CC], float)
        wf = np.array([D.COUNTRIES[c]["wf"] for c in CC], float)
        cidx = np.where(
            is_client,
            rng.choice(len(CC), N, p=wc / wc.sum()),
            rng.choice(len(CC), N, p=wf / wf.sum()),
        )
        self.cidx = cidx.astype(np.int16)
        self.country = np.array(CC, dtype=object)[cidx]
        self.created = (T0 + (AS_OF - 21 * DAY - T0) * rng.random(N) ** 0.8).astype(np.int64)
        self.tz = np.array([D.COUNTRIES[c]["tz"] for c in CC])[cidx]
        lang_of_c = np.array([LANG_IDX[D.COUNTRIES[c]["lang"]] for c in CC])
        self.lang = lang_of_c[cidx].astype(np.int8)

        # ---- names
        first = np.empty(N, dtype=object)
        last = np.empty(N, dtype=object)
        disp = np.empty(N, dtype=object)
        for lg, (fl, ll) in D.NAMES.items():
            sel = np.flatnonzero(np.array(TX.LANGS)[self.lang] == lg)
            if len(sel) == 0:
                continue
            fi = rng.integers(0, len(fl), len(sel))
            li = rng.integers(0, len(ll), len(sel))
            first[sel] = np.array(fl, dtype=object)[fi]
            last[sel] = np.array(ll, dtype=object)[li]
            f_t = pl.Series(np.array(fl)[fi]).str.to_titlecase()
            l_t = pl.Series(np.array(ll)[li]).str.to_titlecase()
            full = (
                pl.DataFrame({"f": f_t, "l": l_t})
                .select(pl.concat_str(["f", "l"], separator=" "))
                .to_series()
            )
            short = (
                pl.DataFrame({"f": f_t, "l": l_t.str.slice(0, 1)})
                .select(pl.concat_str([pl.col("f"), pl.lit(" "), pl.col("l"), pl.lit(".")]))
                .to_series()
            )
            u = rng.random(len(sel))
            d = np.where(u < 0.25, short.to_numpy(), full.to_numpy()).astype(object)
            if lg in D.NATIVE:
                nf, nl = D.NATIVE[lg]
                nat = (
                    (np.array(nl, dtype=object)[li] + np.array(nf, dtype=object)[fi])
                    if lg == "zh"
                    else (np.array(nf, dtype=object)[fi] + " " + np.array(nl, dtype=object)[li])
                )
                d = np.where(rng.random(len(sel)) < 0.4, nat, d)
            disp[sel] = d
        self.first, self.last, self.name = first, last, disp

        # ---- businesses (clients)
        has_biz = is_client & (rng.random(N) < 0.3)
        bsel = np.flatnonzero(has_biz)
        w1 = np.array(D.BIZ_W1)[rng.integers(0, len(D.BIZ_W1), len(bsel))]
        w2 = np.array(D.BIZ_W2)[rng.integers(0, len(D.BIZ_W2), len(bsel))]
        hy = np.where(rng.random(len(bsel)) < 0.4, "-", "")
        tld = np.array([D.BIZ_TLD[c] for c in self.country[bsel]])
        base = (
            pl.DataFrame({"a": w1, "h": hy, "b": w2})
            .select(pl.concat_str(["a", "h", "b"]))
            .to_series()
        )
        bdf = pl.DataFrame({"base": base, "tld": tld})
        for _ in range(6):
            bdf = bdf.with_columns(dom=pl.col("base") + pl.col("tld"))
            bdf = bdf.with_columns(k=pl.int_range(pl.len()).over("dom"))
            if bdf["k"].max() == 0:
                break
            extra = pl.Series(rng.integers(2, 999, len(bdf))).cast(pl.String)
            bdf = bdf.with_columns(
                base=pl.when(pl.col("k") > 0).then(pl.col("base") + extra).otherwise("base")
            )
        self.biz = np.full(N, None, dtype=object)
        self.biz[bsel] = bdf["dom"].to_numpy()
        self.shop = np.full(N, None, dtype=object)
        shop_typed, _ = gen_phones(rng, self.country[bsel], land=True)
        self.shop[bsel] = shop_typed

        # ---- e-mails
        has_email = rng.random(N) < 0.93
        self._make_emails(has_email, has_biz)

        # ---- phones
        has_phone = rng.random(N) < 0.75
        typed, e164 = gen_phones(rng, self.country)
        # keep background phones unique (regenerate the rare collisions)
        for _ in range(5):
            s = pl.Series(e164.astype(str))
            dup = s.is_duplicated().to_numpy() & ~s.is_first_distinct().to_numpy()
            if not dup.any():
                break
            t2, e2 = gen_phones(rng, self.country[dup])
            typed[dup], e164[dup] = t2, e2
        self.phone = np.where(has_phone, typed, None)
        self.e164 = e164  # internal

        # ---- identifiers: home IPs, devices, cards
        oct1 = np.array(D.PUBLIC_OCTETS, dtype=np.uint64)[rng.integers(0, len(D.PUBLIC_OCTETS), N)]
        self.home4 = (
            (oct1 << np.uint64(24)) | rng.integers(0, 1 << 24, N).astype(np.uint64)
        ).astype(np.uint64)
        self.home4 = (self.home4 & ~np.uint64(255)) | rng.integers(1, 255, N).astype(np.uint64)
        self.has6 = rng.random(N) < 0.35
        self.v6 = np.stack(
            [
                np.array(D.V6_BLOCKS)[rng.integers(0, len(D.V6_BLOCKS), N)],
                rng.integers(1, 65536, N),
                rng.integers(1, 65536, N),
                rng.integers(1, 65536, N),
            ],
            axis=1,
        ).astype(np.int64)
        self.v6_stable = rng.random(N) < 0.4
        self.v6_iid = rng.integers(1, 65536, (N, 4)).astype(np.int64)
        self.mapped_p = np.where(
            rng.random(N) < 0.1, 0.3, 0.0
        )  # dual-stack logs showing ::ffff:a.b.c.d
        self.ndev = rng.choice([1, 2, 3], N, p=[0.3, 0.5, 0.2]).astype(np.int8)
        self.dev = rng.integers(0, np.iinfo(np.int64).max, (N, 3, 2), dtype=np.int64).astype(
            np.uint64
        )
        self.card = rng.integers(0, np.iinfo(np.int64).max, (N, 2), dtype=np.int64).astype(
            np.uint64
        )
        self.ncard = np.where(is_client, rng.choice([1, 2], N, p=[0.75, 0.25]), 0).astype(np.int8)

        # ---- activity weights (heavy tailed)
        wcl = np.where(rng.random(N) < 0.62, rng.pareto(1.3, N) + 1.0, 0.0)
        wfr = np.where(rng.random(N) < 0.55, rng.pareto(1.05, N) + 1.0, 0.0)
        self.weight = np.minimum(np.where(is_client, wcl, wfr), 150.0)
        self.special = np.zeros(N, dtype=bool)  # owned by a planted case / negative
        self.labelled = np.zeros(N, dtype=bool)
        self.custom_logins = np.zeros(N, dtype=bool)
        self.force_active = np.zeros(N, dtype=bool)
        self.household = np.full(N, -1, dtype=np.int64)
        self.crowd = np.full(N, -1, dtype=np.int64)
        self.crowd_p = np.zeros(N)
        self.vpn_p = np.where(rng.random(N) < 0.03, 0.2, 0.0)
        self.login_rate_mult = np.ones(N)
        # reserve a random 6 % (4 % in big worlds) of each role for planted cases and negatives;
        # reserved accounts get no background work; unused ones stay as idle sign-ups
        perm = rng.permutation(N)
        frac = 0.06 if N <= 100000 else 0.04
        self.reserved = np.zeros(N, dtype=bool)
        self._pool, self._pool_c = {}, {}
        for role in (True, False):
            ids = perm[self.is_client[perm] == role]
            ids = ids[: int(len(ids) * frac)]
            self.reserved[ids] = True
            self._pool[role] = ids[::-1].tolist()
            for c in CC:
                sub = ids[self.country[ids] == c]
                self._pool_c[(role, c)] = sub[::-1].tolist()
        self.weight[self.reserved] = 0.0

    def _make_emails(self, has_email, has_biz):
        rng, N = self.rng, self.N
        f = pl.Series(self.first.astype(str))
        l = pl.Series(self.last.astype(str))
        style = rng.integers(0, 8, N)
        sfx_kind = rng.choice(4, N, p=[0.35, 0.25, 0.2, 0.2])
        sfx = np.where(
            sfx_kind == 0,
            "",
            np.where(
                sfx_kind == 1,
                rng.integers(10, 100, N).astype(str),
                np.where(
                    sfx_kind == 2,
                    rng.integers(1970, 2006, N).astype(str),
                    rng.integers(100, 10000, N).astype(str),
                ),
            ),
        )
        sfx = np.where((style == 4) & (sfx == ""), rng.integers(100, 1000, N).astype(str), sfx)
        df = pl.DataFrame({"f": f, "l": l, "st": style, "sfx": sfx})
        fi = pl.col("f").str.slice(0, 1)
        li = pl.col("l").str.slice(0, 1)
        local = (
            pl.when(pl.col("st") == 0)
            .then(pl.col("f") + "." + pl.col("l"))
            .when(pl.col("st") == 1)
            .then(pl.col("f") + pl.col("l"))
            .when(pl.col("st") == 2)
            .then(pl.col("f") + "_" + pl.col("l"))
            .when(pl.col("st") == 3)
            .then(fi + "." + pl.col("l"))
            .when(pl.col("st") == 4)
            .then(pl.col("f"))
            .when(pl.col("st") == 5)
            .then(pl.col("l") + "." + pl.col("f"))
            .when(pl.col("st") == 6)
            .then(fi + pl.col("l"))
            .otherwise(pl.col("f") + "." + li)
        )
        loc = df.select((local + pl.col("sfx")).alias("x")).to_series()
        dom = np.empty(N, dtype=object)
        for c in CC:
            sel = np.flatnonzero(self.country == c)
            if len(sel):
                opts = D.EMAIL_DOMAINS[c]
                dom[sel] = np.array([o[0] for o in opts], dtype=object)[
                    choose_w(rng, opts, len(sel))
                ]
        biz_owner = has_biz & (rng.random(N) < 0.5)
        dom = np.where(biz_owner, self.biz, dom)
        loc = pl.Series(
            np.where(biz_owner & (rng.random(N) < 0.6), self.first, loc.to_numpy()).astype(str)
        )
        e = pl.DataFrame({"loc": loc, "dom": pl.Series(dom.astype(str))})
        for _ in range(8):
            e = e.with_columns(
                key=pl.when(pl.col("dom") == "gmail.com")
                .then(pl.col("loc").str.replace_all(".", "", literal=True))
                .otherwise(pl.col("loc"))
                + "@"
                + pl.col("dom")
            )
            e = e.with_columns(k=pl.int_range(pl.len()).over("key"))
            if e["k"].max() == 0:
                break
            extra = pl.Series(rng.integers(1, 9999, N)).cast(pl.String)
            e = e.with_columns(
                loc=pl.when(pl.col("k") > 0).then(pl.col("loc") + extra).otherwise("loc")
            )
        loc_s, dom_s = e["loc"], e["dom"]
        # typed variations: +tags, stray gmail dots, capitalisation
        u = rng.random(N)
        tag = pl.Series(np.array(D.PLUS_TAGS)[rng.integers(0, len(D.PLUS_TAGS), N)])
        plus_ok = np.isin(dom_s.to_numpy(), list(D.PLUS_TAG_DOMAINS))
        pos = pl.Series(rng.integers(1, 4, N))
        t = pl.DataFrame(
            {
                "loc": loc_s,
                "dom": dom_s,
                "tag": tag,
                "pos": pos,
                "plus": plus_ok & (u < 0.06),
                "dot": (dom_s.to_numpy() == "gmail.com") & (u >= 0.06) & (u < 0.08),
                "case": rng.choice(3, N, p=[0.88, 0.09, 0.03]),
            }
        )
        t = t.with_columns(
            loc=pl.when("dot")
            .then(
                pl.col("loc").str.slice(0, pl.col("pos"))
                + "."
                + pl.col("loc").str.slice(pl.col("pos"))
            )
            .otherwise("loc")
        )
        t = t.with_columns(
            loc=pl.when("plus").then(pl.col("loc") + "+" + pl.col("tag")).otherwise("loc")
        )
        t = t.with_columns(full=pl.col("loc") + "@" + pl.col("dom"))
        t = t.with_columns(
            full=pl.when(pl.col("case") == 1)
            .then(pl.col("full").str.to_titlecase())
            .when(pl.col("case") == 2)
            .then(pl.col("full").str.to_uppercase())
            .otherwise("full")
        )
        self.email = np.where(has_email, t["full"].to_numpy(), None)

    def build_structures(self):
        """households, coworking / campus / agency offices / internet cafes, carrier pools"""
        rng, N = self.rng, self.N
        # households: 8 % of accounts, same country, 2-3 members, share home IPv4 and IPv6 /64
        pool = np.flatnonzero(~self.reserved)
        sel = rng.permutation(pool)[: int(N * 0.08)]
        sel = sel[np.argsort(self.cidx[sel], kind="stable")]
        sizes = rng.choice([2, 3], len(sel), p=[0.75, 0.25])
        hid = np.repeat(np.arange(len(sizes)), sizes)[: len(sel)]
        starts = np.searchsorted(hid, hid)  # first member of each household
        same = self.cidx[sel] == self.cidx[sel[starts]]
        hid = np.where(same, hid, -1)
        ok = hid >= 0
        self.household[sel[ok]] = hid[ok]
        lead = sel[starts[ok]]
        self.home4[sel[ok]] = self.home4[lead]
        self.has6[sel[ok]] = self.has6[lead]
        self.v6[sel[ok]] = self.v6[lead]
        self.n_households = int(hid.max() + 1) if ok.any() else 0
        # crowds
        kinds = []
        n_cow, n_cam, n_ag, n_cafe = (
            max(2, N // 1500),
            max(1, N // 6000),
            max(1, N // 3000),
            max(1, N // 8000),
        )
        kinds += (
            [("coworking", 15, 60, 0.35)] * n_cow
            + [("campus", 80, 300, 0.5)] * n_cam
            + [("agency", 3, 12, 0.6)] * n_ag
            + [("cafe", 20, 50, 0.7)] * n_cafe
        )
        self.crowd_kind, self.crowd_ip, self.crowd_dev = [], [], []
        free = rng.permutation(np.flatnonzero(~self.reserved & (self.household < 0)))
        ptr = 0
        for kind, lo, hi, p in kinds:
            cid = len(self.crowd_kind)
            m = int(rng.integers(lo, hi + 1))
            members = free[ptr : ptr + m]
            ptr += m
            if kind == "agency":
                members = members[~self.is_client[members]]
            self.crowd[members] = cid
            self.crowd_p[members] = p
            self.crowd_kind.append(kind)
            self.crowd_ip.append(int(self._rand_pub4()))
            self.crowd_dev.append(
                (int(rng.integers(0, 2**63)), int(rng.integers(0, 2**63)))
                if kind == "cafe"
                else None
            )
        # mobile carrier gateways per country, CGNAT pool, VPN exits, generic fingerprints
        self.carrier = {}
        wsum = np.bincount(self.cidx, minlength=len(CC))
        for ci, c in enumerate(CC):
            k = int(max(3, wsum[ci] // 400))
            self.carrier[ci] = np.array([self._rand_pub4() for _ in range(k)], dtype=np.uint64)
        self.cgnat = (
            np.uint64(100 << 24)
            + np.uint64(64 << 16)
            + rng.integers(0, 1 << 22, max(50, N // 300)).astype(np.uint64)
        )
        self.vpn = np.array([self._rand_pub4() for _ in range(200)], dtype=np.uint64)
        self.generic_dev = [
            (int(rng.integers(0, 2**63)), int(rng.integers(0, 2**63))) for _ in range(5)
        ]

    def _rand_pub4(self):
        r = self.rng
        return np.uint64(
            (int(r.choice(D.PUBLIC_OCTETS)) << 24)
            | (int(r.integers(0, 1 << 16)) << 8)
            | int(r.integers(1, 255))
        )

    # ================================================================ case API
    def take(self, client, country=None, created=None):
        """claim a fresh account for a planted case / negative"""
        if country is not None:
            lst = self._pool_c.get((client, country), [])
            while lst:
                i = lst.pop()
                if (
                    not self.special[i]
                    and not self.labelled[i]
                    and self.crowd[i] < 0
                    and self.household[i] < 0
                ):
                    break
            else:
                i = None
            if i is None:
                return self.take(client, None, created)
        else:
            lst = self._pool[client]
            while True:
                i = lst.pop()
                if (
                    not self.special[i]
                    and not self.labelled[i]
                    and self.crowd[i] < 0
                    and self.household[i] < 0
                ):
                    break
        self.special[i] = True
        self.weight[i] = 0.0
        self.force_active[i] = True
        if created is not None:
            created = int(created)
            if created < T0:  # the platform starts at T0: squeeze old sign-ups into its first weeks
                created = T0 + int(self.rng_case.integers(0, 20 * DAY))
            self.created[i] = created
        return i

    def take_bg(self, client, country=None, active=True):
        """a background account (keeps its background activity) for crowd / household negatives"""
        if not hasattr(self, "_bgpool"):
            self._bgpool = {}
        key = (bool(client), country, bool(active))
        if key not in self._bgpool:
            ok = (
                (self.is_client == client)
                & ~self.special
                & ~self.labelled
                & (self.crowd < 0)
                & (self.household < 0)
                & ~self.reserved
            )
            if active:
                ok &= self.weight > 0
            if country is not None:
                ok &= self.country == country
            self._bgpool[key] = self.rng_case.permutation(np.flatnonzero(ok)).tolist()
        lst = self._bgpool[key]
        while lst:
            i = lst.pop()
            if not (
                self.special[i] or self.labelled[i] or self.crowd[i] >= 0 or self.household[i] >= 0
            ):
                self.labelled[i] = True
                self.force_active[i] = True
                return i
        return self.take(client, country)

    def outside(self, client, k=1):
        """background counterparts, by activity weight"""
        if not hasattr(self, "_cum"):
            self._cum = {}
            for role in (True, False):
                idx = np.flatnonzero((self.is_client == role) & (self.weight > 0))
                self._cum[role] = (idx, np.cumsum(self.weight[idx]))
        idx, cum = self._cum[bool(client)]
        out = []
        while len(out) < k:
            j = idx[np.searchsorted(cum, self.rng_case.random() * cum[-1])]
            if not self.special[j] and not self.labelled[j]:
                out.append(int(j))
        return out

    def new_phone(self, country, land=False):
        pre, L, frm, pats = D.COUNTRIES[country]["land" if land else "mobile"]
        r = self.r
        p = r.choice(pre)
        rest = [r.randint(0, 9) for _ in range(L - len(p))]
        lo = max(frm, 2) if land else frm
        if lo and rest:
            rest[0] = r.randint(lo, 9)
        nsn = p + "".join(map(str, rest))
        pat = r.choices([x[0] for x in pats], weights=[x[1] for x in pats])[0]
        return dict(
            e164=D.COUNTRIES[country]["cc"] + nsn,
            nsn=nsn,
            typed=fmt_phone(nsn, pat),
            national_digits=national_digits(country, nsn),
            country=country,
        )

    def phone_info(self, i):
        c = self.country[i]
        cc = D.COUNTRIES[c]["cc"]
        nsn = self.e164[i][len(cc) :]
        typed = self.phone[i] or fmt_phone(nsn, D.COUNTRIES[c]["mobile"][3][0][0])
        return dict(
            e164=self.e164[i],
            nsn=nsn,
            typed=typed,
            national_digits=national_digits(c, nsn),
            country=c,
        )

    def retype_phone(self, country, nsn, avoid=None):
        pats = [p for p, _ in D.COUNTRIES[country]["mobile"][3]]
        self.r.shuffle(pats)
        for p in pats:
            s = fmt_phone(nsn, p)
            if s != avoid:
                return s
        return fmt_phone(nsn, pats[0])

    def ip_home(self, i, v6=False):
        if v6 and self.has6[i]:
            iid = self.v6_iid[i] if self.v6_stable[i] else self.rng_case.integers(1, 65536, 4)
            return fmt_v6(list(self.v6[i]) + list(iid))
        return fmt_ip4(self.home4[i])

    def ip_mobile(self, i):
        pool = self.carrier[int(self.cidx[i])]
        return fmt_ip4(pool[self.rng_case.integers(0, len(pool))])

    def ip_vpn(self):
        return fmt_ip4(self.vpn[self.rng_case.integers(0, len(self.vpn))])

    def ip_random(self):
        return fmt_ip4(self._rand_pub4())

    def dev_str(self, i, slot=0):
        return fmt_dev(self.dev[i, slot, 0], self.dev[i, slot, 1])

    def add_login(self, acct, ts, ip, dev):
        ts = int(min(max(ts, self.created[acct]), AS_OF - 60))
        self.x_logins.append((int(acct), ts, ip, dev))

    def add_contract(self, case_key=None, **kw):
        """kw: client, freelancer, created, posted, hire, proposals, pricing, status, ended, pay_until,
        msg_until, rate, hours_mean, budget, n_ms, msg_rate, pay_mode, card_slot, n_pre, wind, lang"""
        d = dict(
            posted=-1,
            hire=0,
            proposals=-1,
            pricing=1,
            status=1,
            ended=-1,
            pay_until=-1,
            msg_until=-1,
            rate=25.0,
            hours_mean=15.0,
            budget=300.0,
            n_ms=1,
            msg_rate=1.0,
            pay_mode=0,
            card_slot=0,
            n_pre=-1,
            wind=-1,
            lang=-1,
            bonus=0,
            extras=1,
        )
        d.update(kw)
        for k in ("created", "posted", "ended", "pay_until", "msg_until"):
            d[k] = int(d[k])
        first_ok = int(max(self.created[d["client"]], self.created[d["freelancer"]]))
        if d["created"] <= first_ok:
            # shift the whole contract to a few days after both accounts exist
            delta = first_ok + int(self.rng_case.integers(DAY, 10 * DAY)) - d["created"]
            for k in ("created", "posted", "ended", "pay_until", "msg_until"):
                if d[k] >= 0:
                    d[k] += delta
            if d["created"] >= AS_OF - HOUR:
                d["created"] = int(first_ok + (AS_OF - first_ok) // 2)
        if d["posted"] >= 0:
            d["posted"] = int(
                min(max(d["posted"], self.created[d["client"]] + 30), d["created"] - 30)
            )
        if d["ended"] >= 0 and d["ended"] >= AS_OF:
            d["ended"], d["status"] = -1, 0
        if d["ended"] >= 0 and d["ended"] <= d["created"]:
            d["ended"] = d["created"] + HOUR
        if d["status"] == 0:
            d["ended"] = -1
        cidx = len(self.x_contracts)
        self.x_contracts.append(d)
        if case_key is not None:
            self.case_contracts.setdefault(case_key, []).append(("x", cidx))
        return ("x", cidx)

    def normal_contract(self, client, freelancer, t, case_key=None, **over):
        """a contract drawn like the honest background"""
        r = self.r
        clip = lambda x, lo, hi: lo if x < lo else (hi if x > hi else x)
        ln = lambda med, sd: math.exp(r.gauss(math.log(med), sd))
        hourly = r.random() < 0.4
        u = r.random()
        hire = 0 if u < 0.7 else (1 if u < 0.9 else 2)
        posted, props = -1, -1
        if hire == 0:
            posted = t - int(clip(ln(36 * HOUR, 1.0), 20 * MIN, 30 * DAY))
            props = int(clip(ln(12, 0.9), 1, 300))
        elif hire == 1:
            props = 0
        if hourly:
            dur = int(clip(ln(6 * WEEK, 1.0), WEEK, 80 * WEEK))
        else:
            dur = int(clip(ln(9 * DAY, 0.9), 4 * HOUR, 90 * DAY))
        end = t + dur
        status = 0 if end >= AS_OF else (1 if r.random() < 0.88 else 2)
        v = r.random()
        kw = dict(
            client=client,
            freelancer=freelancer,
            created=t,
            posted=posted,
            hire=hire,
            proposals=props,
            pricing=0 if hourly else 1,
            status=status,
            ended=end if status else -1,
            rate=clip(ln(22, 0.6), 5, 200),
            hours_mean=clip(ln(15, 0.6), 2, 50),
            budget=clip(ln(250, 1.0), 10, 10000),
            n_ms=1 if v < 0.6 else (2 if v < 0.85 else 3),
            msg_rate=ln(1.5, 0.6),
            card_slot=int(r.random() < 0.2 and self.ncard[client] > 1),
        )
        kw.update(over)
        return self.add_contract(case_key=case_key, **kw)

    def honest_history(self, acct, n, t_lo, t_hi, case_key=None):
        """n normal contracts with background counterparts between t_lo and t_hi"""
        client = bool(self.is_client[acct])
        others = self.outside(not client, n)
        out = []
        for o in others:
            t_lo2 = max(t_lo, self.created[acct] + DAY, self.created[o] + DAY)
            if t_lo2 >= min(t_hi, AS_OF - DAY):
                continue
            t = int(self.rng_case.integers(t_lo2, min(t_hi, AS_OF - DAY)))
            out.append(
                self.normal_contract(o if not client else acct, acct if not client else o, t)
            )
        return out

    def add_msg(self, c, sender, recipient, ts, body):
        ts = max(int(ts), int(self.created[sender]) + 60, int(self.created[recipient]) + 60)
        self.x_msgs.append((c, int(sender), int(recipient), int(min(ts, AS_OF - 30)), body))

    def add_pay(self, c, ts, amount, kind="milestone", card_slot=0, instrument="__client__"):
        self.x_pays.append(
            (c, int(min(ts, AS_OF - 30)), round(float(amount), 2), kind, card_slot, instrument)
        )

    def label(self, case_key, pattern, label, accts, style, kind):
        seen = []
        for a in accts:
            if a not in seen:
                seen.append(int(a))
        for a in seen:
            self.labels.append((int(a), label, pattern, case_key))
            self.labelled[a] = True
        self.styles.append((case_key, pattern, style, kind))

    def lang_pair(self, a, b):
        la, lb = int(self.lang[a]), int(self.lang[b])
        return la if la == lb else LANG_IDX["en"]

    # ================================================================ background contracts
    def build_background_contracts(self):
        rng, N = self.rng_bg, self.N
        w = np.where(self.special | (self.weight <= 0), 0.0, self.weight)
        cl = np.flatnonzero(self.is_client & (w > 0))
        fr = np.flatnonzero(~self.is_client & (w > 0))
        n_pairs = int(0.5 * N)
        pc = cl[np.searchsorted(np.cumsum(w[cl]), rng.random(n_pairs) * w[cl].sum())]
        pf = fr[np.searchsorted(np.cumsum(w[fr]), rng.random(n_pairs) * w[fr].sum())]
        # local markets: a third of the hires go to a freelancer who speaks the client's language
        local = rng.random(n_pairs) < 0.33
        for li in range(len(TX.LANGS)):
            sel = np.flatnonzero(local & (self.lang[pc] == li))
            pool = fr[self.lang[fr] == li]
            if len(sel) and len(pool):
                cw = np.cumsum(w[pool])
                pf[sel] = pool[np.searchsorted(cw, rng.random(len(sel)) * cw[-1])]
        # no contracts inside a household (those are planted, not background)
        hh = (self.household[pc] >= 0) & (self.household[pc] == self.household[pf])
        pc, pf = pc[~hh], pf[~hh]
        n_pairs = len(pc)
        k = np.minimum(1 + rng.geometric(0.62, n_pairs) - 1, 25)
        k = np.where(
            rng.random(n_pairs) < 0.03, k + rng.integers(3, 12, n_pairs), k
        )  # long repeat pairs
        pair = np.repeat(np.arange(n_pairs), k)
        m = len(pair)
        first = np.r_[True, pair[1:] != pair[:-1]]
        base = np.maximum(self.created[pc], self.created[pf]) + (
            np.exp(rng.normal(np.log(20 * DAY), 1.2, n_pairs))
        ).astype(np.int64)
        gaps = np.where(first, 0, np.exp(rng.normal(np.log(35 * DAY), 1.0, m))).astype(np.int64)
        cs = np.cumsum(gaps)
        grp_start = np.flatnonzero(first)
        cs = cs - np.repeat(cs[grp_start], k)
        created = base[pair] + cs
        keep = created < AS_OF - HOUR
        pair, created, first = pair[keep], created[keep], first[keep]
        m = len(pair)
        client, free_ = pc[pair], pf[pair]
        # repeat contracts of a pair are mostly invites
        hire = rng.choice(3, m, p=[0.7, 0.2, 0.1])
        hire = np.where(~first & (rng.random(m) < 0.7), 1, hire)
        lag = np.clip(np.exp(rng.normal(np.log(36 * HOUR), 1.0, m)), 20 * MIN, 30 * DAY).astype(
            np.int64
        )
        inv_post = rng.random(m) < 0.4
        posted = np.where(
            hire == 0, created - lag, np.where((hire == 1) & inv_post, created - lag, -1)
        )
        props = np.where(
            hire == 0,
            np.clip(np.exp(rng.normal(np.log(12), 0.9, m)), 1, 300).astype(np.int64),
            np.where(
                hire == 1,
                np.where(
                    inv_post,
                    np.clip(np.exp(rng.normal(np.log(4), 0.8, m)), 0, 50).astype(np.int64),
                    np.where(rng.random(m) < 0.7, 0, -1),
                ),
                -1,
            ),
        )
        # onboarding: some clients bring their own freelancer with a direct contract right after sign-up
        df = pl.DataFrame({"i": np.arange(m), "c": client, "t": created}).sort(["c", "t", "i"])
        firsts = df.group_by("c", maintain_order=True).first()
        fc, fi = firsts["c"].to_numpy(), firsts["i"].to_numpy()
        onboard = rng.random(len(fc)) < 0.07
        oi = fi[onboard]
        hire[oi], posted[oi], props[oi] = 2, -1, -1
        self.created[fc[onboard]] = created[oi] - rng.integers(5 * MIN, 6 * HOUR, onboard.sum())
        self.created[fc[onboard]] = np.maximum(self.created[fc[onboard]], T0)
        posted = np.where(posted >= 0, np.maximum(posted, self.created[client] + 120), -1)
        posted = np.where(posted >= 0, np.minimum(posted, created - 60), -1)
        pricing = (rng.random(m) >= 0.4).astype(np.int8)  # 0 hourly, 1 fixed
        dur = np.where(
            pricing == 0,
            np.clip(np.exp(rng.normal(np.log(6 * WEEK), 1.1, m)), WEEK, 110 * WEEK),
            np.clip(np.exp(rng.normal(np.log(9 * DAY), 0.9, m)), 4 * HOUR, 100 * DAY),
        ).astype(np.int64)
        cancel = rng.random(m) < np.where(pricing == 0, 0.15, 0.1)
        dur = np.where(cancel, (dur * rng.uniform(0.1, 0.6, m)).astype(np.int64) + HOUR, dur)
        end = created + dur
        status = np.where(end >= AS_OF, 0, np.where(cancel, 2, 1))
        ended = np.where(status == 0, -1, end)
        pay_until = np.where(status == 0, AS_OF, end)
        # hourly contracts left open after the work stopped: billing and talk fade out
        stale = (status == 0) & (pricing == 0) & (rng.random(m) < 0.2)
        st_end = created + (rng.uniform(0.2, 0.8, m) * (AS_OF - created)).astype(np.int64)
        pay_until = np.where(stale, st_end, pay_until)
        msg_until = np.where(
            stale, st_end + rng.integers(DAY, 12 * DAY, m), np.where(status == 0, AS_OF, end)
        )
        self.bg = dict(
            client=client,
            freelancer=free_,
            created=created,
            posted=posted,
            hire=hire,
            proposals=props,
            pricing=pricing,
            status=status,
            ended=ended,
            pay_until=pay_until,
            msg_until=msg_until,
            rate=np.clip(np.exp(rng.normal(np.log(22), 0.6, m)), 5, 250),
            hours_mean=np.clip(np.exp(rng.normal(np.log(15), 0.6, m)), 1, 55),
            budget=np.clip(np.exp(rng.normal(np.log(250), 1.1, m)), 5, 20000),
            n_ms=rng.choice([1, 2, 3, 4, 5], m, p=[0.6, 0.25, 0.08, 0.04, 0.03]),
            msg_rate=np.exp(rng.normal(np.log(1.5), 0.7, m)),
            pay_mode=np.zeros(m, np.int8),
            card_slot=((rng.random(m) < 0.2) & (self.ncard[client] > 1)).astype(np.int8),
            n_pre=np.full(m, -1),
            wind=np.full(m, -1),
            lang=np.full(m, -1),
            bonus=np.zeros(m, np.int8),
            extras=np.ones(m, np.int8),
        )

    def assemble_contracts(self):
        """merge background and case contracts into one table, sorted by hire time; assign ids"""
        # households never hire each other in the background (that would be a planted ring)
        hh = (self.household[self.bg["client"]] >= 0) & (
            self.household[self.bg["client"]] == self.household[self.bg["freelancer"]]
        )
        if hh.any():
            self.bg = {k: v[~hh] for k, v in self.bg.items()}
        xs = self.x_contracts
        keys = list(self.bg.keys())
        x = {
            k: np.array([d[k] for d in xs]) if xs else np.array([], dtype=self.bg[k].dtype)
            for k in keys
        }
        C = {k: np.concatenate([self.bg[k], x[k].astype(self.bg[k].dtype)]) for k in keys}
        nb = len(self.bg["client"])
        src = np.r_[np.full(nb, -1), np.arange(len(xs))]
        order = np.lexsort((src, C["created"]))
        C = {k: v[order] for k, v in C.items()}
        src = src[order]
        self.C = C
        self.nC = len(order)
        # map case contract index -> final row
        self.x_row = np.empty(len(xs), dtype=np.int64)
        sel = src >= 0
        self.x_row[src[sel]] = np.flatnonzero(sel)
        # language of conversation
        lc, lf = self.lang[C["client"]], self.lang[C["freelancer"]]
        rng = self.rng_bg
        en = LANG_IDX["en"]
        auto = np.where((lc == lf) & (rng.random(self.nC) < 0.9), lc, en)
        auto = np.where(
            (lc != lf) & (lc != en) & (rng.random(self.nC) < 0.12), lc, auto
        )  # client writes in own language
        auto = np.where(
            (lc == lf) & (lc == LANG_IDX["hi"]) & (rng.random(self.nC) < 0.35), en, auto
        )
        C["lang"] = np.where(C["lang"] >= 0, C["lang"], auto).astype(np.int8)
        # currency
        cur = np.full(self.nC, "USD", dtype=object)
        cc = self.country[C["client"]]
        alt = rng.random(self.nC) < 0.3
        for c, code in D.CURRENCY_BY_COUNTRY.items():
            cur[(cc == c) & alt] = code
        C["currency"] = cur
        # ids
        self.acc_id = self._scramble(np.arange(self.N), 10, "")
        self.con_id = self._scramble(np.arange(self.nC), 9, "c-")

    def row_of(self, c):
        return int(self.x_row[c[1]]) if isinstance(c, tuple) else int(c)

    def _scramble(self, idx, width, prefix):
        """bijective affine map idx -> width-digit string (hides generation order)"""
        mod = 10**width
        rr = np.random.default_rng(self.seed * 1000 + width)
        a = int(rr.integers(10 ** (width - 1), mod)) | 1
        while a % 5 == 0:
            a += 2
        b = int(rr.integers(0, mod))
        idx = np.asarray(idx, dtype=np.int64)
        a_hi, a_lo = divmod(a, 10**6)
        v = ((idx * a_hi) % mod * 10**6 % mod + idx * a_lo + b) % mod
        s = pl.Series(v).cast(pl.String).str.zfill(width)
        return (prefix + s) if prefix else s

    # ================================================================ activity span
    def finalize_activity(self):
        C = self.C
        act_end = np.where(C["ended"] >= 0, C["ended"], AS_OF)
        act_end = np.where(C["msg_until"] >= 0, np.maximum(act_end, C["msg_until"]), act_end)
        last = np.full(self.N, -1, dtype=np.int64)
        np.maximum.at(last, C["client"], act_end)
        np.maximum.at(last, C["freelancer"], act_end)
        ncon = np.bincount(C["client"], minlength=self.N) + np.bincount(
            C["freelancer"], minlength=self.N
        )
        rng = self.rng_bg
        tail = np.exp(rng.normal(np.log(60 * DAY), 1.0, self.N)).astype(np.int64)
        idle = np.where(
            self.is_client,
            np.exp(rng.normal(np.log(20 * DAY), 1.0, self.N)),
            np.exp(rng.normal(np.log(120 * DAY), 1.0, self.N)),
        ).astype(np.int64)
        la = np.where(last >= 0, last + tail, self.created + idle)
        la = np.where(rng.random(self.N) < 0.35, AS_OF, la)
        la = np.where(self.force_active | (self.crowd >= 0) | (self.household >= 0), AS_OF, la)
        self.last_active = np.clip(la, self.created + HOUR, AS_OF - MIN)
        self.ncon = ncon

    # ================================================================ writers
    def write_all(self, out_dir):
        import os

        inp = os.path.join(out_dir, "input")
        tru = os.path.join(out_dir, "truth")
        os.makedirs(inp, exist_ok=True)
        os.makedirs(tru, exist_ok=True)
        for name, fn in (
            ("accounts", self._write_accounts),
            ("contracts", self._write_contracts),
            ("payments", self._write_payments),
            ("messages", self._write_messages),
            ("logins", self._write_logins),
        ):
            fn(os.path.join(inp, f"{name}.parquet"))
            if self.log:
                self.log(f"wrote {name}")
        self._write_truth(tru)

    @staticmethod
    def _ts(a):
        return pl.Series(np.asarray(a, dtype=np.int64) * 1_000_000).cast(pl.Datetime("us"))

    @staticmethod
    def _ts_null(a):
        a = np.asarray(a, dtype=np.int64)
        return masked(pl.Series(np.maximum(a, 0) * 1_000_000).cast(pl.Datetime("us")), a >= 0)

    def _write(self, path, df, schema):
        t = df.to_arrow().cast(schema)
        pq.write_table(t, path, compression="zstd", row_group_size=1_000_000)

    def _write_accounts(self, path):
        df = pl.DataFrame(
            {
                "account_id": self.acc_id,
                "role": pl.Series(np.where(self.is_client, "client", "freelancer")),
                "created_at": self._ts(self.created),
                "country": pl.Series(self.country.astype(str)),
                "email": pl.Series(self.email.tolist(), dtype=pl.String),
                "phone": pl.Series(self.phone.tolist(), dtype=pl.String),
                "name": pl.Series(self.name.tolist(), dtype=pl.String),
            }
        )
        self._write(
            path,
            df,
            pa.schema(
                [
                    ("account_id", pa.string()),
                    ("role", pa.string()),
                    ("created_at", pa.timestamp("us")),
                    ("country", pa.string()),
                    ("email", pa.string()),
                    ("phone", pa.string()),
                    ("name", pa.string()),
                ]
            ),
        )

    def _write_contracts(self, path):
        C = self.C
        df = pl.DataFrame(
            {
                "contract_id": self.con_id,
                "client_id": self.acc_id.gather(C["client"]),
                "freelancer_id": self.acc_id.gather(C["freelancer"]),
                "created_at": self._ts(C["created"]),
                "job_posted_at": self._ts_null(C["posted"]),
                "hire_type": pl.Series(np.array(HIRE)[C["hire"]]),
                "proposals": pl.Series(np.where(C["proposals"] >= 0, C["proposals"], 0)).cast(
                    pl.Int64
                ),
                "pricing": pl.Series(np.array(PRICING)[C["pricing"]]),
                "status": pl.Series(np.array(STATUS)[C["status"]]),
                "ended_at": self._ts_null(C["ended"]),
            }
        )
        df = df.with_columns(proposals=masked(df["proposals"], C["proposals"] >= 0))
        self._write(
            path,
            df,
            pa.schema(
                [
                    ("contract_id", pa.string()),
                    ("client_id", pa.string()),
                    ("freelancer_id", pa.string()),
                    ("created_at", pa.timestamp("us")),
                    ("job_posted_at", pa.timestamp("us")),
                    ("hire_type", pa.string()),
                    ("proposals", pa.int64()),
                    ("pricing", pa.string()),
                    ("status", pa.string()),
                    ("ended_at", pa.timestamp("us")),
                ]
            ),
        )

    # ------------------------------------------------------------------ payments
    def _payments_chunk(self, rng, lo, hi):
        C = self.C
        sl = slice(lo, hi)
        created, pay_until = C["created"][sl], C["pay_until"][sl]
        ended = C["ended"][sl]
        status, pricing, mode = C["status"][sl], C["pricing"][sl], C["pay_mode"][sl]
        m = hi - lo
        eff_end = np.where(pay_until >= 0, pay_until, np.where(ended >= 0, ended, AS_OF))
        eff_end = np.minimum(eff_end, AS_OF - HOUR)
        rows = []
        # hourly: weekly bills on Mondays for the previous week
        wk = lambda t: (t - 4 * DAY) // WEEK
        w0 = wk(created)
        K = np.where((pricing == 0) & (mode == 0), np.maximum(0, wk(eff_end) - w0), 0)
        ci = np.repeat(np.arange(m), K)
        if len(ci):
            kk = np.arange(len(ci)) - np.repeat(np.cumsum(K) - K, K) + 1
            monday = (w0[ci] + kk) * WEEK + 4 * DAY
            ts = monday + rng.integers(HOUR, 10 * HOUR, len(ci))
            hrs = np.clip(rng.gamma(4.0, C["hours_mean"][sl][ci] / 4.0), 0.25, 70)
            amt = np.round(hrs * C["rate"][sl][ci], 2)
            keep = (rng.random(len(ci)) > 0.1) | (K[ci] <= 2)
            keep &= ts < AS_OF
            rows.append((ci[keep], ts[keep], amt[keep], np.zeros(keep.sum(), np.int8)))
        # fixed: milestones
        nms = np.where((pricing == 1) & (mode == 0), C["n_ms"][sl], 0)
        nms = np.where(
            (status == 2) & (rng.random(m) < 0.5), 0, np.where(status == 2, np.minimum(nms, 1), nms)
        )
        ci = np.repeat(np.arange(m), nms)
        if len(ci):
            j = np.arange(len(ci)) - np.repeat(np.cumsum(nms) - nms, nms) + 1
            span = np.maximum(eff_end[ci] - created[ci], HOUR)
            frac = j / nms[ci]
            ts = created[ci] + (span * frac * rng.uniform(0.85, 1.0, len(ci))).astype(np.int64)
            last = (j == nms[ci]) & (status[ci] == 1)
            ts = np.where(last, eff_end[ci] - rng.integers(0, 2 * HOUR, len(ci)), ts)
            ts = np.maximum(ts, created[ci] + 10 * MIN)
            amt = np.round(C["budget"][sl][ci] / nms[ci] * rng.uniform(0.7, 1.3, len(ci)), 2)
            keep = (ts < AS_OF) & ((status[ci] != 0) | (ts < AS_OF - DAY))
            rows.append((ci[keep], ts[keep], amt[keep], np.ones(keep.sum(), np.int8)))
        # bonuses on completed work
        ex = C["extras"][sl] > 0
        b = np.flatnonzero(
            (status == 1) & (mode == 0) & (((rng.random(m) < 0.05) & ex) | (C["bonus"][sl] > 0))
        )
        if len(b):
            ts = ended[b] + rng.integers(MIN, 2 * DAY, len(b))
            amt = np.round(
                np.where(
                    pricing[b] == 0,
                    C["rate"][sl][b] * rng.uniform(2, 10, len(b)),
                    C["budget"][sl][b] * rng.uniform(0.05, 0.3, len(b)),
                ),
                2,
            )
            keep = ts < AS_OF
            rows.append((b[keep], ts[keep], amt[keep], np.full(keep.sum(), 2, np.int8)))
        # refunds and chargebacks
        r_ = np.flatnonzero((pricing == 1) & (mode == 0) & (nms > 0) & (rng.random(m) < 0.02) & ex)
        if len(r_):
            ts = created[r_] + rng.integers(DAY, 12 * DAY, len(r_))
            amt = np.round(
                C["budget"][sl][r_] * rng.uniform(0.1, 0.8, len(r_)) / np.maximum(nms[r_], 1), 2
            )
            ts = np.maximum(ts, eff_end[r_] + HOUR)
            keep = ts < AS_OF
            rows.append((r_[keep], ts[keep], amt[keep], np.full(keep.sum(), 3, np.int8)))
        cb = np.flatnonzero((mode == 0) & (status != 0) & (rng.random(m) < 0.002) & ex)
        if len(cb):
            ts = eff_end[cb] + rng.integers(15 * DAY, 60 * DAY, len(cb))
            amt = np.round(
                np.where(pricing[cb] == 0, C["rate"][sl][cb] * 10, C["budget"][sl][cb]), 2
            )
            keep = ts < AS_OF
            rows.append((cb[keep], ts[keep], amt[keep], np.full(keep.sum(), 4, np.int8)))
        if not rows:
            return None
        ci = np.concatenate([r[0] for r in rows]) + lo
        ts = np.concatenate([r[1] for r in rows])
        amt = np.maximum(np.concatenate([r[2] for r in rows]), 0.5)
        kind = np.concatenate([r[3] for r in rows])
        o = np.lexsort((kind, ts, ci))
        ci, ts, amt, kind = ci[o], ts[o], amt[o], kind[o]
        slot = np.minimum(C["card_slot"][ci], np.maximum(self.ncard[C["client"][ci]] - 1, 0))
        return ci, ts, amt, kind, slot.astype(np.int64), np.full(len(ci), None, dtype=object)

    def _write_payments(self, path):
        schema = pa.schema(
            [
                ("payment_id", pa.string()),
                ("contract_id", pa.string()),
                ("ts", pa.timestamp("us")),
                ("amount", pa.float64()),
                ("currency", pa.string()),
                ("kind", pa.string()),
                ("instrument_id", pa.string()),
            ]
        )
        writer = pq.ParquetWriter(path, schema, compression="zstd")
        kids = self.kid_pay.spawn(self.nC // 200_000 + 2)
        seq = 0
        card_str = fmt_card_vec(self.card.reshape(-1))
        self._card_str = card_str
        chunks = [(lo, min(lo + 200_000, self.nC)) for lo in range(0, self.nC, 200_000)]
        xp = self.x_pays
        x_ci = np.array([self.row_of(p[0]) for p in xp], dtype=np.int64)
        x_ts = np.array([p[1] for p in xp], dtype=np.int64)
        x_amt = np.array([p[2] for p in xp], dtype=float)
        x_kind = np.array([PKIND.index(p[3]) for p in xp], dtype=np.int8)
        x_slot = np.array([p[4] for p in xp], dtype=np.int64)
        x_instr = np.array([None if p[5] == "__client__" else p[5] for p in xp], dtype=object)
        for k, (lo, hi) in enumerate(chunks):
            part = self._payments_chunk(np.random.default_rng(kids[k]), lo, hi)
            xs = np.flatnonzero(
                (x_ci >= lo) & (x_ci < hi)
            )  # case payments go with their contracts' chunk
            if part is None:
                part = tuple(
                    np.array([], dtype=d)
                    for d in (np.int64, np.int64, float, np.int8, np.int64, object)
                )
            ci, ts, amt, kind, slot, instr = (
                np.concatenate([a, b])
                for a, b in zip(
                    part, (x_ci[xs], x_ts[xs], x_amt[xs], x_kind[xs], x_slot[xs], x_instr[xs])
                )
            )
            if len(ci) == 0:
                continue
            o = np.lexsort((kind, ci, ts))
            ci, ts, amt, kind, slot, instr = ci[o], ts[o], amt[o], kind[o], slot[o], instr[o]
            n = len(ci)
            pid = self._scramble(np.arange(seq, seq + n), 11, "p")
            seq += n
            cl = self.C["client"][ci]
            inst = card_str.gather(cl * 2 + slot)
            ov = pl.Series(list(instr), dtype=pl.String)
            rng = np.random.default_rng(seq)
            nul = rng.random(n) < 0.015
            inst = (
                pl.DataFrame({"ov": ov, "nul": nul, "inst": inst})
                .select(
                    pl.when(pl.col("ov").is_not_null())
                    .then(pl.col("ov"))
                    .when(pl.col("nul"))
                    .then(None)
                    .otherwise(pl.col("inst"))
                )
                .to_series()
            )
            ts = np.maximum(ts, self.C["created"][ci] + 60)
            df = pl.DataFrame(
                {
                    "payment_id": pid,
                    "contract_id": self.con_id.gather(ci),
                    "ts": self._ts(ts),
                    "amount": pl.Series(np.round(amt, 2)),
                    "currency": pl.Series(self.C["currency"][ci].astype(str)),
                    "kind": pl.Series(np.array(PKIND)[kind]),
                    "instrument_id": inst,
                }
            )
            writer.write_table(df.to_arrow().cast(schema))
        writer.close()
        self.n_payments = seq

    # ------------------------------------------------------------------ messages
    def _messages_chunk(self, rng, lo, hi):
        C = self.C
        sl = slice(lo, hi)
        m = hi - lo
        created, hire, posted = C["created"][sl], C["hire"][sl], C["posted"][sl]
        cl, fr = C["client"][sl], C["freelancer"][sl]
        status, ended, msg_until = C["status"][sl], C["ended"][sl], C["msg_until"][sl]
        mu = np.where(msg_until >= 0, msg_until, np.where(ended >= 0, ended, AS_OF))
        mu = np.minimum(mu, AS_OF - MIN)
        parts = []
        # pre-hire conversation (no contract id)
        n_pre = np.where(
            hire == 0,
            1 + rng.poisson(1.0, m),
            np.where(hire == 1, 1 + rng.poisson(0.4, m), (rng.random(m) < 0.3).astype(int)),
        )
        n_pre = np.where(C["n_pre"][sl] >= 0, C["n_pre"][sl], np.minimum(n_pre, 4))
        ci = np.repeat(np.arange(m), n_pre)
        if len(ci):
            j = np.arange(len(ci)) - np.repeat(np.cumsum(n_pre) - n_pre, n_pre)
            start = np.where(posted[ci] >= 0, posted[ci], created[ci] - 2 * DAY)
            start = np.maximum(start, np.maximum(self.created[cl[ci]], self.created[fr[ci]]) + 30)
            span = np.maximum(created[ci] - 60 - start, 1)
            ts = start + (span * (j + rng.random(len(ci))) / n_pre[ci]).astype(np.int64)
            f_first = hire[ci] == 0
            by_f = (j % 2 == 0) == f_first
            cat = np.where(by_f, 0, 1)  # 0 pre_f, 1 pre_c
            parts.append((ci, ts, by_f, cat, np.zeros(len(ci), bool)))
        # during the contract
        weeks = np.maximum(mu - created, 0) / WEEK
        n_dur = np.minimum(1 + rng.poisson(C["msg_rate"][sl] * np.minimum(weeks, 60)), 90)
        n_dur = np.where(mu > created + 60, n_dur, 0)
        ci = np.repeat(np.arange(m), n_dur)
        if len(ci):
            ts = (
                created[ci]
                + 60
                + (rng.random(len(ci)) * (mu[ci] - created[ci] - 60)).astype(np.int64)
            )
            by_f = rng.random(len(ci)) < 0.5
            u = rng.random(len(ci))
            hb = pl.Series(self.biz[cl[ci]].tolist(), dtype=pl.String).is_not_null().to_numpy()
            cat = np.where(
                hb & (u < 0.025), 3, np.where(u > 0.992, 4, 2)
            )  # 2 work, 3 artefact, 4 chanref
            parts.append((ci, ts, by_f, cat, np.ones(len(ci), bool)))
        # wind-down after a completed contract
        wnd = np.where(
            C["wind"][sl] >= 0,
            C["wind"][sl],
            (status == 1).astype(int) * (1 + (rng.random(m) < 0.5)),
        )
        ci = np.repeat(np.arange(m), wnd)
        if len(ci):
            j = np.arange(len(ci)) - np.repeat(np.cumsum(wnd) - wnd, wnd)
            base_t = np.where(ended[ci] >= 0, ended[ci], mu[ci])
            ts = base_t + rng.integers(MIN, 36 * HOUR, len(ci)) + j * HOUR
            by_f = (j % 2 == 0) == (rng.random(len(ci)) < 0.5)
            parts.append((ci, ts, by_f, np.full(len(ci), 5), np.ones(len(ci), bool)))
        ci = np.concatenate([p[0] for p in parts])
        ts = np.minimum(np.concatenate([p[1] for p in parts]), AS_OF - 30)
        by_f = np.concatenate([p[2] for p in parts])
        cat = np.concatenate([p[3] for p in parts])
        has_c = np.concatenate([p[4] for p in parts])
        o = np.lexsort((ts, ci))
        ci, ts, by_f, cat, has_c = ci[o], ts[o], by_f[o], cat[o], has_c[o]
        lang = C["lang"][sl][ci]
        names = ["pre_f", "pre_c", "work", "artefact", "chanref", "wind"]
        tid = np.empty(len(ci), dtype=np.int64)
        for k, nm in enumerate(names):
            s = np.flatnonzero(cat == k)
            if len(s):
                tid[s] = TX.template_ids(lang[s], nm, rng)
        gcl, gfr = cl[ci], fr[ci]
        biz = pl.Series(self.biz[gcl].tolist(), dtype=pl.String).fill_null("example.com")
        shop = pl.Series(self.shop[gcl].tolist(), dtype=pl.String).fill_null("")
        body = TX.fill_templates(rng, tid, {"biz": biz, "shop": shop})
        sender = np.where(by_f, gfr, gcl)
        recip = np.where(by_f, gcl, gfr)
        return ci + lo, has_c, sender, recip, ts, body

    def _render_explicit(self, xm, ci):
        """bodies of case messages: literal strings, or ("T", lang, category) template placeholders"""
        rng = np.random.default_rng(self.seed + 99)
        bodies = np.array([x[4] if isinstance(x[4], str) else None for x in xm], dtype=object)
        tpl = [j for j, x in enumerate(xm) if not isinstance(x[4], str)]
        if tpl:
            tpl = np.array(tpl)
            cats = np.array([xm[j][4][2] for j in tpl])
            langs = np.array([xm[j][4][1] for j in tpl], dtype=np.int8)
            tid = np.empty(len(tpl), dtype=np.int64)
            for cat in sorted(set(cats.tolist())):
                s = np.flatnonzero(cats == cat)
                tid[s] = TX.template_ids(langs[s], cat, rng)
            cl = np.where(ci[tpl] >= 0, self.C["client"][np.maximum(ci[tpl], 0)], -1)
            biz = pl.Series(
                [self.biz[c] if c >= 0 else None for c in cl], dtype=pl.String
            ).fill_null("example.com")
            shop = pl.Series(
                [self.shop[c] if c >= 0 else None for c in cl], dtype=pl.String
            ).fill_null("")
            bodies[tpl] = TX.fill_templates(rng, tid, {"biz": biz, "shop": shop}).to_numpy()
        return pl.Series(bodies.tolist(), dtype=pl.String)

    def _write_messages(self, path):
        schema = pa.schema(
            [
                ("message_id", pa.string()),
                ("contract_id", pa.string()),
                ("sender_id", pa.string()),
                ("recipient_id", pa.string()),
                ("ts", pa.timestamp("us")),
                ("body", pa.string()),
            ]
        )
        writer = pq.ParquetWriter(path, schema, compression="zstd")
        step = 100_000
        kids = self.kid_msg.spawn(self.nC // step + 2)
        seq = 0

        def emit(ci, has_c, sender, recip, ts, body):
            nonlocal seq
            n = len(ci)
            mid = self._scramble(np.arange(seq, seq + n), 12, "m")
            seq += n
            cid = self.con_id.gather(np.maximum(ci, 0))
            cid = masked(cid, np.asarray(has_c, dtype=bool))
            df = pl.DataFrame(
                {
                    "message_id": mid,
                    "contract_id": cid,
                    "sender_id": self.acc_id.gather(sender),
                    "recipient_id": self.acc_id.gather(recip),
                    "ts": self._ts(ts),
                    "body": body,
                }
            )
            writer.write_table(df.to_arrow().cast(schema))

        xm = self.x_msgs
        x_ci = np.array([self.row_of(x[0]) if x[0] is not None else -1 for x in xm], dtype=np.int64)
        x_s = np.array([x[1] for x in xm], dtype=np.int64)
        x_r = np.array([x[2] for x in xm], dtype=np.int64)
        x_ts = np.array([x[3] for x in xm], dtype=np.int64)
        x_body = self._render_explicit(xm, x_ci) if xm else pl.Series([], dtype=pl.String)
        # case messages go with the chunk of their contract (pre-hire ones: the chunk of contracts hired then)
        starts = self.C["created"][np.arange(0, self.nC, step)]
        x_chunk = np.where(
            x_ci >= 0, x_ci // step, np.maximum(np.searchsorted(starts, x_ts, side="right") - 1, 0)
        )
        for k, lo in enumerate(range(0, self.nC, step)):
            ci, has_c, sender, recip, ts, body = self._messages_chunk(
                np.random.default_rng(kids[k]), lo, min(lo + step, self.nC)
            )
            xs = np.flatnonzero(x_chunk == k)
            if len(xs):
                ci = np.concatenate([ci, x_ci[xs]])
                has_c = np.concatenate([has_c, x_ci[xs] >= 0])
                sender = np.concatenate([sender, x_s[xs]])
                recip = np.concatenate([recip, x_r[xs]])
                ts = np.concatenate([ts, x_ts[xs]])
                body = pl.concat([body, x_body.gather(xs)])
            o = np.argsort(ts, kind="stable")
            emit(ci[o], has_c[o], sender[o], recip[o], ts[o], body.gather(o))
        writer.close()
        self.n_messages = seq

    # ------------------------------------------------------------------ logins
    def _logins_chunk(
        self, rng, lo, hi, dev_str, home_str, v6pre_str, stable_str, crowd_ip_str, crowd_dev_str
    ):
        sl = slice(lo, hi)
        m = hi - lo
        start, end = self.created[sl], self.last_active[sl]
        weeks = np.maximum(end - start, HOUR) / WEEK
        base_rate = (
            np.exp(rng.normal(np.log(0.22), 0.8, m))
            * (1 + np.log1p(self.ncon[sl]))
            * self.login_rate_mult[sl]
        )
        n = 1 + rng.poisson(np.minimum(base_rate * weeks, 500))
        n = np.where(self.custom_logins[sl], 0, n)
        a = np.repeat(np.arange(m), n)
        L = len(a)
        if L == 0:
            return None
        first = np.r_[True, a[1:] != a[:-1]] if L else np.array([], bool)
        u = rng.random(L)
        ts = start[a] + (u * (end[a] - start[a])).astype(np.int64)
        # shape to local waking hours
        hl = np.where(rng.random(L) < 0.6, rng.normal(11, 3, L), rng.normal(20, 2.5, L)) % 24
        day0 = ts - ts % DAY
        ts2 = (
            day0 + (((hl - self.tz[sl][a]) % 24) * HOUR).astype(np.int64) + rng.integers(0, 3600, L)
        )
        ts = np.where((ts2 > start[a]) & (ts2 < end[a]), ts2, ts)
        ts = np.where(first, start[a] + rng.integers(0, 300, L), ts)
        ts = np.minimum(ts, AS_OF - 60)
        ga = a + lo
        # source of the connection
        cp = self.crowd_p[ga]
        vp = self.vpn_p[ga]
        p_home, p_mob, p_cg, p_tr = 0.55, 0.25, 0.04, 0.03
        tot = p_home + p_mob + p_cg + p_tr + cp + vp
        r = rng.random(L) * tot
        src = np.select(
            [
                r < p_home,
                r < p_home + p_mob,
                r < p_home + p_mob + p_cg,
                r < p_home + p_mob + p_cg + p_tr,
                r < p_home + p_mob + p_cg + p_tr + cp,
            ],
            [0, 1, 2, 3, 4],
            5,
        )
        src = np.where(first, 0, src)
        # weekday-only crowd use (offices, campuses): on weekends fall back to home
        wd = ((ts // DAY) + 3) % 7
        src = np.where((src == 4) & (wd >= 5), 0, src)
        # ip strings
        use6 = self.has6[ga] & (rng.random(L) < 0.55) & (src == 0)
        mapped = (src == 0) & ~use6 & (rng.random(L) < self.mapped_p[ga])
        ci = self.cidx[ga]
        # start from the home address, then overwrite the other sources subset by subset
        ip = home_str.gather(ga)
        oth = np.flatnonzero((src != 0) & (src != 4))
        if len(oth):
            so = src[oth]
            val = np.empty(len(oth), dtype=np.uint64)
            s = np.flatnonzero(so == 1)
            cs = ci[oth[s]]
            val[s] = self._car_all[
                self._car_off[cs] + (rng.random(len(s)) * self._car_len[cs]).astype(np.int64)
            ]
            s = np.flatnonzero(so == 2)
            val[s] = self.cgnat[rng.integers(0, len(self.cgnat), len(s))]
            s = np.flatnonzero(so == 5)
            val[s] = self.vpn[rng.integers(0, len(self.vpn), len(s))]
            s = np.flatnonzero(so == 3)
            oct1 = np.array(D.PUBLIC_OCTETS, dtype=np.uint64)[
                rng.integers(0, len(D.PUBLIC_OCTETS), len(s))
            ]
            val[s] = (oct1 << np.uint64(24)) | rng.integers(0, 1 << 24, len(s)).astype(np.uint64)
            ip = ip.scatter(oth, fmt_ip4_vec(val))
        cr = np.flatnonzero(src == 4)
        if len(cr):
            ip = ip.scatter(cr, crowd_ip_str.gather(self.crowd[ga[cr]]))
        mp = np.flatnonzero(mapped)
        if len(mp):
            ip = ip.scatter(
                mp,
                pl.DataFrame({"h": home_str.gather(ga[mp])})
                .select(pl.lit("::ffff:") + pl.col("h"))
                .to_series(),
            )
        u6 = np.flatnonzero(use6)
        if len(u6):
            g6 = ga[u6]
            iid = HEXV6[rng.integers(1, 65536, (len(u6), 4))]
            iid_s = (
                pl.DataFrame({f"g{j}": iid[:, j] for j in range(4)})
                .select(pl.concat_str(pl.all(), separator=":"))
                .to_series()
            )
            v6s = (
                pl.DataFrame(
                    {
                        "p": v6pre_str.gather(g6),
                        "i": iid_s,
                        "st": stable_str.gather(g6),
                        "isst": self.v6_stable[g6],
                    }
                )
                .select(
                    pl.concat_str(
                        [
                            pl.col("p"),
                            pl.lit(":"),
                            pl.when(pl.col("isst")).then(pl.col("st")).otherwise(pl.col("i")),
                        ]
                    )
                )
                .to_series()
            )
            ip = ip.scatter(u6, v6s)
        # device
        nd = self.ndev[ga]
        mobile = (src == 1) | (src == 2)
        slot = np.where(mobile & (nd >= 2), 1, np.where((nd == 3) & (rng.random(L) < 0.3), 2, 0))
        dev = dev_str.gather(ga * 3 + slot)
        gen = np.flatnonzero(mobile & (rng.random(L) < 0.02))
        if len(gen):
            dev = dev.scatter(
                gen,
                pl.Series([fmt_dev(*g) for g in self.generic_dev]).gather(
                    rng.integers(0, len(self.generic_dev), len(gen))
                ),
            )
        cr = np.flatnonzero((src == 4) & self.crowd_has_dev[np.maximum(self.crowd[ga], 0)])
        if len(cr):
            dev = dev.scatter(cr, crowd_dev_str.gather(self.crowd[ga[cr]]))
        nul = np.flatnonzero(rng.random(L) < 0.03)
        if len(nul):
            dev = dev.scatter(nul, None)
        return ga, ts, ip, dev

    def _write_logins(self, path):
        schema = pa.schema(
            [
                ("account_id", pa.string()),
                ("ts", pa.timestamp("us")),
                ("ip", pa.string()),
                ("device_id", pa.string()),
            ]
        )
        writer = pq.ParquetWriter(path, schema, compression="zstd")
        N = self.N
        dev_str = (
            pl.DataFrame(
                {
                    "h": fmt_hex64_vec(self.dev[:, :, 0].reshape(-1)),
                    "l": fmt_hex64_vec(self.dev[:, :, 1].reshape(-1)),
                }
            )
            .select(pl.concat_str(["h", "l"]))
            .to_series()
        )
        home_str = fmt_ip4_vec(self.home4)
        v6 = HEXV6[self.v6]
        v6pre = (
            pl.DataFrame({f"g{j}": v6[:, j] for j in range(4)})
            .select(pl.concat_str(pl.all(), separator=":"))
            .to_series()
        )
        st = HEXV6[self.v6_iid]
        stable = (
            pl.DataFrame({f"g{j}": st[:, j] for j in range(4)})
            .select(pl.concat_str(pl.all(), separator=":"))
            .to_series()
        )
        crowd_ip_str = pl.Series([fmt_ip4(x) for x in self.crowd_ip] or ["0.0.0.0"])
        crowd_dev_str = pl.Series(
            [fmt_dev(*d) if d else None for d in self.crowd_dev] or [None], dtype=pl.String
        )
        self.crowd_has_dev = np.array([d is not None for d in self.crowd_dev] or [False])
        pools = [self.carrier[k] for k in range(len(CC))]
        self._car_len = np.array([len(p) for p in pools], dtype=np.int64)
        self._car_off = np.concatenate([[0], np.cumsum(self._car_len)[:-1]]).astype(np.int64)
        self._car_all = np.concatenate(pools).astype(np.uint64)
        step = 50_000
        kids = self.kid_login.spawn(N // step + 2)
        total = 0
        xl = self.x_logins
        x_a = np.array([x[0] for x in xl], dtype=np.int64)
        x_ts = np.array([x[1] for x in xl], dtype=np.int64)
        x_ip = pl.Series([x[2] for x in xl], dtype=pl.String)
        x_dev = pl.Series([x[3] for x in xl], dtype=pl.String)
        for k, lo in enumerate(range(0, N, step)):
            res = self._logins_chunk(
                np.random.default_rng(kids[k]),
                lo,
                min(lo + step, N),
                dev_str,
                home_str,
                v6pre,
                stable,
                crowd_ip_str,
                crowd_dev_str,
            )
            xs = np.flatnonzero(
                (x_a >= lo) & (x_a < lo + step)
            )  # case logins go with their account's chunk
            if res is None:
                res = (
                    np.array([], np.int64),
                    np.array([], np.int64),
                    pl.Series([], dtype=pl.String),
                    pl.Series([], dtype=pl.String),
                )
            ga, ts, ip, dev = res
            if len(xs):
                ga = np.concatenate([ga, x_a[xs]])
                ts = np.concatenate([ts, x_ts[xs]])
                ip = pl.concat([ip, x_ip.gather(xs)])
                dev = pl.concat([dev, x_dev.gather(xs)])
            if len(ga) == 0:
                continue
            o = np.lexsort((ts, ga))
            df = pl.DataFrame(
                {
                    "account_id": self.acc_id.gather(ga[o]),
                    "ts": self._ts(ts[o]),
                    "ip": ip.gather(o),
                    "device_id": dev.gather(o),
                }
            )
            writer.write_table(df.to_arrow().cast(schema))
            total += len(ga)
        writer.close()
        self.n_logins = total

    # ------------------------------------------------------------------ truth
    def _write_truth(self, tru):
        import os

        lab = pl.DataFrame(
            {
                "account_id": self.acc_id.gather(
                    np.array([x[0] for x in self.labels], dtype=np.int64)
                ),
                "label": [x[1] for x in self.labels],
                "pattern": [x[2] for x in self.labels],
                "case_key": [x[3] for x in self.labels],
            },
            schema={
                "account_id": pl.String,
                "label": pl.String,
                "pattern": pl.String,
                "case_key": pl.String,
            },
        )
        lab.write_parquet(os.path.join(tru, "labels.parquet"))
        sty = pl.DataFrame(
            {
                "case_key": [x[0] for x in self.styles],
                "pattern": [x[1] for x in self.styles],
                "style": [x[2] for x in self.styles],
                "kind": [x[3] for x in self.styles],
            },
            schema={
                "case_key": pl.String,
                "pattern": pl.String,
                "style": pl.String,
                "kind": pl.String,
            },
        )
        cons = []
        for ck, *_ in self.styles:
            rows = [self.row_of(c) for c in self.case_contracts.get(ck, [])]
            cons.append(
                self.con_id.gather(np.array(rows, dtype=np.int64)).to_list() if rows else []
            )
        sty = sty.with_columns(contract_ids=pl.Series(cons, dtype=pl.List(pl.String)))
        sty.write_parquet(os.path.join(tru, "styles.parquet"))
