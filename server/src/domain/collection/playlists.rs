//! Playlists: each has an owner; it is private unless the owner makes it public, and then other
//! listeners may read and play it, never change it. A playlist another listener cannot see
//! answers as if it did not exist.

use std::collections::HashMap;

use app::model::{
    PlaylistDetail, PlaylistEdit, PlaylistSummary, MAX_PLAYLIST_NAME, MAX_PLAYLIST_TRACKS,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};

use super::{now_seconds, Collection, CollectionError};
use crate::domain::db::entity::{playlist, playlist_track, track, user};
use crate::domain::db::queries;

/// Several changes to a playlist at once, as a program sends them (Subsonic's `updatePlaylist`):
/// the entries at `remove` (positions from 0 in the playlist as it was) go first, then `add`
/// is appended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlaylistChange {
    pub name: Option<String>,
    pub comment: Option<String>,
    pub public: Option<bool>,
    pub add: Vec<i64>,
    pub remove: Vec<usize>,
}

/// A playlist with everything a program shows of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaylistInfo {
    pub row: playlist::Model,
    pub owner: String,
    pub track_count: u64,
    pub duration_ms: i64,
}

#[derive(Debug, sea_orm::FromQueryResult)]
struct Lengths {
    playlist_id: i64,
    tracks: i64,
    duration_ms: i64,
}

impl Collection {
    /// Like [`Collection::playlists`], with comment, times and lengths: `user`'s playlists and
    /// the other listeners' public ones, by name.
    pub async fn playlist_infos(&self, user: i64) -> Result<Vec<PlaylistInfo>, CollectionError> {
        let rows = self.visible_rows(user).await?;
        self.infos(rows).await
    }

    /// One playlist `user` may see, with its track ids in order; `None` otherwise.
    pub async fn playlist_info(
        &self,
        user: i64,
        id: i64,
    ) -> Result<Option<(PlaylistInfo, Vec<i64>)>, CollectionError> {
        let Some(row) = self.visible(user, id).await? else {
            return Ok(None);
        };
        let ids = entries(&self.db, id).await?;
        let info = self.infos(vec![row]).await?.pop();
        Ok(info.map(|info| (info, ids)))
    }

