"""The year in figures (issue 18): the work report's figures, the dashboard's desk.

* :mod:`models.figures.period` — the period (2025, 2025H1, 2025Q3, 2025-07, two dates);
* :mod:`models.figures.values` — what every section hands over (figures, tables, charts);
* :mod:`models.figures.daycare`, :mod:`~models.figures.meals`,
  :mod:`~models.figures.activities`, :mod:`~models.figures.party` — one
  function per job returning a frozen result;
* :mod:`models.figures.sections` — the registry of sections (jobs still to come
  print "not recorded");
* :mod:`models.figures.report` — every section for a period and a year earlier;
* :mod:`models.figures.desk` — today's desk and the month so far (the dashboard).

Counts only: nothing here carries a name. See docs/figures.md.
"""

from models.figures.activities import ActivitiesFigures, ActivitiesLine, activities_figures
from models.figures.daycare import DaycareFigures, DaycareMonth, daycare_figures
from models.figures.desk import DeskToday, MonthSoFar, month_so_far, today_desk
from models.figures.meals import MealsFigures, MealsGroup, MealsMonth, meals_figures
from models.figures.party import PartyFigures, PartyMonth, party_figures
from models.figures.period import MonthSpan, Period, month_period, parse_period
from models.figures.report import WORK_REPORT, Headline, WorkReport, work_report
from models.figures.sections import SECTIONS, Section, SectionFigures, section
from models.figures.values import Change, Chart, Figure, FigureTable, NotRecorded, compare

__all__ = [
    "SECTIONS",
    "WORK_REPORT",
    "ActivitiesFigures",
    "ActivitiesLine",
    "Change",
    "Chart",
    "DaycareFigures",
    "DaycareMonth",
    "DeskToday",
    "Figure",
    "FigureTable",
    "Headline",
    "MealsFigures",
    "MealsGroup",
    "MealsMonth",
    "MonthSoFar",
    "MonthSpan",
    "NotRecorded",
    "PartyFigures",
    "PartyMonth",
    "Period",
    "Section",
    "SectionFigures",
    "WorkReport",
    "activities_figures",
    "compare",
    "daycare_figures",
    "meals_figures",
    "month_period",
    "month_so_far",
    "parse_period",
    "party_figures",
    "section",
    "today_desk",
    "work_report",
]
