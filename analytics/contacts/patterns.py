"""Every regex and word list of contact detection, in one place so that a miss or a false alarm
is fixed here and nowhere else.

Two dialects live here. ``PREFILTER`` is RE2 (DuckDB) and runs on the raw body of every message,
so it only has to be cheap and to over-approximate. Everything else is Rust ``regex`` (polars)
and runs on the *clean* text of candidates (see ``deobfuscate``): lower case, look-alikes and
full-width forms mapped to ASCII, zero-width characters dropped. Rust regex has no look-around
and no back-references, so context rules (what precedes or follows a match) are separate
patterns applied to windows of text around each match.
"""

from __future__ import annotations

# --- shared vocabulary -------------------------------------------------------------------------

DIGIT_WORDS: dict[str, str] = {
    "zero": "0",
    "oh": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_DIGIT_WORD_ALT = "|".join(sorted(DIGIT_WORDS, key=len, reverse=True))

# Top-level domains accepted at the end of an obfuscated address. Two-letter codes are all
# accepted (country codes); longer ones are listed, so that "icon@2x.png" or "notes.txt" is no
# address.
LONG_TLDS = (
    "com|net|org|info|biz|edu|gov|mil|int|io|dev|app|ai|xyz|online|site|tech|pro|email|mail|"
    "live|store|shop|agency|studio|design|digital|media|cloud|solutions|company|services|page|"
    "blog|club|space|website|world|name|mobi|asia|team|work|life|me"
)
TLD = rf"(?:{LONG_TLDS}|[a-z]{{2}})"

# Mail providers: an address at one of these needs no further evidence, and the bare provider
# name stands for its usual domain ("lucas.m@gmail" -> lucas.m@gmail.com).
MAIL_PROVIDER_DOMAINS = (
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.in",
    "yahoo.co.uk",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "protonmail.com",
    "proton.me",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "yandex.com",
    "zoho.com",
    "fastmail.com",
    "qq.com",
    "163.com",
    "126.com",
    "rediffmail.com",
    "orange.fr",
    "free.fr",
    "libero.it",
    "ukr.net",
)
BARE_PROVIDERS: dict[str, str] = {
    "gmail": "gmail.com",
    "googlemail": "gmail.com",
    "yahoo": "yahoo.com",
    "outlook": "outlook.com",
    "hotmail": "hotmail.com",
    "icloud": "icloud.com",
    "protonmail": "protonmail.com",
    "aol": "aol.com",
}

# Addresses of the marketplaces and payment services themselves are no contact detail shared
# between users: "noreply@upwork.com", "support@upwork.com". Any of these local parts at any of
# these domains is dropped; so is git@ at a code host (an SSH remote, not a mailbox).
PLATFORM_DOMAINS = (
    "upwork.com",
    "fiverr.com",
    "freelancer.com",
    "toptal.com",
    "peopleperhour.com",
    "guru.com",
    "paypal.com",
    "payoneer.com",
    "stripe.com",
)
PLATFORM_LOCAL_PARTS = (
    "noreply",
    "no-reply",
    "donotreply",
    "do-not-reply",
    "support",
    "help",
    "notifications",
    "notification",
    "notify",
    "billing",
    "security",
    "team",
    "info",
    "accounts",
    "service",
    "trust",
    "safety",
    "trustandsafety",
    "privacy",
    "legal",
    "press",
    "hello",
    "mail",
)
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org")

# Role mailboxes: addresses of a function, not of a person ("support@acme.io", "no-reply@x.com").
# A finding at one of these local parts is reported with personal = false by ``texts.personal``
# (the one place that rule lives). Compared after normalize_email and with ".", "-" and "_"
# removed, so "no-reply", "no_reply" and "do.not.reply" are "noreply" and "donotreply".
ROLE_LOCAL_PARTS = frozenset(
    """
    abuse accounting accounts admin administrator billing booking bookings careers contact
    contactus customercare customerservice customersupport donotreply enquiries enquiry feedback
    finance hello help helpdesk hostmaster hr info inquiries inquiry invoice invoices jobs legal
    mail mailerdaemon marketing media newsletter noreply notification notifications office
    orders payments postmaster press privacy reception recruiting sales security service
    support team webmaster
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Words that precede " at " in prose ("look at", "live at", "meet me at") and so are never the
# local part of an address written with a spaced or spelled-out "at".
LOCAL_PART_STOPWORDS = frozenset(
    """
    a all am an and any app are arrive arrived at back be been being best both bot but by
    call can check code contact currently deployed demo doc docs done download email even
    everything file files find found free get go good here him her home hosted i im in is it
    its just link live located look looking mail me meet more not now of office on one online
    only or out page posted reach ready repo running see send site so stay staying still
    stuff that the them then there they this to too up uploaded us version was we were what
    when where which who work working write you your
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# Words that follow a channel name in prose ("telegram is blocked", "skype call tomorrow") and
# so are never a handle, even after "is" or ":".
HANDLE_STOPWORDS = frozenset(
    """
    account accounts api app apps available back better blocked bot bots broken business call
    calls channel chat chats checkout code contact details down easier faster fine free good
    group groups here id integration is later link me meeting mini name not now number ok
    okay only payment payments preferred profile program same sdk the them then there this
    today tomorrow username verified web what works yes
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# --- the cheap prefilter (RE2, raw body, case-insensitive) -----------------------------------

_PREFILTER_PARTS = (
    # at signs, including full-width and small forms
    r"[@\x{FF20}\x{FE6B}]",
    # spelled-out or bracketed separators of addresses
    r"\bdot\b",
    r"[\[\(\{<]\s*(?:at|dot|arobase|arroba|point|punto|punkt|\.|@)\s*[\]\)\}>]",
    r"-(?:at|dot)-",
    # a domain name anywhere (covers "john at company.io")
    r"[a-z0-9]\s*\.\s*(?:com|net|org|io|co|me|de|uk|ru|in|info|biz|dev|app|ai|fr|es|it|nl|br)\b",
    # channels and payment services
    r"whats\s*app|whatsap|watsap|was+ap|\bwa\.me|\bzap\b|telegram|\btelega\b|\bt\.me|\btg\b",
    r"signal|skype|\blive:|wechat|weixin|we\s*chat|\bhmu\b",
    r"\x{5FAE}\x{4FE1}|paypal|pay\s*pal|venmo|payoneer|\biban\b|viber",
    # solicitation vocabulary
    r"direct|outside|\boff\s+(?:of\s+)?(?:the\s+)?(?:platform|upwork|fiverr|freelancer|site|app)",
    r"\bfees?\b|commission|bypass|circumvent|service\s+charge",
    r"(?:continue|talk|chat|move|switch|communicate|discuss)\s.{0,30}?\b(?:e-?mail|phone|text|sms)\b",
    # seven or more digits (any script, spelled out, 'o' for zero, 'i'/'l' for one) in a row
    r"(?:(?:(?:zero|one|two|three|four|five|six|seven|eight|nine|oh),?|[\pNoil])"
    r"[\s\-.()/_*\x{00B7}\x{2022}\x{200B}-\x{200D}\x{2060}\x{FEFF}]{0,3}){7,}",
    # mixed scripts (Cyrillic or Greek next to Latin letters or digits)
    r"[a-z0-9@.][\x{0370}-\x{03FF}\x{0400}-\x{04FF}]|[\x{0370}-\x{03FF}\x{0400}-\x{04FF}][a-z0-9@.]",
    # full-width forms, zero-width and bidi controls, math alphanumerics, enclosed alphanumerics
    r"[\x{FF01}-\x{FF5E}\x{00AD}\x{200B}-\x{200F}\x{2060}-\x{2064}\x{FEFF}\x{2460}-\x{24FF}]",
    r"[\x{1D400}-\x{1D7FF}]",
)
PREFILTER = "(?i)" + "|".join(_PREFILTER_PARTS)

# --- emails (Rust regex, clean text) ----------------------------------------------------------

_OPEN = r"[\[\(\{<]"
_CLOSE = r"[\]\)\}>]"
AT_WORDS = "at|arobase|arroba|@"
DOT_WORDS = r"dot|point|punto|punkt|\."
# "@", " @ ", "[at]", "(at)", "{at}", "<at>", "-at-", " at "
EMAIL_AT = rf"(?:\s*@\s*|\s*{_OPEN}\s*(?:{AT_WORDS})\s*{_CLOSE}\s*|\s*-at-\s*|\s+at\s+)"
# in the local part, a dot is plain or spelled out, never spaced: "Thanks. john@x.com" is john
_LOCAL_DOT = rf"(?:\.|\s*{_OPEN}\s*(?:{DOT_WORDS})\s*{_CLOSE}\s*|\s*-dot-\s*|\s+dot\s+)"
# in the domain also " . " (spaces before it); ". " alone is a sentence end
_DOMAIN_DOT = rf"(?:\.|\s+\.\s*|\s*{_OPEN}\s*(?:{DOT_WORDS})\s*{_CLOSE}\s*|\s*-dot-\s*|\s+dot\s+)"
_LOCAL = rf"[a-z0-9][a-z0-9_%+\-]*(?:{_LOCAL_DOT}[a-z0-9_%+\-]+)*"
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_BARE = "|".join(BARE_PROVIDERS)
EMAIL = rf"{_LOCAL}{EMAIL_AT}(?:{_LABEL}(?:{_DOMAIN_DOT}{_LABEL})*{_DOMAIN_DOT}{TLD}|(?:{_BARE}))\b"
# pieces used to turn a found (possibly obfuscated) address into a plain one
EMAIL_AT_ANY = EMAIL_AT
EMAIL_DOT_ANY = rf"\s*{_OPEN}\s*(?:{DOT_WORDS})\s*{_CLOSE}\s*|\s*-dot-\s*|\s+dot\s+|\s*\.\s*"
EMAIL_PLAIN = r"^[a-z0-9._%+\-]+@[a-z0-9.\-]+$"
# words near an address written with a plain " at " that make it one ("my email is x at y.de")
EMAIL_CONTEXT = r"\b(?:e-?mail|mail|gmail|inbox|address|contact|write|reach)\b"

# --- links and handles (Rust regex, clean text) ----------------------------------------------

LINKS: dict[str, str] = {
    "whatsapp_number": r"(?:\bwa\.me/|whatsapp\.com/send/?\?phone=)\+?(?P<num>[0-9]{7,15})",
    "whatsapp_group": r"\bchat\.whatsapp\.com/(?:invite/)?(?P<code>[a-z0-9]{10,40})",
    "telegram": (
        r"\b(?:t|telegram)\.(?:me|dog)/(?:s/)?(?P<plus>\+|joinchat/)?(?P<code>[a-z0-9_]{4,40})"
    ),
    "telegram_resolve": r"\btg://resolve\?domain=(?P<code>[a-z0-9_]{4,40})",
    "signal_number": r"\bsignal\.me/#p/(?P<num>\+?[0-9]{7,15})",
    "signal_link": r"\bsignal\.(?:me/#eu|group/#)/?(?P<code>[a-z0-9_\-]{6,80})",
    "skype_live": r"\blive:(?P<code>\.cid\.[0-9a-f]{6,32}|[a-z][a-z0-9._\-]{4,31})",
    "skype_uri": r"\bskype:(?P<code>[a-z][a-z0-9._,\-]{5,31})\?(?:call|chat|add|userinfo)",
    "skype_join": r"\bjoin\.skype\.com/(?:invite/)?(?P<code>[a-z0-9]{6,20})",
    # PayPal.Me names are letters and digits, but people write "paypal.me/anna_k" too
    "paypal": r"(?:\bpaypal\.me|paypal\.com/paypalme)/(?P<code>[a-z0-9](?:[a-z0-9_.\-]*[a-z0-9])?)",
    "venmo": r"\b(?:account\.)?venmo\.com/(?:u/)?(?P<code>[a-z0-9_\-]{5,30})",
    "wechat": r"\bu\.wechat\.com/(?P<code>[a-z0-9_\-]{6,40})",
}
LINK_KIND = {
    "whatsapp_number": "whatsapp",
    "whatsapp_group": "whatsapp",
    "telegram": "telegram",
    "telegram_resolve": "telegram",
    "signal_number": "signal",
    "signal_link": "signal",
    "skype_live": "skype",
    "skype_uri": "skype",
    "skype_join": "skype",
    "paypal": "paypal",
    "venmo": "venmo",
    "wechat": "wechat",
}
# path segments of venmo.com that are pages, not users
VENMO_PAGES = frozenset({"about", "legal", "business", "signup", "login", "privacy", "support"})

# Channel names as written, by the kind they stand for (None: a channel outside the kind list),
# with the spellings and slang seen in workrooms: "whats app", "wasap" and "zap" (Latin America),
# "telega", "tg", "wx" and 微信 for WeChat, "pay pal". Not "tele": it also means telephone.
CHANNEL_ALIASES: dict[str, str | None] = {
    r"whats\s*app?|whatsap+|watsap+|was+ap|\bwa\b|\bzap(?:zap)?\b": "whatsapp",
    r"telegram+|\btg\b|\btelega\b": "telegram",
    r"signal": "signal",
    r"skype": "skype",
    r"we\s*chat|weixin|\bwx\b|\x{5FAE}\x{4FE1}": "wechat",
    r"pay\s*pal": "paypal",
    r"venmo": "venmo",
    r"payoneer": "payoneer",
    r"viber": None,
}
CHANNEL_WORDS = "|".join(CHANNEL_ALIASES)
# the messengers among them (one moves a conversation to these, not to a payment service)
MESSENGER_WORDS = "|".join(
    alias
    for alias, kind in CHANNEL_ALIASES.items()
    if kind in {"whatsapp", "telegram", "signal", "skype", "wechat", None}
)


# "telegram: @handle", "my skype is john.smith", "wechat id - lily_88"
_LABEL_WORDS = (
    r"is|id|username|user\s*name|user|handle|name|account|acct|nick(?:name)?|me|at|on|here"
)
HANDLE_AFTER_CHANNEL = (
    rf"(?P<kw>{CHANNEL_WORDS})(?P<glue>(?:[\s:=\-\x{{2013}}>,]+|\b(?:{_LABEL_WORDS})\b)*)"
    r"(?P<at>@?)(?P<handle>[a-z][a-z0-9._\-]{1,40})"
)
# "@handle on telegram", "@kelly-ann on venmo"
HANDLE_BEFORE_CHANNEL = (
    rf"@(?P<handle>[a-z][a-z0-9._\-]{{1,40}})\s*(?:on|in|at|via|@|\(|-)\s*(?P<kw>{CHANNEL_WORDS})\b"
)
# what a handle of each channel may look like (after the '@', lower case)
HANDLE_SHAPES: dict[str, str] = {
    "telegram": r"^[a-z][a-z0-9_]{4,31}$",
    "skype": r"^[a-z][a-z0-9._,\-]{5,31}$",
    "wechat": r"^[a-z][a-z0-9_\-]{5,19}$",
    "venmo": r"^[a-z0-9][a-z0-9_\-]{4,29}$",
    "paypal": r"^[a-z0-9][a-z0-9_.\-]{2,29}$",
    "signal": r"^[a-z][a-z0-9_]{2,31}\.[0-9]{2,9}$",
}
PAYONEER_ID = (
    r"payoneer[^.!?\n]{0,30}?\b(?:customer\s*id|id|account(?:\s*(?:number|no\.?|#))?)"
    r"\s*[:#]?\s*(?P<num>[0-9]{6,12})\b"
)

# An email or phone right after a channel name belongs to that channel: "whatsapp: +44 ...",
# "my paypal is x@y.com". Only glue words may stand between the two.
_GLUE = (
    r"my|me|is|at|on|via|or|and|number|num|no|nr|phone|mobile|cell|id|account|acc|address|"
    r"email|e-mail|mail|handle|username|user|name|contact|details|info|call|text|msg|message|"
    r"add|ping|reach|find|use|send|pay|payment|payments|to|the|it|this|here|also|just|link|"
    r"same|directly|direct|us|it's|its|for|both"
)
CHANNEL_BEFORE = rf"(?P<kw>{CHANNEL_WORDS})(?:[^a-z0-9@+]*\b(?:{_GLUE})\b)*[^a-z0-9@+]*$"
CHANNEL_AFTER = (
    r"^[^a-z0-9@]*(?:(?:on|via|for|is|my|also|and|both|same|as)[^a-z0-9@]+)*"
    rf"(?P<kw>{CHANNEL_WORDS})"
)
# which channels an email or a phone number can belong to
EMAIL_CHANNELS = frozenset({"paypal", "payoneer", "skype", "venmo"})
PHONE_CHANNELS = frozenset({"whatsapp", "telegram", "signal", "wechat"})

# --- phones (Rust regex, clean text) ----------------------------------------------------------

# A chunk is what people write without a separator: digits, digit words, and 'o' for zero or
# 'i'/'l' for one ("4one5", "o1oo", "oseven9", "five54fourl"), with at least one digit or digit
# word; a digit word may carry a comma ("nine one one, one two ..."). Chunks are joined by up to
# three separators: spaces, dashes, dots, brackets, slashes, underscores, stars.
_PHONE_CHUNK = rf"[oil]*(?:(?:{_DIGIT_WORD_ALT}),?|[0-9])(?:(?:{_DIGIT_WORD_ALT}),?|[0-9oil])*"
_PHONE_SEP = r"[ \t\-.()/_*\x{00B7}\x{2022}~]{0,3}"
PHONE_SPAN = rf"(?:\+\s?\(?|\()?\b{_PHONE_CHUNK}(?:{_PHONE_SEP}{_PHONE_CHUNK})*"
# words that make a possible-but-unassigned number (e.g. UK drama numbers) worth reporting
PHONE_CONTEXT = (
    r"\b(?:call|ring|phone|tel|mobile|mob|cell|cellphone|number|no|num|text|sms|handy|celular|"
    rf"numero|n\x{{00fa}}mero|num\x{{00e9}}ro)\b|{CHANNEL_WORDS}"
)

# Numbers that are not contact details, blanked out before phone spans are looked for. Order
# matters little: each is replaced by a barrier that separators cannot cross.
NON_CONTACT_NUMBERS = (
    # links (messenger links are read from the unmasked text) and file paths
    r"(?:https?://|www\.)\S+",
    r"\b[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|net|org|io|us|dev|app|ai|co|me|gl|ly|be)/\S*",
    # money: currency before or after, rates
    r"[$\x{20ac}\x{00a3}\x{00a5}\x{20b9}\x{20bd}\x{20a6}\x{20b1}]\s?[0-9][0-9,.' ]*"
    r"(?:[0-9]|k\b|m\b)",
    r"[0-9][0-9,.' ]*\s?(?:usd|eur|gbp|inr|idr|php|ngn|pkr|aud|cad|rub|uah|brl|dollars?|euros?|"
    r"bucks|rupees?|pesos?)\b",
    # percentages, quantities with units
    r"[0-9][0-9,.]*\s?%",
    r"[0-9][0-9,. ]*\s?(?:rows|records|users|words|pages|items|units|pcs|views|visits|downloads|"
    r"followers|subscribers|px|kb|mb|gb|tb|ms|fps|hz|km|kg|lines|installs)\b",
    # dates and times (four-digit years; French phones look like dd.dd.dd.dd.dd)
    r"\b(?:19|20)[0-9]{2}[\-/.][0-9]{1,2}[\-/.][0-9]{1,2}(?:t[0-9:.]+z?)?",
    r"\b[0-9]{1,2}[\-/.][0-9]{1,2}[\-/.](?:19|20)[0-9]{2}\b",
    r"\b[0-9]{1,2}[:h][0-9]{2}(?::[0-9]{2})?\b",
    # versions written with a "v" (IP addresses and bare versions are dropped by shape later:
    # a dotted run is also how French and US numbers are written)
    r"\bv[0-9]+(?:\.[0-9]+)+\b",
    # references: "order #448122390", "PO 4500012345", "ticket 88213", "meeting id: 812 3456 7890"
    r"\b(?:order|invoice|inv|ticket|ref|reference|tracking|case|po|sku|transaction|txn|receipt|"
    r"build|contract|milestone|project|item|part|serial|acct|tax|vat|ein|isbn|pr|issue|bug|task|"
    r"story|policy|booking|confirmation|shipment|awb|offer|bid|proposal|rechnung|meeting|webinar|"
    r"passcode|password|pin|otp|code|id)(?:\s*(?:#|no\.?|nr\.?|number|num|id|code))?\s*[:#=\-]?"
    r"\s*#?[a-z]{0,4}[\-_]?[0-9][0-9\-_/ ]*",
    r"#[0-9]+",
    # IBAN-shaped strings (even with a bad checksum) and long alphanumeric ids
    r"\b[a-z]{2}[0-9]{2}(?:[ \-]?[a-z0-9]){10,32}",
)

# --- IBAN (Rust regex, clean text) ------------------------------------------------------------

IBAN_CANDIDATE = r"\b[a-z]{2}[0-9]{2}(?:[ \-]?[a-z0-9]){10,32}"

# --- solicitation (Rust regex, clean text) ----------------------------------------------------

_APPS = rf"{MESSENGER_WORDS}|discord|imo|line\s+app"
_PLATFORMS = (
    r"platform|upwork|fiverr|freelancer(?:\.com)?|toptal|peopleperhour|guru|marketplace|site|"
    r"website|app"
)
SOLICITATION: tuple[tuple[str, str], ...] = (
    (
        "pay_directly",
        r"\b(?:pay|paying|paid|send|sending|transfer|wire|invoice|bill)\s+(?:(?:me|you|us|him|her|it|money|"
        r"funds|payment|the\s+money|the\s+payment|the\s+rest|the\s+balance)\s+)?direct(?:ly)?\b",
    ),
    ("pay_directly", r"\bdirect\s+(?:payments?|pay|transfers?|bank\s+transfers?)\b"),
    (
        "pay_directly",
        r"\bpay\s+(?:me|you)\s+(?:via|by|through|on|with|using|to\s+my)\s+(?:paypal|wise|bank|"
        r"wire|crypto|usdt|btc|bitcoin|venmo|zelle|cash\s*app|western\s+union|payoneer|skrill|"
        r"revolut|my\s+bank|bank\s+transfer)\b",
    ),
    ("outside_platform", rf"\boutside\s+(?:of\s+)?(?:the\s+)?(?:{_PLATFORMS})\b"),
    (
        "outside_platform",
        r"\b(?:take|taking|move|moving|go|going|pay|paid|paying|work|working|deal|continue|"
        r"continuing|talk|communicate|transact|settle|do\s+(?:this|it|business))\b"
        rf"[^.!?\n]{{0,30}}?\boff\s+(?:of\s+)?(?:the\s+)?(?:{_PLATFORMS})\b",
    ),
    (
        "outside_platform",
        rf"\b(?:bypass|circumvent|go\s+around|get\s+around)\s+(?:the\s+)?(?:{_PLATFORMS}|system)\b",
    ),
    (
        "avoid_fees",
        r"\b(?:avoid|save|saving|skip|bypass|dodge|escape|evade|cut\s+out|get\s+rid\s+of)\s+"
        r"(?:on\s+)?(?:(?:the|their|upwork'?s?|fiverr'?s?|platform|service|those|these|all\s+the|paying|"
        r"[0-9]{1,2}\s?%)\s+)*(?:fees?|commissions?|service\s+charges?|cut)\b",
    ),
    (
        "move_channel",
        r"\b(?:continue|talk|chat|move|switch|communicate|discuss|speak|connect|contact|reach|text|"
        r"message|msg|dm|ping|add|call|write|hit|hmu)\b(?:\s+[a-z']+){0,3}?\s+(?:on|via|over|through|"
        rf"in|to|at)\s+(?:{_APPS})\b",
    ),
    (
        "move_channel",
        r"\b(?:continue|talk|chat|move|switch|communicate|discuss)\b(?:\s+[a-z']+){0,3}?\s+"
        r"(?:by|via|over|through|on|to)\s+(?:e-?mail|phone|text|sms)\b",
    ),
)
# a negation in the same clause before a phrase cancels it ("please don't pay outside ...")
NEGATION = (
    r"\b(?:not|never|no|don't|dont|do\s+not|can't|cant|cannot|won't|wont|wouldn't|shouldn't|"
    r"mustn't|isn't|against|refuse|avoid|stop)\b"
)
# "pay directly through Upwork milestones" stays on the platform
ON_PLATFORM_AFTER = (
    r"^\s*(?:through|via|on|in|using|with|inside|within)\s+(?:the\s+)?(?:upwork|fiverr|"
    r"platform|milestones?|escrow|the\s+workroom)"
)
# rows worth masking and scanning for phone spans: seven digit-like tokens in a row
PHONE_GATE = (
    rf"(?:(?:(?:{_DIGIT_WORD_ALT}),?|[0-9oil])[ \t\-.()/_*\x{{00B7}}\x{{2022}}~]{{0,3}}){{7,}}"
)
