//! The play queue each listener's devices share: an app saves it (`savePlayQueue`) and another
//! app, or the browser, continues from it (`getPlayQueue`). The same queue the web player keeps.

use app::model::QueueState;

use super::fail::Fail;
use super::ids::{self, as_track};
use super::reply::{Node, Payload};
use super::shapes::{self, iso};
use super::Call;

pub async fn get(call: &Call) -> Result<Payload, Fail> {
    let me = call.user.user_id;
    let saved = call.browse().collection().saved_queue(me).await?;
    let node = Node::new().set("username", call.user.name.as_str());
    let Some(saved) = saved else {
        return Ok(Payload::One(
            "playQueue",
            node.set("changed", iso(0))
                .set("changedBy", "")
                .many("entry", Vec::new()),
        ));
    };
    let ids: Vec<i64> = saved.tracks.iter().map(|track| track.id).collect();
    let songs = call.browse().songs(me, &ids).await?;
    Ok(Payload::One(
        "playQueue",
        node.maybe("current", saved.current.map(ids::track))
            .set("position", saved.position_ms)
            .set("changed", iso(saved.changed_at / 1000))
            .set("changedBy", saved.changed_by.as_str())
            .many("entry", songs.iter().map(shapes::song).collect()),
    ))
}

pub async fn save(call: &Call) -> Result<Payload, Fail> {
    let params = &call.params;
    let track_ids = params
        .all("id")
        .into_iter()
        .map(|text| ids::expect(Some(text), "id", as_track))
        .collect::<Result<Vec<i64>, Fail>>()?;
    let current = match params.get("current").filter(|c| !c.is_empty()) {
        Some(text) => Some(ids::expect(Some(text), "current", as_track)?),
        None => None,
    };
    let position_ms =
        u64::try_from(params.number("position", 0)?).map_err(|_| Fail::invalid("position"))?;
    let queue = QueueState {
        track_ids,
        current,
        position_ms,
    };
    let device = if call.player.is_empty() {
        "Subsonic app"
    } else {
        call.player.as_str()
    };
    call.browse()
        .collection()
        .save_queue(call.user.user_id, &queue, device)
        .await?;
    Ok(Payload::Empty)
}
