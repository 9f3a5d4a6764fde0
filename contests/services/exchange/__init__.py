"""Writes of the exchange feature: applying an import plan, creating a contest from a
template. Each is one transaction, audited."""
