//! What a listener has put on items of the library, read for many items at once: the star and
//! its time, the rating, and (for tracks and albums) how often and when last played. Programs
//! that show an item show these beside it (the Subsonic API does on every song and album).

use std::collections::{HashMap, HashSet};

use app::model::StarKind;
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, Statement};

use super::{Collection, CollectionError};
use crate::domain::db::entity::{rating, star};

/// One listener's marks on one item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// Unix seconds.
    pub starred_at: Option<i64>,
    /// 1 to 5.
    pub rating: Option<i32>,
    pub plays: i64,
    /// Unix seconds.
    pub last_played: Option<i64>,
}

/// Up to this many items are looked up by id; more, by the listener's rows.
const MANY: usize = 500;

#[derive(Debug, FromQueryResult)]
struct Played {
    item_id: i64,
    plays: i64,
    last_played: i64,
}

impl Collection {
    /// `user`'s marks on the items `ids` of `kind` (items without any are left out).
    pub async fn marks(
        &self,
        user: i64,
        kind: StarKind,
        ids: &[i64],
    ) -> Result<HashMap<i64, Marks>, CollectionError> {
        let mut marks: HashMap<i64, Marks> = HashMap::new();
        let wanted: HashSet<i64> = ids.iter().copied().collect();
        // Many items (every artist, say): the listener's own stars and ratings of this kind in
        // one go, fewer than the items as a rule; else by id, a chunk at a time.
        let chunks: Vec<Option<&[i64]>> = if ids.len() > MANY {
            vec![None]
        } else {
            ids.chunks(MANY).map(Some).collect()
        };
        for chunk in chunks {
            let mut stars = star::Entity::find()
                .filter(star::Column::UserId.eq(user))
                .filter(star::Column::Kind.eq(kind.as_str()));
            let mut ratings = rating::Entity::find()
                .filter(rating::Column::UserId.eq(user))
                .filter(rating::Column::Kind.eq(kind.as_str()));
            if let Some(chunk) = chunk {
                stars = stars.filter(star::Column::ItemId.is_in(chunk.to_vec()));
                ratings = ratings.filter(rating::Column::ItemId.is_in(chunk.to_vec()));
            }
            for row in stars.all(&self.db).await? {
                if wanted.contains(&row.item_id) {
                    marks.entry(row.item_id).or_default().starred_at = Some(row.starred_at);
                }
            }
            for row in ratings.all(&self.db).await? {
                if wanted.contains(&row.item_id) {
                    marks.entry(row.item_id).or_default().rating = Some(row.rating);
                }
            }
        }
        for chunk in ids.chunks(MANY) {
            for played in self.plays_of(user, kind, chunk).await? {
                let mark = marks.entry(played.item_id).or_default();
                mark.plays = played.plays;
                mark.last_played = Some(played.last_played);
            }
        }
        Ok(marks)
    }

    /// Play counts of tracks, or of albums (their tracks' plays together).
    async fn plays_of(
        &self,
        user: i64,
        kind: StarKind,
        ids: &[i64],
    ) -> Result<Vec<Played>, CollectionError> {
        let item = match kind {
            StarKind::Track => "plays.track_id",
            StarKind::Album => "tracks.album_id",
            StarKind::Artist => return Ok(Vec::new()),
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        // The ids are integers we hold, never text from a request.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let sql = format!(
            "SELECT {item} AS item_id, COUNT(*) AS plays, MAX(plays.played_at) AS last_played \
             FROM plays JOIN tracks ON tracks.id = plays.track_id \
             WHERE plays.user_id = {user} AND {item} IN ({list}) GROUP BY {item}"
        );
        let backend = self.db.get_database_backend();
        Ok(
            Played::find_by_statement(Statement::from_string(backend, sql))
                .all(&self.db)
                .await?,
        )
    }
}
