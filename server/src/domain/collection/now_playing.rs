//! What each listener's players are playing now: a player says so when a track starts (a
//! Subsonic "now playing" scrobble), and it is shown to every listener for a while. Kept in the
//! database so that every instance shows the same.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{now_seconds, Collection, CollectionError};
use crate::domain::db::entity::{now_playing, user};

/// How long a "now playing" is shown without a newer one (seconds).
pub const NOW_PLAYING_FOR: i64 = 30 * 60;
const MAX_PLAYER_NAME: usize = 120;

/// One player's track, as every listener sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NowPlaying {
    pub user_name: String,
    pub player: String,
    pub track_id: i64,
    /// Unix seconds.
    pub started_at: i64,
}

impl Collection {
    /// `user`'s `player` has started `track`.
    pub async fn playing_now(
        &self,
        user: i64,
        player: &str,
        track: i64,
    ) -> Result<(), CollectionError> {
        let player: String = player.chars().take(MAX_PLAYER_NAME).collect();
        now_playing::Entity::insert(now_playing::ActiveModel {
            user_id: Set(user),
            player: Set(player),
            track_id: Set(track),
            started_at: Set(now_seconds()),
        })
        .on_conflict(
            OnConflict::columns([now_playing::Column::UserId, now_playing::Column::Player])
                .update_columns([now_playing::Column::TrackId, now_playing::Column::StartedAt])
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// What is playing now, on every listener's players, newest first.
    pub async fn now_playing(&self) -> Result<Vec<NowPlaying>, CollectionError> {
        let since = now_seconds() - NOW_PLAYING_FOR;
        Ok(now_playing::Entity::find()
            .filter(now_playing::Column::StartedAt.gte(since))
            .order_by_desc(now_playing::Column::StartedAt)
            .find_also_related(user::Entity)
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|(row, owner)| {
                let owner = owner.filter(|owner| !owner.disabled)?;
                Some(NowPlaying {
                    user_name: owner.name,
                    player: row.player,
                    track_id: row.track_id,
                    started_at: row.started_at,
                })
            })
            .collect())
    }
}
