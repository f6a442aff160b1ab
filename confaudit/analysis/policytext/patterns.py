"""Deprecated home of the clause patterns, kept importable for one release.

The engine moved to `matcher`, each clause's tables to `clauses/<clause_id>.py` (ordered by `clauses`), the
shared vocabularies to `vocabulary`, the over-promise patterns to `over_promises`, and `prepare` to the
package (`confaudit.analysis.policytext.prepare`). Every name this module had is re-exported under its old
name, so plugins written against it keep working until they move.
"""

from __future__ import annotations

import warnings

from .clauses import SPECS
from .clauses.breach_notification import BREACH_UNLESS
from .clauses.breach_notification import SPEC as BREACH
from .clauses.children_minors import SPEC as CHILDREN
from .clauses.clinical_records_access import RECORDS_UNLESS
from .clauses.clinical_records_access import SPEC as RECORDS
from .clauses.complaints_regulator import REGULATOR
from .clauses.complaints_regulator import SPEC as COMPLAINTS
from .clauses.confidentiality_commitment import CONF_EXCL
from .clauses.confidentiality_commitment import SPEC as CONFIDENTIALITY
from .clauses.consent_for_disclosure import CONSENT_VETO, DISCLOSE
from .clauses.consent_for_disclosure import SPEC as CONSENT
from .clauses.controller_contact_dpo import SPEC as CONTROLLER
from .clauses.cookies_tracking import SPEC as COOKIES
from .clauses.cookies_tracking import TRACKERS
from .clauses.data_residency_claim import SPEC as RESIDENCY
from .clauses.data_subject_rights import RIGHT_TYPES
from .clauses.data_subject_rights import SPEC as RIGHTS
from .clauses.disclosure_prior_discussion import PRIOR_CTX, PRIOR_VETO
from .clauses.disclosure_prior_discussion import SPEC as PRIOR
from .clauses.encryption_security import ENC_PARTIAL_UNLESS
from .clauses.encryption_security import SPEC as ENCRYPTION
from .clauses.international_transfers import SPEC as TRANSFERS
from .clauses.lawful_basis import SPEC as LAWFUL
from .clauses.limits_legal_obligation import SPEC as LEGAL
from .clauses.limits_risk_of_harm import RISK_VETO
from .clauses.limits_risk_of_harm import SPEC as RISK
from .clauses.limits_safeguarding import SAFE_VETO
from .clauses.limits_safeguarding import SPEC as SAFEGUARDING
from .clauses.marketing_communications import SPEC as MARKETING
from .clauses.professional_body import BODIES
from .clauses.professional_body import SPEC as PROFESSIONAL
from .clauses.retention_period import _NUM, RET_VERB
from .clauses.retention_period import SPEC as RETENTION
from .clauses.sale_or_ad_sharing import SPEC as SALE
from .clauses.session_recording import SPEC as RECORDING
from .clauses.supervision import SPEC as SUPERVISION
from .clauses.third_party_processors import SPEC as PROCESSORS
from .clauses.third_party_processors import VENDOR_WORDS, VENDORS
from .index import get_index, prepare
from .matcher import NEG_BEFORE, ClauseSpec, P, Q, Rule, Rx, rx
from .over_promises import (
    OVER_EVERYTHING,
    OVER_HEDGE,
    OVER_NEG_BEFORE,
    OVER_NEVER,
    OVER_NEXT_EXCEPTION,
    OVER_PRIOR,
    OVER_SECURE,
    OVER_TRIGGERS,
)
from .vocabulary import PLACES as _PLACE


def __getattr__(name: str) -> object:
    """RIGHTS_LITERALS is derived on first use now (index.py), not at import."""
    if name == "RIGHTS_LITERALS":
        return get_index().rights_lits
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


warnings.warn(
    "confaudit.analysis.policytext.patterns is deprecated: import the engine from .matcher, the clause tables "
    "from .clauses and prepare from confaudit.analysis.policytext",
    DeprecationWarning,
    stacklevel=2,
)

__all__ = [
    "BODIES",
    "BREACH",
    "BREACH_UNLESS",
    "CHILDREN",
    "COMPLAINTS",
    "CONFIDENTIALITY",
    "CONF_EXCL",
    "CONSENT",
    "CONSENT_VETO",
    "CONTROLLER",
    "COOKIES",
    "DISCLOSE",
    "ENCRYPTION",
    "ENC_PARTIAL_UNLESS",
    "LAWFUL",
    "LEGAL",
    "MARKETING",
    "NEG_BEFORE",
    "OVER_EVERYTHING",
    "OVER_HEDGE",
    "OVER_NEG_BEFORE",
    "OVER_NEVER",
    "OVER_NEXT_EXCEPTION",
    "OVER_PRIOR",
    "OVER_SECURE",
    "OVER_TRIGGERS",
    "PRIOR",
    "PRIOR_CTX",
    "PRIOR_VETO",
    "PROCESSORS",
    "PROFESSIONAL",
    "RECORDING",
    "RECORDS",
    "RECORDS_UNLESS",
    "REGULATOR",
    "RESIDENCY",
    "RETENTION",
    "RET_VERB",
    "RIGHTS",
    "RIGHTS_LITERALS",  # noqa: F822 - served by __getattr__, derived on first use
    "RIGHT_TYPES",
    "RISK",
    "RISK_VETO",
    "SAFEGUARDING",
    "SAFE_VETO",
    "SALE",
    "SPECS",
    "SUPERVISION",
    "TRACKERS",
    "TRANSFERS",
    "VENDORS",
    "VENDOR_WORDS",
    "_NUM",
    "_PLACE",
    "ClauseSpec",
    "P",
    "Q",
    "Rule",
    "Rx",
    "prepare",
    "rx",
]
