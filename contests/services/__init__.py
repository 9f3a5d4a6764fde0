"""The only layer that writes: load rows, call the scoring core, commit, audit."""
