//! Every migration's `down` undoes its `up`: all the way down to an empty schema and back up again
//! gives the same tables and indexes, on SQLite and (with `TEST_DATABASE_URL`) on PostgreSQL.

use crate::common::TestDatabase;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use sea_orm_migration::MigratorTrait;
use server::domain::db::migration::Migrator;

/// The migrations' own bookkeeping table, which `down` leaves in place.
const MIGRATIONS_TABLE: &str = "seaql_migrations";

/// Tables and indexes of the schema, each as `table` or `table.index`, sorted.
async fn schema(db: &DatabaseConnection) -> Vec<String> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT CASE WHEN type = 'table' THEN name ELSE tbl_name || '.' || name END AS item \
             FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' \
             ORDER BY item"
        }
        DbBackend::Postgres => {
            "SELECT tablename AS item FROM pg_tables WHERE schemaname = current_schema() \
             UNION ALL \
             SELECT tablename || '.' || indexname FROM pg_indexes \
             WHERE schemaname = current_schema() ORDER BY item"
        }
        other => panic!("no schema query for {other:?}"),
    };
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect("schema query")
        .into_iter()
        .map(|row| row.try_get::<String>("", "item").expect("item"))
        .collect()
}

fn without_bookkeeping(schema: &[String]) -> Vec<String> {
    schema
        .iter()
        .filter(|item| !item.starts_with(MIGRATIONS_TABLE))
        .cloned()
        .collect()
}

#[tokio::test]
async fn all_migrations_go_down_to_nothing_and_up_to_the_same_schema() {
    let database = TestDatabase::fresh().await;
    // `connect` applies every migration.
    let db = server::domain::db::connect(database.url())
        .await
        .expect("connect");
    let total = Migrator::migrations().len();
    assert_eq!(
        Migrator::get_applied_migrations(&db)
            .await
            .expect("status")
            .len(),
        total
    );
    let migrated = schema(&db).await;
    assert!(
        migrated.iter().any(|item| item == "tracks"),
        "no tracks table in {migrated:?}"
    );

    Migrator::down(&db, None).await.expect("down to zero");
    assert!(Migrator::get_applied_migrations(&db)
        .await
        .expect("status")
        .is_empty());
    assert_eq!(
        without_bookkeeping(&schema(&db).await),
        Vec::<String>::new(),
        "tables or indexes left after every down ({:?})",
        db.get_database_backend()
    );

    Migrator::up(&db, None).await.expect("up again");
    assert_eq!(schema(&db).await, migrated);
    assert_eq!(
        Migrator::get_pending_migrations(&db)
            .await
            .expect("status")
            .len(),
        0
    );
    db.close().await.expect("close");
}

#[tokio::test]
async fn each_migration_steps_down_and_up_one_at_a_time() {
    let database = TestDatabase::fresh().await;
    let db = server::domain::db::connect(database.url())
        .await
        .expect("connect");
    let migrated = schema(&db).await;
    let total = u32::try_from(Migrator::migrations().len()).expect("few migrations");
    for remaining in (0..total).rev() {
        Migrator::down(&db, Some(1)).await.expect("one down");
        assert_eq!(
            Migrator::get_applied_migrations(&db)
                .await
                .expect("status")
                .len(),
            remaining as usize
        );
    }
    for applied in 1..=total {
        Migrator::up(&db, Some(1)).await.expect("one up");
        assert_eq!(
            Migrator::get_applied_migrations(&db)
                .await
                .expect("status")
                .len(),
            applied as usize
        );
    }
    assert_eq!(schema(&db).await, migrated);
    db.close().await.expect("close");
}
