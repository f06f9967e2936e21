"""Evidence of shared identifiers: kind weights, hub exclusion; read by rings and hires."""

from analytics.detectors.identifier_evidence.params import IdentifierEvidenceParams
from analytics.detectors.identifier_evidence.steps import STEPS
from analytics.detectors.shape import Detector

DETECTOR = Detector(
    name="identifier_evidence",
    params=IdentifierEvidenceParams,
    steps=STEPS,
    doc="What a rare shared identifier is worth, per kind, and which values are crowds.",
)
