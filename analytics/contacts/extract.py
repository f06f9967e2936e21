"""Column-wise extraction of contact details from the clean text of candidate messages.

Each extractor reads a frame of candidates (``idx``, ``region``, ``body``, ``clean``) and returns
findings in one schema (``FINDING_SCHEMA``): where the finding sits in the clean text
(``cs``/``ce``, character offsets), its kind and value, and the evidence around it. Regexes run
once per extractor over the whole frame (``extract_all``, then ``explode``); rules that depend
on context (the word before an address, a negation before a phrase) run on short windows cut
around each match, so they cost per match, not per message.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from analytics.contacts import iban, patterns, phones
from analytics.contacts.deobfuscate import clean_expr, disguise_chars, shifts_offsets_expr

WINDOW = 60  # characters of context kept before and after a match for the context rules

FINDING_SCHEMA: dict[str, pl.DataType] = {
    "idx": pl.UInt32(),
    "kind": pl.String(),
    "value": pl.String(),
    "value_type": pl.String(),
    "cs": pl.Int64(),
    "ce": pl.Int64(),
    "obfuscated": pl.Boolean(),
    "priority": pl.Int8(),
    "mask": pl.String(),
}
# When two findings overlap, the lower priority number wins (a link over the phone digits in
# it, an address over a handle made of its local part). Phrases never compete.
PRIORITY = {"link": 1, "email": 2, "iban": 3, "account_id": 3, "phone": 4, "handle": 5}
PHRASE_PRIORITY = 9


def prepare(candidates: pl.DataFrame) -> pl.DataFrame:
    """Number the candidates and add their clean text and whether offsets shift in it."""
    return candidates.with_row_index("idx").with_columns(
        clean_expr(pl.col("body")).alias("clean"),
        shifts_offsets_expr(pl.col("body")).alias("shifted"),
    )


def _matches(texts: pl.DataFrame, gate: pl.Expr, pattern: str) -> pl.DataFrame:
    """Every match of ``pattern`` in the gated rows: ``idx``, ``m``."""
    return (
        texts.filter(gate)
        .select("idx", pl.col("clean").str.extract_all(pattern).alias("m"))
        .explode("m")
        .drop_nulls("m")
    )


def _locate(found: pl.DataFrame, texts: pl.DataFrame) -> pl.DataFrame:
    """Add ``cs``/``ce`` (character offsets of ``m`` in the clean text), ``pre``/``post``
    (context windows), ``region`` and ``disguised`` (the matched stretch of the body holds
    look-alike, full-width or invisible characters). A text matched twice gets its first
    offset twice."""
    byte_offset = pl.col("clean").str.find(pl.col("m"), literal=True)
    start = pl.col("cs")
    window_start = pl.max_horizontal(start - WINDOW, pl.lit(0))
    return (
        found.join(texts.select("idx", "region", "clean", "body"), on="idx", how="left")
        .with_columns(
            pl.col("clean")
            .cast(pl.Binary)
            .bin.slice(0, byte_offset)
            .cast(pl.String)
            .str.len_chars()
            .cast(pl.Int64)
            .alias("cs")
        )
        .with_columns((start + pl.col("m").str.len_chars()).alias("ce"))
        .with_columns(
            pl.col("clean").str.slice(window_start, start - window_start).alias("pre"),
            pl.col("clean").str.slice(pl.col("ce"), WINDOW).alias("post"),
            # approximate where the body has vanishing characters: flagged either way
            pl.col("body")
            .str.slice(start, pl.col("ce") - start)
            .str.contains_any(disguise_chars())
            .alias("disguised"),
        )
        .drop("clean", "body")
    )


def _finish(frame: pl.DataFrame, **columns: pl.Expr) -> pl.DataFrame:
    """Select the finding schema (extra columns ``pre``/``post``/``region`` are kept); a
    disguised match is always obfuscated."""
    exprs = [
        columns.get(name, pl.col(name)).cast(dtype).alias(name)
        for name, dtype in FINDING_SCHEMA.items()
    ]
    return (
        frame.select(*exprs, "pre", "post", "region", "disguised")
        .with_columns((pl.col("obfuscated") | pl.col("disguised")).alias("obfuscated"))
        .drop("disguised")
    )


def empty() -> pl.DataFrame:
    """A finding frame with no rows."""
    schema = {**FINDING_SCHEMA, "pre": pl.String(), "post": pl.String(), "region": pl.String()}
    return pl.DataFrame(schema=schema)


def _in(expr: pl.Expr, values: Iterable[str]) -> pl.Expr:
    return expr.is_in(sorted(values))


# --- emails ------------------------------------------------------------------------------------


def emails(texts: pl.DataFrame) -> pl.DataFrame:
    """Addresses, plain or obfuscated, with the rules that keep prose out (see patterns)."""
    gate = pl.col("clean").str.contains(r"@|\bat\b|-at-|arobase|arroba")
    found = _locate(_matches(texts, gate, patterns.EMAIL), texts)
    if found.is_empty():
        return empty()
    m = pl.col("m")
    plain = (
        m.str.replace(patterns.EMAIL_AT_ANY, "@")
        .str.replace_all(patterns.EMAIL_DOT_ANY, ".")
        .str.replace_all(r"\s+", "")
    )
    parts = plain.str.extract_groups(r"^(?P<local>[^@]+)@(?P<domain>[^@]+)$")
    found = found.with_columns(
        parts.struct.field("local").alias("local"),
        parts.struct.field("domain").alias("raw_domain"),
    ).with_columns(
        pl.col("raw_domain").replace(patterns.BARE_PROVIDERS).alias("domain"),
        (~pl.col("raw_domain").str.contains(r"\.")).alias("bare"),
    )
    bracket = m.str.contains(r"[\[\(\{<]\s*(?:at|arobase|arroba|@)\s*[\]\)\}>]|-at-")
    at_sign = m.str.contains("@")
    spaced = at_sign & m.str.contains(r"\s@|@\s") & ~bracket
    word_at = ~at_sign & ~bracket
    dot_obfuscated = m.str.contains(
        r"\bdot\b|[\[\(\{<]\s*(?:dot|point|punto|punkt|\.)\s*[\]\)\}>]|-dot-|\s\.|\.\s"
    )
    provider = _in(pl.col("domain"), patterns.MAIL_PROVIDER_DOMAINS) & ~pl.col("bare")
    context = pl.col("pre").str.contains(patterns.EMAIL_CONTEXT)
    stopword = _in(pl.col("local"), patterns.LOCAL_PART_STOPWORDS)
    platform = (
        _in(pl.col("local"), patterns.PLATFORM_LOCAL_PARTS)
        & _in(pl.col("domain"), patterns.PLATFORM_DOMAINS)
    ) | ((pl.col("local") == "git") & _in(pl.col("domain"), patterns.CODE_HOSTS))
    in_url = pl.col("post").str.contains(r"^(?:/|:[0-9])")
    keep = (
        pl.col("local").is_not_null()
        & ~platform
        & ~in_url
        & ~((spaced | word_at) & stopword)
        & (~word_at | (dot_obfuscated & ~pl.col("bare")) | provider | context)
    )
    found = found.filter(keep)
    first_label = pl.col("domain").str.extract(r"^([^.]+)")
    rest = pl.col("domain").str.extract(r"^[^.]+(\..*)$").fill_null("")
    return _finish(
        found,
        kind=pl.lit("email"),
        value=pl.col("local") + "@" + pl.col("domain"),
        value_type=pl.lit("email"),
        obfuscated=~m.str.contains(patterns.EMAIL_PLAIN) | pl.col("bare"),
        priority=pl.lit(PRIORITY["email"]),
        mask=pl.col("local").str.head(2) + "***@" + first_label.str.head(2) + "***" + rest,
    )


# --- links -------------------------------------------------------------------------------------

_LINK_GATES = {
    "whatsapp_number": ["wa.me", "whatsapp.com"],
    "whatsapp_group": ["chat.whatsapp.com"],
    "telegram": ["t.me", "telegram.me", "t.dog", "telegram.dog"],
    "telegram_resolve": ["tg://"],
    "signal_number": ["signal.me"],
    "signal_link": ["signal.me", "signal.group"],
    "skype_live": ["live:"],
    "skype_uri": ["skype:"],
    "skype_join": ["join.skype.com"],
    "paypal": ["paypal.me", "paypal.com/paypalme"],
    "venmo": ["venmo.com"],
    "wechat": ["u.wechat.com"],
}


def links(texts: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Messenger and payment links. Returns (findings, numbers still to be read as phones)."""
    handles, numbers = [], []
    for name, pattern in patterns.LINKS.items():
        gate = pl.col("clean").str.contains_any(_LINK_GATES[name])
        found = _locate(_matches(texts, gate, pattern), texts)
        if found.is_empty():
            continue
        groups = pl.col("m").str.extract_groups(pattern)
        kind = pl.lit(patterns.LINK_KIND[name])
        if "?P<num>" in pattern:
            numbers.append(
                found.with_columns(
                    kind.alias("kind"),
                    ("+" + groups.struct.field("num").str.strip_chars_start("+")).alias(
                        "phone_text"
                    ),
                    pl.lit("ZZ").alias("region"),
                )
            )
            continue
        code = groups.struct.field("code")
        # the mask keeps the link up to the code and two characters of it: t.me/jo***
        shown = code.str.replace(r"^\.cid\.", "")
        link_mask = (
            pl.col("m").str.head(pl.col("m").str.find(shown, literal=True))  # ASCII: bytes
            + shown.str.head(2)
            + "***"
        )
        if name == "telegram":
            plus = groups.struct.field("plus").is_not_null() & (groups.struct.field("plus") != "")
            code = pl.when(plus).then("+" + code).otherwise(code)
        if name == "skype_live":
            code = "live:" + code
        found = found.with_columns(code.alias("code"), link_mask.alias("link_mask"))
        if name == "venmo":
            found = found.filter(~_in(pl.col("code"), patterns.VENMO_PAGES))
        handles.append(
            _finish(
                found,
                kind=kind,
                value=pl.col("code"),
                value_type=pl.lit("handle"),
                obfuscated=pl.lit(False),
                priority=pl.lit(PRIORITY["link"]),
                mask=pl.col("link_mask"),
            )
        )
    link_numbers = (
        pl.concat(numbers, how="diagonal_relaxed") if numbers else pl.DataFrame(schema={})
    )
    return (pl.concat(handles) if handles else empty()), link_numbers


