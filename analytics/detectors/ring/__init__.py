"""Friends-and-family rings: identity links, groups, behaviour inside the group, score."""

from analytics.detectors.ring.checks import CHECKS
from analytics.detectors.ring.params import RingParams
from analytics.detectors.ring.steps import STEPS
from analytics.detectors.shape import Detector, Figures, Pattern

DETECTOR = Detector(
    name="ring",
    params=RingParams,
    steps=STEPS,
    checks=CHECKS,
    doc="Friends-and-family rings: related accounts hiring each other.",
)

PATTERN = Pattern(
    name="ring",
    case_prefix="ring",
    title="Friends-and-family ring",
    detector=DETECTOR,
    score_table="scores.rings",
    key_column="candidate_id",
    figures=Figures(
        "features.ring_behaviour",
        "candidate_id",
        (
            ("n_members", "members"),
            ("n_clients", "client accounts"),
            ("n_freelancers", "freelancer accounts"),
            ("n_joined_by_contracts", "joined by contracts only"),
            ("internal_contracts", "contracts between members"),
            ("internal_pairs", "client-freelancer pairs"),
            ("internal_paid", "net paid inside the group"),
            ("member_paid", "gross paid by or to members"),
            ("inside_share", "share kept inside"),
            ("reciprocal_hires", "reciprocal hires"),
            ("no_competition_share", "hired without competition"),
            ("median_age_days", "median account age at hire (days)"),
            ("small_fixed_share", "small fixed-price share"),
            ("outside_clients", "outside clients"),
            ("outside_freelancers", "outside freelancers"),
        ),
    ),
)
