//! The `tracks` table and the indexes behind the list's sort order.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tracks {
    Table,
    Id,
    Path,
    Title,
    Artist,
    Album,
    AlbumArtist,
    TrackNumber,
    DiscNumber,
    Year,
    Genre,
    DurationMs,
    Format,
    BitrateKbps,
    SampleRate,
    Channels,
    FileSize,
    MtimeNs,
    AddedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tracks::Table)
                    .if_not_exists()
                    .col(
                        ColumnDef::new(Tracks::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Tracks::Path)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Tracks::Title).string().not_null())
                    .col(ColumnDef::new(Tracks::Artist).string())
                    .col(ColumnDef::new(Tracks::Album).string())
                    .col(ColumnDef::new(Tracks::AlbumArtist).string())
                    .col(ColumnDef::new(Tracks::TrackNumber).integer())
                    .col(ColumnDef::new(Tracks::DiscNumber).integer())
                    .col(ColumnDef::new(Tracks::Year).integer())
                    .col(ColumnDef::new(Tracks::Genre).string())
                    .col(ColumnDef::new(Tracks::DurationMs).big_integer().not_null())
                    .col(ColumnDef::new(Tracks::Format).string().not_null())
                    .col(ColumnDef::new(Tracks::BitrateKbps).integer())
                    .col(ColumnDef::new(Tracks::SampleRate).integer())
                    .col(ColumnDef::new(Tracks::Channels).integer())
                    .col(ColumnDef::new(Tracks::FileSize).big_integer().not_null())
                    .col(ColumnDef::new(Tracks::MtimeNs).big_integer().not_null())
                    .col(ColumnDef::new(Tracks::AddedAt).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tracks_artist_album")
                    .table(Tracks::Table)
                    .col(Tracks::Artist)
                    .col(Tracks::Album)
                    .col(Tracks::DiscNumber)
                    .col(Tracks::TrackNumber)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_tracks_title")
                    .table(Tracks::Table)
                    .col(Tracks::Title)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Tracks::Table).to_owned())
            .await
    }
}
