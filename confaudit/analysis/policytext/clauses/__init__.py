"""The clause registry: one module per clause, in the taxonomy's order (taxonomy.CLAUSES).

A clause's id is the name of its module (its `SPEC` does not repeat it). `MODULES` is the one ordered list;
`SPECS` maps id to spec in that order for the detector. tests/test_policytext_clauses.py holds both to the
taxonomy, so a clause added to one and not the other, or moved, fails there.
"""

from __future__ import annotations

from types import ModuleType

from ..matcher import ClauseSpec
from . import (
    breach_notification,
    children_minors,
    clinical_records_access,
    complaints_regulator,
    confidentiality_commitment,
    consent_for_disclosure,
    controller_contact_dpo,
    cookies_tracking,
    data_residency_claim,
    data_subject_rights,
    disclosure_prior_discussion,
    encryption_security,
    international_transfers,
    lawful_basis,
    limits_legal_obligation,
    limits_risk_of_harm,
    limits_safeguarding,
    marketing_communications,
    professional_body,
    retention_period,
    sale_or_ad_sharing,
    session_recording,
    supervision,
    third_party_processors,
)

MODULES: tuple[ModuleType, ...] = (
    confidentiality_commitment,
    limits_risk_of_harm,
    limits_safeguarding,
    limits_legal_obligation,
    disclosure_prior_discussion,
    consent_for_disclosure,
    supervision,
    encryption_security,
    session_recording,
    clinical_records_access,
    retention_period,
    third_party_processors,
    sale_or_ad_sharing,
    marketing_communications,
    cookies_tracking,
    international_transfers,
    data_residency_claim,
    data_subject_rights,
    controller_contact_dpo,
    complaints_regulator,
    professional_body,
    breach_notification,
    children_minors,
    lawful_basis,
)

SPECS: dict[str, ClauseSpec] = {m.__name__.rpartition(".")[2]: m.SPEC for m in MODULES}
