"""Contact details and off-platform solicitation in workroom messages.

``detect_contacts(con)`` builds ``features.message_contacts`` (see ``detect``); ``find_contacts``
is the same detection on a polars frame, without a database; ``evaluate`` scores it against the
hand-labelled messages in ``tests/data/contact_messages.csv``.
"""

from analytics.contacts.detect import ContactSummary, detect_contacts, find_contacts

__all__ = ["ContactSummary", "detect_contacts", "find_contacts"]
