//! The play queue: the list the listener played from, the order it plays in (the list's own, or
//! shuffled), and where next, previous and the end of a track lead under each repeat mode. Plain
//! data and a random source passed in, so the rules are unit-tested without a browser.

use crate::model::TrackSummary;

/// What happens at the end of a track, and at the ends of the queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Repeat {
    /// Play to the end of the queue, then stop.
    #[default]
    Off,
    /// After the last track, start again from the first.
    All,
    /// Play the current track again and again (next/previous still move on).
    One,
}

impl Repeat {
    /// The next mode of the repeat button: off → all → one → off.
    pub fn cycle(self) -> Repeat {
        match self {
            Repeat::Off => Repeat::All,
            Repeat::All => Repeat::One,
            Repeat::One => Repeat::Off,
        }
    }

    /// The name kept in storage and in the button's `data-mode`.
    pub fn as_str(self) -> &'static str {
        match self {
            Repeat::Off => "off",
            Repeat::All => "all",
            Repeat::One => "one",
        }
    }

    pub fn parse(name: &str) -> Option<Repeat> {
        [Repeat::Off, Repeat::All, Repeat::One]
            .into_iter()
            .find(|mode| mode.as_str() == name)
    }

    /// What the repeat button says: the mode it is in.
    pub fn label(self) -> &'static str {
        match self {
            Repeat::Off => "Repeat: off",
            Repeat::All => "Repeat: all",
            Repeat::One => "Repeat: one",
        }
    }
}

/// Why the queue moves on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// The listener asked for the next track.
    Next,
    /// The listener asked for the previous track.
    Previous,
    /// The track played to its end.
    Ended,
}

/// A random index below `n` (`n` > 0).
pub type RandomBelow<'a> = &'a mut dyn FnMut(usize) -> usize;

#[derive(Clone, Debug, Default)]
pub struct Queue {
    tracks: Vec<TrackSummary>,
    /// Indexes into `tracks`, in the order they play.
    order: Vec<usize>,
    shuffled: bool,
}

impl Queue {
    pub fn find(&self, id: i64) -> Option<&TrackSummary> {
        self.tracks.iter().find(|t| t.id == id)
    }

    pub fn len(&self) -> usize {
        self.tracks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tracks.is_empty()
    }

    /// The track that plays first.
    pub fn first(&self) -> Option<&TrackSummary> {
        self.order.first().map(|&i| &self.tracks[i])
    }

    /// A new list to play from; in shuffle the current track (when it is in it) stays first.
    pub fn replace(
        &mut self,
        tracks: Vec<TrackSummary>,
        current: Option<i64>,
        random: RandomBelow,
    ) {
        self.tracks = tracks;
        self.reorder(current, random);
    }

    /// Shuffle on: the current track, then every other one once, in a random order. Off: the
    /// list's order, going on from the current track.
    pub fn set_shuffled(&mut self, shuffled: bool, current: Option<i64>, random: RandomBelow) {
        self.shuffled = shuffled;
        self.reorder(current, random);
    }

    /// Adds `tracks` at the end (those already queued stay where they are).
    pub fn append(&mut self, tracks: Vec<TrackSummary>) {
        for track in tracks {
            if self.find(track.id).is_none() {
                self.order.push(self.tracks.len());
                self.tracks.push(track);
            }
        }
    }

    /// The ids of the queue in the list's order (not the shuffled one).
    pub fn ids(&self) -> Vec<i64> {
        self.tracks.iter().map(|t| t.id).collect()
    }

    /// The listener picked `id`: in shuffle, the rest of the queue follows it in a new order.
    pub fn start_at(&mut self, id: i64, random: RandomBelow) {
        if self.shuffled {
            self.reorder(Some(id), random);
        }
    }

    /// The track to play after `current` for `step` under `repeat`; `None` means stop (or, for
    /// previous, stay on the current track).
    pub fn step(
        &mut self,
        current: Option<i64>,
        step: Step,
        repeat: Repeat,
        random: RandomBelow,
    ) -> Option<TrackSummary> {
        let len = self.order.len();
        if len == 0 {
            return None;
        }
        if step == Step::Ended && repeat == Repeat::One {
            if let Some(track) = current.and_then(|id| self.find(id)) {
                return Some(track.clone());
            }
        }
        let position =
            current.and_then(|id| self.order.iter().position(|&i| self.tracks[i].id == id));
        let Some(position) = position else {
            // The current track is not in this list (it came from another page or search).
            return (step != Step::Previous)
                .then(|| self.first().cloned())
                .flatten();
        };
        let wraps = repeat != Repeat::Off;
        let target = match step {
            Step::Next | Step::Ended if position + 1 < len => position + 1,
            Step::Next | Step::Ended if wraps => {
                if self.shuffled {
                    self.new_round(random);
                }
                0
            }
            Step::Previous if position > 0 => position - 1,
            Step::Previous if wraps => len - 1,
            _ => return None,
        };
        Some(self.tracks[self.order[target]].clone())
    }

