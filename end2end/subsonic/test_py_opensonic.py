"""Cadenza's Subsonic API driven by a published client, py-opensonic (`libopensonic`).

Run by run.sh against a server it started over a generated library (library.json says what is
in it). Standard library unittest only. Each test signs in as a client would and checks what the
server answered against the tags run.sh wrote, so a wrong id, a missing field the library
requires, or a flow that does not round-trip fails here.

Where the library cannot be used as published (see the notes at `raw`), the request still goes
through the library's own transport (its auth parameters, its POST form), and only the answer is
read by hand.
"""

import asyncio
import http.client
import json
import os
import secrets
import unittest
import urllib.parse

import aiohttp
import libopensonic
from libopensonic import errors

URL = os.environ["CADENZA_URL"]
_split = urllib.parse.urlsplit(URL)
# The library takes the host and the port apart ("http://host", port=…) and defaults to 4040.
BASE = f"{_split.scheme}://{_split.hostname}"
PORT = _split.port or (443 if _split.scheme == "https" else 80)
USER = os.environ["SUBSONIC_USER"]
PASSWORD = os.environ["SUBSONIC_PASSWORD"]
API_KEY = os.environ["SUBSONIC_API_KEY"]
TOKEN_KEY = os.environ["SUBSONIC_TOKEN_KEY"]
ADMIN = os.environ["SUBSONIC_ADMIN"]
ADMIN_PASSWORD = os.environ["SUBSONIC_ADMIN_PASSWORD"]
with open(os.environ["SUBSONIC_LIBRARY"], encoding="utf-8") as _f:
    LIBRARY = json.load(_f)
TRACKS = LIBRARY["tracks"]
TITLES = sorted(t["title"] for t in TRACKS)
ALBUMS = sorted({t["album"] for t in TRACKS})
ARTISTS = sorted({t["artist"] for t in TRACKS})
COVERED_ALBUM = LIBRARY["coveredAlbum"]
APP = "py-opensonic"


def tracks_of(album):
    return sorted((t for t in TRACKS if t["album"] == album), key=lambda t: t["track"])


def track(title):
    return next(t for t in TRACKS if t["title"] == title)


_open = []

# The server refuses every sign-in from an address that failed 5 times within a minute (and
# counts per account too, with a higher limit). So every test that fails a sign-in on purpose
# connects from a loopback address of its own (all of 127.0.0.0/8 is this machine), and the
# others, from 127.0.0.1, are never held up by them.
_addresses = iter(range(10, 250))


def fresh_address():
    return f"127.0.0.{next(_addresses)}"


def connect(address=None, **kwargs):
    """A library connection to the server under test: token auth as lena (with her token key as
    the secret) unless told otherwise; from ADDRESS when given. Closed at the end of the module."""
    if "api_key" not in kwargs:
        kwargs.setdefault("username", USER)
        kwargs.setdefault("password", TOKEN_KEY)
    conn = libopensonic.Connection(BASE, port=PORT, app_name=APP, **kwargs)
    _open.append(conn)
    if address is not None:
        # The library makes its aiohttp session on first use unless one is there already.
        async def bind():
            connector = aiohttp.TCPConnector(local_addr=(address, 0))
            conn._async._sess = aiohttp.ClientSession(connector=connector)

        run(conn, bind())
    return conn


def tearDownModule():
    for conn in _open:
        conn.cleanup()


def run(conn, coroutine):
    """Awaits a coroutine on the connection's own event loop (where its aiohttp session lives):
    the sync Connection hands back aiohttp responses whose body must be read there."""
    return asyncio.run_coroutine_threadsafe(coroutine, conn._loop).result(30)


def raw(conn, method, **query):
    """Calls METHOD through the library's own transport (its auth, its form POST) and returns
    the parsed `subsonic-response` without raising on status "failed": for error codes the
    library folds together (it raises plain SonicError for 41, 43, 44, …), and for
    getMusicFolders, which py-opensonic 10.4.1 cannot parse (it iterates the `musicFolders`
    object as if it were the list)."""

    async def call():
        response = await conn._async._do_request(method, query)
        body = await response.json(content_type=None)
        return body["subsonic-response"]

    return run(conn, call())


