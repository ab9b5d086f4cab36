"""Closed word sets every stage shares: the dependency labels extractors walk, and the names of months and days.

The labels are spaCy's English (ClearNLP) scheme. They are defined here once because several extractors ask the
same question of the parse ("what is this verb's subject?"); an extractor with a narrower question names its own
set beside its code.
"""

from __future__ import annotations

import calendar

# ---- dependency labels ----------------------------------------------------------------------------------------
# Nominal subjects, active and passive ("Kazakhstan signed", "the deal was signed"): who a clause is about.
NOMINAL_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# Subjects of an active clause, nominal or clausal: the doer of an act.
ACTIVE_SUBJECTS = frozenset({"nsubj", "csubj"})
# Subjects of a passive clause, nominal or clausal: the one the act is done to.
PASSIVE_SUBJECTS = frozenset({"nsubjpass", "csubjpass"})

# ---- dates ----------------------------------------------------------------------------------------------------
# Full English month names, lower-cased -> month number.
MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
# Abbreviations news copy uses ("Nov.", "Sept."); "may" is its own full name.
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
                       "sept": 9, "oct": 10, "nov": 11, "dec": 12}
# Every spelling of a month, full or abbreviated -> month number.
MONTHS = {**MONTH_NAMES, **MONTH_ABBREVIATIONS}
# Weekday names, lower-cased, Monday first (the index is ``datetime.date.weekday()``).
WEEKDAY_NAMES = tuple(name.lower() for name in calendar.day_name)
WEEKDAYS = {name: number for number, name in enumerate(WEEKDAY_NAMES)}
