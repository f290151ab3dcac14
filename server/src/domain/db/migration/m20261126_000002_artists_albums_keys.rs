//! Artists and albums get their own tables; tracks point at them and gain folded sort and search
//! keys, with indexes for each order of the list. Existing rows are marked for re-reading, so the
//! next scan fills the new columns without changing any track's id.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Artists {
    Table,
    Id,
    Name,
    SortName,
}

#[derive(DeriveIden)]
enum Albums {
    Table,
    Id,
    /// Folded title and album artist: what makes two tracks the same album.
    Key,
    Title,
    ArtistId,
    Year,
    SortTitle,
    /// The image beside the files, or the audio file whose tag holds the picture.
    CoverPath,
    CoverEmbedded,
}

#[derive(DeriveIden)]
enum Tracks {
    Table,
    ArtistId,
    AlbumId,
    SortArtist,
    SortAlbum,
    SortTitle,
    AlbumPosition,
    SearchText,
    AddedAt,
    Id,
    MtimeNs,
}

const OLD_INDEXES: [&str; 2] = ["idx_tracks_artist_album", "idx_tracks_title"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Artists::Table)
                    .col(
                        ColumnDef::new(Artists::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Artists::Name)
                            .string()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Artists::SortName).string().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_artists_sort_name")
                    .table(Artists::Table)
                    .col(Artists::SortName)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Albums::Table)
                    .col(
                        ColumnDef::new(Albums::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Albums::Key).string().not_null().unique_key())
                    .col(ColumnDef::new(Albums::Title).string().not_null())
                    .col(ColumnDef::new(Albums::ArtistId).big_integer())
                    .col(ColumnDef::new(Albums::Year).integer())
                    .col(ColumnDef::new(Albums::SortTitle).string().not_null())
                    .col(ColumnDef::new(Albums::CoverPath).string())
                    .col(
                        ColumnDef::new(Albums::CoverEmbedded)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_albums_artist")
                            .from(Albums::Table, Albums::ArtistId)
                            .to(Artists::Table, Artists::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_albums_sort_title")
                    .table(Albums::Table)
                    .col(Albums::SortTitle)
                    .to_owned(),
            )
            .await?;

        // SQLite alters one column per statement.
        for column in [
            ColumnDef::new(Tracks::ArtistId).big_integer().to_owned(),
            ColumnDef::new(Tracks::AlbumId).big_integer().to_owned(),
            text_key(Tracks::SortArtist),
            text_key(Tracks::SortAlbum),
            text_key(Tracks::SortTitle),
            ColumnDef::new(Tracks::AlbumPosition)
                .big_integer()
                .not_null()
                .default(0)
                .to_owned(),
            text_key(Tracks::SearchText),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tracks::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for name in OLD_INDEXES {
            manager
                .drop_index(Index::drop().name(name).table(Tracks::Table).to_owned())
                .await?;
        }
        for (name, columns) in new_indexes() {
            let mut index = Index::create();
            index.name(name).table(Tracks::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }

        // The next scan re-reads every known file (ids kept) to fill the new columns.
        manager
            .exec_stmt(
                Query::update()
                    .table(Tracks::Table)
                    .value(Tracks::MtimeNs, -1)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in new_indexes() {
            manager
                .drop_index(Index::drop().name(name).table(Tracks::Table).to_owned())
                .await?;
        }
        for column in [
            Tracks::SearchText,
            Tracks::AlbumPosition,
            Tracks::SortTitle,
            Tracks::SortAlbum,
            Tracks::SortArtist,
            Tracks::AlbumId,
            Tracks::ArtistId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tracks::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // The first migration's indexes, as it made them.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_tracks_artist_album ON tracks (artist, album, disc_number, track_number); \
                 CREATE INDEX idx_tracks_title ON tracks (title)",
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Albums::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Artists::Table).to_owned())
            .await
    }
}

fn text_key(column: Tracks) -> ColumnDef {
    ColumnDef::new(column)
        .string()
        .not_null()
        .default("")
        .to_owned()
}

/// One index per order of the list, each ending in the id so pages are stable; and the links
/// to albums and artists.
fn new_indexes() -> Vec<(&'static str, Vec<Tracks>)> {
    vec![
        (
            "idx_tracks_shelf",
            vec![
                Tracks::SortArtist,
                Tracks::SortAlbum,
                Tracks::AlbumPosition,
                Tracks::SortTitle,
                Tracks::Id,
            ],
        ),
        ("idx_tracks_sort_title", vec![Tracks::SortTitle, Tracks::Id]),
        ("idx_tracks_added", vec![Tracks::AddedAt, Tracks::Id]),
        ("idx_tracks_album", vec![Tracks::AlbumId]),
        ("idx_tracks_artist", vec![Tracks::ArtistId]),
    ]
}