def anonymous(method, address="127.0.0.1", **query):
    """A request with no credentials at all, as a client probing the server would send."""
    params = urllib.parse.urlencode({"f": "json", "v": "1.16.1", "c": APP, **query})
    connection = http.client.HTTPConnection(_split.hostname, PORT, timeout=30,
                                            source_address=(address, 0))
    try:
        connection.request("GET", f"/rest/{method}?{params}")
        return json.load(connection.getresponse())["subsonic-response"]
    finally:
        connection.close()


_catalogue = {}


def songs():
    """Title → the server's song (a libopensonic Child), read once with search3's empty query
    (every song, as OpenSubsonic defines it)."""
    if not _catalogue:
        found = connect().search3("", artist_count=0, album_count=0, song_count=500)
        for song in found.song or []:
            _catalogue[song.title] = song
        missing = set(TITLES) - set(_catalogue)
        if missing:
            raise AssertionError(f"search3 with an empty query lacks {sorted(missing)}")
    return _catalogue


def song_id(title):
    return songs()[title].id


class SignIn(unittest.TestCase):
    def test_password_sent_as_legacy_hex(self):
        # py-opensonic's legacy_auth sends p=enc:HEX.
        conn = connect(password=PASSWORD, legacy_auth=True)
        self.assertTrue(conn.ping())

    def test_token_with_the_token_key_as_secret(self):
        conn = connect(password=TOKEN_KEY)
        self.assertTrue(conn.ping())
        self.assertEqual(conn.get_user(USER).username, USER)

    def test_api_key(self):
        conn = connect(api_key=API_KEY)
        self.assertTrue(conn.ping())
        # The key says who is asking: getUser without a name is not in this library, so ask for
        # the key's owner by name and see it allowed (a listener may read only their own).
        self.assertEqual(conn.get_user(USER).username, USER)

    def test_token_info_names_the_keys_owner(self):
        # OpenSubsonic's apiKeyAuthentication includes tokenInfo: how a client holding only a key
        # learns whose it is.
        self.assertEqual(connect(api_key=API_KEY).token_info().username, USER)

    def test_token_key_works_as_api_key_too(self):
        self.assertTrue(connect(api_key=TOKEN_KEY).ping())

    def test_get_and_bare_method_names(self):
        # The library POSTs a form by default (formPost); GET and /rest/ping without .view too.
        self.assertTrue(connect(use_get=True).ping())
        self.assertTrue(connect(use_views=False).ping())
        self.assertTrue(connect(use_get=True, use_views=False).ping())

    def test_api_key_as_the_password(self):
        # A key may stand in for the password (apps with one box for a secret).
        self.assertTrue(connect(password=API_KEY, legacy_auth=True).ping())

    def test_wrong_password_is_error_40(self):
        conn = connect(fresh_address(), password=PASSWORD + "x", legacy_auth=True)
        with self.assertRaises(errors.CredentialError):  # the library's class for code 40
            conn.ping()
        self.assertEqual(raw(conn, "ping")["error"]["code"], 40)

    def test_unknown_user_is_error_40(self):
        conn = connect(fresh_address(), username="nobody-here", password=PASSWORD,
                       legacy_auth=True)
        self.assertEqual(raw(conn, "ping")["error"]["code"], 40)

    def test_token_over_a_password_is_error_41(self):
        # Passwords are kept hashed, so md5(password + salt) cannot be checked: a user without a
        # key made for tokens gets 41 ("token authentication not supported").
        conn = connect(fresh_address(), username=ADMIN, password=ADMIN_PASSWORD)
        with self.assertRaises(errors.SonicError) as caught:
            conn.ping()
        self.assertNotIsInstance(caught.exception, errors.CredentialError)
        answer = raw(conn, "ping")
        self.assertEqual(answer["status"], "failed")
        self.assertEqual(answer["error"]["code"], 41, answer)

    def test_token_over_a_password_of_a_user_with_a_token_key_fails(self):
        # lena has a key made for tokens, so a token over anything else is a wrong secret.
        conn = connect(fresh_address(), password=PASSWORD)
        with self.assertRaises(errors.SonicError):
            conn.ping()
        answer = raw(conn, "ping")
        self.assertEqual(answer["status"], "failed")
        self.assertIn(answer["error"]["code"], (40, 41), answer)

    def test_plain_api_key_is_no_token_secret(self):
        # Only a key made with --subsonic-token may be the secret of token auth.
        conn = connect(fresh_address(), password=API_KEY)
        answer = raw(conn, "ping")
        self.assertEqual(answer["status"], "failed")
        self.assertIn(answer["error"]["code"], (40, 41), answer)

    def test_unknown_api_key_is_error_44(self):
        conn = connect(fresh_address(), api_key="not-a-key-" + secrets.token_hex(8))
        with self.assertRaises(errors.SonicError):
            conn.ping()
        self.assertEqual(raw(conn, "ping")["error"]["code"], 44)

    def test_api_key_with_a_user_is_error_43(self):
        # The library refuses to send both, so set the user on the side.
        conn = connect(fresh_address(), api_key=API_KEY)
        answer = raw(conn, "ping", u=USER)
        self.assertEqual(answer["status"], "failed")
        self.assertEqual(answer["error"]["code"], 43, answer)

    def test_no_credentials_is_error_10_or_40(self):
        answer = anonymous("ping", address=fresh_address())
        self.assertEqual(answer["status"], "failed")
        self.assertIn(answer["error"]["code"], (10, 40), answer)

    def test_guessing_is_throttled_per_address(self):
        guesser = fresh_address()
        for attempt in range(5):
            conn = connect(guesser, password=f"guess {attempt}", legacy_auth=True)
            self.assertEqual(raw(conn, "ping")["error"]["code"], 40)
        # Now even the right password is refused from there, but not from elsewhere.
        right = connect(guesser, password=PASSWORD, legacy_auth=True)
        answer = raw(right, "ping")
        self.assertEqual(answer["status"], "failed", "a 6th sign-in within a minute went through")
        self.assertEqual(answer["error"]["code"], 40, answer)
        self.assertTrue(connect(fresh_address(), password=PASSWORD, legacy_auth=True).ping())


