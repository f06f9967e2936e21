"""New-client-immediate-hire: client accounts made minutes before they hire one freelancer."""

from analytics.detectors.immediate_hire.checks import CHECKS
from analytics.detectors.immediate_hire.params import ImmediateHireParams
from analytics.detectors.immediate_hire.steps import STEPS
from analytics.detectors.shape import Detector, Figures, Pattern

DETECTOR = Detector(
    name="immediate_hire",
    params=ImmediateHireParams,
    steps=STEPS,
    checks=CHECKS,
    doc="Client accounts created minutes before they hire one freelancer without competition.",
)

PATTERN = Pattern(
    name="immediate_hire",
    case_prefix="hire",
    title="New client, immediate hire",
    detector=DETECTOR,
    score_table="scores.immediate_hires",
    key_column="case_id",
    figures=Figures(
        "scores.immediate_hires",
        "case_id",
        (
            ("case_kind", "case kind"),
            ("clients", "clients"),
            ("minutes_to_hire", "minutes from sign-up to hire"),
            ("proposals", "proposals before the hire"),
            ("shared_kinds", "rare identifiers shared"),
            ("paid_early", "paid early"),
            ("speed", "speed part"),
            ("openness", "openness part"),
            ("first_only", "first-contract part"),
            ("link", "link part"),
            ("money", "early-money part"),
            ("quiet", "client-went-quiet part"),
            ("breadth", "hub breadth"),
        ),
    ),
)
