"""Normalize the identifiers that link accounts: phones (E.164) and IP addresses.

Emails are normalized in SQL (``sql/macros/normalize_email.sql``). Phones and IPv6 need real
parsers (phonenumbers, ipaddress), so they run here once per *distinct* value and go back to
DuckDB as lookup tables; IPv4, the bulk of login traffic, is parsed column-wise in polars.
"""

from __future__ import annotations

import hashlib
import inspect
import ipaddress
import itertools
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import duckdb
import phonenumbers
import polars as pl

from analytics import sql
from analytics.db import table_exists
from analytics.progress import Progress, report

PARALLEL_FROM = 20_000  # below this many phones, starting processes costs more than it saves
CHUNK_MAX = 25_000  # phones per task at most, so progress is reported every few seconds

PHONE_TYPES = {
    phonenumbers.PhoneNumberType.FIXED_LINE: "fixed_line",
    phonenumbers.PhoneNumberType.MOBILE: "mobile",
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE: "fixed_line_or_mobile",
    phonenumbers.PhoneNumberType.TOLL_FREE: "toll_free",
    phonenumbers.PhoneNumberType.PREMIUM_RATE: "premium_rate",
    phonenumbers.PhoneNumberType.SHARED_COST: "shared_cost",
    phonenumbers.PhoneNumberType.VOIP: "voip",
    phonenumbers.PhoneNumberType.PERSONAL_NUMBER: "personal_number",
    phonenumbers.PhoneNumberType.PAGER: "pager",
    phonenumbers.PhoneNumberType.UAN: "uan",
    phonenumbers.PhoneNumberType.VOICEMAIL: "voicemail",
}


