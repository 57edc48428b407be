"""Message ids, rollout selection and the SOAP wire format."""

from __future__ import annotations

import pytest

from tests.unit.vimis.samples import source
from vimis.identity import content_hash, message_id
from vimis.outbox import enabled_doc_types
from vimis.soap import (
    SendDocument,
    SendResult,
    SoapFault,
    SoapFormatError,
    build_fault,
    build_send_document,
    build_send_document_response,
    build_send_result,
    parse_send_document,
    parse_send_document_response,
    parse_send_result,
)


def test_bookkeeping_does_not_change_the_content_hash_but_clinical_facts_do() -> None:
    base = content_hash(source(6).facts())
    assert content_hash(source(6, versionId="7", lastUpdated="2025-06-01").facts()) == base
    assert content_hash(source(6, stage="III").facts()) != base


def test_message_id_is_stable_and_depends_on_version_and_content() -> None:
    digest = content_hash(source(6).facts())
    first = message_id("k", 1, digest)
    assert first == message_id("k", 1, digest)
    assert len({first, message_id("k", 2, digest), message_id("k", 1, "other")}) == 3


@pytest.mark.parametrize(("stages", "doc_types"), [
    ([1], [1, 2, 3, 4]), ([1, 2], [1, 2, 3, 4, 5, 6, 7, 8]), ([4], [13, 15]), ([], []),
])
def test_rollout_stages_select_doc_types(stages: list[int], doc_types: list[int]) -> None:
    assert enabled_doc_types(stages) == doc_types


def test_send_document_round_trip() -> None:
    message = SendDocument(vmcl=1, doc_type=6, doc_type_version="1", trigger_point=4,
                           local_uid="m-1", organization="1.2.3", document="PGE+")
    assert parse_send_document(build_send_document(message)) == message
    assert parse_send_document_response(build_send_document_response("m-1")) == "m-1"


def test_send_document_without_required_fields_is_named() -> None:
    message = SendDocument(vmcl=1, doc_type=6, doc_type_version="1", trigger_point=4,
                           local_uid="", organization="1.2.3", document="")
    with pytest.raises(SoapFormatError, match="localUid, document"):
        parse_send_document(build_send_document(message))


def test_faults_tell_sender_from_receiver() -> None:
    with pytest.raises(SoapFault) as refused:
        parse_send_document_response(build_fault("soap:Sender", "bad docType"))
    assert refused.value.is_sender_fault and refused.value.reason == "bad docType"
    with pytest.raises(SoapFault) as down:
        parse_send_document_response(build_fault("soap:Receiver", "busy"))
    assert not down.value.is_sender_fault


def test_send_result_round_trip_and_garbage() -> None:
    result = SendResult("m-1", "rejected", "нет СНИЛС")
    assert parse_send_result(build_send_result(result)) == result
    with pytest.raises(SoapFormatError):
        parse_send_result(b"<html>502 Bad Gateway</html>")
    with pytest.raises(SoapFormatError):
        parse_send_result(b"<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>")