class System(unittest.TestCase):
    def test_license_and_open_subsonic_fields(self):
        answer = connect().get_license()
        self.assertEqual(answer["status"], "ok")
        self.assertTrue(answer["license"]["valid"])
        self.assertEqual(answer["version"], "1.16.1")
        self.assertIs(answer["openSubsonic"], True)
        self.assertTrue(answer["type"])
        self.assertTrue(answer["serverVersion"])

    def test_extensions(self):
        extensions = {e.name: e.versions for e in connect().get_open_subsonic_extensions()}
        for name in ("formPost", "apiKeyAuthentication", "transcodeOffset"):
            self.assertIn(name, extensions)
            self.assertTrue(extensions[name], f"{name} lists no version")

    def test_extensions_without_credentials(self):
        # OpenSubsonic: getOpenSubsonicExtensions must be publicly accessible (a client finds
        # out there whether it may use apiKey at all).
        answer = anonymous("getOpenSubsonicExtensions")
        self.assertEqual(answer["status"], "ok", answer)
        names = {e["name"] for e in answer["openSubsonicExtensions"]}
        self.assertIn("apiKeyAuthentication", names)

    def test_music_folders(self):
        answer = raw(connect(), "getMusicFolders")
        self.assertEqual(answer["status"], "ok", answer)
        folders = answer["musicFolders"]["musicFolder"]
        self.assertEqual([f["id"] for f in folders], [1])
        self.assertTrue(folders[0].get("name"))

    def test_get_user(self):
        me = connect().get_user(USER)
        self.assertEqual(me.username, USER)
        self.assertFalse(me.admin_role)
        self.assertTrue(me.stream_role)
        admin = connect(username=ADMIN, password=ADMIN_PASSWORD, legacy_auth=True)
        self.assertTrue(admin.get_user(ADMIN).admin_role)
        self.assertEqual(admin.get_user(USER).username, USER)

    def test_listener_may_not_read_another_user(self):
        with self.assertRaises(errors.AuthError):  # code 50
            connect().get_user(ADMIN)

    def test_missing_parameter_is_error_10(self):
        answer = raw(connect(), "getSong")
        self.assertEqual(answer["status"], "failed")
        self.assertEqual(answer["error"]["code"], 10, answer)

    def test_unknown_id_is_error_70(self):
        with self.assertRaises(errors.DataNotFoundError):
            connect().get_song("tr-999999")
        with self.assertRaises(errors.DataNotFoundError):
            connect().get_album("al-999999")