# --- handles named by a channel ----------------------------------------------------------------


def channel_kind(word: pl.Expr) -> pl.Expr:
    """The kind a channel word (as matched by ``patterns.CHANNEL_WORDS``) stands for."""
    kind = pl.lit(None, dtype=pl.String)
    for alias, channel in reversed(patterns.CHANNEL_ALIASES.items()):
        if channel is not None:
            kind = (
                pl.when(word.str.contains(f"^(?:{alias})$")).then(pl.lit(channel)).otherwise(kind)
            )
    return kind


def _shape_ok(kind: pl.Expr, handle: pl.Expr) -> pl.Expr:
    expr = pl.lit(False)
    for channel, shape in patterns.HANDLE_SHAPES.items():
        expr = pl.when(kind == channel).then(handle.str.contains(shape)).otherwise(expr)
    return expr


def handles(texts: pl.DataFrame) -> pl.DataFrame:
    """Handles introduced by a channel name ("telegram: @x", "my skype is john.smith") or
    followed by one ("@maria_ux on telegram"). A bare @mention is no handle."""
    gate = pl.col("clean").str.contains(patterns.CHANNEL_WORDS)
    out = []
    for pattern, before in (
        (patterns.HANDLE_AFTER_CHANNEL, False),
        (patterns.HANDLE_BEFORE_CHANNEL, True),
    ):
        found = _locate(_matches(texts, gate, pattern), texts)
        if found.is_empty():
            continue
        groups = pl.col("m").str.extract_groups(pattern)
        found = found.with_columns(
            channel_kind(groups.struct.field("kw")).alias("kind"),
            groups.struct.field("handle").alias("raw_handle"),
            (groups.struct.field("glue") if not before else pl.lit("")).alias("glue"),
            (groups.struct.field("at") if not before else pl.lit("@")).alias("at"),
        ).with_columns(pl.col("raw_handle").str.strip_chars_end("._-").alias("handle"))
        handle_len = pl.col("raw_handle").str.len_chars()
        if before:
            # the handle (with its '@') opens the match
            start, end = pl.col("cs"), pl.col("cs") + 1 + pl.col("handle").str.len_chars()
            after_handle = pl.col("m").str.slice(1 + handle_len)
            not_email = ~pl.col("pre").str.contains(r"[a-z0-9._\-]$")
            keep_extra = not_email
        else:
            start = pl.col("ce") - handle_len - pl.col("at").str.len_chars()
            end = start + pl.col("at").str.len_chars() + pl.col("handle").str.len_chars()
            after_handle = pl.col("post")
            labelled = pl.col("glue").str.contains(
                r"[:=\-\x{2013}]|\b(?:is|id|username|user\s*name|user|handle|name|account|acct|"
                r"nick(?:name)?)\b"
            )
            handle_like = pl.col("handle").str.contains(r"[0-9._\-]")
            at_end = pl.col("post").str.contains(r"^(?:\s*$|\s*[.!?,;)\n])")
            keep_extra = (pl.col("at") == "@") | (labelled & (handle_like | at_end))
        found = found.with_columns(start.alias("cs"), end.alias("ce")).filter(
            pl.col("kind").is_not_null()
            & _shape_ok(pl.col("kind"), pl.col("handle"))
            & ~_in(pl.col("handle"), patterns.HANDLE_STOPWORDS)
            & ~after_handle.str.starts_with("@")
            & keep_extra
        )
        out.append(
            _finish(
                found,
                value=pl.col("handle"),
                value_type=pl.lit("handle"),
                obfuscated=pl.lit(False),
                priority=pl.lit(PRIORITY["handle"]),
                mask=pl.col("handle").str.head(2) + "***",
            )
        )
    return pl.concat(out) if out else empty()


