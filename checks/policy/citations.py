"""Reference-catalogue ids (``confaudit.knowledge.references``) that several policy rules and guides cite,
named once so a rule's reference list reads as a list of laws rather than of strings."""

from __future__ import annotations

GDPR13 = ("gdpr-art-13", "gdpr-art-14")
ICO = "ico-right-to-be-informed"
NPP = "hipaa-164-520"
BACP = "bacp-ethical-framework"
BACP_GP = "bacp-ef-gp-9-10-32c"
UKCP = "ukcp-code-2019"
APA = "apa-ethics-4"
CCPA = ("ccpa-1798-120", "ccpa-1798-135", "ccpa-1798-140-ah")
MHMDA = "wa-mhmda"
FTC = ("ftc-betterhelp-2023", "ftc-cerebral-2024")
