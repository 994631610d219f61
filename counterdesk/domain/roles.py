"""Roles and what each may do; services check these, the UI only mirrors them."""

from __future__ import annotations

from dataclasses import dataclass

from counterdesk.domain.errors import PermissionDenied

CLERK, SUPERVISOR, ADMIN, DEVICE, SYSTEM = "clerk", "supervisor", "admin", "device", "system"
ROLE_NAMES = {CLERK: "Cán bộ một cửa", SUPERVISOR: "Lãnh đạo/phụ trách", ADMIN: "Quản trị", DEVICE: "Thiết bị", SYSTEM: "Hệ thống"}

# permission → roles allowed
PERMISSIONS: dict[str, frozenset[str]] = {
    "queue.issue": frozenset({CLERK, SUPERVISOR, ADMIN, DEVICE, SYSTEM}),
    "queue.call": frozenset({CLERK, SUPERVISOR, ADMIN, SYSTEM}),
    "dossier.intake": frozenset({CLERK, SUPERVISOR, ADMIN, SYSTEM}),
    "dossier.lifecycle": frozenset({CLERK, SUPERVISOR, ADMIN, SYSTEM}),
    "dossier.apology": frozenset({SUPERVISOR, ADMIN, SYSTEM}),
    "dossier.search": frozenset({CLERK, SUPERVISOR, ADMIN, SYSTEM}),  # personal data: never a device
    "fee.collect": frozenset({CLERK, SUPERVISOR, ADMIN, SYSTEM}),
    "lookup.public": frozenset({CLERK, SUPERVISOR, ADMIN, DEVICE, SYSTEM}),
    "report.view": frozenset({SUPERVISOR, ADMIN, SYSTEM}),
    "day.close": frozenset({SUPERVISOR, SYSTEM}),
    "calendar.edit": frozenset({ADMIN, SYSTEM}),
    "settings.edit": frozenset({ADMIN, SYSTEM}),
    "catalog.edit": frozenset({ADMIN, SYSTEM}),
    "users.edit": frozenset({ADMIN, SYSTEM}),
    "sync.manage": frozenset({SUPERVISOR, ADMIN, SYSTEM}),
}

# which roles may log in to each staff mode (unattended modes run as their device account)
MODE_ROLES: dict[str, frozenset[str]] = {
    "desk": frozenset({CLERK, SUPERVISOR, ADMIN}),
    "supervisor": frozenset({SUPERVISOR, ADMIN}),
    "admin": frozenset({ADMIN}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a logged-in user, a device, or the system (CLI, background jobs)."""

    user_id: int | None
    username: str
    role: str
    counter_id: int | None = None

    def require(self, permission: str) -> None:
        if self.role not in PERMISSIONS.get(permission, frozenset()):
            raise PermissionDenied(
                f"Tài khoản '{self.username}' ({ROLE_NAMES.get(self.role, self.role)}) không có quyền thực hiện thao tác này."
            )


SYSTEM_ACTOR = Actor(user_id=None, username="system", role=SYSTEM)
