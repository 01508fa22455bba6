"""Argument field types shared by command schemas (length and shape limits)."""

from __future__ import annotations

from typing import Annotated

import msgspec

Id = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
ShortText = Annotated[str, msgspec.Meta(max_length=200)]
LongText = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
Position = Annotated[int, msgspec.Meta(ge=1, le=10_000)]
Minutes = Annotated[int, msgspec.Meta(ge=0, le=24 * 60)]
Count = Annotated[int, msgspec.Meta(ge=1, le=10_000)]
Seconds = Annotated[int, msgspec.Meta(ge=0, le=24 * 3600)]
Hex64 = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]
Date = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$")]
