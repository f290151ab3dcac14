//! A value loaded from the database for one library generation and shared until the generation
//! moves: the list's search and sort, the album grid. One loader at a time; readers of the
//! current generation never wait.

use std::future::Future;
use std::sync::{Arc, RwLock};

use sea_orm::DbErr;

pub struct GenerationSnapshot<T> {
    slot: RwLock<Option<(i64, Arc<T>)>>,
    reload: tokio::sync::Mutex<()>,
}

impl<T> Default for GenerationSnapshot<T> {
    fn default() -> Self {
        Self {
            slot: RwLock::new(None),
            reload: tokio::sync::Mutex::new(()),
        }
    }
}

impl<T> GenerationSnapshot<T> {
    /// The value of `generation`, made by `load` when it is not in memory.
    pub async fn current<F, Fut>(&self, generation: i64, load: F) -> Result<Arc<T>, DbErr>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, DbErr>>,
    {
        if let Some(fresh) = self.loaded(generation) {
            return Ok(fresh);
        }
        let _one_loader = self.reload.lock().await;
        if let Some(fresh) = self.loaded(generation) {
            return Ok(fresh);
        }
        let value = Arc::new(load().await?);
        if let Ok(mut slot) = self.slot.write() {
            *slot = Some((generation, Arc::clone(&value)));
        }
        Ok(value)
    }

    fn loaded(&self, generation: i64) -> Option<Arc<T>> {
        let slot = self.slot.read().ok()?;
        slot.as_ref()
            .filter(|(loaded, _)| *loaded == generation)
            .map(|(_, value)| Arc::clone(value))
    }
}

/// Runs CPU work (sorting a snapshot) off the async workers.
pub async fn off_the_runtime<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, DbErr> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| DbErr::Custom(e.to_string()))
}