# --- payment account ids and IBANs -------------------------------------------------------------


def payoneer_ids(texts: pl.DataFrame) -> pl.DataFrame:
    """ "Payoneer customer ID 38129477": the number, as the payoneer account."""
    gate = pl.col("clean").str.contains("payoneer", literal=True)
    found = _locate(_matches(texts, gate, patterns.PAYONEER_ID), texts)
    if found.is_empty():
        return empty()
    num = pl.col("m").str.extract(patterns.PAYONEER_ID, 1)
    found = found.with_columns(num.alias("num")).with_columns(
        (pl.col("ce") - pl.col("num").str.len_chars()).alias("cs")
    )
    return _finish(
        found,
        kind=pl.lit("payoneer"),
        value=pl.col("num"),
        value_type=pl.lit("account_id"),
        obfuscated=pl.lit(False),
        priority=pl.lit(PRIORITY["account_id"]),
        mask=pl.col("num").str.head(2) + "******",
    )


def ibans(texts: pl.DataFrame) -> pl.DataFrame:
    """IBANs with a valid checksum (checked in Python, once per distinct candidate)."""
    gate = pl.col("clean").str.contains(r"[a-z]{2}[0-9]{2}")
    found = _matches(texts, gate, patterns.IBAN_CANDIDATE)
    if found.is_empty():
        return empty()
    valid = iban.resolve_frame(found["m"])
    found = _locate(found.join(valid, on="m", how="inner"), texts)
    found = found.with_columns((pl.col("cs") + pl.col("span")).alias("ce"))
    n = pl.col("iban").str.len_chars()
    return _finish(
        found,
        kind=pl.lit("iban"),
        value=pl.col("iban"),
        value_type=pl.lit("iban"),
        obfuscated=pl.lit(False),
        priority=pl.lit(PRIORITY["iban"]),
        mask=pl.col("iban").str.head(4)
        + pl.lit("*").repeat_by(n - 6).list.join("")
        + pl.col("iban").str.tail(2),
    )


