//! One schema, two dialects: the SQLite and the PostgreSQL migration trees,
//! once applied, must describe the same tables, columns (with their kind of
//! type, nullability, primary key and default), indexes (columns, unique,
//! partial) and foreign keys. A migration written for one backend only, or
//! a column typed differently, fails here rather than in production.

use crate::support::{postgres_url, Backend, Db, TestApp};
use std::collections::BTreeSet;

/// One fact about the schema, comparable across the two backends.
type Facts = BTreeSet<String>;

/// The kind of a column's type, the same on both backends: SQLite's
/// INTEGER is PostgreSQL's BIGINT (or INTEGER), and so on.
fn type_kind(declared: &str) -> String {
    let t = declared.to_ascii_lowercase();
    let kind = if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("bool") {
        "boolean"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else if t.contains("real") || t.contains("double") || t.contains("float") {
        "real"
    } else {
        return format!("other({t})");
    };
    kind.to_owned()
}

/// A column default without the dialect's decoration: PostgreSQL writes
/// `'x'::text` and `(0)`, SQLite `'x'` and `0`; booleans are 0/1 in SQLite.
fn default_value(raw: Option<String>) -> String {
    let Some(raw) = raw else {
        return "none".into();
    };
    let mut v = raw.trim().to_owned();
    if let Some(i) = v.find("::") {
        v.truncate(i);
    }
    let v = v
        .trim_matches(|c| c == '(' || c == ')')
        .to_ascii_lowercase();
    match v.as_str() {
        "false" => "0".into(),
        "true" => "1".into(),
        _ => v,
    }
}

async fn rows(db: &Db, sql: &str) -> Vec<sqlx::sqlite::SqliteRow> {
    match db {
        Db::Sqlite(pool) => sqlx::query(sql).fetch_all(pool).await.expect(sql),
        Db::Postgres(_) => unreachable!("SQLite only"),
    }
}

async fn sqlite_facts(db: &Db) -> Facts {
    use sqlx::Row;
    let mut facts = Facts::new();
    let tables: Vec<String> = rows(
        db,
        "SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' AND name <> 'tower_sessions'",
    )
    .await
    .iter()
    .map(|r| r.get(0))
    .collect();
    for table in tables {
        facts.insert(format!("table {table}"));
        let columns = format!(
            "SELECT name, type, \"notnull\", pk, dflt_value FROM pragma_table_info('{table}')"
        );
        for r in rows(db, &columns).await {
            let (name, kind, not_null, pk, default): (String, String, i64, i64, Option<String>) =
                (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
            // A primary key is never null, whether or not it says so.
            let null = if not_null == 1 || pk > 0 {
                "not null"
            } else {
                "null"
            };
            facts.insert(format!(
                "column {table}.{name} {} {null} default {}",
                type_kind(&kind),
                default_value(default)
            ));
            if pk > 0 {
                facts.insert(format!("primary key {table}.{name} #{pk}"));
            }
        }
        let indexes =
            format!("SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')");
        for r in rows(db, &indexes).await {
            let (name, unique, origin, partial): (String, i64, String, i64) =
                (r.get(0), r.get(1), r.get(2), r.get(3));
            if origin == "pk" {
                continue; // the primary key, compared above
            }
            let columns: Vec<String> = rows(
                db,
                &format!("SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"),
            )
            .await
            .iter()
            .map(|r| {
                r.get::<Option<String>, _>(0)
                    .unwrap_or_else(|| "<expression>".into())
            })
            .collect();
            facts.insert(index_fact(&table, &columns, unique == 1, partial == 1));
        }
        let keys = format!(
            "SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')"
        );
        for r in rows(db, &keys).await {
            let (from, to_table, to, on_delete): (String, String, Option<String>, String) =
                (r.get(0), r.get(1), r.get(2), r.get(3));
            facts.insert(format!(
                "foreign key {table}.{from} -> {to_table}.{} on delete {}",
                to.unwrap_or_else(|| "id".into()),
                on_delete.to_ascii_lowercase()
            ));
        }
    }
    facts
}

fn index_fact(table: &str, columns: &[String], unique: bool, partial: bool) -> String {
    format!(
        "{}index on {table}({}){}",
        if unique { "unique " } else { "" },
        columns.join(", "),
        if partial { " where …" } else { "" }
    )
}

async fn postgres_facts(db: &Db) -> Facts {
    use sqlx::Row;
    let Db::Postgres(pool) = db else {
        unreachable!("PostgreSQL only")
    };
    let all = |sql: &'static str| async move { sqlx::query(sql).fetch_all(pool).await.expect(sql) };
    let mut facts = Facts::new();
    for r in all(
        "SELECT table_name::text FROM information_schema.tables
         WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '_sqlx%'",
    )
    .await
    {
        facts.insert(format!("table {}", r.get::<String, _>(0)));
    }
    for r in all(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, column_default::text
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
    )
    .await
    {
        let (table, name, kind, nullable, default): (String, String, String, String, Option<String>) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        // Identity columns are SQLite's INTEGER PRIMARY KEY: no default.
        let default = default.filter(|d| !d.starts_with("nextval("));
        facts.insert(format!(
            "column {table}.{name} {} {} default {}",
            type_kind(&kind),
            if nullable == "NO" { "not null" } else { "null" },
            default_value(default)
        ));
    }
    // Primary keys, indexes and foreign keys from the catalogue, with the
    // columns named in key order.
    for r in all("SELECT t.relname::text, a.attname::text, k.ord::bigint
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
         WHERE n.nspname = 'public' AND ix.indisprimary AND t.relname NOT LIKE '_sqlx%'")
    .await
    {
        let (table, column, position): (String, String, i64) = (r.get(0), r.get(1), r.get(2));
        facts.insert(format!("primary key {table}.{column} #{position}"));
    }
    for r in all(
        "SELECT t.relname::text, ix.indisunique, ix.indpred IS NOT NULL,
                array(SELECT coalesce(a.attname::text, '<expression>')
                      FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                      LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                      ORDER BY k.ord)
         FROM pg_index ix
         JOIN pg_class t ON t.oid = ix.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = 'public' AND NOT ix.indisprimary AND t.relname NOT LIKE '_sqlx%'",
    )
    .await
    {
        let (table, unique, partial, columns): (String, bool, bool, Vec<String>) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        facts.insert(index_fact(&table, &columns, unique, partial));
    }
    for r in all(
        "SELECT t.relname::text, a.attname::text, rt.relname::text, ra.attname::text,
                CASE c.confdeltype WHEN 'a' THEN 'no action' WHEN 'r' THEN 'restrict'
                     WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' ELSE 'set default' END
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         JOIN pg_class rt ON rt.oid = c.confrelid
         CROSS JOIN LATERAL unnest(c.conkey, c.confkey) AS k(col, refcol)
         JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.col
         JOIN pg_attribute ra ON ra.attrelid = rt.oid AND ra.attnum = k.refcol
         WHERE c.contype = 'f' AND n.nspname = 'public'",
    )
    .await
    {
        let (table, from, to_table, to, on_delete): (String, String, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4));
        facts.insert(format!(
            "foreign key {table}.{from} -> {to_table}.{to} on delete {on_delete}"
        ));
    }
    facts
}

#[tokio::test]
async fn both_migration_trees_describe_the_same_schema() {
    if postgres_url().is_none() {
        eprintln!("skipped: set ROUNDTABLE_TEST_POSTGRES_URL to compare the two schemas");
        return;
    }
    let sqlite = TestApp::new(Backend::Sqlite).await.expect("SQLite");
    let postgres = TestApp::new(Backend::Postgres).await.expect("PostgreSQL");
    let (s, p) = (
        sqlite_facts(&sqlite.db).await,
        postgres_facts(&postgres.db).await,
    );
    assert!(
        s.iter().any(|f| f.starts_with("foreign key"))
            && s.iter().any(|f| f.starts_with("unique index"))
            && s.len() > 100,
        "the SQLite side read too little to compare: {s:#?}"
    );
    let only_sqlite: Vec<_> = s.difference(&p).collect();
    let only_postgres: Vec<_> = p.difference(&s).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the two migration trees differ.\nOnly in migrations/sqlite:\n  {}\nOnly in migrations/postgres:\n  {}",
        only_sqlite.iter().map(|f| f.as_str()).collect::<Vec<_>>().join("\n  "),
        only_postgres.iter().map(|f| f.as_str()).collect::<Vec<_>>().join("\n  ")
    );
}

#[test]
fn types_and_defaults_compare_across_dialects() {
    assert_eq!(type_kind("BIGINT"), type_kind("INTEGER"));
    assert_eq!(type_kind("character varying"), "text");
    assert_ne!(type_kind("TEXT"), type_kind("BIGINT"));
    assert_eq!(default_value(Some("'open'::text".into())), "'open'");
    assert_eq!(default_value(Some("(0)".into())), "0");
    assert_eq!(
        default_value(Some("false".into())),
        default_value(Some("0".into()))
    );
    assert_eq!(default_value(None), "none");
}
