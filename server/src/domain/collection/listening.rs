//! Albums in the orders only a listener's own data gives: most played, last played, starred,
//! best rated. A page of album ids; the album rows come from the library.

use app::model::StarKind;
use sea_orm::{ConnectionTrait, Statement};

use super::{Collection, CollectionError};

/// Which of a listener's album lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListenerAlbums {
    /// Most plays of their tracks first.
    Frequent,
    /// Last played first.
    Recent,
    /// Newest star first.
    Starred,
    /// Highest rating first.
    Highest,
}

impl Collection {
    /// A page of `user`'s albums of the `list`.
    pub async fn listener_albums(
        &self,
        user: i64,
        list: ListenerAlbums,
        offset: u64,
        size: u64,
    ) -> Result<Vec<i64>, CollectionError> {
        let album = StarKind::Album.as_str();
        // Only integers we hold go into the text: the user's id, the page, a fixed kind.
        let sql = match list {
            ListenerAlbums::Frequent => format!(
                "SELECT tracks.album_id AS id FROM plays JOIN tracks ON tracks.id = plays.track_id \
                 WHERE plays.user_id = {user} AND tracks.album_id IS NOT NULL \
                 GROUP BY tracks.album_id ORDER BY COUNT(*) DESC, tracks.album_id"
            ),
            ListenerAlbums::Recent => format!(
                "SELECT tracks.album_id AS id FROM plays JOIN tracks ON tracks.id = plays.track_id \
                 WHERE plays.user_id = {user} AND tracks.album_id IS NOT NULL \
                 GROUP BY tracks.album_id ORDER BY MAX(plays.played_at) DESC, tracks.album_id"
            ),
            ListenerAlbums::Starred => format!(
                "SELECT item_id AS id FROM stars WHERE user_id = {user} AND kind = '{album}' \
                 ORDER BY starred_at DESC, item_id DESC"
            ),
            ListenerAlbums::Highest => format!(
                "SELECT item_id AS id FROM ratings WHERE user_id = {user} AND kind = '{album}' \
                 ORDER BY rating DESC, item_id"
            ),
        };
        let sql = format!("{sql} LIMIT {size} OFFSET {offset}");
        let backend = self.db.get_database_backend();
        let rows = self
            .db
            .query_all_raw(Statement::from_string(backend, sql))
            .await?;
        Ok(rows
            .iter()
            .filter_map(|row| row.try_get::<i64>("", "id").ok())
            .collect())
    }
}