    /// Whether [`step`](Self::step) would lead to a track, without moving (or reshuffling).
    pub fn can_step(&self, current: Option<i64>, step: Step, repeat: Repeat) -> bool {
        if self.is_empty() {
            return false;
        }
        let len = self.order.len();
        if step == Step::Ended
            && repeat == Repeat::One
            && current.is_some_and(|id| self.find(id).is_some())
        {
            return true;
        }
        let position =
            current.and_then(|id| self.order.iter().position(|&i| self.tracks[i].id == id));
        let Some(position) = position else {
            return step != Step::Previous;
        };
        repeat != Repeat::Off
            || match step {
                Step::Next | Step::Ended => position + 1 < len,
                Step::Previous => position > 0,
            }
    }

    fn index_of(&self, id: i64) -> Option<usize> {
        self.tracks.iter().position(|t| t.id == id)
    }

    fn reorder(&mut self, first: Option<i64>, random: RandomBelow) {
        let mut order: Vec<usize> = (0..self.tracks.len()).collect();
        if self.shuffled {
            let first = first.and_then(|id| self.index_of(id));
            order.retain(|&i| Some(i) != first);
            shuffle(&mut order, random);
            if let Some(first) = first {
                order.insert(0, first);
            }
        }
        self.order = order;
    }

    /// A fresh shuffle for another time round (repeat all), which does not begin with the track
    /// that just ended.
    fn new_round(&mut self, random: RandomBelow) {
        let last = self.order.last().copied();
        shuffle(&mut self.order, random);
        if self.order.len() > 1 && self.order.first().copied() == last {
            let other = 1 + random(self.order.len() - 1);
            self.order.swap(0, other);
        }
    }
}

