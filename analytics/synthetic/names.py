"""Small word lists for names, e-mail local parts, handles and company domains.

Short lists on purpose: real marketplaces are full of name collisions, and a detector must not
treat two "Maria Garcia" accounts as linked.
"""

from __future__ import annotations

import numpy as np


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, so long vocabularies stay readable."""
    return tuple(text.split())


FIRST_NAMES = _words(
    """
    James Maria John Anna David Sarah Michael Laura Daniel Emma Ahmed Fatima Mohammed Aisha Ali
    Zainab Omar Hana Raj Priya Amit Pooja Rahul Neha Arjun Divya Juan Sofia Carlos Lucia Pedro
    Ana Luis Camila Olena Andriy Iryna Dmytro Oksana Taras Chinedu Ngozi Emeka Amaka Tunde Funmi
    Grace Samuel Joseph Mary Paolo Giulia Lukas Lena Jonas Mia Felix Hannah Tom Chloe Jack Olivia
    Noah Ava Liam Isla Ethan Zoe Mark Kate Jose Mariel Angelo Kristine Bilal Sana Usman Ayesha
    Kamal Nadia
    """
)
LAST_NAMES = _words(
    """
    Smith Johnson Brown Garcia Miller Davis Martinez Lopez Wilson Khan Ahmed Hussain Ali Sheikh
    Malik Iqbal Sharma Patel Singh Kumar Gupta Reddy Nair Das Santos Reyes Cruz Bautista Mendoza
    Silva Souza Oliveira Pereira Costa Shevchenko Kovalenko Bondarenko Tkachenko Melnyk Okafor
    Adeyemi Okonkwo Eze Bello Mueller Schmidt Schneider Fischer Weber Taylor Evans Thomas Roberts
    Walker Wright Green Hall Martin Bernard Dubois Moreau Nowak Kowalski Popescu Ionescu
    Hernandez Gonzalez Rahman Hossain Mwangi Otieno Nguyen Tran Chen Wang Kim Lee Park Ivanova
    """
)
NICK_WORDS = _words(
    """
    pixel code craft studio dev design wizard ninja smart bright blue red sky star sun moon tiger
    eagle wolf fox swift rapid clever happy lucky urban nova alpha delta omega tech web data cloud
    byte logic vision media works labs
    """
)
COMPANY_WORDS = _words(
    """
    north wind acme blue harbor bright pixel summit cedar river stone apex orbit lumen vertex maple
    quartz nimbus falcon atlas copper silver green field bay peak forge spark cloud line
    """
)
COMPANY_TLDS = _words("com io co net co.uk de agency studio dev com.au")


def _company_domains(count: int) -> tuple[str, ...]:
    """A fixed list of made-up company domains (the same for every seed: it is vocabulary)."""
    rng = np.random.default_rng(20261101)
    words = len(COMPANY_WORDS)
    domains: list[str] = []
    seen: set[str] = set()
    while len(domains) < count:
        a, b = (int(x) for x in rng.integers(0, words, 2))
        joiner = "-" if rng.random() < 0.2 else ""
        tld = COMPANY_TLDS[int(rng.integers(0, len(COMPANY_TLDS)))]
        domain = f"{COMPANY_WORDS[a]}{joiner}{COMPANY_WORDS[b]}.{tld}"
        if a != b and domain not in seen:
            seen.add(domain)
            domains.append(domain)
    return tuple(domains)


COMPANY_DOMAINS = _company_domains(400)
