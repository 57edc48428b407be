"""The user store: `(:User {userId, role, organizationOid, district, source, passwordHash})`."""

from __future__ import annotations

from dataclasses import dataclass

from api.auth.passwords import hash_password, verify_password
from api.auth.tokens import ROLES
from api.security import Principal
from graph.database import Graph
from onkopassport.errors import InputError

# A hash to verify against when the user does not exist, so that a wrong user name costs
# as much time as a wrong password and does not reveal which user names exist.
_DUMMY_HASH = hash_password("no-such-user")


@dataclass(frozen=True)
class NewUser:
    user_id: str
    role: str
    password: str
    organization_oid: str | None = None
    district: str | None = None
    source: str | None = None  # a sender's system name (its records' `source|Type|id`)

    def validate(self) -> None:
        if self.role not in ROLES:
            raise InputError(f"Неизвестная роль «{self.role}»: укажите одну из "
                             f"{', '.join(ROLES)}.")
        if self.role == "clinician" and not self.organization_oid:
            raise InputError("Врач (clinician) должен быть привязан к организации: укажите "
                             "её OID по ФРМО.")
        if self.role == "sender" and not (self.source or "").strip():
            raise InputError("Отправитель (sender) должен быть привязан к источнику: имени "
                             "системы, под которым хранятся её записи (например, "
                             "«mis-polyclinic-1»).")
        if self.role != "sender" and self.source:
            raise InputError("К источнику привязывается только отправитель (sender): другие "
                             "роли читают записи всех источников, доступных их роли.")
        if self.source and "|" in self.source:
            raise InputError("Источник не может содержать «|»: этот знак разделяет части "
                             "ключа записи источник|Тип|id.")
        if len(self.password) < 8:
            raise InputError("Пароль должен быть не короче 8 символов.")


def save_user(graph: Graph, user: NewUser) -> None:
    """Create or update a user; the password is stored only as a scrypt hash."""
    user.validate()
    graph.write("merge_user", userId=user.user_id, role=user.role,
                organizationOid=user.organization_oid, district=user.district,
                source=user.source.strip() if user.source else None,
                passwordHash=hash_password(user.password))


def authenticate(graph: Graph, user_id: str, password: str) -> Principal | None:
    """The principal of a user whose password matches, else None."""
    rows = graph.read("get_user", userId=user_id)
    stored = rows[0]["passwordHash"] if rows else _DUMMY_HASH
    if not verify_password(password, stored) or not rows:
        return None
    row = rows[0]
    return Principal(user_id=row["userId"], role=row["role"],
                     organization_oid=row["organizationOid"], district=row["district"],
                     source=row.get("source"))
