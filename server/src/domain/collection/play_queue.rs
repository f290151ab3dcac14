//! The play queue kept on the server: each device saves it every few seconds while playing and
//! on pause; another device offers to continue from it.

use app::model::{QueueState, SavedQueue, MAX_SAVED_QUEUE};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::{now_millis, Collection, CollectionError};
use crate::domain::db::entity::play_queue;
use crate::domain::db::queries;

/// The longest device name kept.
const MAX_DEVICE_NAME: usize = 120;

impl Collection {
    /// Keeps `queue` as `user`'s, saved by `device`.
    pub async fn save_queue(
        &self,
        user: i64,
        queue: &QueueState,
        device: &str,
    ) -> Result<(), CollectionError> {
        if queue.track_ids.len() > MAX_SAVED_QUEUE {
            return Err(CollectionError::QueueTooLong);
        }
        let ids: Vec<String> = queue.track_ids.iter().map(i64::to_string).collect();
        let device: String = device.chars().take(MAX_DEVICE_NAME).collect();
        play_queue::Entity::insert(play_queue::ActiveModel {
            user_id: Set(user),
            track_ids: Set(ids.join(",")),
            current_track: Set(queue.current),
            position_ms: Set(i64::try_from(queue.position_ms).unwrap_or(i64::MAX)),
            changed_at: Set(now_millis()),
            changed_by: Set(device),
        })
        .on_conflict(
            OnConflict::column(play_queue::Column::UserId)
                .update_columns([
                    play_queue::Column::TrackIds,
                    play_queue::Column::CurrentTrack,
                    play_queue::Column::PositionMs,
                    play_queue::Column::ChangedAt,
                    play_queue::Column::ChangedBy,
                ])
                .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }

    /// `user`'s saved queue with the tracks still in the library; `None` when none was saved.
    pub async fn saved_queue(&self, user: i64) -> Result<Option<SavedQueue>, CollectionError> {
        let Some(row) = play_queue::Entity::find_by_id(user).one(&self.db).await? else {
            return Ok(None);
        };
        let ids: Vec<i64> = row
            .track_ids
            .split(',')
            .filter_map(|id| id.parse().ok())
            .collect();
        let tracks = queries::tracks_by_ids(&self.db, &ids).await?;
        let current = row
            .current_track
            .filter(|id| tracks.iter().any(|t| t.id == *id));
        Ok(Some(SavedQueue {
            tracks,
            current,
            position_ms: u64::try_from(row.position_ms).unwrap_or(0),
            changed_at: row.changed_at,
            changed_by: row.changed_by,
        }))
    }
}
