"""Organisations, affiliations of people to them, and interactions with people and
organisations: a sub-package of stakeholders with its own domain, handlers, pages and API."""
