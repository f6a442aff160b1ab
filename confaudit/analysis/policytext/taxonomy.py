"""The 24 clauses of the confidentiality taxonomy (ids as in the shared taxonomy.json / clauses.md).

Kept as Python data so it ships with the code and cannot drift from the rules that use it.
"""

from __future__ import annotations

CLAUSES: tuple[str, ...] = (
    "confidentiality_commitment",
    "limits_risk_of_harm",
    "limits_safeguarding",
    "limits_legal_obligation",
    "disclosure_prior_discussion",
    "consent_for_disclosure",
    "supervision",
    "encryption_security",
    "session_recording",
    "clinical_records_access",
    "retention_period",
    "third_party_processors",
    "sale_or_ad_sharing",
    "marketing_communications",
    "cookies_tracking",
    "international_transfers",
    "data_residency_claim",
    "data_subject_rights",
    "controller_contact_dpo",
    "complaints_regulator",
    "professional_body",
    "breach_notification",
    "children_minors",
    "lawful_basis",
)

# Severity when the clause is absent; a vague (partial) clause is one level lower.
SEVERITY: dict[str, str] = {
    "confidentiality_commitment": "high",
    "limits_risk_of_harm": "high",
    "limits_safeguarding": "high",
    "limits_legal_obligation": "medium",
    "disclosure_prior_discussion": "low",
    "consent_for_disclosure": "medium",
    "supervision": "low",
    "encryption_security": "medium",
    "session_recording": "medium",
    "clinical_records_access": "medium",
    "retention_period": "medium",
    "third_party_processors": "medium",
    "sale_or_ad_sharing": "medium",
    "marketing_communications": "low",
    "cookies_tracking": "medium",
    "international_transfers": "low",
    "data_residency_claim": "info",
    "data_subject_rights": "medium",
    "controller_contact_dpo": "medium",
    "complaints_regulator": "medium",
    "professional_body": "low",
    "breach_notification": "low",
    "children_minors": "low",
    "lawful_basis": "low",
}

TITLES: dict[str, str] = {
    "confidentiality_commitment": "Confidentiality commitment",
    "limits_risk_of_harm": "Limits of confidentiality: serious risk of harm",
    "limits_safeguarding": "Limits of confidentiality: safeguarding children and vulnerable adults",
    "limits_legal_obligation": "Limits of confidentiality: legal obligation",
    "disclosure_prior_discussion": "Discussion with the client before a disclosure",
    "consent_for_disclosure": "Other disclosures only with consent",
    "supervision": "Clinical supervision",
    "encryption_security": "Encryption and security measures",
    "session_recording": "Session recording and transcripts",
    "clinical_records_access": "Clinical notes and access to them",
    "retention_period": "Retention period",
    "third_party_processors": "Recipients and processors",
    "sale_or_ad_sharing": "Sale of data or sharing for advertising",
    "marketing_communications": "Marketing communications",
    "cookies_tracking": "Cookies and tracking",
    "international_transfers": "International transfers",
    "data_residency_claim": "Data residency claim",
    "data_subject_rights": "Data subject rights",
    "controller_contact_dpo": "Controller identity and contact / DPO",
    "complaints_regulator": "Right to complain to the regulator",
    "professional_body": "Professional body",
    "breach_notification": "Data breach notification",
    "children_minors": "Children and minors",
    "lawful_basis": "Lawful basis (Art. 6 and Art. 9)",
}

SEVERITY_LEVELS = ("critical", "high", "medium", "low", "info")


def severity_for(clause: str, status: str) -> str | None:
    """Severity of a finding for `clause` with `status` (None when present)."""
    if status == "present":
        return None
    sev = SEVERITY[clause]
    if status == "partial":
        i = SEVERITY_LEVELS.index(sev)
        return SEVERITY_LEVELS[min(i + 1, len(SEVERITY_LEVELS) - 1)]
    return sev