# --- phones ------------------------------------------------------------------------------------


def phone_numbers(texts: pl.DataFrame, link_numbers: pl.DataFrame) -> pl.DataFrame:
    """Phone numbers in text spans, plus the numbers of wa.me / signal.me links."""
    spans = _locate(phones.spans(texts), texts).with_columns(pl.lit("phone").alias("kind"))
    frames = [spans]
    if not link_numbers.is_empty():
        frames.append(link_numbers.select(spans.columns))
    found = pl.concat(frames, how="vertical_relaxed")
    if found.is_empty():
        return empty()
    resolved = phones.resolve_frame(found.select("phone_text", "region"))
    found = found.join(resolved, on=["phone_text", "region"], how="inner")
    is_link = pl.col("kind") != "phone"
    # Offsets of a number inside its span are exact when the span needed no rewriting (no
    # digit words, no 'o' for zero); otherwise the number gets the span's offsets.
    stripped = pl.col("m").str.strip_chars_start(" -./_*").str.len_chars()
    lead = pl.col("m").str.len_chars() - stripped
    exact = ~pl.col("m").str.contains("[a-z]") & ~is_link
    spelled = pl.col("m").str.contains("[a-z]") & ~is_link
    spaced = pl.col("m").str.contains(
        r"\b[0-9]\b[^0-9a-z]{1,3}\b[0-9]\b[^0-9a-z]{1,3}\b[0-9]\b[^0-9a-z]{1,3}\b[0-9]\b"
    )
    found = found.filter(
        pl.col("valid") | is_link | pl.col("pre").str.contains(patterns.PHONE_CONTEXT)
    )
    return _finish(
        found,
        cs=pl.when(exact).then(pl.col("cs") + lead + pl.col("sub_start")).otherwise(pl.col("cs")),
        ce=pl.when(exact).then(pl.col("cs") + lead + pl.col("sub_end")).otherwise(pl.col("ce")),
        value=pl.col("e164"),
        value_type=pl.lit("phone"),
        obfuscated=(spelled | spaced) & ~is_link,
        priority=pl.when(is_link).then(PRIORITY["link"]).otherwise(PRIORITY["phone"]),
    )


