"""Access control: viewers and roles, user accounts, publication settings, the audit log and the viewer-aware reads."""

from ingest.access.audit import cli_actor, load_audit, save_audit
from ingest.access.publication import (
    load_publication_stamp,
    load_publications,
    load_published,
    save_publication,
    save_republication,
)
from ingest.access.users import (
    LockoutPolicy,
    add_user,
    count_users,
    disable_user,
    list_users,
    set_password,
    sign_in,
    viewer_for_identity,
    viewer_for_user,
)
from ingest.access.viewer import EVALUATOR_VIEWER, PUBLIC_VIEWER, Viewer

__all__ = [
    "EVALUATOR_VIEWER",
    "PUBLIC_VIEWER",
    "LockoutPolicy",
    "Viewer",
    "add_user",
    "cli_actor",
    "count_users",
    "disable_user",
    "list_users",
    "load_audit",
    "load_publication_stamp",
    "load_publications",
    "load_published",
    "save_audit",
    "save_publication",
    "save_republication",
    "set_password",
    "sign_in",
    "viewer_for_identity",
    "viewer_for_user",
]
