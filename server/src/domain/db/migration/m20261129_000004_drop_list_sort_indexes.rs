//! Drops the three indexes behind the list's sort orders: the list has been sorted in memory
//! (`domain::library::list`) since the generation was introduced, so they cost every scan's writes
//! and read nothing. `down` makes them again as migration 2 did.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Tracks {
    Table,
    Id,
    SortArtist,
    SortAlbum,
    AlbumPosition,
    SortTitle,
    AddedAt,
}

fn sort_indexes() -> [(&'static str, Vec<Tracks>); 3] {
    [
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
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in sort_indexes() {
            manager
                .drop_index(Index::drop().name(name).table(Tracks::Table).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, columns) in sort_indexes() {
            let mut index = Index::create();
            index.name(name).table(Tracks::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }
}
