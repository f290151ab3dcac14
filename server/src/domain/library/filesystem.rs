//! Which file systems inotify cannot be trusted on: on a network mount (NFS, SMB/CIFS, Ceph, AFS,
//! 9P) or a FUSE file system (sshfs, rclone…), a change made by another machine, or by the FUSE
//! daemon itself, raises no event here; the media folder is scanned periodically instead.

use std::path::Path;

/// The name of `path`'s file system when inotify may miss its changes; `None` when it is local
/// (or cannot be told, in which case watching is tried).
pub fn unwatchable_filesystem(path: &Path) -> Option<&'static str> {
    let stats = rustix::fs::statfs(path).ok()?;
    // `f_type` is a signed word whose width depends on the platform; the magic numbers are
    // 32-bit patterns.
    #[allow(clippy::unnecessary_cast)]
    let magic = stats.f_type as u64 as u32;
    unwatchable_kind(magic)
}

/// The file system of a `statfs` magic number, when it is one inotify cannot follow
/// (the numbers of `linux/magic.h` and `fs/smb/client`).
fn unwatchable_kind(magic: u32) -> Option<&'static str> {
    Some(match magic {
        0x6969 => "NFS",
        0x517B => "SMB",
        0xFF53_4D42 => "CIFS",
        0xFE53_4D42 => "SMB2",
        0x6573_5546 => "FUSE",
        0x0102_1997 => "9P",
        0x5346_414F | 0x6B41_4653 => "AFS",
        0x00C3_6400 => "Ceph",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_and_fuse_mounts_are_not_watched() {
        assert_eq!(unwatchable_kind(0x6969), Some("NFS"));
        assert_eq!(unwatchable_kind(0xFF53_4D42), Some("CIFS"));
        assert_eq!(unwatchable_kind(0xFE53_4D42), Some("SMB2"));
        assert_eq!(unwatchable_kind(0x6573_5546), Some("FUSE"));
        // ext4, btrfs, tmpfs, overlayfs
        for local in [0xEF53, 0x9123_683E, 0x0102_1994, 0x794C_7630] {
            assert_eq!(unwatchable_kind(local), None, "{local:#x}");
        }
    }

    #[test]
    fn the_test_machines_temporary_folder_is_watchable() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(unwatchable_filesystem(dir.path()), None);
    }
}