class Browse(unittest.TestCase):
    def test_artists_artist_album_song(self):
        conn = connect()
        artists = conn.get_artists()
        self.assertIsInstance(artists.ignored_articles, str)
        listed = {a.name: a for index in artists.index or [] for a in index.artist or []}
        self.assertEqual(sorted(listed), ARTISTS)
        for name, artist in listed.items():
            self.assertTrue(artist.id.startswith("ar-"), artist.id)
            albums = sorted({t["album"] for t in TRACKS if t["artist"] == name})
            self.assertEqual(artist.album_count, len(albums))
            full = conn.get_artist(artist.id)
            self.assertEqual(full.name, name)
            self.assertEqual(sorted(a.name for a in full.album or []), albums)
            for summary in full.album:
                self.assertTrue(summary.id.startswith("al-"), summary.id)
                expected = tracks_of(summary.name)
                album = conn.get_album(summary.id)
                self.assertEqual(album.name, summary.name)
                self.assertEqual(album.artist, name)
                self.assertEqual(album.artist_id, artist.id)
                self.assertEqual(album.year, expected[0]["year"])
                self.assertEqual(album.genre, expected[0]["genre"])
                self.assertEqual(album.song_count, len(expected))
                self.assertAlmostEqual(album.duration, sum(t["seconds"] for t in expected),
                                       delta=len(expected))
                self.assertEqual([s.title for s in album.song], [t["title"] for t in expected])
                self.assertEqual([s.track for s in album.song], [t["track"] for t in expected])
                for listed_song in album.song:
                    song = conn.get_song(listed_song.id)
                    tags = track(song.title)
                    self.assertTrue(song.id.startswith("tr-"), song.id)
                    self.assertFalse(song.is_dir)
                    self.assertEqual(song.album, summary.name)
                    self.assertEqual(song.album_id, summary.id)
                    self.assertEqual(song.artist, name)
                    self.assertEqual(song.artist_id, artist.id)
                    self.assertEqual(song.year, tags["year"])
                    self.assertEqual(song.genre, tags["genre"])
                    self.assertEqual(song.track, tags["track"])
                    self.assertEqual(song.suffix, "mp3")
                    self.assertEqual(song.content_type, "audio/mpeg")
                    self.assertGreater(song.size, 0)
                    self.assertAlmostEqual(song.duration, tags["seconds"], delta=1)

    def test_album_list_alphabetical(self):
        conn = connect()
        albums = conn.get_album_list2("alphabeticalByName", size=10)
        self.assertEqual([a.name for a in albums], ALBUMS)
        page = conn.get_album_list2("alphabeticalByName", size=2, offset=2)
        self.assertEqual([a.name for a in page], ALBUMS[2:4])

    def test_album_list_by_year_and_genre(self):
        conn = connect()
        by_year = conn.get_album_list2("byYear", size=10, from_year=2016, to_year=2022)
        expected = sorted({t["album"] for t in TRACKS if 2016 <= t["year"] <= 2022})
        self.assertEqual(sorted(a.name for a in by_year), expected)
        by_genre = conn.get_album_list2("byGenre", size=10, genre="Folk")
        self.assertEqual([a.name for a in by_genre],
                         sorted({t["album"] for t in TRACKS if t["genre"] == "Folk"}))

    def test_genres(self):
        genres = {g.value: g for g in connect().get_genres()}
        expected = sorted({t["genre"] for t in TRACKS})
        self.assertEqual(sorted(genres), expected)
        for name in expected:
            self.assertEqual(genres[name].song_count, sum(t["genre"] == name for t in TRACKS))
            self.assertEqual(genres[name].album_count,
                             len({t["album"] for t in TRACKS if t["genre"] == name}))

    def test_songs_by_genre(self):
        found = connect().get_songs_by_genre("Ambient", count=10)
        self.assertEqual(sorted(s.title for s in found),
                         sorted(t["title"] for t in TRACKS if t["genre"] == "Ambient"))

    def test_random_songs(self):
        conn = connect()
        three = conn.get_random_songs(size=3)
        self.assertEqual(len(three), 3)
        self.assertEqual(len({s.id for s in three}), 3)
        everything = conn.get_random_songs(size=50)
        self.assertEqual(sorted(s.title for s in everything), TITLES)

    def test_search_by_a_title_word(self):
        conn = connect()
        found = conn.search3("Lantern")
        self.assertEqual([s.title for s in found.song or []], ["Lantern Song"])
        copper = conn.search3("copper")
        self.assertIn("Morning Copper", [s.title for s in copper.song or []])
        self.assertIn(COVERED_ALBUM, [a.name for a in copper.album or []])
        basalt = conn.search3("Basalt")
        self.assertEqual([a.name for a in basalt.artist or []], ["Basalt Choir"])
        self.assertFalse(conn.search3("nothing-is-called-this").song)

    def test_empty_search_pages_through_every_song(self):
        conn = connect()
        seen = []
        pages = []
        for offset in range(0, len(TRACKS) + 3, 3):
            page = conn.search3("", artist_count=0, album_count=0, song_count=3,
                                song_offset=offset).song or []
            pages.append(len(page))
            seen.extend(s.id for s in page)
        self.assertEqual(len(seen), len(TRACKS), pages)
        self.assertEqual(len(set(seen)), len(TRACKS), "a song came twice across pages")
        self.assertEqual(pages[:3], [3, 3, 1])

    def test_folders_artist_album_songs(self):
        conn = connect()
        indexes = conn.get_indexes()
        self.assertIsInstance(indexes.last_modified, int)
        artists = {a.name: a.id for index in indexes.index or [] for a in index.artist or []}
        self.assertEqual(sorted(artists), ARTISTS)
        for name, artist_id in artists.items():
            folder = conn.get_music_directory(artist_id)
            self.assertEqual(folder.id, artist_id)
            self.assertEqual(folder.name, name)
            children = folder.child or []
            self.assertTrue(all(c.is_dir for c in children))
            self.assertEqual(sorted(c.title for c in children),
                             sorted({t["album"] for t in TRACKS if t["artist"] == name}))
            for album_dir in children:
                self.assertEqual(album_dir.parent, artist_id)
                inside = conn.get_music_directory(album_dir.id)
                self.assertEqual(inside.name, album_dir.title)
                self.assertEqual(inside.parent, artist_id)
                self.assertFalse(any(c.is_dir for c in inside.child or []))
                self.assertEqual([c.title for c in inside.child or []],
                                 [t["title"] for t in tracks_of(album_dir.title)])
                for song in inside.child:
                    self.assertEqual(song.parent, album_dir.id)


