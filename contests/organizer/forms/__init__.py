"""Organizer forms, one module per aggregate. Field names match model columns."""