/// Fisher–Yates.
fn shuffle(items: &mut [usize], random: RandomBelow) {
    for i in (1..items.len()).rev() {
        let j = random(i + 1).min(i);
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn track(id: i64) -> TrackSummary {
        TrackSummary {
            id,
            title: format!("Track {id}"),
            artist: None,
            album: None,
            album_id: None,
            track_number: None,
            disc_number: None,
            year: None,
            duration_ms: 1000,
            format: "mp3".into(),
            path: format!("{id}.mp3"),
        }
    }

    /// A small deterministic generator (64-bit LCG).
    fn seeded(mut state: u64) -> impl FnMut(usize) -> usize {
        move |n| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as usize) % n
        }
    }

    fn queue(n: i64) -> Queue {
        let mut q = Queue::default();
        q.replace((1..=n).map(track).collect(), None, &mut seeded(1));
        q
    }

    fn walk(q: &mut Queue, from: i64, step: Step, repeat: Repeat, count: usize) -> Vec<i64> {
        let mut random = seeded(7);
        let mut current = Some(from);
        let mut seen = vec![from];
        for _ in 0..count {
            current = q.step(current, step, repeat, &mut random).map(|t| t.id);
            match current {
                Some(id) => seen.push(id),
                None => break,
            }
        }
        seen
    }

    #[test]
    fn appended_tracks_play_after_the_rest_once() {
        let mut q = queue(2);
        q.append(vec![track(2), track(3), track(4)]);
        assert_eq!(q.ids(), [1, 2, 3, 4]);
        assert_eq!(walk(&mut q, 1, Step::Next, Repeat::Off, 10), [1, 2, 3, 4]);
    }

    #[test]
    fn in_order_next_and_previous_stop_at_the_ends() {
        let mut q = queue(4);
        assert_eq!(walk(&mut q, 1, Step::Next, Repeat::Off, 10), [1, 2, 3, 4]);
        assert_eq!(walk(&mut q, 3, Step::Previous, Repeat::Off, 10), [3, 2, 1]);
        assert_eq!(walk(&mut q, 2, Step::Ended, Repeat::Off, 10), [2, 3, 4]);
    }

    #[test]
    fn repeat_all_wraps_both_ways() {
        let mut q = queue(3);
        assert_eq!(
            walk(&mut q, 2, Step::Ended, Repeat::All, 4),
            [2, 3, 1, 2, 3]
        );
        assert_eq!(
            walk(&mut q, 1, Step::Previous, Repeat::All, 3),
            [1, 3, 2, 1]
        );
    }

    #[test]
    fn repeat_one_replays_at_the_end_but_next_moves_on() {
        let mut q = queue(3);
        assert_eq!(walk(&mut q, 2, Step::Ended, Repeat::One, 3), [2, 2, 2, 2]);
        assert_eq!(walk(&mut q, 2, Step::Next, Repeat::One, 2), [2, 3, 1]);
    }

    #[test]
    fn shuffle_plays_the_rest_once_each_after_the_current_track() {
        for seed in 0..50 {
            let mut q = queue(9);
            q.set_shuffled(true, Some(5), &mut seeded(seed));
            let played = walk(&mut q, 5, Step::Next, Repeat::Off, 20);
            assert_eq!(played.len(), 9, "seed {seed}: {played:?}");
            let mut sorted = played.clone();
            sorted.sort();
            assert_eq!(sorted, (1..=9).collect::<Vec<_>>());
            assert_eq!(played[0], 5);
        }
        // And the order is not always the list's.
        let mut q = queue(9);
        q.set_shuffled(true, Some(1), &mut seeded(3));
        assert_ne!(
            walk(&mut q, 1, Step::Next, Repeat::Off, 20),
            (1..=9).collect::<Vec<_>>()
        );
    }

    #[test]
    fn shuffle_previous_retraces_and_off_goes_back_to_list_order() {
        let mut q = queue(6);
        q.set_shuffled(true, Some(4), &mut seeded(11));
        let forward = walk(&mut q, 4, Step::Next, Repeat::Off, 3);
        let back = walk(&mut q, forward[3], Step::Previous, Repeat::Off, 3);
        assert_eq!(back, forward.iter().rev().copied().collect::<Vec<_>>());
        q.set_shuffled(false, Some(4), &mut seeded(1));
        assert_eq!(walk(&mut q, 4, Step::Next, Repeat::Off, 10), [4, 5, 6]);
    }

    #[test]
    fn shuffle_with_repeat_all_starts_each_round_anew_without_the_last_track_first() {
        for seed in 0..30 {
            let mut q = queue(5);
            q.set_shuffled(true, Some(1), &mut seeded(seed));
            let played = walk(&mut q, 1, Step::Ended, Repeat::All, 14);
            assert_eq!(played.len(), 15);
            for round in played.chunks(5) {
                let mut sorted = round.to_vec();
                sorted.sort();
                assert_eq!(sorted, [1, 2, 3, 4, 5], "seed {seed}: {played:?}");
            }
            assert_ne!(played[4], played[5]);
            assert_ne!(played[9], played[10]);
        }
    }

    #[test]
    fn picking_a_track_in_shuffle_puts_it_first_and_the_rest_after_it() {
        let mut q = queue(6);
        q.set_shuffled(true, Some(1), &mut seeded(2));
        q.start_at(3, &mut seeded(5));
        let played = walk(&mut q, 3, Step::Next, Repeat::Off, 10);
        assert_eq!(played.len(), 6);
        assert_eq!(played[0], 3);
    }

    #[test]
    fn a_track_from_another_list_goes_on_from_the_first() {
        let mut q = queue(3);
        let mut random = seeded(1);
        assert_eq!(
            q.step(Some(99), Step::Next, Repeat::Off, &mut random)
                .map(|t| t.id),
            Some(1)
        );
        assert_eq!(
            q.step(Some(99), Step::Previous, Repeat::Off, &mut random),
            None
        );
        assert_eq!(
            Queue::default().step(Some(1), Step::Next, Repeat::All, &mut random),
            None
        );
    }

    #[test]
    fn can_step_agrees_with_step() {
        for shuffled in [false, true] {
            for repeat in [Repeat::Off, Repeat::All, Repeat::One] {
                for step in [Step::Next, Step::Previous, Step::Ended] {
                    for current in [Some(1), Some(2), Some(3), Some(99), None] {
                        let mut q = queue(3);
                        q.set_shuffled(shuffled, Some(1), &mut seeded(4));
                        let can = q.can_step(current, step, repeat);
                        let did = q.step(current, step, repeat, &mut seeded(4)).is_some();
                        assert_eq!(can, did, "{shuffled} {repeat:?} {step:?} {current:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn repeat_modes_cycle_and_round_trip() {
        assert_eq!(Repeat::Off.cycle().cycle().cycle(), Repeat::Off);
        for mode in [Repeat::Off, Repeat::All, Repeat::One] {
            assert_eq!(Repeat::parse(mode.as_str()), Some(mode));
        }
        assert_eq!(Repeat::parse("twice"), None);
    }
}
