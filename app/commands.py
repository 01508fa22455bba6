"""The one command pipeline: look up, authorize, validate the arguments, decide."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

import msgspec

from app.errors import DomainError
from app.events import NewEvent
from app.model import ROLE_LABELS, Actor
from app.permissions import allowed

S = TypeVar("S")


@dataclass(frozen=True, slots=True)
class CommandSpec(Generic[S]):
    """A command: its argument schema (a frozen msgspec Struct) and its pure decide function."""

    name: str
    args_type: type[Any]
    decide: Callable[[S, Actor, Any, datetime], list[NewEvent]]


def parse_args(args_type: type[Any], args: Mapping[str, Any]) -> Any:
    try:
        return msgspec.convert(dict(args), args_type, strict=True)
    except msgspec.ValidationError as exc:
        raise DomainError(
            "bad_request", f"Tham số của lệnh không hợp lệ: {exc}", {"reason": str(exc)}
        ) from None


def run(
    specs: Mapping[str, CommandSpec[S]],
    state: S,
    actor: Actor,
    name: str,
    args: Mapping[str, Any],
    now: datetime,
) -> list[NewEvent]:
    spec = specs.get(name)
    if spec is None:
        raise DomainError("bad_request", f"Lệnh «{name}» không được hỗ trợ ở đây.", {"name": name})
    if not allowed(actor.role, name):
        label = ROLE_LABELS.get(actor.role, actor.role)
        raise DomainError("forbidden", f"Vai trò {label} không được thực hiện lệnh này.", {"name": name})
    return spec.decide(state, actor, parse_args(spec.args_type, args), now)


class Args(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Base of every command's arguments: unknown fields are refused."""


def fields_set(args: Args) -> dict[str, Any]:
    """The fields a partial update actually carries (msgspec.UNSET ones left out)."""
    return {
        key: value for key in args.__struct_fields__ if (value := getattr(args, key)) is not msgspec.UNSET
    }
