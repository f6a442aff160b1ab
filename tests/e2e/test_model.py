"""The result model: a lossless JSON round trip, valid against the shipped JSON Schema."""

from __future__ import annotations

import json

import jsonschema
import pytest

from confaudit.model import AuditResult, CrawlEvidence
from confaudit.model.serde import from_jsonable, to_jsonable
from confaudit.schema import result_schema

pytestmark = pytest.mark.xdist_group("full")  # the two full audits run once

@pytest.fixture
def runs(worlds):
    """Every check and probe on the secure and insecure sites, audited once per session."""
    return [worlds.live("full-secure").run, worlds.live("full-insecure").run]


def test_result_round_trip_is_lossless(runs):
    for run in runs:
        data = json.loads(json.dumps(run.result.to_dict()))
        back = AuditResult.from_dict(data)
        assert back == run.result
        assert back.to_dict() == data


def test_real_results_validate_against_the_schema(runs):
    validator = jsonschema.Draft202012Validator(result_schema(), format_checker=jsonschema.FormatChecker())
    for run in runs:
        validator.validate(json.loads(json.dumps(run.result.to_dict())))


def test_schema_rejects_a_broken_result(runs):
    data = json.loads(json.dumps(runs[0].result.to_dict()))
    data["checks"][0]["findings"][0]["severity"] = "catastrophic"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, result_schema())


def test_evidence_round_trip_keeps_bodies_and_headers(runs):
    crawl = runs[1].evidence.crawl
    data = json.loads(json.dumps(to_jsonable(crawl)))
    back = from_jsonable(CrawlEvidence, data)
    assert back == crawl
    assert back.pages[0].exchange.body == crawl.pages[0].exchange.body


def test_unknown_major_schema_version_is_refused(runs):
    data = runs[0].result.to_dict()
    data["schema_version"] = "2.0"
    with pytest.raises(ValueError, match="unsupported result schema version"):
        AuditResult.from_dict(data)
