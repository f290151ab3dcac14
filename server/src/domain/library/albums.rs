//! Artists and albums as the scanner meets them: looked up in memory, created on first sight,
//! and given a cover and a year as soon as one of their tracks has them.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Set};

use super::tags::TrackTags;
use crate::domain::db::entity::{album, artist};
use crate::domain::db::keys::fold;

#[derive(Clone, Debug)]
struct KnownAlbum {
    id: i64,
    has_cover: bool,
    has_year: bool,
}

/// Name → id for artists and key → album, loaded once per scan.
pub struct AlbumBook {
    artists: HashMap<String, i64>,
    albums: HashMap<String, KnownAlbum>,
}

/// Where a track's cover can come from.
pub enum CoverSource<'a> {
    Image(&'a str),
    Embedded(&'a str),
}

impl AlbumBook {
    pub async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let artists = artist::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.sort_name, a.id))
            .collect();
        let albums = album::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|a| {
                let known = KnownAlbum {
                    id: a.id,
                    has_cover: a.cover_path.is_some(),
                    has_year: a.year.is_some(),
                };
                (a.key, known)
            })
            .collect();
        Ok(Self { artists, albums })
    }

    /// The id of the artist called `name` (case and accents aside), created if new.
    pub async fn artist(&mut self, db: &impl ConnectionTrait, name: &str) -> Result<i64, DbErr> {
        let key = fold(name);
        if let Some(&id) = self.artists.get(&key) {
            return Ok(id);
        }
        let row = artist::ActiveModel {
            name: Set(name.to_owned()),
            sort_name: Set(key.clone()),
            ..Default::default()
        };
        let id = artist::Entity::insert(row).exec(db).await?.last_insert_id;
        self.artists.insert(key, id);
        Ok(id)
    }

    /// The track's artist id and album id (`None` where the tags name none), creating what is new
    /// and completing the album's year and cover.
    pub async fn resolve(
        &mut self,
        db: &impl ConnectionTrait,
        tags: &TrackTags,
        cover: Option<CoverSource<'_>>,
    ) -> Result<(Option<i64>, Option<i64>), DbErr> {
        let artist_id = match &tags.artist {
            Some(name) => Some(self.artist(db, name).await?),
            None => None,
        };
        let Some(title) = &tags.album else {
            return Ok((artist_id, None));
        };
        let album_artist = tags.album_artist.as_ref().or(tags.artist.as_ref());
        let key = album_key(title, album_artist.map(String::as_str));
        let album_artist_id = match album_artist {
            Some(name) => Some(self.artist(db, name).await?),
            None => None,
        };
        let known = match self.albums.get(&key) {
            Some(known) => known.clone(),
            None => {
                let row = album::ActiveModel {
                    key: Set(key.clone()),
                    title: Set(title.clone()),
                    artist_id: Set(album_artist_id),
                    year: Set(None),
                    sort_title: Set(fold(title)),
                    cover_path: Set(None),
                    cover_embedded: Set(false),
                    ..Default::default()
                };
                let id = album::Entity::insert(row).exec(db).await?.last_insert_id;
                let known = KnownAlbum {
                    id,
                    has_cover: false,
                    has_year: false,
                };
                self.albums.insert(key.clone(), known.clone());
                known
            }
        };

        let mut update = album::ActiveModel {
            id: sea_orm::ActiveValue::Unchanged(known.id),
            ..Default::default()
        };
        let mut changed = false;
        let mut cover_set = false;
        if !known.has_year && tags.year.is_some() {
            update.year = Set(tags.year);
            changed = true;
        }
        if !known.has_cover {
            if let Some(cover) = cover {
                let (path, embedded) = match cover {
                    CoverSource::Image(path) => (path, false),
                    CoverSource::Embedded(path) => (path, true),
                };
                update.cover_path = Set(Some(path.to_owned()));
                update.cover_embedded = Set(embedded);
                changed = true;
                cover_set = true;
            }
        }
        if changed {
            update.update(db).await?;
            if let Some(entry) = self.albums.get_mut(&key) {
                entry.has_year |= tags.year.is_some();
                entry.has_cover |= cover_set;
            }
        }
        Ok((artist_id, Some(known.id)))
    }
}

/// What makes two tracks the same album: the title and the album artist, folded.
pub fn album_key(title: &str, album_artist: Option<&str>) -> String {
    format!(
        "{}\u{1f}{}",
        fold(title),
        album_artist.map(fold).unwrap_or_default()
    )
}

/// Removes albums no track is on any more, then artists nothing points to.
pub async fn remove_orphans(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared(
        "DELETE FROM albums WHERE id NOT IN \
           (SELECT album_id FROM tracks WHERE album_id IS NOT NULL)",
    )
    .await?;
    db.execute_unprepared(
        "DELETE FROM artists WHERE id NOT IN \
           (SELECT artist_id FROM tracks WHERE artist_id IS NOT NULL) \
         AND id NOT IN (SELECT artist_id FROM albums WHERE artist_id IS NOT NULL)",
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn album_keys_ignore_case_and_accents() {
        assert_eq!(
            album_key("Café Blue", Some("Émile")),
            album_key("CAFE BLUE", Some("emile"))
        );
        assert_ne!(album_key("Live", Some("A")), album_key("Live", Some("B")));
    }
}
