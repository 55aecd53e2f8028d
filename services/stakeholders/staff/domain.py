"""The StaffAccount aggregate, its events and its rules. Pure Python, no I/O.

The events are the contract of shared/access/projection.py: every service keeps its
copy of staff members from them. Passwords never enter an event; tokens only as a hash.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, ClassVar

from shared.access.roles import OFFICES, ROLES
from shared.eventstore import Aggregate, Correction, DomainError, DomainEvent, EventRegistry


def N_(message: str) -> str:
    """Marks a message for translation; the web layer translates it when shown."""
    return message


STREAM_TYPE = "staff_account"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PASSWORD_REASONS = ("initial", "changed", "reset")
DETAIL_FIELDS = ("email", "name", "office")
# Every other service keeps its copy of staff members (shared/access/projection.py): the
# e-mail and name to sign them in and show who did what, the token hash to check API
# tokens locally (it cannot be reversed; the token itself never leaves the browser).
STAFF_READERS = ("activities", "missions", "reporting")


@dataclass(frozen=True)
class AccountOpened(DomainEvent):
    type: ClassVar[str] = "staff_account.opened"
    personal_data: ClassVar[tuple[str, ...]] = ("email", "name")
    published_personal: ClassVar[dict] = {"email": STAFF_READERS, "name": STAFF_READERS}
    email: str = ""
    name: str = ""
    office: str | None = None
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class DetailsChanged(Correction):
    """Only the fields named in `changed` are carried."""
    type: ClassVar[str] = "staff_account.details_changed"
    personal_data: ClassVar[tuple[str, ...]] = ("email", "name")
    published_personal: ClassVar[dict] = {"email": STAFF_READERS, "name": STAFF_READERS}
    email: str | None = None
    name: str | None = None
    office: str | None = None


@dataclass(frozen=True)
class RoleGranted(DomainEvent):
    type: ClassVar[str] = "staff_account.role_granted"
    role: str = ""


@dataclass(frozen=True)
class RoleRevoked(DomainEvent):
    type: ClassVar[str] = "staff_account.role_revoked"
    role: str = ""


@dataclass(frozen=True)
class AccountDisabled(DomainEvent):
    type: ClassVar[str] = "staff_account.disabled"
    reason: str | None = None


@dataclass(frozen=True)
class AccountEnabled(DomainEvent):
    type: ClassVar[str] = "staff_account.enabled"


@dataclass(frozen=True)
class PasswordSet(DomainEvent):
    """That a password was set, and why; the hash itself lives in staff_credentials."""
    type: ClassVar[str] = "staff_account.password_set"
    reason: str = "initial"
    temporary: bool = False   # set by an admin: to be replaced at the next sign-in


@dataclass(frozen=True)
class TokenCreated(DomainEvent):
    type: ClassVar[str] = "staff_account.token_created"
    published_personal: ClassVar[dict] = {"token_hash": STAFF_READERS}
    token_id: str = ""
    name: str = ""
    token_hash: str = ""
    expires_at: str | None = None  # ISO 8601 instant; None: until revoked


@dataclass(frozen=True)
class TokenRevoked(DomainEvent):
    type: ClassVar[str] = "staff_account.token_revoked"
    token_id: str = ""


@dataclass(frozen=True)
class SignedOut(DomainEvent):
    """One session ended: a copy of its cookie is refused in every service."""
    type: ClassVar[str] = "staff_account.signed_out"
    session_id: str = ""


@dataclass(frozen=True)
class SignedOutEverywhere(DomainEvent):
    """Every session of the account started before this event is over, in every service."""
    type: ClassVar[str] = "staff_account.signed_out_everywhere"


registry = EventRegistry(AccountOpened, DetailsChanged, RoleGranted, RoleRevoked,
                         AccountDisabled, AccountEnabled, PasswordSet, TokenCreated,
                         TokenRevoked, SignedOut, SignedOutEverywhere)


@dataclass
class Token:
    id: str
    name: str
    revoked: bool = False


class StaffAccount(Aggregate):
    stream_type = STREAM_TYPE

    def __init__(self, id: str):
        super().__init__(id)
        self.email = ""
        self.name = ""
        self.office: str | None = None
        self.roles: set[str] = set()
        self.disabled = False
        self.has_password = False
        self.temporary_password = False
        self.tokens: dict[str, Token] = {}

    # -- commands ------------------------------------------------------------------

    @classmethod
    def open(cls, id: str, *, email: str, name: str, office: str,
             roles: tuple[str, ...] | list[str] = ()) -> "StaffAccount":
        email, name = _email(email), _name(name)
        _office(office)
        roles = tuple(dict.fromkeys(roles or ()))
        if not roles:
            raise DomainError(N_("Choose at least one role."), "roles")
        for role in roles:
            _role(role, "roles")
        account = cls(id)
        account.record(AccountOpened(email=email, name=name, office=office, roles=roles))
        return account

    def change_details(self, changes: dict[str, Any]) -> None:
        unknown = set(changes) - set(DETAIL_FIELDS)
        if unknown:
            raise DomainError(N_("Unknown field."), sorted(unknown)[0])
        clean = {}
        if "email" in changes:
            clean["email"] = _email(changes["email"])
        if "name" in changes:
            clean["name"] = _name(changes["name"])
        if "office" in changes:
            _office(changes["office"])
            clean["office"] = changes["office"]
        diff = {k: v for k, v in clean.items() if getattr(self, k) != v}
        if not diff:
            raise DomainError(N_("Nothing changed."))
        self.record(DetailsChanged(changed=tuple(k for k in DETAIL_FIELDS if k in diff), **diff))

    def grant_role(self, role: str) -> None:
        _role(role, "role")
        if role in self.roles:
            raise DomainError(N_("This role is already granted."), "role")
        self.record(RoleGranted(role=role))

    def revoke_role(self, role: str, *, by: str | None = None) -> None:
        _role(role, "role")
        if role not in self.roles:
            raise DomainError(N_("This role is not granted."), "role")
        if role == "admin" and by == self.id:
            raise DomainError(N_("You cannot revoke your own admin role."), "role")
        self.record(RoleRevoked(role=role))

    def disable(self, reason: str | None = None, *, by: str | None = None) -> None:
        if self.disabled:
            raise DomainError(N_("This account is already disabled."))
        if by == self.id:
            raise DomainError(N_("You cannot disable your own account."))
        reason = " ".join((reason or "").split()) or None
        if reason and len(reason) > 500:
            raise DomainError(N_("Must be 500 characters or fewer."), "reason")
        self.record(AccountDisabled(reason=reason))

    def enable(self) -> None:
        if not self.disabled:
            raise DomainError(N_("This account is not disabled."))
        self.record(AccountEnabled())

    def password_set(self, reason: str, *, temporary: bool = False) -> None:
        """Records that a password was set; the caller stores its hash in the same transaction."""
        if reason not in PASSWORD_REASONS:
            raise ValueError(reason)
        self.record(PasswordSet(reason=reason, temporary=temporary))

    def sign_out(self, session_id: str) -> None:
        if not session_id or len(session_id) > 64:
            raise DomainError(N_("Unknown session."))
        self.record(SignedOut(session_id=session_id))

    def sign_out_everywhere(self) -> None:
        self.record(SignedOutEverywhere())

    def create_token(self, token_id: str, name: str, token_hash: str,
                     expires_at: str | None = None) -> None:
        name = " ".join((name or "").split())
        if not name:
            raise DomainError(N_("A name is required."), "name")
        if len(name) > 100:
            raise DomainError(N_("Must be 100 characters or fewer."), "name")
        if self.disabled:
            raise DomainError(N_("A disabled account cannot create tokens."))
        if any(t.name == name and not t.revoked for t in self.tokens.values()):
            raise DomainError(N_("You already have a token with this name."), "name")
        self.record(TokenCreated(token_id=token_id, name=name, token_hash=token_hash,
                                 expires_at=expires_at))

    def revoke_token(self, token_id: str) -> None:
        token = self.tokens.get(token_id)
        if token is None:
            raise DomainError(N_("Unknown token."), "token_id")
        if token.revoked:
            raise DomainError(N_("This token is already revoked."), "token_id")
        self.record(TokenRevoked(token_id=token_id))

    # -- state -----------------------------------------------------------------------

    def apply(self, event: DomainEvent) -> None:
        if isinstance(event, AccountOpened):
            self.email, self.name, self.office = event.email, event.name, event.office
            self.roles = set(event.roles)
        elif isinstance(event, DetailsChanged):
            for name, value in event.changes().items():
                setattr(self, name, value)
        elif isinstance(event, RoleGranted):
            self.roles.add(event.role)
        elif isinstance(event, RoleRevoked):
            self.roles.discard(event.role)
        elif isinstance(event, AccountDisabled):
            self.disabled = True
        elif isinstance(event, AccountEnabled):
            self.disabled = False
        elif isinstance(event, PasswordSet):
            self.has_password = True
            self.temporary_password = event.temporary
        elif isinstance(event, (SignedOut, SignedOutEverywhere)):
            pass  # sessions are checked from the access tables, not the aggregate
        elif isinstance(event, TokenCreated):
            self.tokens[event.token_id] = Token(event.token_id, event.name)
        elif isinstance(event, TokenRevoked):
            if event.token_id in self.tokens:
                self.tokens[event.token_id].revoked = True
        else:
            raise TypeError(type(event).__name__)


def normal_email(email: str | None) -> str:
    return (email or "").strip().lower()


def _email(email: str | None) -> str:
    email = normal_email(email)
    if not email:
        raise DomainError(N_("An email address is required."), "email")
    if len(email) > 254 or not EMAIL.match(email):
        raise DomainError(N_("Not a valid email address."), "email")
    return email


def _name(name: str | None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(N_("A name is required."), "name")
    if len(name) > 200:
        raise DomainError(N_("Must be 200 characters or fewer."), "name")
    return name


def _office(office: str | None) -> None:
    if office not in OFFICES:
        raise DomainError(N_("Choose Marseille, Agadir, Taliouine or Tiznit."), "office")


def _role(role: str | None, field: str) -> None:
    if role not in ROLES:
        raise DomainError(N_("Unknown role."), field)
