"""Named errors raised by the ingest package, all under one `IngestError` base."""

from __future__ import annotations


class IngestError(Exception):
    """Base of every error raised by `ingest`."""


class StoreError(IngestError):
    """The store cannot be opened, migrated or written as asked."""


class RegistryError(IngestError):
    """The agency registry data (central YAML or region list) is invalid; the message names the entry."""


class UnknownAgencyError(IngestError):
    """No agency matches the given code or name."""


class AmbiguousAgencyError(IngestError):
    """Several agencies match a name equally well; the caller must choose."""


class AliasError(IngestError):
    """A user alias cannot be saved as asked (empty name, or it names nothing)."""


class BackupError(IngestError):
    """The store cannot be backed up as asked (not SQLite, the target exists, or the copy failed); nothing changed."""


class UnknownFrameworkError(IngestError):
    """No built-in or stored framework has the code asked for; the message lists the known codes."""


class FrameworkChoiceError(IngestError):
    """A year has no default framework and several (or no) frameworks apply to it: the caller must choose.

    `year` and `choices` ("code (title)" of each framework covering the year) let a report say it in any language.
    """

    def __init__(self, message: str, year: int | None = None, choices: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.year = year
        self.choices = choices


class FrameworkRejectedError(IngestError):
    """A framework file is not valid; `problems` holds every located problem (sheet and cell, or YAML path)."""

    def __init__(self, message: str, problems: list) -> None:
        super().__init__(message)
        self.problems = problems


class AccessDenied(IngestError):
    """The viewer may not see or do what was asked (the message says what, never the hidden data)."""


class UserError(IngestError):
    """A user account cannot be created or changed as asked (bad e-mail, role, agency code or password)."""


class SignInError(IngestError):
    """A sign-in failed: unknown e-mail, wrong password, disabled or locked account (one message for all)."""


class SignInThrottled(SignInError):
    """Too many sign-in attempts from one address or overall in the last minute: wait, then try again."""


class RevertError(IngestError):
    """A revert names nothing stored, or nothing that is current any more."""