class Media(unittest.TestCase):
    def test_stream_a_range(self):
        conn = connect()
        sid = song_id("Brass Dusk")
        size = conn.get_song(sid).size
        response = conn.stream(sid, byte_range="bytes=0-99")
        try:
            self.assertEqual(response.status, 206)
            self.assertEqual(response.headers.get("Content-Range"), f"bytes 0-99/{size}")
            self.assertTrue(response.headers.get("Content-Type", "").startswith("audio/mpeg"))
            body = run(conn, response.read())
        finally:
            response.release()
        self.assertEqual(len(body), 100)
        self.assertEqual(body[:3], b"ID3")  # lame writes the tags first
        tail = conn.stream(sid, byte_range=f"bytes={size - 10}-")
        try:
            self.assertEqual(tail.status, 206)
            self.assertEqual(len(run(conn, tail.read())), 10)
        finally:
            tail.release()

    def test_stream_whole(self):
        conn = connect(api_key=API_KEY)
        sid = song_id("Tidewater")
        size = conn.get_song(sid).size
        response = conn.stream(sid)
        try:
            self.assertEqual(response.status, 200)
            body = run(conn, response.read())
        finally:
            response.release()
        self.assertEqual(len(body), size)

    def test_stream_from_a_time_offset(self):
        # transcodeOffset: timeOffset starts the MP3 at the frame of that second.
        conn = connect()
        sid = song_id("Brass Dusk")  # 4 s
        size = conn.get_song(sid).size
        response = conn.stream(sid, time_offset=2)
        try:
            self.assertEqual(response.status, 200)
            content_type = response.headers.get("Content-Type", "")
            body = run(conn, response.read())
        finally:
            response.release()
        self.assertTrue(0.3 * size < len(body) < 0.7 * size, f"{len(body)} of {size} bytes")
        self.assertEqual((body[0], body[1] & 0xE0), (0xFF, 0xE0), "no MPEG frame first")
        self.assertTrue(content_type.startswith("audio/mpeg"), f"Content-Type {content_type!r}")

    def test_download(self):
        conn = connect()
        sid = song_id("Tin Rain")
        size = conn.get_song(sid).size
        response = conn.download(sid)
        try:
            self.assertEqual(response.status, 200)
            self.assertTrue(response.headers.get("Content-Disposition", "").startswith("attachment"))
            self.assertEqual(len(run(conn, response.read())), size)
        finally:
            response.release()

    def test_cover_art(self):
        conn = connect()
        album = next(a for a in conn.get_album_list2("alphabeticalByName", size=10)
                     if a.name == COVERED_ALBUM)
        self.assertTrue(album.cover_art, "the album with a cover.jpg has no coverArt id")
        ids = [album.cover_art, album.id, song_id(tracks_of(COVERED_ALBUM)[0]["title"])]
        for cover_id in ids:
            for size in (None, 16):
                response = conn.get_cover_art(cover_id, size=size)
                try:
                    self.assertEqual(response.status, 200)
                    self.assertTrue(response.headers.get("Content-Type", "").startswith("image/"))
                    body = run(conn, response.read())
                finally:
                    response.release()
                self.assertEqual(body[:2], b"\xff\xd8", f"{cover_id} size={size}: not a JPEG")


