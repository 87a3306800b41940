"""The project's check constraints, evaluated in Python for the rows of an import."""

import operator

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Field, Q

from projects.models import Project

# --- Check constraints, evaluated in Python -------------------------------------------------
# Model.full_clean() checks each CheckConstraint with a database query that annotates every
# field: about 70 ms per project row. The project's constraints only use simple lookups, so
# they are evaluated here with SQL's three-valued logic (NULL passes a CHECK); a constraint
# using anything else is left to Django's own check.

_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
    "in": lambda value, choices: value in choices,
    "istartswith": lambda value, prefix: str(value).lower().startswith(str(prefix).lower()),
}


class _Unsupported(Exception):
    pass


def _evaluate(condition, instance, fields):
    """True, False or None (unknown) for a Q condition on ``instance``; collects the fields used."""
    if isinstance(condition, Q):
        results = [_evaluate(child, instance, fields) for child in condition.children]
        if condition.connector == Q.AND:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        return value if value is None or not condition.negated else not value
    if not isinstance(condition, tuple):
        raise _Unsupported
    key, expected = condition
    name, _sep, lookup = key.partition("__")
    lookup = lookup or "exact"
    actual = _stored_value(instance, name)
    fields.append(name)
    if isinstance(expected, F):
        other = expected.name  # type: ignore[attr-defined]  # F.name is set in __init__, not declared by django-stubs
        fields.append(other)
        expected = _stored_value(instance, other)
    elif hasattr(expected, "resolve_expression"):
        raise _Unsupported
    if lookup == "isnull":
        return (actual is None) == bool(expected)
    if lookup not in _COMPARISONS:
        raise _Unsupported
    if lookup == "exact" and expected is None:
        return actual is None
    if actual is None or expected is None:
        return None
    return _COMPARISONS[lookup](actual, expected)


def _stored_value(instance, name):
    """The value of ``instance``'s field ``name`` as stored (the id of a foreign key)."""
    try:
        field = Project._meta.get_field(name)
        if not isinstance(field, Field):  # a reverse relation
            raise _Unsupported
        return getattr(instance, field.attname)
    except Exception:
        raise _Unsupported from None


def failed_constraints(project):
    """(constraint, fields it uses) for each check constraint ``project`` breaks."""
    for constraint in Project._meta.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        fields: list[str] = []
        try:
            if _evaluate(constraint.condition, project, fields) is False:
                yield constraint, sorted(set(fields))
        except _Unsupported:
            try:
                constraint.validate(Project, project)
            except ValidationError:
                yield constraint, []
