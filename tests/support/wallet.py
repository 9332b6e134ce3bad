"""The e-wallet fixture warehouse (``tests/cases/projects/wallet``), built from code.

A few hundred rows, fixed by a seed: users and merchants, transactions whose sender and
receiver are users or merchants depending on a type column, settlement days stored as text,
and a support team in a schema of its own (``ops``) that nothing joins to.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import duckdb
import sqlalchemy as sa

PROJECT = Path(__file__).resolve().parent.parent / "cases" / "projects" / "wallet"
TODAY = dt.date(2026, 6, 30)
OPS_SCHEMA = "ops"

COUNTRIES = ("KR", "US", "JP", "DE")
FIRST = ("Jiwoo", "Minji", "David", "Sarah", "Juan", "Ana", "Kim", "Lee")
LAST = ("Park", "Kim", "Smith", "Lopez", "Gomez", "Brown", "Choi", "Martinez")
AGENTS = ((1, "Haneul Jung", "payments"), (2, "Tom Reed", "payments"), (3, "Mia Cho", "fraud"))

DDL = (
    "CREATE TABLE users (user_id INTEGER PRIMARY KEY, first_name VARCHAR, last_name VARCHAR, "
    "email VARCHAR, phone VARCHAR, birth_date DATE, country VARCHAR, signup_date DATE)",
    "CREATE TABLE merchants (merchant_id INTEGER PRIMARY KEY, merchant_name VARCHAR, "
    "category VARCHAR)",
    "CREATE TABLE transactions (txn_id INTEGER PRIMARY KEY, sender_id INTEGER, "
    "sender_type VARCHAR, receiver_id INTEGER, receiver_type VARCHAR, amount DECIMAL(12,2), "
    "status VARCHAR, created_at TIMESTAMP, settled_on VARCHAR)",
    "CREATE TABLE balances (user_id INTEGER, day DATE, balance DECIMAL(12,2), "
    "PRIMARY KEY (user_id, day))",
)


def _balances(rng: random.Random) -> list[tuple[object, ...]]:
    """Some days' closing balance for 20 users: a stock, not a flow."""
    rows = []
    for user in range(1, 21):
        balance = rng.uniform(100, 2000)
        for back in range(90, -1, -1):
            if rng.random() < 0.3:
                balance = max(0.0, balance + rng.uniform(-150, 150))
                rows.append((user, TODAY - dt.timedelta(days=back), round(balance, 2)))
    return rows


def _users(rng: random.Random) -> list[tuple[object, ...]]:
    rows = []
    for i in range(1, 61):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        birth = dt.date(rng.randint(1960, 2005), rng.randint(1, 12), rng.randint(1, 28))
        signup = TODAY - dt.timedelta(days=rng.randint(0, 900))
        email = f"{first.lower()}{i % 45}@example.com"  # some users share an address
        rows.append((i, first, last, email, f"010-{i:04d}", birth, rng.choice(COUNTRIES), signup))
    return rows


def _transactions(rng: random.Random) -> list[tuple[object, ...]]:
    rows = []
    for i in range(1, 401):
        sender_type = "user" if rng.random() < 0.85 else "merchant"
        receiver_type = "merchant" if rng.random() < 0.55 else "user"
        sender = rng.randint(1, 60 if sender_type == "user" else 12)
        receiver = rng.randint(1, 12 if receiver_type == "merchant" else 60)
        created = dt.datetime.combine(TODAY, dt.time()) - dt.timedelta(
            minutes=rng.randint(0, 200 * 24 * 60)
        )
        status = rng.choice(("completed", "completed", "completed", "failed", "pending"))
        settled = created.date() + dt.timedelta(days=rng.randint(0, 3))
        text = settled.strftime("%Y%m%d") if status == "completed" else None
        amount = round(rng.uniform(1, 500), 2)
        rows.append(
            (i, sender, sender_type, receiver, receiver_type, amount, status, created, text)
        )
    return rows


def build_wallet(path: Path, seed: int = 11) -> Path:
    rng = random.Random(seed)
    # Shop 13 ("books") never receives money: an entity without facts.
    categories = ("food", "travel", "games")
    merchants = [(i, f"Shop {i}", categories[i % 3]) for i in range(1, 13)]
    merchants.append((13, "Shop 13", "books"))
    with duckdb.connect(str(path)) as con:
        for statement in DDL:
            con.execute(statement)
        con.executemany("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?)", _users(rng))
        con.executemany("INSERT INTO merchants VALUES (?, ?, ?)", merchants)
        con.executemany(
            "INSERT INTO transactions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", _transactions(rng)
        )
        con.executemany("INSERT INTO balances VALUES (?, ?, ?)", _balances(rng))
        con.execute(f"CREATE SCHEMA {OPS_SCHEMA}")
        con.execute(
            f"CREATE TABLE {OPS_SCHEMA}.support_agents "
            "(agent_id INTEGER PRIMARY KEY, agent_name VARCHAR, team VARCHAR)"
        )
        con.executemany(f"INSERT INTO {OPS_SCHEMA}.support_agents VALUES (?, ?, ?)", AGENTS)
    return path


def project_copy(target: Path, ops_schema: str) -> Path:
    """The wallet project with its ``ops`` schema renamed, for a database where each test
    module has schemas of its own."""
    shutil.copytree(PROJECT, target)
    for path in target.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"{OPS_SCHEMA}.", f"{ops_schema}."), encoding="utf-8")
    return target


def create_agents(engine: sa.Engine, schema: str) -> None:
    """The ``support_agents`` table in ``schema`` of a server database."""
    metadata = sa.MetaData(schema=schema)
    table = sa.Table(
        "support_agents",
        metadata,
        sa.Column("agent_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("agent_name", sa.String(64)),
        sa.Column("team", sa.String(64)),
    )
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(
            table.insert(), [{"agent_id": a, "agent_name": n, "team": t} for a, n, t in AGENTS]
        )
