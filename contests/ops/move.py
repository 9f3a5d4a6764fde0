"""`flask move-to-postgres URL`: the whole SQLite site into an empty PostgreSQL database.

1. The source is the configured SQLite database, and it must be at the newest migration
   (run `flask db upgrade` first), so both sides have the same tables.
2. The target must be empty: no table, or (after an interrupted move) the schema at the
   newest migration with no rows. Its schema is made by `alembic upgrade head`, exactly as
   `flask db upgrade` would.
3. Rows are copied table by table in dependency order (parents first; a table that refers to
   itself, parents before children), in one transaction, then every id sequence is set past
   the largest id. Each table's row count is checked on both sides before the commit.
"""
from collections.abc import Callable, Iterable

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import Table, create_engine, func, inspect, select, text
from sqlalchemy.engine import Connection, Engine, make_url

from ..extensions import db
from ..refusals import Invalid, Refused

BATCH = 2000


def _heads() -> set[str]:
    directory = current_app.extensions["migrate"].directory
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", directory)
    return set(ScriptDirectory.from_config(config).get_heads())


def _revisions(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def _postgres_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise Invalid("the target must be a PostgreSQL URL, "
                      "e.g. postgresql+psycopg://user:password@host/contests")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed)


def _rows_in_target(target: Engine) -> int:
    tables = set(inspect(target).get_table_names())
    with target.connect() as connection:
        return sum(connection.scalar(select(func.count()).select_from(table)) or 0
                   for table in db.metadata.sorted_tables if table.name in tables)


def _check_target(target: Engine, heads: set[str]) -> bool:
    """True when the schema still has to be made; refuses a target holding anything."""
    try:
        tables = set(inspect(target).get_table_names())
    except Exception as error:
        raise Refused(f"cannot reach the PostgreSQL database: {error}") from error
    if not tables:
        return True
    with target.connect() as connection:
        at_head = _revisions(connection) == heads
    if not at_head or _rows_in_target(target):
        raise Invalid(f"the target database is not empty ({len(tables)} tables); "
                      "move into a new, empty database")
    return False


def _upgrade(url: str) -> None:
    """`alembic upgrade head` on the target, through an app pointed at it."""
    from flask_migrate import upgrade

    from .. import create_app

    other = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with other.app_context():
        upgrade(directory=other.extensions["migrate"].directory)
        db.engine.dispose()


def _parents_first(table: Table, rows: list) -> list:
    """Rows of a table that refers to itself, each after the row it points at."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys
             if fk.column.table is table]
    if not links:
        return rows
    placed: set = set()
    ordered, waiting = [], rows
    while waiting:
        later = []
        for row in waiting:
            mapping = row._mapping
            if all(mapping[child] is None or (column, mapping[child]) in placed
                   for child, column in links):
                ordered.append(row)
                placed.update((column, mapping[column]) for _child, column in links)
            else:
                later.append(row)
        if len(later) == len(waiting):  # a loop, or a parent that does not exist
            ordered.extend(later)
            break
        waiting = later
    return ordered


def _batches(rows: list, size: int) -> Iterable[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _reset_sequences(connection: Connection) -> None:
    for table in db.metadata.sorted_tables:
        for column in table.primary_key.columns:
            try:
                whole_number = column.type.python_type is int
            except NotImplementedError:
                whole_number = False
            if column.autoincrement is False or not whole_number:
                continue
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f"COALESCE(MAX({column.name}), 1), MAX({column.name}) IS NOT NULL) "
                f"FROM {table.name}"), {"table": table.name, "column": column.name})


def move_to_postgres(url: str, say: Callable[[str], None] = print) -> dict[str, int]:
    """Copy every table of the live SQLite database into the empty database at `url`;
    returns the number of rows per table."""
    source = db.engine
    if source.url.get_backend_name() != "sqlite":
        raise Invalid("the configured database is not SQLite; "
                      "move-to-postgres copies a SQLite site")
    heads = _heads()
    with source.connect() as connection:
        if _revisions(connection) != heads:
            raise Invalid("the SQLite database is not at the newest migration; "
                          "run `flask db upgrade` first")
    target = _postgres_engine(url)
    try:
        if _check_target(target, heads):
            say("creating the tables (alembic upgrade head)")
            _upgrade(target.url.render_as_string(hide_password=False))
        copied: dict[str, int] = {}
        with source.connect() as reading, target.begin() as writing:
            for table in db.metadata.sorted_tables:
                rows = reading.execute(select(table).order_by(*table.primary_key.columns)).all()
                for batch in _batches(_parents_first(table, rows), BATCH):
                    writing.execute(table.insert(), [dict(row._mapping) for row in batch])
                written = writing.scalar(select(func.count()).select_from(table))
                if written != len(rows):
                    raise Refused(f"{table.name}: {len(rows)} rows read, {written} written")
                copied[table.name] = len(rows)
                say(f"{table.name}: {len(rows)} rows")
            _reset_sequences(writing)
    finally:
        target.dispose()
    return copied
