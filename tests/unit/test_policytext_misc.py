"""Language, last-updated dates and readability of notices."""

from __future__ import annotations

from datetime import date

import pytest

from confaudit.analysis.policytext import (
    detect_language,
    extract_html,
    extract_text,
    find_last_updated,
    readability,
)

FR = (
    "Politique de confidentialité. Nous traitons vos données personnelles avec le plus grand soin. Les informations "
    "que vous nous communiquez pendant les séances restent confidentielles, sauf en cas de danger grave pour vous ou "
    "pour autrui. Vous pouvez exercer vos droits d'accès et de rectification en nous écrivant."
)
DE = (
    "Datenschutzerklärung. Wir verarbeiten Ihre personenbezogenen Daten nur, wenn dies für die Beratung erforderlich "
    "ist. Die Inhalte der Sitzungen werden vertraulich behandelt und nicht an Dritte weitergegeben. Sie haben das "
    "Recht auf Auskunft und Löschung Ihrer Daten."
)
ES = (
    "Política de privacidad. Tratamos sus datos personales con la máxima confidencialidad. La información que usted "
    "comparte en las sesiones es confidencial, salvo en los casos en que la ley lo exija. Puede ejercer sus derechos "
    "de acceso y supresión en cualquier momento."
)
EN = (
    "Privacy notice. We keep what you tell us in sessions confidential, and we will only share it with your GP if "
    "you agree. You can ask for a copy of the information we hold about you."
)


@pytest.mark.parametrize(("text", "lang"), [(EN, "en"), (FR, "fr"), (DE, "de"), (ES, "es")])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_language_unknown_for_noise_and_set_on_documents():
    assert detect_language("") == "unknown"
    assert detect_language("12345 !!! ??? ###") == "unknown"
    assert detect_language("xq zzv plork wibble frobnicate quux") == "unknown"
    doc = extract_html(
        f"<html lang='fr'><body><main><p>{FR}</p></main></body></html>".encode(), "https://x.fr/"
    )
    assert doc.language == "fr"  # the policy check can skip it instead of reporting 24 missing clauses


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Last updated: 21st March 2023", date(2023, 3, 21)),
        ("Effective Date: Saturday 8th June 2024", date(2024, 6, 8)),
        ("Revised on 2024-01-15.", date(2024, 1, 15)),
        ("Last modified: 03/14/2024", date(2024, 3, 14)),
        ("Last updated 04/05/2022 (UK practice)", date(2022, 5, 4)),
        ("HIPAA notice. Effective: 04/05/2022", date(2022, 4, 5)),
        ("Updated January 5, 2022", date(2022, 1, 5)),
        ("Last reviewed: June 2021", date(2021, 6, 1)),
        (
            "This privacy policy was published on 20th April 2018 and last updated on 21st March 2023.",
            date(2023, 3, 21),
        ),
        ("This policy was last revised 1 Sept. 2020.", date(2020, 9, 1)),
        ("Published: 2 February 2019", date(2019, 2, 2)),
        ("We were founded in March 2010 and see clients on 3 May 2024.", None),
        ("Last updated: 31/02/2023", None),
    ],
)
def test_last_updated_formats(text, expected):
    assert find_last_updated(text) == expected


def test_document_last_updated_from_footer_when_not_in_main():
    html = (
        "<html><body><main><h1>Privacy</h1><p>" + "We keep your notes confidential. " * 20 + "</p></main>"
        "<footer>Policy last updated 7 October 2024</footer></body></html>"
    )
    assert extract_html(html, "https://x.example/").last_updated == date(2024, 10, 7)
    assert extract_text("Privacy\n\nEffective from 1 April 2025.\n\nWe keep notes.").last_updated == date(
        2025, 4, 1
    )


def test_readability_scores_plain_text_higher_than_legalese():
    plain = readability(["We keep your notes safe.", "You can see them.", "Ask us any time."])
    legal = readability(
        [
            "Notwithstanding the aforementioned provisions, the organisation's processing operations necessitate "
            "comprehensive documentation of supplementary informational disclosures pursuant to applicable legislation."
        ]
    )
    assert plain.flesch_reading_ease > 80 > 20 > legal.flesch_reading_ease
    assert plain.word_count == 13 and plain.sentence_count == 3
    words = ["word"] * 476
    assert readability([" ".join(words) + "."]).reading_time_minutes == 2.0
    assert readability([]).word_count == 0
