"""How people slip contact details into a workroom message, and how honest people share them.

Per-case text (a few hundred cases), so plain Python strings. Styles follow what trust-and-safety
teams see: plain and obfuscated addresses, spaced and spelled-out phone numbers, messenger
handles and links, payment handles, look-alike characters. Honest counterparts share an e-mail
address for a document or a phone number for a call and carry on paying on the platform.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analytics.synthetic import phones
from analytics.synthetic.countries import COUNTRIES
from analytics.synthetic.names import COMPANY_DOMAINS, FIRST_NAMES, LAST_NAMES
from analytics.synthetic.population import Population

LEAVE_PHRASES = (
    "let's continue outside the platform",
    "pay me directly to avoid the fees",
    "we can skip the platform fee if you pay me directly",
    "the fees here are too high, let's work directly",
    "better not to discuss payment in this chat",
    "I'll give you a discount if we do it off the site",
)
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_LOOKS_LATIN = {"o": "о", "a": "а", "e": "е", "c": "с", "p": "р"}  # Latin -> Cyrillic
_FULL_WIDTH = {str(d): chr(0xFF10 + d) for d in range(10)} | {"+": "＋"}
_ZWSP = "\u200b"
_PROVIDERS = ("gmail.com", "outlook.com", "yahoo.com", "proton.me", "hotmail.com")


@dataclass(frozen=True)
class Contact:
    """What one person can share: a mailbox, a phone number, a messenger handle."""

    email: str
    country: int
    nsn: str
    handle: str

    @property
    def e164(self) -> str:
        """ "+<calling code><number>"."""
        return f"+{COUNTRIES[self.country].calling_code}{self.nsn}"


def _pick(rng: np.random.Generator, options: tuple[str, ...] | list[str]) -> str:
    return options[int(rng.integers(0, len(options)))]


def contact_of(rng: np.random.Generator, pop: Population, acc: int, own_share: float) -> Contact:
    """The contact a person shares: sometimes the one on their account, else another one."""
    first = FIRST_NAMES[int(pop.first[acc])].lower()
    last = LAST_NAMES[int(pop.last[acc])].lower()
    digits = str(int(rng.integers(1, 999)))
    own_email = pop.email_of(acc)
    if own_email and rng.random() < own_share:
        local, _, domain = own_email.strip().lower().partition("@")
        email = f"{local.split('+')[0]}@{domain}"
    else:
        email = f"{first}.{last}{digits}@{_pick(rng, _PROVIDERS)}"
    country = int(pop.country[acc])
    cc = COUNTRIES[country].calling_code
    own_phone = pop.e164_of(acc)
    if own_phone and rng.random() < own_share:
        nsn = own_phone[len(cc) + 1 :]
    else:
        _, fresh, _ = phones.draw_numbers(rng, np.array([country]))
        nsn = str(fresh[0])
    # Telegram usernames: letters, digits and underscores, 5-32 characters, starting with a letter.
    handle = _pick(rng, [f"{first}_{last}{digits}", f"{first}{last[:1]}_dev", f"{last}_{first}"])
    return Contact(email=email, country=country, nsn=nsn, handle=handle)


def _written(c: Contact, fmt: str) -> str:
    return phones.write_one(c.country, c.nsn, fmt)


def _obfuscated_email(rng: np.random.Generator, email: str) -> str:
    local, _, domain = email.partition("@")
    name, _, tld = domain.rpartition(".")
    forms = [
        f"{local.replace('.', ' dot ')} at {name} dot {tld}",
        f"{local}[at]{name}[dot]{tld}",
        f"{local} (at) {name} (dot) {tld}",
        f"{local} @ {name} . {tld}",
        f"{local} AT {name} DOT {tld}",
    ]
    return _pick(rng, forms)


def _spaced_phone(rng: np.random.Generator, c: Contact) -> str:
    cc = COUNTRIES[c.country].calling_code
    if rng.random() < 0.5:
        written = _written(c, "intl_space")
        head, _, tail = written.rpartition(" ")
        return f"{head} {' '.join(tail)}"
    groups = _written(c, "bare_space").split(" ")
    spaced = "-".join(" ".join(g) for g in groups)
    return spaced if rng.random() < 0.5 else f"+{cc} {spaced}"


def _spelled_phone(rng: np.random.Generator, c: Contact) -> str:
    number = _written(c, "nat_compact")
    if rng.random() < 0.5:
        return " ".join(_WORDS[int(d)] for d in number)
    out = []
    for d in number:
        r = rng.random()
        if d == "0" and r < 0.5:
            out.append("o")
        elif d == "1" and r < 0.3:
            out.append("l")
        elif r < 0.35:
            out.append(_WORDS[int(d)])
        else:
            out.append(d)
    if not any(x in _WORDS for x in out):
        i = int(rng.integers(0, len(out)))
        out[i] = _WORDS[int(number[i])]  # out[i] may already be a look-alike letter
    return "".join(out[:3]) + " " + "".join(out[3:6]) + " " + "".join(out[6:])


def _lookalike(rng: np.random.Generator, c: Contact) -> str:
    kind = int(rng.integers(0, 4))
    if kind == 0:
        chars = list(c.email)
        spots = [i for i, ch in enumerate(chars) if ch in _LOOKS_LATIN]
        for i in rng.choice(spots, size=min(len(spots), 3), replace=False) if spots else []:
            chars[int(i)] = _LOOKS_LATIN[chars[int(i)]]
        return "".join(chars)
    if kind == 1:
        return "".join(_FULL_WIDTH.get(ch, ch) for ch in _written(c, "intl_space"))
    if kind == 2:
        local, _, domain = c.email.partition("@")
        cut = max(1, len(local) // 2)
        return f"{local[:cut]}{_ZWSP}{local[cut:]}@{_ZWSP}{domain}"
    return _ZWSP.join(_written(c, "intl_space"))


def shared_detail(rng: np.random.Generator, style: str, c: Contact) -> str:
    """The sentence that hands over a contact, in the given contact_dropoff style."""
    cc = COUNTRIES[c.country].calling_code
    if style == "plain_email":
        lead = ("you can reach me at", "my email is", "send the details to", "write me at")
        return f"{_pick(rng, lead)} {c.email}"
    if style == "obfuscated_email":
        lead = ("my email is", "write me:", "email me at", "contact me on")
        return f"{_pick(rng, lead)} {_obfuscated_email(rng, c.email)}"
    if style == "spaced_phone":
        return f"{_pick(rng, ('call me on', 'my number is', 'text me at'))} {_spaced_phone(rng, c)}"
    if style == "spelled_phone":
        return f"{_pick(rng, ('my number:', 'call me', 'sms me'))} {_spelled_phone(rng, c)}"
    if style == "whatsapp":
        forms = (
            f"wa.me/{cc}{c.nsn}",
            f"whatsapp me at {_written(c, 'intl_space')}",
            f"my WhatsApp is {_written(c, 'e164')}",
            f"add me on whatsapp {_written(c, 'nat_space')}",
        )
        return _pick(rng, forms)
    if style == "telegram":
        forms = (f"t.me/{c.handle}", f"@{c.handle} on telegram", f"my telegram is @{c.handle}")
        return _pick(rng, forms)
    if style == "skype":
        cid = "".join(_pick(rng, tuple("0123456789abcdef")) for _ in range(16))
        forms = (
            f"add me on skype live:.cid.{cid}",
            f"skype: live:.cid.{cid}",
            f"skype me: {c.handle}",
        )
        return _pick(rng, forms)
    if style == "paypal":
        forms = (f"paypal.me/{c.handle}", f"send it to my paypal {c.email}", f"PayPal: {c.email}")
        return _pick(rng, forms)
    if style == "lookalike":
        return f"{_pick(rng, ('contact me:', 'reach me at', 'here:'))} {_lookalike(rng, c)}"
    raise ValueError(f"unknown contact style {style!r}")


def leave_message(rng: np.random.Generator, style: str, c: Contact) -> str:
    """A workroom message sharing a contact, often with a push to leave the platform."""
    detail = shared_detail(rng, style, c)
    r = rng.random()
    if r < 0.35:
        return f"{_pick(rng, LEAVE_PHRASES).capitalize()}, {detail}"
    if r < 0.6:
        return f"{detail[0].upper()}{detail[1:]} - {_pick(rng, LEAVE_PHRASES)}."
    if r < 0.8:
        return f"For faster communication {detail}"
    return f"{detail[0].upper()}{detail[1:]}"


FOLLOW_UPS = (
    "ok, messaged you there",
    "sure, added you",
    "got it, let's talk there",
    "perfect, sent you a message",
    "ok",
)


def work_email(rng: np.random.Generator, pop: Population, acc: int) -> str:
    """A company address (for document and calendar invites)."""
    first = FIRST_NAMES[int(pop.first[acc])].lower()
    last = LAST_NAMES[int(pop.last[acc])].lower()
    return f"{first}.{last}@{_pick(rng, COMPANY_DOMAINS)}"


def _meeting_link(rng: np.random.Generator) -> str:
    if rng.random() < 0.5:
        meeting = int(rng.integers(81_000_000_000, 99_999_999_999))
        code = "".join(_pick(rng, tuple("abcdefghijkmnpqrstuvwxyz23456789")) for _ in range(10))
        return f"https://zoom.us/j/{meeting}?pwd={code}"
    letters = tuple("abcdefghijklmnopqrstuvwxyz")
    code = "-".join("".join(_pick(rng, letters) for _ in range(k)) for k in (3, 4, 3))
    return f"meet.google.com/{code}"


def honest_share(rng: np.random.Generator, pop: Population, acc: int) -> str:
    """Real contact details shared for work that stays on the platform.

    An address to share a document with, or a phone / WhatsApp number for a call, written the
    plain way a contact detector must find ("name@example.com", "+44 7700 900123"); sometimes
    next to a meeting link, never a link alone.
    """
    kind = int(rng.integers(0, 6))
    if kind < 3:
        email = (
            work_email(rng, pop, acc)
            if rng.random() < 0.6
            else contact_of(rng, pop, acc, 0.8).email
        )
        if kind == 0:
            return f"I'll add you to the spec doc, my email is {email}"
        if kind == 1:
            return f"Please share the Google Doc with {email} so I can comment"
        return (
            f"Sent the calendar invite for our weekly sync to {email}, link: {_meeting_link(rng)}"
        )
    c = contact_of(rng, pop, acc, 0.8)
    number = _written(c, "intl_space" if rng.random() < 0.7 else "e164")
    if kind == 3:
        return f"Easier to go through the milestones on a call: my number is {number}"
    if kind == 4:
        return f"I'm on WhatsApp at {number} if you want to call about the design"
    return f"Let's talk at 15:00 on {_meeting_link(rng)}, or call me on {number} if it fails"


SIGN_OFFS = (
    "Final files are uploaded. It was a pleasure working with you, thanks! Closing the contract.",
    "Thanks for the great work, releasing the final milestone now. Will leave feedback.",
    "All delivered and approved. Thank you, hope to work together again!",
    "Everything looks good, closing this one. Thanks a lot!",
)
ENDINGS = (
    "That's all we needed for now, closing the contract. Great work!",
    "Project is done on our side, ending the contract today. Thanks!",
    "We're pausing the project, so I'm ending the contract. Thank you for everything.",
)
