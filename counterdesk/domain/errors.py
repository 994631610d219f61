"""Errors a user can act on. Each carries a Vietnamese message shown as is."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the user can act on; ``str(err)`` is the Vietnamese message."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class InvalidInput(DomainError):
    """Bad input: nothing was changed."""


class NotFound(DomainError):
    """The thing asked for does not exist."""


class Conflict(DomainError):
    """The request clashes with the current state (an illegal transition, a duplicate)."""


class PermissionDenied(DomainError):
    """The user's role does not allow this."""


class StoreError(DomainError):
    """The database file is missing, corrupt or cannot be opened."""
