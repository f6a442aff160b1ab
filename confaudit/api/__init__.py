"""What a plugin imports: a check's and a probe's contracts, and the types they exchange."""

from confaudit.api.check import Check, Judge, Outcome, SkipCheck, Verdict
from confaudit.api.probe import Probe, ProbeContext
from confaudit.model import Rule

__all__ = ["Check", "Judge", "Outcome", "Probe", "ProbeContext", "Rule", "SkipCheck", "Verdict"]
