"""Meal assistance (老年助餐): menus, the subsidy policy as data, the meal log, month end.

* :mod:`models.meals.entities` — the tables (menus, policy versions and rules,
  meals, diners' notes, recompute records);
* :mod:`models.meals.vocabulary` — meal kinds, modes, payments, categories,
  their labels, money, weeks and months, prices as typed;
* :mod:`models.meals.menu` — the week's menu, copying last week, the day's price;
* :mod:`models.meals.policy` — subsidy policy versions with an effective
  period, the example policy, validating and saving;
* :mod:`models.meals.subsidy` — a meal's subsidy by the policy in force on its
  date, stored with the rule that produced it; why a meal is at full price;
* :mod:`models.meals.desk` — the desk's day: logging, correcting and
  cancelling meals, "repeat yesterday";
* :mod:`models.meals.diners` — diet notes, and the elders checked in to day
  care today (offered first at lunch, from :mod:`models.daycare`);
* :mod:`models.meals.day` — the day's totals and the day's list;
* :mod:`models.meals.month_end` — the deliberate recompute of a month and the
  reconciliation for the civil-affairs office;
* :mod:`models.meals.delivery` — the delivery list;
* :mod:`models.meals.demo` — demo data (called by models/demo.py and
  models/demo_large.py; not imported here).

One subsidised portion per diner, meal and day: a second portion (quantity 2
or a second row) is charged at full price and the row says why.

Never imports Qt or reports/. See docs/meals.md.
"""

from i18n import parse_month  # noqa: F401 - imported from here by callers (a month as typed)
from models.meals.day import DayTotals, MealDayListSource, day_totals
from models.meals.delivery import DeliveryLine, delivery_list
from models.meals.desk import (
    BulkResult,
    QueueCandidate,
    add_meal,
    add_meals,
    cancel_meal,
    get_meal,
    previous_meal_day,
    repeat_candidates,
    update_meal,
)
from models.meals.diners import (
    daycare_present_ids,
    diet_notes,
    diner_search_order,
    meal_diner_name,
    set_diet_notes,
)
from models.meals.entities import (
    Meal,
    MealDiner,
    MealMenu,
    MealRecompute,
    SubsidyPolicy,
    SubsidyRule,
)
from models.meals.menu import (
    MenuEntry,
    copy_week,
    fill_from_last_week,
    menu_of_day,
    menu_price,
    save_menu,
    week_menu,
)
from models.meals.month_end import (
    DinerLine,
    GroupLine,
    RecomputeResult,
    Reconciliation,
    Sums,
    recompute_history,
    recompute_month,
    reconcile_month,
)
from models.meals.policy import (
    PolicyData,
    RuleData,
    archive_policy,
    ensure_default_policy,
    example_policy_in_use,
    get_policy,
    list_policies,
    policy_in_force,
    save_policy,
    validate_policy,
)
from models.meals.subsidy import SubsidyResult, compute_subsidy, describe_reason, describe_rule
from models.meals.vocabulary import (
    CATEGORIES,
    COMBINE_LABELS,
    COMBINE_MODES,
    MEAL_KIND_LABELS,
    MEAL_KINDS,
    MODE_LABELS,
    MODES,
    PAYMENT_LABELS,
    PAYMENTS,
    category_label,
    kind_label,
    mode_label,
    money,
    month_bounds,
    parse_week,
    parse_yuan,
    payment_label,
    week_start,
    yuan_text,
)

__all__ = [
    "CATEGORIES",
    "COMBINE_LABELS",
    "COMBINE_MODES",
    "MEAL_KINDS",
    "MEAL_KIND_LABELS",
    "MODES",
    "MODE_LABELS",
    "PAYMENTS",
    "PAYMENT_LABELS",
    "BulkResult",
    "DayTotals",
    "DeliveryLine",
    "DinerLine",
    "GroupLine",
    "Meal",
    "MealDayListSource",
    "MealDiner",
    "MealMenu",
    "MealRecompute",
    "MenuEntry",
    "PolicyData",
    "QueueCandidate",
    "RecomputeResult",
    "Reconciliation",
    "RuleData",
    "SubsidyPolicy",
    "SubsidyResult",
    "SubsidyRule",
    "Sums",
    "add_meal",
    "add_meals",
    "archive_policy",
    "cancel_meal",
    "category_label",
    "compute_subsidy",
    "copy_week",
    "day_totals",
    "daycare_present_ids",
    "delivery_list",
    "describe_reason",
    "describe_rule",
    "diet_notes",
    "diner_search_order",
    "ensure_default_policy",
    "example_policy_in_use",
    "fill_from_last_week",
    "get_meal",
    "get_policy",
    "kind_label",
    "list_policies",
    "meal_diner_name",
    "menu_of_day",
    "menu_price",
    "mode_label",
    "money",
    "month_bounds",
    "parse_month",
    "parse_week",
    "parse_yuan",
    "payment_label",
    "policy_in_force",
    "previous_meal_day",
    "recompute_history",
    "recompute_month",
    "reconcile_month",
    "repeat_candidates",
    "save_menu",
    "save_policy",
    "set_diet_notes",
    "update_meal",
    "validate_policy",
    "week_menu",
    "week_start",
    "yuan_text",
]
