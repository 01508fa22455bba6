"""Who may send which command: the permissions matrix by role, in one table."""

from __future__ import annotations

from typing import Final

from app.model import CHAIR, DELEGATE, DISPLAY, SECRETARY, TECHNICIAN

_PRESIDIUM = frozenset({CHAIR, SECRETARY})
_TECH = frozenset({TECHNICIAN})
_CHAIR = frozenset({CHAIR})

# A role missing from a row may not send that command; DISPLAY sends nothing at all.
PERMISSIONS: Final[dict[str, frozenset[str]]] = {
    # a device bound to a delegate checks itself in; the secretary checks in anyone
    "attendance.check_in": frozenset({DELEGATE, CHAIR, SECRETARY}),
    "attendance.check_out": frozenset({DELEGATE, CHAIR, SECRETARY}),
    "attendance.absence": _PRESIDIUM,
    "agenda.add": _TECH,
    "agenda.update": _TECH,
    "agenda.remove": _TECH,
    "agenda.activate": _PRESIDIUM,
    "agenda.complete": _PRESIDIUM,
    "present.page": _PRESIDIUM,
    "present.stop": _PRESIDIUM,
    "speak.request": frozenset({DELEGATE}),
    # the requester's own request only (checked in decide); the chair any
    "speak.withdraw": frozenset({DELEGATE, CHAIR}),
    "speak.reorder": _PRESIDIUM,
    "speak.grant": _CHAIR,
    "speak.end": _CHAIR,
    "speak.extend": _CHAIR,
    "vote.create": _PRESIDIUM,
    "vote.open": _CHAIR,
    "vote.close": _CHAIR,
    "vote.cancel": _CHAIR,
    # an addition: the secretary enters a show of hands' counts, the chair may too
    "vote.count_hands": _PRESIDIUM,
    # checked in and a delegate of the meeting (decide); one ballot per delegate
    "vote.cast": frozenset({DELEGATE}),
    # sealed votes (docs/sealed.md): a committee member's own seat device (decide) deals, checks
    # and decrypts; the chair or the secretary finishes a ceremony some members missed
    "vote.cast_sealed": frozenset({DELEGATE}),
    "vote.key_deal": frozenset({DELEGATE}),
    "vote.key_check": frozenset({DELEGATE}),
    "vote.key_finish": _PRESIDIUM,
    "vote.decrypt": frozenset({DELEGATE}),
    "message.send": frozenset({CHAIR, SECRETARY, TECHNICIAN}),
    "meeting.create": _TECH,
    "meeting.update": _TECH,
    "meeting.purge": _TECH,
    "delegate.add": _TECH,
    "delegate.update": _TECH,
    "delegate.remove": _TECH,
    "seat.add": _TECH,
    "seat.update": _TECH,
    "seat.remove": _TECH,
    "document.add": _TECH,
    "document.update": _TECH,
    "document.share": _TECH,
    "document.remove": _TECH,
    "device.enroll": _TECH,
    "device.revoke": _TECH,
    "device.cancel_enrollment": _TECH,
}

assert all(DISPLAY not in roles for roles in PERMISSIONS.values())


def allowed(role: str, command: str) -> bool:
    return role in PERMISSIONS.get(command, frozenset())
