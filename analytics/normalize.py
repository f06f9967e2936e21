"""Normalize the identifiers that link accounts: phones (E.164) and IP addresses.

Emails are normalized in SQL (``sql/macros/normalize_email.sql``). Phones and IPv6 need real
parsers (phonenumbers, ipaddress), so they run here once per *distinct* value and go back to
DuckDB as lookup tables; IPv4, the bulk of login traffic, is parsed column-wise in polars.
"""

from __future__ import annotations

import ipaddress

import duckdb
import phonenumbers
import polars as pl

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
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return number
    return None


def normalize_phone(raw: str | None, region: str | None) -> tuple[str, str] | None:
    """E.164 form and line type of a phone as typed, or None when it is no possible number.

    ``region`` (the account's country) reads national formats; a leading ``00`` is also
    tried as the international prefix, since users type it whatever their country's own is.
    A number that is possible but not assigned (e.g. UK drama numbers) still links accounts.
    """
    if not raw or not raw.strip():
        return None
    text = raw.strip()
    region = region.upper() if region else None
    number = _parse_phone(text, region)
    digits = "".join(ch for ch in text if ch.isdigit())
    if number is None and digits.startswith("00"):
        number = _parse_phone("+" + digits[2:], None)
    if number is None:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    kind = PHONE_TYPES.get(phonenumbers.number_type(number), "unknown")
    if not phonenumbers.is_valid_number(number):
        kind = "unassigned"
    return e164, kind


def phone_lookup(pairs: pl.DataFrame) -> pl.DataFrame:
    """For distinct (phone, country) rows: add ``phone_e164`` and ``phone_type``."""
    parsed = [normalize_phone(p, c) for p, c in pairs.select("phone", "country").iter_rows()]
    return pairs.with_columns(
        pl.Series("phone_e164", [p[0] if p else None for p in parsed], dtype=pl.String),
        pl.Series("phone_type", [p[1] if p else None for p in parsed], dtype=pl.String),
    )


def register_phone_lookup(con: duckdb.DuckDBPyConnection, raw_table: str) -> int:
    """Create temp table ``phone_lookup`` for the distinct phones of ``raw_table``."""
    pairs = con.sql(
        f"select distinct nullif(trim(phone), '') as phone, upper(nullif(trim(country), '')) "
        f"as country from {raw_table} where nullif(trim(phone), '') is not null"
    ).pl()
    lookup = phone_lookup(pairs)
    con.execute("create or replace temp table phone_lookup as select * from lookup")
    return lookup.height


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


def _ipv6_class(addr: ipaddress.IPv6Address) -> str:
    if addr.is_unspecified:
        return "unspecified"
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link_local"
    if addr.is_multicast:
        return "multicast"
    if addr in ipaddress.IPv6Network("2001:db8::/32"):
        return "documentation"
    if addr in ipaddress.IPv6Network("fc00::/7"):
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
        network = str(ipaddress.IPv4Network(f"{v4}/24", strict=False))
        cls = _ipv4_class_expr(pl.lit(int(v4)))
        return str(v4), 4, network, pl.select(cls).item()
    if isinstance(addr, ipaddress.IPv4Address):
        return None  # plain dotted quads are handled column-wise
    network = str(ipaddress.IPv6Network(f"{addr}/64", strict=False))
    return addr.compressed, 6, network, _ipv6_class(addr)


def ip_lookup(texts: pl.Series) -> pl.DataFrame:
    """Canonical address, version, /24 or /64 network and class for each distinct text.

    Returns one row per input text; ``ip`` is null where the text is no IP address.
    """
    frame = pl.DataFrame({"ip_text": texts.unique()})
    octets = (
        pl.col("ip_text")
        .str.strip_chars()
        .str.extract_groups(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$")
    )
    v4 = frame.with_columns(
        *[octets.struct.field(str(i + 1)).cast(pl.Int64).alias(f"o{i}") for i in range(4)]
    ).with_columns(
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
    others = v4.filter(~pl.col("is_v4"))["ip_text"].to_list()
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
    return pl.concat([v4_rows, other_rows])


def register_ip_lookup(con: duckdb.DuckDBPyConnection, raw_table: str) -> int:
    """Create temp table ``ip_lookup`` (keyed by trimmed text) for the IPs of ``raw_table``."""
    texts = con.sql(
        f"select distinct trim(ip) as ip_text from {raw_table} "
        "where nullif(trim(ip), '') is not null"
    ).pl()["ip_text"]
    lookup = ip_lookup(texts)
    con.execute("create or replace temp table ip_lookup as select * from lookup")
    return lookup.height
