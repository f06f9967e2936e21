"""Contact details and off-platform solicitation in workroom messages.

``detect_contacts(con)`` builds ``features.message_contacts`` (see ``detect``); ``find_contacts``
is the same detection on a polars frame, without a database, before mailboxes are normalized;
``contacts_in_texts`` gives for a frame of free texts exactly the rows the table would hold
(``ringwatch contacts``); ``evaluate`` scores it against the hand-labelled messages in
``tests/data/contact_messages.csv``.
"""

from analytics.contacts.detect import ContactSummary, detect_contacts, find_contacts
from analytics.contacts.texts import contacts_in_texts

__all__ = ["ContactSummary", "contacts_in_texts", "detect_contacts", "find_contacts"]
