//! What each listener keeps: stars on tracks, albums and artists; plays (the history and the
//! play counts); the play queue kept for resuming on another device; playlists and their
//! tracks. Every row belongs to a user and goes with them. Track, album and artist ids are not
//! foreign keys: a rescan may remove a track, and a star or a play of it then simply stops
//! showing (ids are never reused).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(Clone, Copy, DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(Clone, Copy, DeriveIden)]
enum Stars {
    Table,
    UserId,
    /// `track`, `album` or `artist`.
    Kind,
    ItemId,
    StarredAt,
}

#[derive(Clone, Copy, DeriveIden)]
enum Plays {
    Table,
    Id,
    UserId,
    TrackId,
    PlayedAt,
}

#[derive(Clone, Copy, DeriveIden)]
enum PlayQueues {
    Table,
    UserId,
    /// The queue's track ids, comma-separated, in play order.
    TrackIds,
    CurrentTrack,
    PositionMs,
    ChangedAt,
    /// Which device saved it, as its browser or app named itself.
    ChangedBy,
}

#[derive(Clone, Copy, DeriveIden)]
enum Playlists {
    Table,
    Id,
    OwnerId,
    Name,
    Comment,
    Public,
    CreatedAt,
    ChangedAt,
}

#[derive(Clone, Copy, DeriveIden)]
enum PlaylistTracks {
    Table,
    PlaylistId,
    Position,
    TrackId,
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

async fn index<T: IntoIden + Copy + 'static>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: &[T],
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table);
    for column in columns {
        index.col(*column);
    }
    manager.create_index(index.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Stars::Table)
                    .col(big(Stars::UserId))
                    .col(ColumnDef::new(Stars::Kind).string().not_null())
                    .col(big(Stars::ItemId))
                    .col(big(Stars::StarredAt))
                    .primary_key(
                        Index::create()
                            .col(Stars::UserId)
                            .col(Stars::Kind)
                            .col(Stars::ItemId),
                    )
                    .foreign_key(&mut owner_key("fk_stars_user", Stars::Table, Stars::UserId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Plays::Table)
                    .col(
                        ColumnDef::new(Plays::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big(Plays::UserId))
                    .col(big(Plays::TrackId))
                    .col(big(Plays::PlayedAt))
                    .foreign_key(&mut owner_key("fk_plays_user", Plays::Table, Plays::UserId))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_plays_user_time",
            Plays::Table,
            &[Plays::UserId, Plays::PlayedAt],
        )
        .await?;
        index(
            manager,
            "idx_plays_user_track",
            Plays::Table,
            &[Plays::UserId, Plays::TrackId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlayQueues::Table)
                    .col(big(PlayQueues::UserId).primary_key())
                    .col(ColumnDef::new(PlayQueues::TrackIds).text().not_null())
                    .col(ColumnDef::new(PlayQueues::CurrentTrack).big_integer())
                    .col(big(PlayQueues::PositionMs))
                    .col(big(PlayQueues::ChangedAt))
                    .col(
                        ColumnDef::new(PlayQueues::ChangedBy)
                            .string()
                            .not_null()
                            .default(""),
                    )
                    .foreign_key(&mut owner_key(
                        "fk_play_queues_user",
                        PlayQueues::Table,
                        PlayQueues::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Playlists::Table)
                    .col(
                        ColumnDef::new(Playlists::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big(Playlists::OwnerId))
                    .col(ColumnDef::new(Playlists::Name).string().not_null())
                    .col(
                        ColumnDef::new(Playlists::Comment)
                            .string()
                            .not_null()
                            .default(""),
                    )
                    .col(
                        ColumnDef::new(Playlists::Public)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .col(big(Playlists::CreatedAt))
                    .col(big(Playlists::ChangedAt))
                    .foreign_key(&mut owner_key(
                        "fk_playlists_owner",
                        Playlists::Table,
                        Playlists::OwnerId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_playlists_owner",
            Playlists::Table,
            &[Playlists::OwnerId],
        )
        .await?;
        manager
            .create_table(
                Table::create()
                    .table(PlaylistTracks::Table)
                    .col(big(PlaylistTracks::PlaylistId))
                    .col(big(PlaylistTracks::Position))
                    .col(big(PlaylistTracks::TrackId))
                    .primary_key(
                        Index::create()
                            .col(PlaylistTracks::PlaylistId)
                            .col(PlaylistTracks::Position),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_playlist_tracks_playlist")
                            .from(PlaylistTracks::Table, PlaylistTracks::PlaylistId)
                            .to(Playlists::Table, Playlists::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            PlaylistTracks::Table.into_iden(),
            Playlists::Table.into_iden(),
            PlayQueues::Table.into_iden(),
            Plays::Table.into_iden(),
            Stars::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