def _parse_phone(raw: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def normalize_phone(raw: str | None, region: str | None) -> str | None:
    """E.164 form of a phone as typed, or None when it is no possible number.

    ``region`` (the account's country) reads national formats; a leading ``00`` is also
    tried as the international prefix, since users type it whatever their country's own is.
    A number that is possible but not assigned (e.g. UK drama numbers) still links accounts.
    """
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    number = _parse_phone(text, region.upper() if region else None)
    digits = "".join(ch for ch in text if ch.isdigit())
    if number is None and digits.startswith("00"):
        number = _parse_phone("+" + digits[2:], None)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_line_type(e164: str) -> str:
    """Line type of an E.164 number (mobile, fixed_line, voip, ...), ``unassigned`` when the
    number is possible but outside every allocated range. About 20 us a number, so it runs
    only on the few phones that link accounts."""
    number = phonenumbers.parse(e164, None)
    kind = phonenumbers.number_type(number)
    if kind == phonenumbers.PhoneNumberType.UNKNOWN:
        return "unassigned"
    return PHONE_TYPES.get(kind, "unknown")


def _normalize_chunk(pairs: list[tuple[str, str | None]]) -> list[str | None]:
    return [normalize_phone(phone, country) for phone, country in pairs]


def phone_lookup(
    pairs: pl.DataFrame,
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM,
    progress: Progress | None = None,
) -> pl.DataFrame:
    """For distinct (phone, country) rows: add ``phone_e164``.

    phonenumbers parses about 15,000 numbers a second per core, so large lookups are split
    across processes: 1M accounts take about half a minute on 2 cores instead of a minute.
    ``progress`` hears "phones parsed" as each chunk comes back.
    """
    rows = list(pairs.select("phone", "country").iter_rows())
    workers = workers or os.cpu_count() or 1
    report(progress, "phones parsed", 0, len(rows))
    if workers == 1 or len(rows) < parallel_from:
        e164 = _normalize_chunk(rows)
    else:
        size = min(-(-len(rows) // (workers * 4)), CHUNK_MAX)
        chunks = [rows[i : i + size] for i in range(0, len(rows), size)]
        # fork: the children only run phonenumbers on the rows handed to them and never touch
        # DuckDB or polars, whose idle threads they inherit; spawn would re-import __main__.
        context = multiprocessing.get_context("fork")
        e164 = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for chunk in pool.map(_normalize_chunk, chunks):
                e164.extend(chunk)
                report(progress, "phones parsed", len(e164), len(rows))
    report(progress, "phones parsed", len(rows), len(rows))
    return pairs.with_columns(pl.Series("phone_e164", e164, dtype=pl.String))


def _normalizer() -> str:
    """The phonenumbers version and a fingerprint of the code that turns a phone into E.164:
    a stored normalization is reused only while both are unchanged."""
    code = inspect.getsource(_parse_phone) + inspect.getsource(normalize_phone)
    fingerprint = hashlib.sha256(code.encode()).hexdigest()[:12]
    return f"phonenumbers {phonenumbers.__version__}, code {fingerprint}"


NORMALIZER = _normalizer()


@dataclass(frozen=True)
class PhoneLookup:
    """How many distinct (phone, country) pairs were parsed, and how many reused."""

    parsed: int
    reused: int


def register_phone_lookup(
    con: duckdb.DuckDBPyConnection, raw_table: str, progress: Progress | None = None
) -> PhoneLookup:
    """Create temp table ``phone_lookup`` for the distinct phones of ``raw_table`` and keep it
    as ``staging.phone_normalizations`` for the next run.

    libphonenumber costs ~30 us a phone: 15 s of a 1M-account run, over 2 minutes at 10M.
    Phones the previous run already normalized with the same ``NORMALIZER`` are taken from
    ``staging.phone_normalizations``; only new ones are parsed. The function is pure, so a
    re-run gives the same table either way.
    """
    con.execute(
        f"create or replace temp table phone_pairs as select distinct nullif(trim(phone), '') "
        f"as phone, upper(nullif(trim(country), '')) as country from {raw_table} "
        "where nullif(trim(phone), '') is not null"
    )
    known, params = "select *, null::varchar as phone_e164 from phone_pairs where false", None
    if table_exists(con, "staging", "phone_normalizations"):
        known = (
            "select pairs.phone, pairs.country, stored.phone_e164 from phone_pairs as pairs "
            "inner join staging.phone_normalizations as stored on pairs.phone = stored.phone "
            "and pairs.country is not distinct from stored.country "
            "and stored.normalizer = $normalizer"
        )
        params = {"normalizer": NORMALIZER}
    con.execute(f"create or replace temp table phone_known as {known}", params)
    new_pairs = con.sql(
        "select phone, country from phone_pairs as pairs anti join phone_known as known "
        "on pairs.phone = known.phone and pairs.country is not distinct from known.country "
        "order by phone, country"
    ).pl()
    parsed = phone_lookup(new_pairs, progress=progress)
    con.register("phone_parsed_frame", parsed)
    con.execute(
        "create or replace temp table phone_lookup as "
        "select phone, country, phone_e164 from phone_known "
        "union all select phone, country, phone_e164 from phone_parsed_frame"
    )
    con.unregister("phone_parsed_frame")
    (reused,) = con.execute("select count(*) from phone_known").fetchone()
    sql.run(con, "staging/phone_normalizations", {"normalizer": NORMALIZER})
    con.execute("drop table phone_pairs")
    con.execute("drop table phone_known")
    return PhoneLookup(parsed=parsed.height, reused=reused)


# IPv4 classes by network; everything else is "public". Order matters only for overlaps (none).
IPV4_CLASSES: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "unspecified"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "carrier_grade_nat"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link_local"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "reserved"),
    ("192.0.2.0/24", "documentation"),
    ("192.168.0.0/16", "private"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved"),
)


def _ipv4_class_expr(as_int: pl.Expr) -> pl.Expr:
    expr = pl.lit("public")
    for cidr, label in reversed(IPV4_CLASSES):
        net = ipaddress.IPv4Network(cidr)
        lo, hi = int(net.network_address), int(net.broadcast_address)
        expr = pl.when(as_int.is_between(lo, hi)).then(pl.lit(label)).otherwise(expr)
    return expr


_IPV6_NETWORK_MASK = ((1 << 64) - 1) << 64
_IPV6_DOCUMENTATION = ipaddress.IPv6Network("2001:db8::/32")
_IPV6_UNIQUE_LOCAL = ipaddress.IPv6Network("fc00::/7")
_IPV4_RANGES = tuple(
    (int(net.network_address), int(net.broadcast_address), label)
    for net, label in ((ipaddress.IPv4Network(c), label) for c, label in IPV4_CLASSES)
)


def _ipv4_class(value: int) -> str:
    return next((label for lo, hi, label in _IPV4_RANGES if lo <= value <= hi), "public")


def _ipv6_class(addr: ipaddress.IPv6Address) -> str:
    if addr.is_unspecified:
        return "unspecified"
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link_local"
    if addr.is_multicast:
        return "multicast"
    if addr in _IPV6_DOCUMENTATION:
        return "documentation"
    if addr in _IPV6_UNIQUE_LOCAL:
        return "private"
    if addr.is_reserved:
        return "reserved"
    return "public"


def _canonical_other(text: str) -> tuple[str, int, str, str] | None:
    """IPv6 (and IPv4-mapped IPv6) in canonical form, via the standard library."""
    try:
        addr = ipaddress.ip_address(text.strip().strip("[]").split("%")[0])
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        v4 = addr.ipv4_mapped
        network = str(ipaddress.IPv4Address(int(v4) & 0xFFFFFF00)) + "/24"
        return str(v4), 4, network, _ipv4_class(int(v4))
    if isinstance(addr, ipaddress.IPv4Address):
        return None  # plain dotted quads are handled column-wise
    network = ipaddress.IPv6Address(int(addr) & _IPV6_NETWORK_MASK).compressed + "/64"
    return addr.compressed, 6, network, _ipv6_class(addr)


def ip_lookup(texts: pl.Series) -> pl.DataFrame:
    """Canonical address, version, /24 or /64 network and class for each distinct text.

    Returns one row per input text; ``ip`` is null where the text is no IP address.
    """
    frame = pl.DataFrame({"ip_text": texts.unique()})
    # Each regex runs once: the groups become columns before anything reads them (an
    # expression reused eight times is otherwise evaluated eight times).
    octets = frame.with_columns(
        pl.col("ip_text")
        .str.strip_chars()
        .str.extract_groups(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
        .struct.rename_fields([f"o{i}" for i in range(4)])
        .alias("octets")
    ).unnest("octets")
    v4 = octets.with_columns(pl.col(f"o{i}").cast(pl.Int64) for i in range(4)).with_columns(
        pl.all_horizontal([pl.col(f"o{i}").is_between(0, 255) for i in range(4)])
        .fill_null(False)
        .alias("is_v4"),
        (pl.col("o0") * 16777216 + pl.col("o1") * 65536 + pl.col("o2") * 256 + pl.col("o3")).alias(
            "as_int"
        ),
    )
    quad = pl.concat_str([pl.col("o0"), pl.col("o1"), pl.col("o2")], separator=".")
    v4_rows = v4.filter("is_v4").select(
        "ip_text",
        pl.concat_str([quad, pl.col("o3")], separator=".").alias("ip"),
        pl.lit(4, pl.Int8).alias("ip_version"),
        (quad + pl.lit(".0/24")).alias("ip_network"),
        _ipv4_class_expr(pl.col("as_int")).alias("ip_class"),
    )
    v6_rows, others = _full_form_ipv6(v4.filter(~pl.col("is_v4")).select("ip_text"))
    parsed = [_canonical_other(t) if t is not None else None for t in others]
    other_rows = pl.DataFrame(
        {
            "ip_text": others,
            "ip": [p[0] if p else None for p in parsed],
            "ip_version": [p[1] if p else None for p in parsed],
            "ip_network": [p[2] if p else None for p in parsed],
            "ip_class": [p[3] if p else None for p in parsed],
        },
        schema={
            "ip_text": pl.String,
            "ip": pl.String,
            "ip_version": pl.Int8,
            "ip_network": pl.String,
            "ip_class": pl.String,
        },
    )
    return pl.concat([v4_rows, v6_rows, other_rows])


_HEXTET = "([0-9A-Fa-f]{1,4})"
_FULL_IPV6 = "^" + ":".join([_HEXTET] * 8) + "$"


def _full_form_ipv6(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[str | None]]:
    """Column-wise canonical form of the common IPv6 shape: eight hextets, global unicast
    (2000::/3), a routing prefix with no zero hextet and no two zero hextets in a row. For
    those, RFC 5952 compression only strips leading zeros and lower-cases, the /64 is the
    first four hextets and ``::``, and the class is documentation (2001:db8::/32) or public.
    Every other text (``::``, IPv4-mapped, zone ids, other ranges) is left to the standard
    library: returns the canonical rows and the texts still to parse."""
    names = [f"h{i}" for i in range(8)]
    frame = frame.with_columns(
        pl.col("ip_text")
        .str.strip_chars()
        .str.extract_groups(_FULL_IPV6)
        .struct.rename_fields(names)
        .alias("hextets")
    ).unnest("hextets")
    hextets = [pl.col(name) for name in names]
    frame = frame.with_columns(
        h.str.to_integer(base=16, strict=False).alias(f"v{i}") for i, h in enumerate(hextets)
    )
    values = [pl.col(f"v{i}") for i in range(8)]
    fast = (
        pl.all_horizontal(
            values[0].is_between(0x2000, 0x3FFF),
            *[v != 0 for v in values[1:4]],
            *[(a != 0) | (b != 0) for a, b in itertools.pairwise(values[4:])],
        )
        .fill_null(False)
        .alias("fast")
    )
    short = [
        pl.when(v == 0).then(pl.lit("0")).otherwise(h.str.to_lowercase().str.strip_chars_start("0"))
        for h, v in zip(hextets, values, strict=True)
    ]
    marked = frame.with_columns(fast)
    rows = marked.filter("fast").select(
        "ip_text",
        pl.concat_str(short, separator=":").alias("ip"),
        pl.lit(6, pl.Int8).alias("ip_version"),
        (pl.concat_str(short[:4], separator=":") + pl.lit("::/64")).alias("ip_network"),
        pl.when((values[0] == 0x2001) & (values[1] == 0x0DB8))
        .then(pl.lit("documentation"))
        .otherwise(pl.lit("public"))
        .alias("ip_class"),
    )
    return rows, marked.filter(~pl.col("fast"))["ip_text"].to_list()


def register_ip_lookup(con: duckdb.DuckDBPyConnection, raw_table: str) -> int:
    """Create temp table ``ip_lookup`` (keyed by trimmed text) for the IPs of ``raw_table``."""
    texts = con.sql(
        f"select distinct trim(ip) as ip_text from {raw_table} "
        "where nullif(trim(ip), '') is not null"
    ).pl()["ip_text"]
    lookup = ip_lookup(texts)
    con.execute("create or replace temp table ip_lookup as select * from lookup")
    return lookup.height