# --- solicitation ------------------------------------------------------------------------------

_SOLICITATION_GATE = (
    r"direct|outside|\boff\b|fee|commission|bypass|circumvent|around|continue|talk|chat|move|"
    r"switch|communicate|discuss|speak|connect|contact|reach|text|message|msg|\bdm\b|ping|add|"
    r"call|write|hit|hmu"
)


def solicitations(texts: pl.DataFrame) -> pl.DataFrame:
    """Phrases that ask to take the deal or the talk off the platform, unless negated in the
    same clause or explicitly kept on it ("pay directly through Upwork")."""
    gated = texts.filter(pl.col("clean").str.contains(_SOLICITATION_GATE))
    out = []
    for phrase_class, pattern in patterns.SOLICITATION:
        found = _locate(_matches(gated, pl.lit(True), pattern), texts)
        if found.is_empty():
            continue
        clause = pl.col("pre").str.extract(r"([^.!?;,\n]*)$")
        found = found.filter(
            ~clause.str.contains(patterns.NEGATION).fill_null(False)
            & ~pl.col("post").str.contains(patterns.ON_PLATFORM_AFTER)
            # a compound ("fees-heavy gateways", "fee-free") is no phrase of its own
            & ~pl.col("post").str.contains(r"^-[a-z]")
        )
        out.append(
            _finish(
                found,
                kind=pl.lit("solicitation"),
                value=pl.lit(phrase_class),
                value_type=pl.lit("phrase"),
                obfuscated=pl.lit(False),
                priority=pl.lit(PHRASE_PRIORITY),
                mask=pl.lit(None, dtype=pl.String),
            )
        )
    return pl.concat(out) if out else empty()
