//! Plays: a play is recorded once half the track, or four minutes of it, was heard (the page
//! applies the rule, `app::model::play_counts`); the history views and play counts read them.

use std::collections::HashMap;

use app::model::{History, PlayedTrack, TrackQuery, TrackSort};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, FromQueryResult, JoinType, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait as _, Select,
};

use super::{now_seconds, Collection, CollectionError};
use crate::domain::db::entity::{play, track};
use crate::domain::db::queries;

/// How many rows each history view shows.
pub const HISTORY_ROWS: u64 = 50;

#[derive(Debug, FromQueryResult)]
struct PlayCount {
    track_id: i64,
    plays: i64,
    last_played: i64,
}

impl Collection {
    /// Counts a play of `track` by `user`, now.
    pub async fn record_play(&self, user: i64, track: i64) -> Result<(), CollectionError> {
        self.record_play_at(user, track, now_seconds()).await
    }

    /// Counts a play of `track` by `user` at `played_at` (Unix seconds; an app that played
    /// offline tells the time later). A time in the future is taken as now.
    pub async fn record_play_at(
        &self,
        user: i64,
        track: i64,
        played_at: i64,
    ) -> Result<(), CollectionError> {
        if track::Entity::find_by_id(track).count(&self.db).await? == 0 {
            return Err(CollectionError::UnknownItem);
        }
        play::Entity::insert(play::ActiveModel {
            user_id: Set(user),
            track_id: Set(track),
            played_at: Set(played_at.min(now_seconds())),
            ..Default::default()
        })
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// Recently played, most played and recently added.
    pub async fn history(&self, user: i64) -> Result<History, CollectionError> {
        let recent = self
            .played(
                counts(user)
                    .order_by_desc(Expr::cust("last_played"))
                    .limit(HISTORY_ROWS),
            )
            .await?;
        let most = self
            .played(
                counts(user)
                    .order_by_desc(Expr::cust("plays"))
                    .order_by_desc(Expr::cust("last_played"))
                    .limit(HISTORY_ROWS),
            )
            .await?;
        let newest = TrackQuery {
            sort: TrackSort::Added,
            per_page: HISTORY_ROWS as u32,
            ..TrackQuery::default()
        };
        let added = self.library.tracks(&newest).await?.items;
        Ok(History {
            recent,
            most,
            added,
        })
    }

    /// The tracks of `artist` that `user` played most, at most `limit`.
    pub async fn most_played_of_artist(
        &self,
        user: i64,
        artist: i64,
        limit: u64,
    ) -> Result<Vec<PlayedTrack>, CollectionError> {
        let select = counts(user)
            .join(JoinType::InnerJoin, play::Relation::Track.def())
            .filter(track::Column::ArtistId.eq(artist))
            .order_by_desc(Expr::cust("plays"))
            .order_by_desc(Expr::cust("last_played"))
            .limit(limit);
        self.played(select).await
    }

    async fn played(
        &self,
        select: Select<play::Entity>,
    ) -> Result<Vec<PlayedTrack>, CollectionError> {
        let rows = select.into_model::<PlayCount>().all(&self.db).await?;
        let ids: Vec<i64> = rows.iter().map(|row| row.track_id).collect();
        let mut tracks: HashMap<i64, _> = queries::tracks_by_ids(&self.db, &ids)
            .await?
            .into_iter()
            .map(|track| (track.id, track))
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                Some(PlayedTrack {
                    track: tracks.remove(&row.track_id)?,
                    plays: u64::try_from(row.plays).unwrap_or(0),
                    last_played: row.last_played,
                })
            })
            .collect())
    }
}

/// `user`'s plays grouped by track: the track, its number of plays and the last one.
fn counts(user: i64) -> Select<play::Entity> {
    play::Entity::find()
        .select_only()
        .column(play::Column::TrackId)
        .column_as(Expr::cust("COUNT(*)"), "plays")
        .column_as(Expr::cust("MAX(plays.played_at)"), "last_played")
        .filter(play::Column::UserId.eq(user))
        .group_by(play::Column::TrackId)
}