class Annotations(unittest.TestCase):
    def test_star_and_unstar_a_song_and_an_album(self):
        conn = connect()
        sid = song_id("Idle Gear")
        album_id = songs()["Idle Gear"].album_id
        conn.star(sids=[sid], album_ids=[album_id])
        starred = conn.get_starred2()
        self.assertIn(sid, [s.id for s in starred.song or []])
        self.assertIn(album_id, [a.id for a in starred.album or []])
        self.assertTrue(conn.get_song(sid).starred)
        conn.unstar(sids=[sid], album_ids=[album_id])
        starred = conn.get_starred2()
        self.assertNotIn(sid, [s.id for s in starred.song or []])
        self.assertNotIn(album_id, [a.id for a in starred.album or []])
        self.assertFalse(conn.get_song(sid).starred)

    def test_rating(self):
        conn = connect()
        sid = song_id("Tin Rain")
        conn.set_rating(sid, 4)
        self.assertEqual(conn.get_song(sid).user_rating, 4)
        conn.set_rating(sid, 0)  # 0 removes the rating
        self.assertIn(conn.get_song(sid).user_rating, (None, 0))

    def test_scrobble_submission_counts_a_play(self):
        conn = connect()
        sid = song_id("Lantern Song")
        album_id = songs()["Lantern Song"].album_id
        before = conn.get_song(sid).play_count or 0
        conn.scrobble(sid, submission=True)
        self.assertEqual(conn.get_song(sid).play_count, before + 1)
        self.assertIn(album_id, [a.id for a in conn.get_album_list2("recent", size=10)])
        self.assertIn(album_id, [a.id for a in conn.get_album_list2("frequent", size=10)])

    def test_scrobble_now_playing(self):
        conn = connect()
        sid = song_id("Piston Lullaby")
        conn.scrobble(sid, submission=False)
        playing = conn.get_now_playing()
        mine = [e for e in playing if e.username == USER]
        self.assertIn(sid, [e.id for e in mine], playing)
        entry = next(e for e in mine if e.id == sid)
        self.assertEqual(entry.title, "Piston Lullaby")
        self.assertGreaterEqual(entry.minutes_ago, 0)

    def test_play_queue_round_trip(self):
        conn = connect()
        ids = [song_id(t) for t in ("Tidewater", "Morning Copper", "Idle Gear")]
        conn.save_play_queue(ids, current=ids[1], position=12345)
        queue = conn.get_play_queue()
        self.assertEqual([e.id for e in queue.entry or []], ids)
        self.assertEqual(queue.current, ids[1])
        self.assertEqual(queue.position, 12345)
        self.assertEqual(queue.username, USER)
        self.assertEqual(queue.changed_by, APP)


