"""The Party organisation tree: the committee, its branches and their groups (党委 / 党支部 / 党小组).

Nodes are named, led, moved in order and archived — never deleted — with the
rules :func:`save_org` and :func:`set_org_archived` state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import false, func, select
from sqlalchemy.orm import Session

from i18n import _, ngettext
from models.core.errors import LinliError, NotFound, ValidationFailed
from models.party.entities import PartyMember, PartyOrg
from models.residents.entities import Resident
from models.safety.security import require

# --- the organisation tree ------------------------------------------------------


@dataclass
class OrgNode:
    """A node of the tree as the UI shows it."""

    id: int
    kind: str
    name: str
    parent_id: int | None
    leader_resident_id: int | None
    leader: str  # the leader's name (from the registry, or as typed)
    members: int
    children: list[OrgNode] = field(default_factory=list)
    archived: bool = False


_CHILD_KIND = {None: "committee", "committee": "branch", "branch": "group"}


def save_org(
    session: Session,
    *,
    name: str,
    parent_id: int | None = None,
    org_id: int | None = None,
    leader_resident_id: int | None = None,
    leader_name: str = "",
) -> PartyOrg:
    """Add or rename a node; the kind follows from the parent (committee → branch → group).

    Raises:
        ValidationFailed: no name, a name too long or taken under the same parent,
            a group under a group, a leader who is not in the registry.
    """
    require("party.write")
    errors: dict[str, str] = {}
    clean = " ".join((name or "").split())
    org = session.get(PartyOrg, org_id) if org_id is not None else None
    if org_id is not None and org is None:
        raise NotFound(_("No organisation with number {id}.").format(id=org_id))
    if org is not None:
        parent_id = org.parent_id
    parent = session.get(PartyOrg, parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        raise NotFound(_("No organisation with number {id}.").format(id=parent_id))
    parent_kind = parent.kind if parent is not None else None
    kind = org.kind if org is not None else _CHILD_KIND.get(parent_kind)
    if kind is None:
        errors["parent"] = _("A Party group has no sub-organisations.")
    if not clean:
        errors["name"] = _("Enter the name.")
    elif len(clean) > 80:
        errors["name"] = _("At most {max} characters.").format(max=80)
    else:
        same = select(PartyOrg.id).where(
            PartyOrg.name == clean,
            PartyOrg.parent_id.is_(None) if parent_id is None else PartyOrg.parent_id == parent_id,
        )
        if org_id is not None:
            same = same.where(PartyOrg.id != org_id)
        if session.scalar(same) is not None:
            errors["name"] = _("“{name}” already exists here.").format(name=clean)
    if leader_resident_id is not None and session.get(Resident, leader_resident_id) is None:
        errors["leader"] = _("No resident with number {id}.").format(id=leader_resident_id)
    leader_clean = " ".join((leader_name or "").split())
    if len(leader_clean) > 50:
        errors["leader"] = _("At most {max} characters.").format(max=50)
    if errors:
        raise ValidationFailed(errors)
    if org is None:
        position = session.scalar(
            select(func.count()).select_from(PartyOrg).where(
                PartyOrg.parent_id.is_(None) if parent_id is None else PartyOrg.parent_id == parent_id
            )
        )
        org = PartyOrg(kind=kind, parent=parent, position=position or 0)
        session.add(org)
    org.name = clean
    org.leader_resident_id = leader_resident_id
    org.leader_name = "" if leader_resident_id is not None else leader_clean
    session.flush()
    return org


def set_org_archived(session: Session, org_id: int, archived: bool) -> PartyOrg:
    """Archive (or restore) a node; nothing is deleted.

    Raises:
        LinliError: archiving a node that active members or sub-organisations
            still belong to; restoring a node whose parent is archived.
    """
    require("party.write")
    org = session.get(PartyOrg, org_id)
    if org is None:
        raise NotFound(_("No organisation with number {id}.").format(id=org_id))
    if not archived and org.parent is not None and org.parent.archived:
        raise LinliError(
            _("“{parent}” is archived: restore it before “{name}”.").format(parent=org.parent.name, name=org.name)
        )
    if archived:
        live = [c.name for c in org.children if not c.archived]
        if live:
            raise LinliError(
                _("“{name}” still has sub-organisations ({names}): archive them first.").format(
                    name=org.name, names="、".join(live)
                )
            )
        count = session.scalar(
            select(func.count()).select_from(PartyMember).where(
                PartyMember.status == "active",
                (PartyMember.branch_id == org_id) | (PartyMember.group_id == org_id),
            )
        )
        if count:
            raise LinliError(
                ngettext(
                    "“{name}” still has {count} active member; move them first.",
                    "“{name}” still has {count} active members; move them first.",
                    count,
                ).format(name=org.name, count=count)
            )
    org.archived = archived
    session.flush()
    return org


def org_tree(session: Session, *, include_archived: bool = False) -> list[OrgNode]:
    """The whole tree (roots are committees), with each node's active member count."""
    require("party.read")
    stmt = (
        select(PartyOrg, Resident.name)
        .outerjoin(Resident, Resident.id == PartyOrg.leader_resident_id)
        .order_by(PartyOrg.position, PartyOrg.id)
    )
    if not include_archived:
        stmt = stmt.where(PartyOrg.archived == false())
    active = PartyMember.status == "active"
    by_branch = dict(
        session.execute(select(PartyMember.branch_id, func.count()).where(active).group_by(PartyMember.branch_id)).all()
    )
    by_group = dict(
        session.execute(
            select(PartyMember.group_id, func.count())
            .where(active, PartyMember.group_id.is_not(None))
            .group_by(PartyMember.group_id)
        ).all()
    )
    nodes: dict[int, OrgNode] = {}
    order: list[OrgNode] = []
    for org, leader in session.execute(stmt):
        node = OrgNode(
            id=org.id,
            kind=org.kind,
            name=org.name,
            parent_id=org.parent_id,
            leader_resident_id=org.leader_resident_id,
            leader=leader or org.leader_name,
            members=by_branch.get(org.id, 0) if org.kind == "branch" else by_group.get(org.id, 0),
            archived=org.archived,
        )
        nodes[org.id] = node
        order.append(node)
    roots: list[OrgNode] = []
    for node in order:
        parent = nodes.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)
    for root in roots:
        if root.kind == "committee":
            root.members = sum(c.members for c in root.children)
    return roots


def branches(session: Session) -> list[tuple[int, str]]:
    """(id, name) of every active branch, in tree order."""
    stmt = (
        select(PartyOrg.id, PartyOrg.name)
        .where(PartyOrg.kind == "branch", PartyOrg.archived == false())
        .order_by(PartyOrg.position, PartyOrg.id)
    )
    return [(r.id, r.name) for r in session.execute(stmt)]


def groups_of(session: Session, branch_id: int) -> list[tuple[int, str]]:
    stmt = (
        select(PartyOrg.id, PartyOrg.name)
        .where(PartyOrg.parent_id == branch_id, PartyOrg.kind == "group", PartyOrg.archived == false())
        .order_by(PartyOrg.position, PartyOrg.id)
    )
    return [(r.id, r.name) for r in session.execute(stmt)]


# --- members ----------------------------------------------------------------------
