//! Stars on tracks, albums and artists.

use std::collections::HashMap;

use app::model::{ArtistSummary, Favourites, StarIds, StarKind};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::{now_seconds, Collection, CollectionError};
use crate::domain::db::entity::{album, artist, star, track};
use crate::domain::db::queries;

impl Collection {
    /// Every id `user` starred, by kind.
    pub async fn star_ids(&self, user: i64) -> Result<StarIds, CollectionError> {
        let mut ids = StarIds::default();
        for row in self.stars_of(user).await? {
            if let Some(kind) = StarKind::parse(&row.kind) {
                ids.of_mut(kind).push(row.item_id);
            }
        }
        Ok(ids)
    }

    /// Stars (or unstars) a track, an album or an artist for `user`. Starring what is already
    /// starred keeps the first star's time.
    pub async fn set_star(
        &self,
        user: i64,
        kind: StarKind,
        id: i64,
        starred: bool,
    ) -> Result<(), CollectionError> {
        if !starred {
            star::Entity::delete_many()
                .filter(star::Column::UserId.eq(user))
                .filter(star::Column::Kind.eq(kind.as_str()))
                .filter(star::Column::ItemId.eq(id))
                .exec(&self.db)
                .await?;
            return Ok(());
        }
        if !self.exists(kind, id).await? {
            return Err(CollectionError::UnknownItem);
        }
        star::Entity::insert(star::ActiveModel {
            user_id: Set(user),
            kind: Set(kind.as_str().to_owned()),
            item_id: Set(id),
            starred_at: Set(now_seconds()),
        })
        .on_conflict_do_nothing_on([
            star::Column::UserId,
            star::Column::Kind,
            star::Column::ItemId,
        ])
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// What `user` starred that is still in the library, newest star first.
    pub async fn favourites(&self, user: i64) -> Result<Favourites, CollectionError> {
        let ids = self.star_ids(user).await?;
        let artists = artist::Entity::find()
            .filter(artist::Column::Id.is_in(ids.artists.clone()))
            .all(&self.db)
            .await?;
        // Their track counts in one grouped query, not one query per artist.
        let counts: HashMap<i64, i64> = track::Entity::find()
            .select_only()
            .column(track::Column::ArtistId)
            .column_as(Expr::cust("COUNT(*)"), "tracks")
            .filter(track::Column::ArtistId.is_in(ids.artists.clone()))
            .group_by(track::Column::ArtistId)
            .into_tuple::<(i64, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let named = ids
            .artists
            .iter()
            .filter_map(|id| artists.iter().find(|a| a.id == *id))
            .map(|row| ArtistSummary {
                id: row.id,
                name: row.name.clone(),
                track_count: counts
                    .get(&row.id)
                    .map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
            })
            .collect();
        Ok(Favourites {
            tracks: queries::tracks_by_ids(&self.db, &ids.tracks).await?,
            albums: self.library.albums_by_ids(&ids.albums).await?,
            artists: named,
        })
    }

    /// `user`'s stars, newest first.
    async fn stars_of(&self, user: i64) -> Result<Vec<star::Model>, CollectionError> {
        Ok(star::Entity::find()
            .filter(star::Column::UserId.eq(user))
            .order_by_desc(star::Column::StarredAt)
            .order_by_desc(star::Column::ItemId)
            .all(&self.db)
            .await?)
    }

    pub(super) async fn exists(&self, kind: StarKind, id: i64) -> Result<bool, CollectionError> {
        let found = match kind {
            StarKind::Track => track::Entity::find_by_id(id).count(&self.db).await?,
            StarKind::Album => album::Entity::find_by_id(id).count(&self.db).await?,
            StarKind::Artist => artist::Entity::find_by_id(id).count(&self.db).await?,
        };
        Ok(found > 0)
    }
}
