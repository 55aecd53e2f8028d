"""Evaluations: satisfaction (1 to 5) and comments of the participants, right after the
activity (à chaud) and, for trainings, some weeks later (à froid); answered through a link
or QR code, or typed by staff from the paper forms; summed up per activity."""
