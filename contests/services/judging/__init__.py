"""Judging at the venue: who may mark what, saving marks exactly once, sign-off, audit."""
