//! Ratings, 1 to 5, on tracks, albums and artists; 0 takes a rating away.

use app::model::StarKind;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::{Collection, CollectionError};
use crate::domain::db::entity::rating;

impl Collection {
    /// Rates an item for `user` (1 to 5), or takes the rating away (0).
    pub async fn set_rating(
        &self,
        user: i64,
        kind: StarKind,
        id: i64,
        value: u8,
    ) -> Result<(), CollectionError> {
        if value > 5 {
            return Err(CollectionError::InvalidRating);
        }
        if value == 0 {
            rating::Entity::delete_many()
                .filter(rating::Column::UserId.eq(user))
                .filter(rating::Column::Kind.eq(kind.as_str()))
                .filter(rating::Column::ItemId.eq(id))
                .exec(&self.db)
                .await?;
            return Ok(());
        }
        if !self.exists(kind, id).await? {
            return Err(CollectionError::UnknownItem);
        }
        rating::Entity::insert(rating::ActiveModel {
            user_id: Set(user),
            kind: Set(kind.as_str().to_owned()),
            item_id: Set(id),
            rating: Set(i32::from(value)),
        })
        .on_conflict(
            OnConflict::columns([
                rating::Column::UserId,
                rating::Column::Kind,
                rating::Column::ItemId,
            ])
            .update_column(rating::Column::Rating)
            .to_owned(),
        )
        .exec_without_returning(&self.db)
        .await?;
        Ok(())
    }
}
