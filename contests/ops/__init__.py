"""Running the service in production: the health endpoint (`health`), backups and restores
(`backup`), moving a SQLite site to PostgreSQL (`move`), their commands (`commands`).
See docs/operations.md."""