    async fn infos(
        &self,
        rows: Vec<playlist::Model>,
    ) -> Result<Vec<PlaylistInfo>, CollectionError> {
        let owners = self.owner_names(&rows).await?;
        let ids = rows
            .iter()
            .map(|row| row.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let lengths: HashMap<i64, Lengths> = if rows.is_empty() {
            HashMap::new()
        } else {
            // Every playlist's length and time in one grouped query; the ids are ours.
            let sql = format!(
                "SELECT playlist_tracks.playlist_id AS playlist_id, COUNT(*) AS tracks, \
                 CAST(SUM(tracks.duration_ms) AS BIGINT) AS duration_ms \
                 FROM playlist_tracks JOIN tracks ON tracks.id = playlist_tracks.track_id \
                 WHERE playlist_tracks.playlist_id IN ({ids}) GROUP BY playlist_tracks.playlist_id"
            );
            let backend = self.db.get_database_backend();
            <Lengths as sea_orm::FromQueryResult>::find_by_statement(
                sea_orm::Statement::from_string(backend, sql),
            )
            .all(&self.db)
            .await?
            .into_iter()
            .map(|length| (length.playlist_id, length))
            .collect()
        };
        Ok(rows
            .into_iter()
            .map(|row| {
                let length = lengths.get(&row.id);
                PlaylistInfo {
                    owner: owners.get(&row.owner_id).cloned().unwrap_or_default(),
                    track_count: length.map_or(0, |l| u64::try_from(l.tracks).unwrap_or(0)),
                    duration_ms: length.map_or(0, |l| l.duration_ms),
                    row,
                }
            })
            .collect())
    }

    /// Applies several changes to playlist `id`, which `user` must own, in one transaction.
    pub async fn change_playlist(
        &self,
        user: i64,
        id: i64,
        change: PlaylistChange,
    ) -> Result<(), CollectionError> {
        let row = self.owned(user, id).await?;
        let mut changed: playlist::ActiveModel = row.into();
        changed.changed_at = Set(now_seconds());
        if let Some(name) = &change.name {
            changed.name = Set(playlist_name(name)?);
        }
        if let Some(comment) = change.comment {
            changed.comment = Set(comment.chars().take(MAX_PLAYLIST_NAME * 4).collect());
        }
        if let Some(public) = change.public {
            changed.public = Set(public);
        }
        let txn = self.db.begin().await?;
        if !change.add.is_empty() || !change.remove.is_empty() {
            let ids = entries(&txn, id).await?;
            let mut kept: Vec<i64> = ids
                .into_iter()
                .enumerate()
                .filter(|(position, _)| !change.remove.contains(position))
                .map(|(_, track)| track)
                .collect();
            kept.extend(known_tracks(&txn, &change.add).await?);
            write_entries(&txn, id, &kept).await?;
        }
        changed.update(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// `user`'s playlists and the other listeners' public ones, by name.
    pub async fn playlists(&self, user: i64) -> Result<Vec<PlaylistSummary>, CollectionError> {
        let rows = self.visible_rows(user).await?;
        let owners = self.owner_names(&rows).await?;
        // Every playlist's length in one grouped query, not one query per playlist.
        let ids: Vec<i64> = rows.iter().map(|row| row.id).collect();
        let counts: HashMap<i64, i64> = playlist_track::Entity::find()
            .select_only()
            .column(playlist_track::Column::PlaylistId)
            .column_as(Expr::cust("COUNT(*)"), "tracks")
            .filter(playlist_track::Column::PlaylistId.is_in(ids))
            .group_by(playlist_track::Column::PlaylistId)
            .into_tuple::<(i64, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        Ok(rows
            .iter()
            .map(|row| {
                let count = counts
                    .get(&row.id)
                    .map_or(0, |n| u64::try_from(*n).unwrap_or(0));
                summary(row, user, &owners, count)
            })
            .collect())
    }

    /// A playlist `user` may see, with its tracks; `None` otherwise.
    pub async fn playlist(
        &self,
        user: i64,
        id: i64,
    ) -> Result<Option<PlaylistDetail>, CollectionError> {
        let Some(row) = self.visible(user, id).await? else {
            return Ok(None);
        };
        let ids = entries(&self.db, id).await?;
        let tracks = queries::tracks_by_ids(&self.db, &ids).await?;
        let owners = self.owner_names(std::slice::from_ref(&row)).await?;
        Ok(Some(PlaylistDetail {
            playlist: summary(&row, user, &owners, ids.len() as u64),
            tracks,
        }))
    }

    /// A new, private playlist of `user`, with these tracks (unknown ids left out).
    pub async fn create_playlist(
        &self,
        user: i64,
        name: &str,
        tracks: &[i64],
    ) -> Result<i64, CollectionError> {
        let name = playlist_name(name)?;
        let now = now_seconds();
        let known = known_tracks(&self.db, tracks).await?;
        let txn = self.db.begin().await?;
        let created = playlist::ActiveModel {
            owner_id: Set(user),
            name: Set(name),
            comment: Set(String::new()),
            public: Set(false),
            created_at: Set(now),
            changed_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        write_entries(&txn, created.id, &known).await?;
        txn.commit().await?;
        Ok(created.id)
    }

    /// Applies `edit` to playlist `id`, which `user` must own.
    pub async fn edit_playlist(
        &self,
        user: i64,
        id: i64,
        edit: PlaylistEdit,
    ) -> Result<(), CollectionError> {
        let row = self.owned(user, id).await?;
        let mut changed: playlist::ActiveModel = row.into();
        changed.changed_at = Set(now_seconds());
        let txn = self.db.begin().await?;
        match edit {
            PlaylistEdit::Rename(name) => changed.name = Set(playlist_name(&name)?),
            PlaylistEdit::SetPublic(public) => changed.public = Set(public),
            PlaylistEdit::Add(tracks) => {
                let mut ids = entries(&txn, id).await?;
                ids.extend(known_tracks(&txn, &tracks).await?);
                write_entries(&txn, id, &ids).await?;
            }
            PlaylistEdit::Remove(position) => {
                let mut ids = entries(&txn, id).await?;
                if (position as usize) < ids.len() {
                    ids.remove(position as usize);
                    write_entries(&txn, id, &ids).await?;
                }
            }
            PlaylistEdit::Move { from, to } => {
                let mut ids = entries(&txn, id).await?;
                let (from, to) = (from as usize, to as usize);
                if from < ids.len() && to < ids.len() && from != to {
                    let moved = ids.remove(from);
                    ids.insert(to, moved);
                    write_entries(&txn, id, &ids).await?;
                }
            }
        }
        changed.update(&txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Deletes playlist `id`, which `user` must own.
    pub async fn delete_playlist(&self, user: i64, id: i64) -> Result<(), CollectionError> {
        self.owned(user, id).await?;
        // Its entries go with it (ON DELETE CASCADE; SQLite's foreign keys may be off).
        playlist_track::Entity::delete_many()
            .filter(playlist_track::Column::PlaylistId.eq(id))
            .exec(&self.db)
            .await?;
        playlist::Entity::delete_by_id(id).exec(&self.db).await?;
        Ok(())
    }

    /// `user`'s playlists and the other listeners' public ones, by name.
    async fn visible_rows(&self, user: i64) -> Result<Vec<playlist::Model>, CollectionError> {
        Ok(playlist::Entity::find()
            .filter(
                Condition::any()
                    .add(playlist::Column::OwnerId.eq(user))
                    .add(playlist::Column::Public.eq(true)),
            )
            .order_by_asc(playlist::Column::Name)
            .order_by_asc(playlist::Column::Id)
            .all(&self.db)
            .await?)
    }

    /// The playlist when `user` owns it or it is public.
    async fn visible(
        &self,
        user: i64,
        id: i64,
    ) -> Result<Option<playlist::Model>, CollectionError> {
        Ok(playlist::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .filter(|row| row.owner_id == user || row.public))
    }

    /// The playlist when `user` owns it; not found otherwise (another's public playlist too).
    async fn owned(&self, user: i64, id: i64) -> Result<playlist::Model, CollectionError> {
        playlist::Entity::find_by_id(id)
            .one(&self.db)
            .await?
            .filter(|row| row.owner_id == user)
            .ok_or(CollectionError::UnknownItem)
    }

    async fn owner_names(
        &self,
        rows: &[playlist::Model],
    ) -> Result<HashMap<i64, String>, CollectionError> {
        let ids: Vec<i64> = rows.iter().map(|row| row.owner_id).collect();
        Ok(user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|owner| (owner.id, owner.name))
            .collect())
    }
}

fn summary(
    row: &playlist::Model,
    user: i64,
    owners: &HashMap<i64, String>,
    track_count: u64,
) -> PlaylistSummary {
    PlaylistSummary {
        id: row.id,
        name: row.name.clone(),
        owner: owners.get(&row.owner_id).cloned().unwrap_or_default(),
        mine: row.owner_id == user,
        public: row.public,
        track_count,
    }
}

/// A name trimmed and cut to [`MAX_PLAYLIST_NAME`] characters; an empty one is refused.
fn playlist_name(name: &str) -> Result<String, CollectionError> {
    let name: String = name.trim().chars().take(MAX_PLAYLIST_NAME).collect();
    if name.is_empty() {
        return Err(CollectionError::InvalidName);
    }
    Ok(name)
}

/// The playlist's track ids in order.
async fn entries(db: &impl ConnectionTrait, id: i64) -> Result<Vec<i64>, CollectionError> {
    Ok(playlist_track::Entity::find()
        .filter(playlist_track::Column::PlaylistId.eq(id))
        .order_by_asc(playlist_track::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|entry| entry.track_id)
        .collect())
}

/// Writes the playlist's entries anew, positions from 0.
async fn write_entries(
    db: &impl ConnectionTrait,
    id: i64,
    tracks: &[i64],
) -> Result<(), CollectionError> {
    if tracks.len() > MAX_PLAYLIST_TRACKS {
        return Err(CollectionError::PlaylistTooLong);
    }
    playlist_track::Entity::delete_many()
        .filter(playlist_track::Column::PlaylistId.eq(id))
        .exec(db)
        .await?;
    for (chunk_start, chunk) in (0..).step_by(500).zip(tracks.chunks(500)) {
        let rows = chunk
            .iter()
            .enumerate()
            .map(|(i, track)| playlist_track::ActiveModel {
                playlist_id: Set(id),
                position: Set(chunk_start + i as i64),
                track_id: Set(*track),
            });
        playlist_track::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The ids that name tracks of the library, in the order given.
async fn known_tracks(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<i64>, CollectionError> {
    let mut known = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        let found: Vec<i64> = track::Entity::find()
            .select_only()
            .column(track::Column::Id)
            .filter(track::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        known.extend(found);
    }
    Ok(ids
        .iter()
        .copied()
        .filter(|id| known.contains(id))
        .collect())
}
