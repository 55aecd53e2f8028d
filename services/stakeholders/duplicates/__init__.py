"""Duplicates: suggestions, the merge of two people (and its undoing), dismissed pairs."""
