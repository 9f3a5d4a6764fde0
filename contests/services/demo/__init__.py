"""Demo contests built from the facts of the seed newspaper page (see DOMAIN.md)."""
