//! What the Subsonic API adds to a listener's data: ratings (1 to 5 on a track, an album or an
//! artist), what each of their players is playing now (so several instances agree on
//! `getNowPlaying`), and, on an API key made for token authentication, its secret encrypted under
//! a key kept outside the database (`token_secret`; empty on every other key).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Clone, Copy, DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(Clone, Copy, DeriveIden)]
enum Ratings {
    Table,
    UserId,
    /// `track`, `album` or `artist`.
    Kind,
    ItemId,
    Rating,
}

#[derive(Clone, Copy, DeriveIden)]
enum NowPlaying {
    Table,
    UserId,
    /// The player as the client named itself (`c`).
    Player,
    TrackId,
    StartedAt,
}

#[derive(Clone, Copy, DeriveIden)]
enum ApiKeys {
    Table,
    TokenSecret,
}

fn owner_key<T: IntoIden + Copy>(name: &str, table: T, column: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn big(name: impl IntoIden) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Ratings::Table)
                    .col(big(Ratings::UserId))
                    .col(ColumnDef::new(Ratings::Kind).string().not_null())
                    .col(big(Ratings::ItemId))
                    .col(ColumnDef::new(Ratings::Rating).integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(Ratings::UserId)
                            .col(Ratings::Kind)
                            .col(Ratings::ItemId),
                    )
                    .foreign_key(&mut owner_key(
                        "fk_ratings_user",
                        Ratings::Table,
                        Ratings::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NowPlaying::Table)
                    .col(big(NowPlaying::UserId))
                    .col(ColumnDef::new(NowPlaying::Player).string().not_null())
                    .col(big(NowPlaying::TrackId))
                    .col(big(NowPlaying::StartedAt))
                    .primary_key(
                        Index::create()
                            .col(NowPlaying::UserId)
                            .col(NowPlaying::Player),
                    )
                    .foreign_key(&mut owner_key(
                        "fk_now_playing_user",
                        NowPlaying::Table,
                        NowPlaying::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ApiKeys::Table)
                    .add_column(ColumnDef::new(ApiKeys::TokenSecret).text())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ApiKeys::Table)
                    .drop_column(ApiKeys::TokenSecret)
                    .to_owned(),
            )
            .await?;
        for table in [NowPlaying::Table.into_iden(), Ratings::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
