"""Sign-in sheets (feuilles d'émargement): the PDF printed for a session, and the scanned,
signed sheets uploaded back to it."""
