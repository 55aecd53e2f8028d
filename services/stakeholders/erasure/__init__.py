"""Erasure of a person (right to be forgotten): the command, its projector, API and page."""
