"""Fixtures the reliability tests share with the back-office tests: two organisms, a project
of each, and users in every role (``client_for``)."""

from tests.backoffice.conftest import client_for, organism_a, organism_b, project_a, project_b, users

__all__ = ["client_for", "organism_a", "organism_b", "project_a", "project_b", "users"]
