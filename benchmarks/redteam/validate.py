"""Self-check of a generated red-team data set.

    python benchmarks/redteam/validate.py DIR

Loads DIR/input/*.parquet with DuckDB, checks ids, references, roles, enums,
timestamps and amounts, and prints the counts per planted / negative style."""

import sys

import duckdb

AS_OF = "2025-07-01 00:00:00"
T0 = "2023-01-01 00:00:00"


def main(d):
    con = duckdb.connect()
    for t in ("accounts", "logins", "contracts", "payments", "messages"):
        con.sql(f"create view {t} as select * from '{d}/input/{t}.parquet'")
    con.sql(f"create view labels as select * from '{d}/truth/labels.parquet'")
    con.sql(f"create view styles as select * from '{d}/truth/styles.parquet'")
    print(
        "rows:",
        {
            t: con.sql(f"select count(*) from {t}").fetchone()[0]
            for t in ("accounts", "logins", "contracts", "payments", "messages", "labels", "styles")
        },
    )
    for t in ("accounts", "logins", "contracts", "payments", "messages"):
        print(
            f"  {t}: "
            + ", ".join(
                f"{n} {ty}"
                for n, ty in con.sql(f"describe {t}").fetchall()[:0]
                or [(r[0], r[1]) for r in con.sql(f"describe {t}").fetchall()]
            )
        )
    checks = {
        "dup account_id": "select count(*) - count(distinct account_id) from accounts",
        "dup contract_id": "select count(*) - count(distinct contract_id) from contracts",
        "dup payment_id": "select count(*) - count(distinct payment_id) from payments",
        "dup message_id": "select count(*) - count(distinct message_id) from messages",
        "bad role": "select count(*) from accounts where role not in ('client','freelancer')",
        "login unknown account": "select count(*) from logins l anti join accounts a using (account_id)",
        "login before sign-up": "select count(*) from logins l join accounts a using (account_id) where l.ts < a.created_at",
        "contract client not client": "select count(*) from contracts c left join accounts a on a.account_id=c.client_id where a.role is distinct from 'client'",
        "contract freelancer not freelancer": "select count(*) from contracts c left join accounts a on a.account_id=c.freelancer_id where a.role is distinct from 'freelancer'",
        "contract before an account exists": "select (select count(*) from contracts c join accounts a on a.account_id = c.client_id where c.created_at < a.created_at) + (select count(*) from contracts c join accounts a on a.account_id = c.freelancer_id where c.created_at < a.created_at)",
        "job posted after hire": "select count(*) from contracts where job_posted_at > created_at",
        "job posted before client sign-up": "select count(*) from contracts c join accounts a on a.account_id=c.client_id where job_posted_at < a.created_at",
        "ended before created": "select count(*) from contracts where ended_at < created_at",
        "active with ended_at": "select count(*) from contracts where status='active' and ended_at is not null",
        "closed without ended_at": "select count(*) from contracts where status<>'active' and ended_at is null",
        "bad hire_type/pricing/status": "select count(*) from contracts where hire_type not in ('job_post','invite','direct_contract') or pricing not in ('hourly','fixed') or status not in ('active','completed','cancelled')",
        "negative proposals": "select count(*) from contracts where proposals < 0",
        "payment unknown contract": "select count(*) from payments p anti join contracts c using (contract_id)",
        "payment before contract": "select count(*) from payments p join contracts c using (contract_id) where p.ts < c.created_at",
        "payment amount <= 0": "select count(*) from payments where amount <= 0 or amount is null",
        "bad payment kind": "select count(*) from payments where kind not in ('hourly','milestone','bonus','refund','chargeback')",
        "message unknown sender/recipient": "select (select count(*) from messages anti join accounts a on a.account_id = sender_id) + (select count(*) from messages anti join accounts a on a.account_id = recipient_id)",
        "message unknown contract": "select count(*) from (select * from messages where contract_id is not null) m anti join contracts using (contract_id)",
        "message sender not a party": "select count(*) from messages m join contracts c using (contract_id) where m.sender_id not in (c.client_id, c.freelancer_id) or m.recipient_id not in (c.client_id, c.freelancer_id) or m.sender_id = m.recipient_id",
        "empty message body": "select count(*) from messages where body is null or length(trim(body)) = 0",
        "message before contract": "select count(*) from messages m join contracts c using (contract_id) where m.ts < c.created_at",
        "message before sender sign-up": "select count(*) from messages m join accounts a on a.account_id=m.sender_id where m.ts < a.created_at",
        "ts outside [2023-01-01, as_of]": f"""select (select count(*) from logins where ts < '{T0}' or ts > '{AS_OF}')
            + (select count(*) from payments where ts < '{T0}' or ts > '{AS_OF}')
            + (select count(*) from messages where ts < '{T0}' or ts > '{AS_OF}')
            + (select count(*) from contracts where created_at < '{T0}' or created_at > '{AS_OF}' or ended_at > '{AS_OF}')
            + (select count(*) from accounts where created_at < '{T0}' or created_at > '{AS_OF}')""",
        "label account unknown": "select count(*) from labels anti join accounts using (account_id)",
        "account in two cases": "select count(*) from (select account_id from labels group by 1 having count(distinct case_key) > 1)",
        "case without style": "select count(*) from (select distinct case_key from labels) anti join styles using (case_key)",
        "bad label": "select count(*) from labels where label not in ('fraud','legit')",
    }
    bad = 0
    for name, q in checks.items():
        v = con.sql(q).fetchone()[0]
        bad += v != 0
        print(f"  {'OK ' if v == 0 else 'BAD'} {name}: {v}")
    print("\nranges:")
    print(
        con.sql("""select 'logins' t, min(ts), max(ts) from logins union all select 'payments', min(ts), max(ts) from payments
                     union all select 'messages', min(ts), max(ts) from messages union all select 'contracts', min(created_at), max(created_at) from contracts""").fetchall()
    )
    print(con.sql("select role, count(*) from accounts group by 1 order by 1").fetchall())
    print(
        con.sql(
            "select hire_type, pricing, status, count(*) from contracts group by all order by all"
        ).fetchall()
    )
    print(
        con.sql(
            "select kind, count(*), round(sum(amount)) from payments group by 1 order by 1"
        ).fetchall()
    )
    print("\nstyles (cases, accounts):")
    rows = con.sql("""select s.pattern, s.kind, s.style, count(distinct s.case_key) cases, count(l.account_id) accounts
                     from styles s join labels l using (case_key) group by all order by 1, 2 desc, 3""").fetchall()
    for r in rows:
        print(f"  {r[0]:16s} {r[1]:9s} {r[2]:52s} {r[3]:5d} {r[4]:6d}")
    print(
        con.sql(
            """select pattern, kind, count(*) cases from styles group by all order by all"""
        ).fetchall()
    )
    print("\nFAILED CHECKS:", bad)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1]) else 0)
