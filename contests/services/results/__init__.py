"""Results: confirmed sheets → standings, advancement, awards, titles → published snapshots."""
