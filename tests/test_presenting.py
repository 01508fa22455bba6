"""Presenting a page to the hall: who may, which pages exist, and what a document change does to it."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import DomainError
from app.model import MeetingState, Presentation
from app.reducer import replay
from tests.domain_log import CHAIR_ACTOR, DISPLAY_ACTOR, SECRETARY_ACTOR, TECH_ACTOR, MemoryRoom, seat_of
from tests.test_domain_commands import refused


def add_document(room: MemoryRoom, document_id: str, pages: int, version: int = 1) -> None:
    args: dict[str, Any] = {
        "document_id": document_id, "title": f"Tờ trình {document_id}", "pages": pages,
        "blob": f"{version:064x}", "size": 1000, "plain_size": 900, "chunk_size": 65536, "keys": {},
        "item_id": "item-03",
    }
    if version == 1:
        room.cmd(TECH_ACTOR, "document.add", args)
    else:
        del args["item_id"]
        room.cmd(TECH_ACTOR, "document.update", {**args, "version": version})


def room_with_documents() -> MemoryRoom:
    room = MemoryRoom()
    add_document(room, "doc-budget", pages=6)
    add_document(room, "doc-staff", pages=2)
    return room


def test_chair_and_secretary_present_pages_numbered_from_one() -> None:
    room = room_with_documents()
    assert room.meeting.presenting is None
    [event] = room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-budget", "page": 3})
    assert (event.name, event.data) == ("present.paged", {"document_id": "doc-budget", "page": 3})
    assert room.meeting.presenting == Presentation("doc-budget", 3)
    room.cmd(SECRETARY_ACTOR, "present.page", {"document_id": "doc-staff", "page": 1})
    room.cmd(SECRETARY_ACTOR, "present.page", {"document_id": "doc-staff", "page": 2})
    assert room.meeting.presenting == Presentation("doc-staff", 2)
    # The same page again is an event too: it brings back the seats that looked elsewhere.
    assert room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-staff", "page": 2})
    assert room.meeting.presenting == Presentation("doc-staff", 2)


@pytest.mark.parametrize("actor", [seat_of("db-030"), TECH_ACTOR, DISPLAY_ACTOR])
def test_only_the_presidium_presents(actor: Any) -> None:
    room = room_with_documents()
    refused(room, actor, "present.page", {"document_id": "doc-budget", "page": 1}, "forbidden")
    room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-budget", "page": 1})
    refused(room, actor, "present.stop", {}, "forbidden")
    assert room.meeting.presenting == Presentation("doc-budget", 1)


def test_unknown_document_is_not_found() -> None:
    error = refused(room_with_documents(), CHAIR_ACTOR, "present.page", {"document_id": "doc-nope", "page": 1},
                    "not_found")
    assert error.message == "Không có tài liệu này trong kỳ họp." and error.detail == {"document_id": "doc-nope"}


@pytest.mark.parametrize("page", [0, -1, 7, 10**30])
def test_a_page_outside_the_document_is_refused_in_words(page: int) -> None:
    error = refused(room_with_documents(), CHAIR_ACTOR, "present.page", {"document_id": "doc-budget", "page": page},
                    "bad_request")
    assert error.message == "Tài liệu «Tờ trình doc-budget» chỉ có các trang từ 1 đến 6."
    assert error.detail == {"field": "page", "page": page, "pages": 6}


@pytest.mark.parametrize(
    "args",
    [
        {"document_id": "doc-budget", "page": "3"},
        {"document_id": "doc-budget", "page": 3.0},
        {"document_id": "doc-budget", "page": True},
        {"document_id": "doc-budget"},
        {"page": 3},
        {"document_id": "doc-budget", "page": 3, "zoom": 2},
    ],
)
def test_malformed_arguments_are_bad_requests(args: dict[str, Any]) -> None:
    refused(room_with_documents(), CHAIR_ACTOR, "present.page", args, "bad_request")


def test_stop_ends_the_presentation_and_is_a_conflict_when_nothing_is_shown() -> None:
    room = room_with_documents()
    error = refused(room, CHAIR_ACTOR, "present.stop", {}, "conflict")
    assert error.message == "Hiện không trình chiếu tài liệu nào."
    room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-budget", "page": 4})
    [event] = room.cmd(SECRETARY_ACTOR, "present.stop", {})
    assert (event.name, event.data) == ("present.stopped", {"document_id": "doc-budget"})
    assert room.meeting.presenting is None
    refused(room, CHAIR_ACTOR, "present.stop", {}, "conflict")
    refused(room, CHAIR_ACTOR, "present.stop", {"document_id": "doc-budget"}, "bad_request")


def test_removing_the_presented_document_stops_the_presentation() -> None:
    room = room_with_documents()
    room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-budget", "page": 2})
    room.cmd(TECH_ACTOR, "document.remove", {"document_id": "doc-staff"})
    assert room.meeting.presenting == Presentation("doc-budget", 2)
    room.cmd(TECH_ACTOR, "document.remove", {"document_id": "doc-budget"})
    assert room.meeting.presenting is None
    refused(room, CHAIR_ACTOR, "present.stop", {}, "conflict")
    assert replay(MeetingState(), room.events) == room.meeting


def test_a_new_version_keeps_the_page_if_it_still_has_it() -> None:
    room = room_with_documents()
    room.cmd(CHAIR_ACTOR, "present.page", {"document_id": "doc-budget", "page": 5})
    add_document(room, "doc-budget", pages=5, version=2)
    assert room.meeting.presenting == Presentation("doc-budget", 5)
    # Version 3 lost page 5: nobody chose a page of it, so the hall is not moved anywhere.
    add_document(room, "doc-budget", pages=4, version=3)
    assert room.meeting.presenting is None
    assert replay(MeetingState(), room.events) == room.meeting


DOCS = {"doc-a": 3, "doc-b": 8}
steps = st.lists(
    st.one_of(
        st.tuples(st.just("page"), st.sampled_from([*DOCS, "doc-x"]), st.integers(-2, 10)),
        st.tuples(st.just("stop"), st.just(""), st.just(0)),
        st.tuples(st.just("remove"), st.sampled_from(list(DOCS)), st.just(0)),
        st.tuples(st.just("add"), st.sampled_from(list(DOCS)), st.integers(1, 9)),
        st.tuples(st.just("update"), st.sampled_from(list(DOCS)), st.integers(1, 9)),
    ),
    max_size=30,
)


@settings(max_examples=80, deadline=None)
@given(steps)
def test_the_presentation_always_points_at_an_existing_page(plan: list[tuple[str, str, int]]) -> None:
    room = MemoryRoom()
    versions: dict[str, int] = {}
    for kind, document_id, n in plan:
        before = room.meeting
        try:
            if kind == "page":
                room.cmd(CHAIR_ACTOR, "present.page", {"document_id": document_id, "page": n})
                assert 1 <= n <= room.meeting.documents[document_id].pages
                assert room.meeting.presenting == Presentation(document_id, n)
            elif kind == "stop":
                room.cmd(SECRETARY_ACTOR, "present.stop", {})
                assert room.meeting.presenting is None
            elif kind == "remove":
                room.cmd(TECH_ACTOR, "document.remove", {"document_id": document_id})
                versions.pop(document_id, None)
            elif kind == "add":
                add_document(room, document_id, pages=n)
                versions[document_id] = 1
            else:
                versions[document_id] = versions.get(document_id, 1) + 1
                add_document(room, document_id, pages=n, version=versions[document_id])
        except DomainError as error:
            assert room.meeting is before
            if kind == "page":
                document = before.documents.get(document_id)
                assert error.code == ("not_found" if document is None else "bad_request")
                assert document is None or not 1 <= n <= document.pages
            elif kind == "stop":
                assert error.code == "conflict" and before.presenting is None
        shown = room.meeting.presenting
        if shown is not None:
            assert 1 <= shown.page <= room.meeting.documents[shown.document_id].pages
    assert replay(MeetingState(), room.events) == room.meeting
