"""Payment drop-off after contact sharing: pair payment timelines around the first contact."""

from analytics.detectors.contact_dropoff.checks import CHECKS
from analytics.detectors.contact_dropoff.params import ContactDropoffParams
from analytics.detectors.contact_dropoff.steps import STEPS
from analytics.detectors.shape import Detector, Figures, Pattern

DETECTOR = Detector(
    name="contact_dropoff",
    params=ContactDropoffParams,
    steps=STEPS,
    checks=CHECKS,
    doc="Contact shared in the workroom, then the pair's on-platform payments stop.",
)

PATTERN = Pattern(
    name="contact_dropoff",
    case_prefix="drop",
    title="Payment drop-off after contact sharing",
    detector=DETECTOR,
    score_table="scores.contact_dropoffs",
    key_column="case_key",
    figures=Figures(
        "features.contact_dropoff",
        "'cd-' || client_id || '-' || freelancer_id",
        (
            ("first_contact_kind", "first contact kind"),
            ("first_contact_ts", "first contact sent"),
            ("first_contact_obfuscated", "disguised"),
            ("contact_kinds", "contact kinds"),
            ("solicited", "asked to pay off the platform"),
            ("matches_account", "detail matches a real account"),
            ("weekly_before", "paid per week before"),
            ("weekly_after", "paid per week after"),
            ("paid_before", "paid before"),
            ("paid_after", "paid after"),
            ("payments_before", "payments before"),
            ("payments_after", "payments after"),
            ("last_payment_ts", "last payment"),
            ("messages_after_last_payment", "messages after the last payment"),
            ("weeks_talking_after_last_payment", "weeks talking after the last payment"),
            ("logins_after_last_payment", "logins after the last payment"),
        ),
    ),
)