class Playlists(unittest.TestCase):
    def test_create_update_delete(self):
        conn = connect()
        name = f"py-opensonic {secrets.token_hex(4)}"
        first, second, third = (song_id(t) for t in ("Morning Copper", "Tin Rain", "Tidewater"))
        # The library returns only True here; the playlist is found again by its name.
        self.assertTrue(conn.create_playlist(name=name, song_ids=[first, second]))
        mine = [p for p in conn.get_playlists() if p.name == name]
        self.assertEqual(len(mine), 1, "the new playlist is not listed once")
        playlist = mine[0]
        self.assertTrue(playlist.id.startswith("pl-"), playlist.id)
        self.assertEqual(playlist.song_count, 2)
        self.assertEqual(playlist.owner, USER)
        self.assertEqual([e.id for e in conn.get_playlist(playlist.id).entry or []],
                         [first, second])

        renamed = name + " (renamed)"
        conn.update_playlist(playlist.id, name=renamed, comment="made by a test",
                             song_ids_to_add=[third], song_indices_to_remove=[0])
        updated = conn.get_playlist(playlist.id)
        self.assertEqual(updated.name, renamed)
        self.assertEqual(updated.comment, "made by a test")
        self.assertEqual([e.id for e in updated.entry or []], [second, third])
        self.assertEqual(updated.song_count, 2)
        self.assertAlmostEqual(updated.duration,
                               track("Tin Rain")["seconds"] + track("Tidewater")["seconds"],
                               delta=2)

        conn.delete_playlist(playlist.id)
        self.assertNotIn(playlist.id, [p.id for p in conn.get_playlists()])
        with self.assertRaises(errors.DataNotFoundError):
            conn.get_playlist(playlist.id)

    def test_another_users_private_playlist_is_out_of_reach(self):
        admin = connect(username=ADMIN, password=ADMIN_PASSWORD, legacy_auth=True)
        name = f"py-opensonic admin's {secrets.token_hex(4)}"
        admin.create_playlist(name=name, song_ids=[song_id("Tidewater")])
        playlist = next(p for p in admin.get_playlists() if p.name == name)
        try:
            listener = connect()
            self.assertNotIn(playlist.id, [p.id for p in listener.get_playlists()])
            for method in ("getPlaylist", "deletePlaylist"):
                answer = raw(listener, method, id=playlist.id)
                self.assertEqual(answer["status"], "failed", f"{method}: {answer}")
                self.assertIn(answer["error"]["code"], (50, 70), f"{method}: {answer}")
            self.assertEqual(admin.get_playlist(playlist.id).name, name)
        finally:
            admin.delete_playlist(playlist.id)

if __name__ == "__main__":
    unittest.main()
