"""The counting committee creates the vote's key together (Pedersen's joint-Feldman scheme,
docs/sealed.md): each member deals shares of a random polynomial; the key is the sum of the
qualified dealers' constant terms, which no member, and not the room, ever holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from app.doccrypto import open_sealed, seal_for
from app.errors import DomainError
from app.tally.group import (
    IDENTITY,
    ORDER,
    TallyError,
    add,
    b64,
    base_mul,
    mul,
    point_from_b64,
    random_scalar,
    s_add,
    scalar,
    scalar_from_b64,
    scalar_int,
)
from app.tally.proofs import prove_pok, verify_pok

if TYPE_CHECKING:
    from app.keys import DeviceKeys

SHARE_CONTEXT: Final = "phonghop/v1/sealed/share|"
SEALED_SHARE_MAX: Final = 512  # characters of a sealed 32-byte share, with room to spare


def threshold(m: int) -> int:
    """A majority of the committee must come together to count."""
    return m // 2 + 1


def _share_context(vote_id: str, dealer: str, member: str) -> bytes:
    return f"{SHARE_CONTEXT}{vote_id}|{dealer}|{member}".encode()


def _evaluate(coefficients: Sequence[int], x: int) -> int:
    value = 0
    for coefficient in reversed(coefficients):
        value = (value * x + coefficient) % ORDER
    return value


def make_deal(vote_id: str, dealer: str, members: Sequence[tuple[str, bytes]], t: int) -> dict[str, Any]:
    """members: (delegate id, device X25519 public key) in committee order; index = position + 1."""
    coefficients = [scalar_int(random_scalar()) for _ in range(t)]
    commitments = [base_mul(scalar(a)) for a in coefficients]
    pok = prove_pok([vote_id, dealer], scalar(coefficients[0]), commitments[0])
    shares = {
        member: seal_for(kex_pub, scalar(_evaluate(coefficients, index)), _share_context(vote_id, dealer, member))
        for index, (member, kex_pub) in enumerate(members, start=1)
    }
    return {"commitments": [b64(c) for c in commitments], "pok": [b64(x) for x in pok], "shares": shares}


def commitments_of(deal: Mapping[str, Any], t: int) -> list[bytes]:
    items = deal.get("commitments")
    if not isinstance(items, list) or len(items) != t:
        raise TallyError(f"Phần chia khóa phải có đúng {t} cam kết.", {"reason": "shape", "field": "commitments"})
    return [point_from_b64(c, "commitments") for c in items]


def check_deal(vote_id: str, dealer: str, members: Sequence[str], t: int, deal: Mapping[str, Any]) -> None:
    """The public part of a deal: its commitments, the proof that the dealer knows its secret
    (no key chosen to cancel the others'), and one sealed share for each member."""
    commitments = commitments_of(deal, t)
    pok = deal.get("pok")
    if not isinstance(pok, list) or len(pok) != 2:
        raise TallyError("Bằng chứng của phần chia khóa không đúng định dạng.", {"reason": "shape", "field": "pok"})
    if not verify_pok([vote_id, dealer], commitments[0], [scalar_from_b64(x, "pok") for x in pok]):
        raise TallyError("Bằng chứng của phần chia khóa không đúng.", {"reason": "proof", "field": "pok"})
    shares = deal.get("shares")
    if not isinstance(shares, Mapping) or set(shares) != set(members):
        raise TallyError("Phần chia khóa phải có đúng một phần cho mỗi thành viên Ban kiểm phiếu.",
                         {"reason": "shape", "field": "shares"})
    if not all(isinstance(v, str) and 0 < len(v) <= SEALED_SHARE_MAX for v in shares.values()):
        raise TallyError("Phần chia khóa không đúng định dạng.", {"reason": "shape", "field": "shares"})


def open_share(device: DeviceKeys, vote_id: str, dealer: str, member: str, sealed: str) -> bytes:
    try:
        raw = open_sealed(device, sealed, _share_context(vote_id, dealer, member))
    except DomainError as exc:
        raise TallyError("Không mở được phần khóa gửi cho thiết bị này.", {"reason": "share", "dealer": dealer}) from exc
    if len(raw) != 32 or scalar_int(raw) >= ORDER:
        raise TallyError("Phần khóa gửi cho thiết bị này không hợp lệ.", {"reason": "share", "dealer": dealer})
    return raw


def _poly_at(commitments: Sequence[bytes], index: int) -> bytes:
    total = IDENTITY
    for k, commitment in enumerate(commitments):
        total = add(total, mul(scalar(index**k), commitment))
    return total


def share_ok(commitments: Sequence[bytes], index: int, share: bytes) -> bool:
    return base_mul(share) == _poly_at(commitments, index)


def ready_data(
    vote_id: str,
    members: Sequence[str],
    t: int,
    deals: Mapping[str, Mapping[str, Any]],
    qualified: Sequence[str],
    holders: Sequence[str],
) -> dict[str, Any]:
    """The vote's public key and each member's verification key, from the qualified deals alone."""
    joint = [IDENTITY] * t
    for dealer in qualified:
        for k, commitment in enumerate(commitments_of(deals[dealer], t)):
            joint[k] = add(joint[k], commitment)
    keys = {member: b64(_poly_at(joint, index)) for index, member in enumerate(members, start=1)}
    return {
        "vote_id": vote_id,
        "threshold": t,
        "qualified": list(qualified),
        "public_key": b64(joint[0]),
        "verification_keys": keys,
        "holders": list(holders),
    }


def secret_share(opened: Mapping[str, bytes], qualified: Sequence[str]) -> bytes:
    """The member's share of the key: the sum of what every qualified dealer gave it."""
    total = bytes(32)
    for dealer in qualified:
        total = s_add(total, opened[dealer])
    return total
