"""Clause detection: present / partial / absent per clause, the traps of clauses.md, attributes, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from confaudit.analysis.policytext import CLAUSES, analyse, extract_text

FIX = Path(__file__).parent.parent / "fixtures" / "policy"
URL = "https://practice.example/privacy"
NO_PARTIAL_LEVEL = {"session_recording"}  # recording is a yes/no fact: mentioned or not


def _analyse_file(name: str):
    return analyse(extract_text((FIX / name).read_text(encoding="utf-8"), URL))


def _one(text: str, clause: str):
    return analyse(extract_text(text, URL)).clauses[clause]


@pytest.fixture(scope="module")
def complete():
    return _analyse_file("complete_notice.md")


@pytest.fixture(scope="module")
def vague():
    return _analyse_file("vague_notice.md")


@pytest.fixture(scope="module")
def unrelated():
    return _analyse_file("unrelated_terms.txt")


@pytest.mark.parametrize("clause", CLAUSES)
def test_each_clause_present_in_complete_notice_with_quotes(complete, clause):
    r = complete.clauses[clause]
    assert r.status == "present", (clause, r)
    assert r.quotes and all(q.url == URL for q in r.quotes)
    assert all(q.heading for q in r.quotes)


@pytest.mark.parametrize("clause", [c for c in CLAUSES if c not in NO_PARTIAL_LEVEL])
def test_each_clause_partial_in_vague_notice(vague, clause):
    r = vague.clauses[clause]
    assert r.status == "partial", (clause, r)
    assert r.quotes


@pytest.mark.parametrize("clause", CLAUSES)
def test_each_clause_absent_in_unrelated_text(unrelated, clause):
    r = unrelated.clauses[clause]
    assert r.status == "absent" and r.quotes == []


def test_attributes_of_complete_notice(complete):
    enc = complete.clauses["encryption_security"].attrs
    assert enc == {"in_transit": True, "at_rest": True, "e2e_claimed": True}
    assert complete.clauses["sale_or_ad_sharing"].attrs["polarity"] == "denies_marketing_sharing"
    res = complete.clauses["data_residency_claim"].attrs
    assert res["claimed_location"] == "UK" and res["scope"] == "storage"
    tr = complete.clauses["international_transfers"].attrs
    assert tr["destinations"] == ["US"] and tr["safeguard"].startswith("IDTA")
    assert complete.clauses["session_recording"].attrs["recorded"] is False
    assert complete.clauses["supervision"].attrs["anonymised"] is True
    assert complete.clauses["professional_body"].attrs["bodies"] == ["BACP"]


# (text, clause, expected status) for the traps in clauses.md and the negations / conditionals of the brief
TRAPS = [
    ("We take your privacy seriously.", "confidentiality_commitment", "absent"),
    ("Privacy is extremely important to us.", "confidentiality_commitment", "absent"),
    ("The GDPR ensures your confidential data is kept private.", "confidentiality_commitment", "absent"),
    (
        "We are committed to protecting your privacy and confidentiality.",
        "confidentiality_commitment",
        "partial",
    ),
    (
        "Anything we discuss will remain confidential, subject to the exceptions below.",
        "confidentiality_commitment",
        "present",
    ),
    ("All paper notes will be confidentially shredded.", "confidentiality_commitment", "absent"),
    ("I may have to break confidentiality if you are at risk.", "confidentiality_commitment", "absent"),
    (
        "If either the counsellor or the client is at risk of harm, we may disclose information.",
        "limits_risk_of_harm",
        "present",
    ),
    ("In an emergency I will contact the local authorities.", "limits_risk_of_harm", "present"),
    (
        "Where I believe a third party is in serious danger of harm I will act.",
        "limits_safeguarding",
        "absent",
    ),
    ("We safeguard your data with appropriate measures.", "limits_safeguarding", "absent"),
    ("The Children Act 1989", "limits_safeguarding", "partial"),
    ("Suspected abuse of a child or vulnerable adult will be reported.", "limits_safeguarding", "present"),
    ("We may disclose information when required or permitted by law.", "limits_legal_obligation", "partial"),
    ("We cooperate with government and law enforcement officials.", "limits_legal_obligation", "partial"),
    ("I must disclose notes if a court issues a subpoena.", "limits_legal_obligation", "present"),
    ("You may be required to provide contact information to take part.", "limits_legal_obligation", "absent"),
    (
        "Ideally, I will discuss any disclosure with you before it is made.",
        "disclosure_prior_discussion",
        "present",
    ),
    (
        "If I report terrorism it is a criminal offence for me to inform you that I have done so.",
        "disclosure_prior_discussion",
        "partial",
    ),
    (
        "We will contact you before we use your data for new purposes.",
        "disclosure_prior_discussion",
        "absent",
    ),
    ("By using this site you consent to the processing of your data.", "consent_for_disclosure", "absent"),
    ("We only process health data with your explicit consent.", "consent_for_disclosure", "partial"),
    ("We may share information with your GP with your consent.", "consent_for_disclosure", "present"),
    (
        "I will only share information with your GP with your written consent.",
        "consent_for_disclosure",
        "present",
    ),
    (
        "There are circumstances where I may need to inform others without your consent.",
        "consent_for_disclosure",
        "absent",
    ),
    ("We use your data to supervise, administer and monitor the service.", "supervision", "absent"),
    ("Your first name will be shared with my clinical supervisor.", "supervision", "present"),
    (
        "Sessions take place on a secure, HIPAA-compliant, bank-grade platform.",
        "encryption_security",
        "partial",
    ),
    ("Zoom is secure.", "encryption_security", "partial"),
    ("Your data is encrypted in three places.", "encryption_security", "present"),
    ("No method of transmission over the Internet is secure.", "encryption_security", "absent"),
    ("Anything you tell me may be recorded in my session notes.", "session_recording", "absent"),
    ("Recordings of video sessions are stored in the UK.", "session_recording", "present"),
    ("A description of the information we hold is available.", "clinical_records_access", "absent"),
    ("You have the right to request a copy of your personal data.", "clinical_records_access", "partial"),
    ("You have the right to see your counselling notes.", "clinical_records_access", "present"),
    ("We keep your data for as long as necessary.", "retention_period", "partial"),
    ("We keep records for a minimum of 7 years.", "retention_period", "present"),
    ("Personal data is kept in accordance with the Data Protection Act 1998.", "retention_period", "absent"),
    (
        "Removed content may persist in backups for a reasonable period of time.",
        "retention_period",
        "partial",
    ),
    ("Your notes are stored on an encrypted online service.", "third_party_processors", "partial"),
    ("We use Zoom for our video sessions.", "third_party_processors", "present"),
    ("Service alerts about your account are sent by text message.", "marketing_communications", "absent"),
    ("Cookies are small text files placed on your device.", "cookies_tracking", "partial"),
    ("We are a UK-based company.", "data_residency_claim", "absent"),
    ("Regardless of where your data is stored, it is kept secure.", "data_residency_claim", "absent"),
    ("Our app's database is hosted in the EU.", "data_residency_claim", "present"),
    ("Your information is protected as if it were in the UK.", "data_residency_claim", "absent"),
    ("You can cancel your account at any time.", "data_subject_rights", "absent"),
    ("Your rights are described below.", "data_subject_rights", "absent"),
    ("I am registered with the ICO (registration number ZB123456).", "controller_contact_dpo", "partial"),
    ("Contact us using the link at the bottom of the page.", "controller_contact_dpo", "absent"),
    ("I am registered with the ICO (registration number ZB123456).", "complaints_regulator", "absent"),
    ("These rules are enforced by the ICO.", "complaints_regulator", "absent"),
    (
        "In line with the requirements of my professional body I have supervision.",
        "professional_body",
        "partial",
    ),
    ("Ideally, I will discuss a breach of confidentiality with you first.", "breach_notification", "absent"),
    (
        "We will notify you of a data breach where we are legally required to do so.",
        "breach_notification",
        "present",
    ),
    ("Child protection concerns will be reported to social services.", "children_minors", "absent"),
    ("We do not knowingly collect information from children under 13.", "children_minors", "present"),
    ("By registering you agree to these terms.", "lawful_basis", "absent"),
    ("We process your data for the performance of our contract with you.", "lawful_basis", "partial"),
    (
        '"Special category data" means data revealing racial or ethnic origin or health.',
        "lawful_basis",
        "absent",
    ),
    (
        "'Personal data' means any information relating to an identified person.",
        "data_subject_rights",
        "absent",
    ),
    (
        "If I learn that a child or an adult at risk is being harmed, I will tell social services.",
        "limits_safeguarding",
        "present",
    ),
    (
        "You can ask for a copy of what I hold, ask me to correct it, or ask me to delete it.",
        "data_subject_rights",
        "present",
    ),
    # US (HIPAA notice of privacy practices) phrasing
    (
        "We are required by law to maintain the privacy of your protected health information.",
        "confidentiality_commitment",
        "present",
    ),
    (
        "We may share information to prevent a serious threat to anyone's health or safety.",
        "limits_risk_of_harm",
        "present",
    ),
    (
        "We can share information when reporting suspected abuse, neglect, or domestic violence.",
        "limits_safeguarding",
        "partial",
    ),
    (
        "You can ask to see or get a copy of your medical record. You can ask us to correct health information. "
        "You can ask us to limit what we use or share.",
        "data_subject_rights",
        "present",
    ),
    ("You may revoke an authorization at any time in writing.", "consent_for_disclosure", "present"),
    (
        "You can file a complaint with the Office for Civil Rights; we will not retaliate against you.",
        "complaints_regulator",
        "present",
    ),
]


@pytest.mark.parametrize(("text", "clause", "expected"), TRAPS, ids=[f"{c}:{t[:30]}" for t, c, _ in TRAPS])
def test_traps(text, clause, expected):
    assert _one(text, clause).status == expected


@pytest.mark.parametrize(
    ("text", "polarity", "status"),
    [
        ("We will never sell or rent any information you share with us.", "denies_sale", "present"),
        ("We have never, and will never, sell your personal data.", "denies_sale", "present"),
        ("We will not sell your health data without your authorization.", "conditional_no_sale", "present"),
        (
            "We do not store card details, nor do we share customer details with any 3rd parties.",
            "denies_all_sharing",
            "present",
        ),
        (
            "We will never share your data with other organisations for marketing purposes.",
            "denies_marketing_sharing",
            "present",
        ),
        ("We do not share your information with advertisers.", "denies_marketing_sharing", "present"),
        (
            "We may share de-identified information with our advertising partners.",
            "discloses_ad_use",
            "present",
        ),
        (
            "We use cookies to deliver marketing materials to you on behalf of third parties.",
            "discloses_ad_use",
            "partial",
        ),
        ("We will not share your data with any other third party.", None, "absent"),
        ("The business may be sold to another company.", None, "absent"),
    ],
)
def test_sale_polarity(text, polarity, status):
    r = _one(text, "sale_or_ad_sharing")
    assert (r.status, r.attrs.get("polarity")) == (status, polarity)


def test_never_sell_plus_ad_sharing_reports_ad_use():
    r = _one(
        "We never sell your data. We share information about your visits with advertising partners.",
        "sale_or_ad_sharing",
    )
    assert r.attrs["polarity"] == "discloses_ad_use"
    assert "denies_sale" in r.attrs["statements"]
    assert "advertising partners" in r.quotes[0].text


def test_deidentified_ad_sharing_is_flagged():
    r = _one("We may share aggregated, de-identified data with advertisers.", "sale_or_ad_sharing")
    assert r.attrs["polarity"] == "discloses_ad_use" and r.attrs["deidentified_only"] is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our video sessions are end-to-end encrypted.", {"e2e_claimed": True}),
        (
            "Video is not end-to-end encrypted; it is encrypted in transit with TLS.",
            {"e2e_claimed": False, "in_transit": True, "e2e_denied": True},
        ),
        ("Notes are encrypted in three places and we hold the keys.", {"e2e_claimed": False}),
        ("Session data is encrypted at rest using AES-256.", {"at_rest": True, "in_transit": None}),
        ("The ICO can be contacted at https://ico.org.uk.", {"e2e_claimed": False, "in_transit": None}),
    ],
)
def test_encryption_attributes(text, expected):
    attrs = _one(text, "encryption_security").attrs
    for k, v in expected.items():
        assert attrs.get(k) == v, (k, attrs)


def test_transfer_attributes_consent_safeguard_and_destination():
    r = _one(
        "Your information may be transferred to computers located outside of your country. Your consent to our "
        "Terms represents your agreement to such transfers.",
        "international_transfers",
    )
    assert r.status == "present"
    assert r.attrs["destinations"] == ["outside your country"]
    assert r.attrs["safeguard"].startswith("consent")
    r2 = _one(
        "Wix may store data outside the UK/EEA; standard contractual clauses are in place.",
        "international_transfers",
    )
    assert r2.attrs["destinations"] == ["outside UK", "EEA"] or r2.attrs["destinations"][0] == "outside UK"
    assert r2.attrs["safeguard"] == "standard contractual clauses"


def test_residency_hedged_claim_is_partial_with_locations():
    r = _one(
        "Personal data may be processed in the country where it was collected as well as other countries "
        "(including the United States).",
        "data_residency_claim",
    )
    assert r.status == "partial"
    assert r.attrs["scope"] == "processing"
    assert "US" in r.attrs["claimed_location"]


def test_recording_attribute():
    assert (
        _one("The sessions are live and therefore not recorded in any form.", "session_recording").attrs[
            "recorded"
        ]
        is False
    )
    assert _one("Chat transcripts are kept on secure servers.", "session_recording").attrs["recorded"] is True


def test_regulated_by_bacp_is_flagged():
    r = _one("I am a counsellor regulated by the BACP.", "professional_body")
    assert r.status == "present" and r.attrs["claims_statutory_regulation"] is True


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Disclosure will not happen without first talking to you.", True),
        ("We will always tell you before disclosing anything.", True),
        ("Our platform is 100% secure.", True),
        ("Your data is completely secure with us.", True),
        ("We will never disclose your information to anyone.", True),
        ("Everything you say is completely confidential.", True),
        ("No system is 100% secure.", False),
        ("Data transmissions cannot be guaranteed to be fully and absolutely secure.", False),
        ("We will never disclose your information to anyone unless the law requires it.", False),
        ("Where possible, I will always tell you before disclosing anything.", False),
        ("Everything you say is confidential. However, there are limits described below.", False),
        ("I will always seek to gain your permission first.", False),
    ],
)
def test_over_promises(text, flagged):
    res = analyse(extract_text(text, URL))
    assert bool(res.over_promises) is flagged, res.over_promises


def test_to_dict_is_json_and_has_every_clause(complete):
    d = complete.to_dict()
    json.dumps(d)  # must not raise
    assert set(d["clauses"]) == set(CLAUSES)
    for v in d["clauses"].values():
        assert set(v) == {"status", "quotes", "attrs"}
        assert v["status"] in ("present", "partial", "absent")
        assert all(set(q) == {"text", "heading", "url"} for q in v["quotes"])
    assert d["last_updated"] == "2025-02-03"
    assert d["readability"]["word_count"] > 300
    assert d["readability"]["reading_time_minutes"] == round(d["readability"]["word_count"] / 238, 1)


def test_deterministic(complete):
    again = _analyse_file("complete_notice.md")
    assert again.to_dict() == complete.to_dict()


def test_trigger_index_loses_nothing():
    """The per-word prefilter must give the same answer as running every rule on every sentence."""
    for name in ("complete_notice.md", "vague_notice.md"):
        doc = extract_text((FIX / name).read_text(encoding="utf-8"), URL)
        assert analyse(doc).to_dict() == analyse(doc, use_triggers=False).to_dict()
    for text, _clause, _ in TRAPS:
        doc = extract_text(text, URL)
        assert analyse(doc).to_dict() == analyse(doc, use_triggers=False).to_dict(), text
