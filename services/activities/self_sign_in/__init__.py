"""Self sign-in: participants sign for a half-day on their phone through a short-lived link
and QR code shown in the room; each signature is timestamped and counts as attendance."""
