"""The subsidy policy as data: :class:`~models.meals.entities.SubsidyPolicy`
versions with an effective period, each with age-band and household-category
rules; the example policy created on first use (flagged to be replaced by the
local one); listing, validating, saving and withdrawing versions.

The computation of a meal's subsidy from a policy is in :mod:`models.meals.subsidy`.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from sqlalchemy import false, select
from sqlalchemy.orm import Session

from i18n import _, format_date, format_money
from models.core.errors import NotFound, ValidationFailed
from models.meals.entities import SubsidyPolicy, SubsidyRule
from models.meals.vocabulary import (
    CATEGORIES,
    COMBINE_MODES,
    MAX_PRICE_FEN,
    MEAL_KINDS,
    category_label,
)
from models.safety.security import require

log = logging.getLogger("models.meals")



@dataclass(frozen=True)
class RuleData:
    """A rule as plain data (what the computation and the editor use)."""

    kind: str  # "age" | "category"
    amount_fen: int
    min_age: int | None = None
    max_age: int | None = None
    category: str | None = None
    meal_kind: str | None = None

    def applies_to(self, meal_kind: str) -> bool:
        return self.meal_kind is None or self.meal_kind == meal_kind

    @property
    def band(self) -> str:
        """``70-79``, ``90+``."""
        if self.max_age is None:
            return f"{self.min_age}+"
        return f"{self.min_age}-{self.max_age}"


@dataclass
class PolicyData:
    """A policy version as plain data."""

    id: int | None
    name: str
    effective_from: dt.date | None
    effective_to: dt.date | None = None
    combine: str = "add"
    example: bool = False
    notes: str = ""
    rules: list[RuleData] = field(default_factory=list)

    def in_force(self, day: dt.date) -> bool:
        return (
            self.effective_from is not None
            and self.effective_from <= day
            and (self.effective_to is None or day <= self.effective_to)
        )


def _policy_data(p: SubsidyPolicy) -> PolicyData:
    return PolicyData(
        id=p.id,
        name=p.name,
        effective_from=p.effective_from,
        effective_to=p.effective_to,
        combine=p.combine,
        example=p.example,
        notes=p.notes,
        rules=[
            RuleData(r.kind, r.amount_fen, r.min_age, r.max_age, r.category, r.meal_kind) for r in p.rules
        ],
    )


#: The example policy shipped with Linli (per lunch): 60–69 ¥1, 70–79 ¥2,
#: 80–89 ¥3, 90+ ¥5, plus ¥2 for 低保, 特困, disabled or 优抚, ¥1 living alone.
DEFAULT_RULES: tuple[RuleData, ...] = (
    RuleData("age", 100, 60, 69, meal_kind="lunch"),
    RuleData("age", 200, 70, 79, meal_kind="lunch"),
    RuleData("age", 300, 80, 89, meal_kind="lunch"),
    RuleData("age", 500, 90, None, meal_kind="lunch"),
    RuleData("category", 200, category="minimum_allowance", meal_kind="lunch"),
    RuleData("category", 200, category="extreme_poverty", meal_kind="lunch"),
    RuleData("category", 200, category="disabled", meal_kind="lunch"),
    RuleData("category", 100, category="lives_alone", meal_kind="lunch"),
    RuleData("category", 200, category="entitled_group", meal_kind="lunch"),
)
DEFAULT_POLICY_START = dt.date(2020, 1, 1)


def ensure_default_policy(session: Session) -> SubsidyPolicy | None:
    """Create the example policy when the database has none at all (first use).

    Returns the new policy, or None when a policy already exists.
    """
    if session.scalar(select(SubsidyPolicy.id).limit(1)) is not None:
        return None
    policy = SubsidyPolicy(
        name=_("Example policy (replace with the local one)"),
        effective_from=DEFAULT_POLICY_START,
        effective_to=None,
        combine="add",
        example=True,
        notes=_(
            "Shipped with Linli as an example. Enter the subsidy policy of your city or district "
            "and its effective dates before reconciling with the civil-affairs office."
        ),
    )
    for i, r in enumerate(DEFAULT_RULES):
        policy.rules.append(
            SubsidyRule(
                position=i,
                kind=r.kind,
                min_age=r.min_age,
                max_age=r.max_age,
                category=r.category,
                meal_kind=r.meal_kind,
                amount_fen=r.amount_fen,
            )
        )
    session.add(policy)
    session.flush()
    log.info("example subsidy policy created (id %s)", policy.id)
    return policy


def list_policies(session: Session, *, include_archived: bool = False) -> list[PolicyData]:
    stmt = select(SubsidyPolicy).order_by(SubsidyPolicy.effective_from.desc(), SubsidyPolicy.id.desc())
    if not include_archived:
        stmt = stmt.where(SubsidyPolicy.archived == false())
    return [_policy_data(p) for p in session.scalars(stmt)]


def get_policy(session: Session, policy_id: int) -> PolicyData:
    p = session.get(SubsidyPolicy, policy_id)
    if p is None:
        raise NotFound(_("No subsidy policy with number {id}.").format(id=policy_id))
    return _policy_data(p)


def policy_in_force(session: Session, day: dt.date) -> PolicyData | None:
    """The (non-archived) policy in force on ``day``, or None."""
    p = session.scalars(
        select(SubsidyPolicy)
        .where(
            SubsidyPolicy.archived == false(),
            SubsidyPolicy.effective_from <= day,
            (SubsidyPolicy.effective_to.is_(None)) | (SubsidyPolicy.effective_to >= day),
        )
        .order_by(SubsidyPolicy.effective_from.desc(), SubsidyPolicy.id.desc())
        .limit(1)
    ).first()
    return _policy_data(p) if p is not None else None


def example_policy_in_use(session: Session, day: dt.date) -> bool:
    """Whether the policy in force on ``day`` is still the shipped example."""
    p = policy_in_force(session, day)
    return p is not None and p.example


def validate_policy(session: Session, data: PolicyData) -> None:
    """Check a policy version before it is stored.

    Raises:
        ValidationFailed: ``name``, ``effective_from``, ``effective_to``,
            ``combine`` or ``rules`` → message.
    """
    errors: dict[str, str] = {}
    if not (data.name or "").strip():
        errors["name"] = _("Enter a name for the policy, e.g. the document number.")
    elif len(data.name.strip()) > 80:
        errors["name"] = _("At most {max} characters.").format(max=80)
    if data.effective_from is None:
        errors["effective_from"] = _("Enter the date the policy takes effect.")
    elif data.effective_to is not None and data.effective_to < data.effective_from:
        errors["effective_to"] = _("The policy cannot end before it starts.")
    if data.combine not in COMBINE_MODES:
        errors["combine"] = _("Choose how category amounts combine with the age amount.")
    problems: list[str] = []
    for i, r in enumerate(data.rules, start=1):
        if r.meal_kind is not None and r.meal_kind not in MEAL_KINDS:
            problems.append(_("Rule {n}: unknown meal.").format(n=i))
        if not 0 <= r.amount_fen <= MAX_PRICE_FEN:
            problems.append(_("Rule {n}: the amount must be between ¥0 and {max}.").format(n=i, max=format_money(MAX_PRICE_FEN)))
        if r.kind == "age":
            if r.min_age is None or not 0 <= r.min_age <= 150:
                problems.append(_("Rule {n}: enter the lowest age of the band.").format(n=i))
            elif r.max_age is not None and r.max_age < r.min_age:
                problems.append(_("Rule {n}: the band ends before it starts.").format(n=i))
        elif r.kind == "category":
            if r.category not in CATEGORIES:
                problems.append(_("Rule {n}: choose a household category.").format(n=i))
        else:
            problems.append(_("Rule {n}: a rule is an age band or a category.").format(n=i))
    if not problems:
        ages = [r for r in data.rules if r.kind == "age"]
        for a_index, a in enumerate(ages):
            for b in ages[a_index + 1 :]:
                same_meal = a.meal_kind is None or b.meal_kind is None or a.meal_kind == b.meal_kind
                a_hi = a.max_age if a.max_age is not None else 10**6
                b_hi = b.max_age if b.max_age is not None else 10**6
                if same_meal and a.min_age <= b_hi and b.min_age <= a_hi:  # type: ignore[operator]
                    problems.append(_("The age bands {a} and {b} overlap.").format(a=a.band, b=b.band))
        cats = [(r.category, r.meal_kind) for r in data.rules if r.kind == "category"]
        for c, mk in set(cats):
            if cats.count((c, mk)) > 1:
                problems.append(_("The category {category} appears twice.").format(category=category_label(c or "")))
        if not ages:
            problems.append(_("Add at least one age band."))
    if problems:
        errors["rules"] = "\n".join(problems)
    if "effective_from" not in errors and "effective_to" not in errors:
        stmt = select(SubsidyPolicy).where(SubsidyPolicy.archived == false())
        if data.id is not None:
            stmt = stmt.where(SubsidyPolicy.id != data.id)
        far = dt.date.max
        for other in session.scalars(stmt):
            if data.effective_from <= (other.effective_to or far) and other.effective_from <= (data.effective_to or far):  # type: ignore[operator]
                errors["effective_from"] = _(
                    "The period overlaps “{name}” ({start} – {end}): end that policy first."
                ).format(
                    name=other.name,
                    start=format_date(other.effective_from, "medium"),
                    end=format_date(other.effective_to, "medium") if other.effective_to else _("open"),
                )
                break
    if errors:
        raise ValidationFailed(errors)


def save_policy(session: Session, data: PolicyData) -> PolicyData:
    """Create (``data.id`` None) or change a policy version and its rules.

    Saving clears the "example" flag: the administrator has made it theirs.
    Stored meals keep their subsidy until the month is recomputed.
    """
    require("meals.policy")
    validate_policy(session, data)
    if data.id is None:
        policy = SubsidyPolicy()
        session.add(policy)
    else:
        policy = session.get(SubsidyPolicy, data.id)
        if policy is None:
            raise NotFound(_("No subsidy policy with number {id}.").format(id=data.id))
    policy.name = data.name.strip()
    policy.effective_from = data.effective_from  # type: ignore[assignment]
    policy.effective_to = data.effective_to
    policy.combine = data.combine
    policy.notes = (data.notes or "").strip()
    policy.example = False
    policy.rules.clear()
    session.flush()
    for i, r in enumerate(data.rules):
        policy.rules.append(
            SubsidyRule(
                position=i,
                kind=r.kind,
                min_age=r.min_age if r.kind == "age" else None,
                max_age=r.max_age if r.kind == "age" else None,
                category=r.category if r.kind == "category" else None,
                meal_kind=r.meal_kind,
                amount_fen=r.amount_fen,
            )
        )
    session.flush()
    return _policy_data(policy)


def archive_policy(session: Session, policy_id: int) -> None:
    """Withdraw a policy version (meals computed with it keep their subsidy)."""
    require("meals.policy")
    policy = session.get(SubsidyPolicy, policy_id)
    if policy is None:
        raise NotFound(_("No subsidy policy with number {id}.").format(id=policy_id))
    policy.archived = True
    session.flush()
