// Cadenza's Subsonic API driven by a published client, the npm package subsonic-api (3.3.1).
//
// Run by run.sh against a server it started over a generated library (library.json says what
// is in it), with node's own test runner. subsonic-api speaks token auth (t = md5(secret + s))
// or an OpenSubsonic apiKey, never a password: so lena signs in with her token-capable key as
// the "password". It does not throw when the server answers status "failed", so every answer is
// checked here with `ok` or `failed`.

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { SubsonicAPI } from "subsonic-api";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run end2end/subsonic/run.sh`);
  return value;
};
const URL_ = env("CADENZA_URL");
const USER = env("SUBSONIC_USER");
const PASSWORD = env("SUBSONIC_PASSWORD");
const API_KEY = env("SUBSONIC_API_KEY");
const TOKEN_KEY = env("SUBSONIC_TOKEN_KEY");
const ADMIN = env("SUBSONIC_ADMIN");
const ADMIN_PASSWORD = env("SUBSONIC_ADMIN_PASSWORD");
const LIBRARY = JSON.parse(readFileSync(env("SUBSONIC_LIBRARY"), "utf8"));
const TRACKS = LIBRARY.tracks;
const COVERED_ALBUM = LIBRARY.coveredAlbum;
const TITLES = TRACKS.map((t) => t.title).sort();
const ALBUMS = [...new Set(TRACKS.map((t) => t.album))].sort();
const ARTISTS = [...new Set(TRACKS.map((t) => t.artist))].sort();
const APP = "subsonic-api"; // the `c` the library sends

const tracksOf = (album) =>
  TRACKS.filter((t) => t.album === album).sort((a, b) => a.track - b.track);
const track = (title) => TRACKS.find((t) => t.title === title);
const sum = (numbers) => numbers.reduce((a, b) => a + b, 0);

/** A client of the server under test: token auth as lena with her token key, unless told. */
function client(auth = { username: USER, password: TOKEN_KEY }, options = {}) {
  return new SubsonicAPI({ url: URL_, auth, ...options });
}
/** Like `client`, with HEADERS added to every request (subsonic-api has no per-call headers). */
function clientWithHeaders(headers, auth) {
  const fetchWith = (url, init = {}) =>
    fetch(url, { ...init, headers: { ...(init.headers ?? {}), ...headers } });
  return client(auth, { fetch: fetchWith });
}

// The server refuses every sign-in from an address that failed 5 times within a minute. So each
// test that fails a sign-in on purpose sends from a loopback address of its own (all of
// 127.0.0.0/8 is this machine; 127.0.1.x here, the Python suite uses 127.0.0.x), through a
// fetch that binds it, and the other tests, from 127.0.0.1, are never held up by them.
let lastAddress = 0;
const freshAddress = () => `127.0.1.${++lastAddress}`;
function fetchFrom(localAddress) {
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const request = http.request(
        url,
        { method: init.method ?? "GET", headers: init.headers, localAddress },
        (response) => {
          const chunks = [];
          response.on("data", (chunk) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(response.headers)) {
              for (const one of [value].flat()) headers.append(name, one);
            }
            resolve(new Response(Buffer.concat(chunks), { status: response.statusCode, headers }));
          });
        },
      );
      request.on("error", reject);
      if (init.body) request.write(init.body);
      request.end();
    });
}
/** A client that sends from a loopback address no other test uses. */
const clientFrom = (auth, options = {}) =>
  client(auth, { ...options, fetch: fetchFrom(freshAddress()) });

function ok(answer) {
  assert.ok(answer, "no subsonic-response");
  assert.equal(answer.status, "ok", `failed: ${JSON.stringify(answer.error)}`);
  return answer;
}
function failed(answer, ...codes) {
  assert.ok(answer, "no subsonic-response");
  assert.equal(answer.status, "failed", `expected a failure (${codes}), got ok`);
  assert.ok(codes.includes(answer.error?.code), `expected code ${codes}, got ${JSON.stringify(answer.error)}`);
  return answer.error;
}

let catalogue;
/** Title → the server's song, read once with search3's empty query (every song). */
async function songs() {
  if (!catalogue) {
    const { searchResult3 } = ok(
      await client().search3({ query: "", artistCount: 0, albumCount: 0, songCount: 500 }),
    );
    catalogue = new Map((searchResult3.song ?? []).map((s) => [s.title, s]));
    const missing = TITLES.filter((t) => !catalogue.has(t));
    assert.deepEqual(missing, [], "search3 with an empty query lacks songs");
  }
  return catalogue;
}
const songId = async (title) => (await songs()).get(title).id;

describe("sign-in", () => {
  test("token auth with the token key (GET and form POST)", async () => {
    ok(await client().ping());
    ok(await client(undefined, { post: true }).ping());
    ok(await client(undefined, { salt: "abcdef", reuseSalt: true }).ping());
  });

  test("apiKey (GET and form POST)", async () => {
    ok(await client({ apiKey: API_KEY }).ping());
    ok(await client({ apiKey: API_KEY }, { post: true }).ping());
    const { user } = ok(await client({ apiKey: API_KEY }).getUser({ username: USER }));
    assert.equal(user.username, USER);
  });

  test("tokenInfo names the key's owner (apiKeyAuthentication)", async () => {
    // subsonic-api 3.3.1 has no tokenInfo method: its customJSON sends the same auth.
    const answer = ok(await client({ apiKey: API_KEY }).customJSON("tokenInfo.view", {}));
    assert.equal(answer.tokenInfo?.username, USER);
  });

  test("token auth over a password: 41 without a token key, refused with one", async () => {
    // Passwords are kept hashed, so md5(password + salt) cannot be checked. ada has no key made
    // for tokens: 41 ("token authentication not supported"). lena has one: a wrong secret.
    failed(await clientFrom({ username: ADMIN, password: ADMIN_PASSWORD }).ping(), 41);
    failed(await clientFrom({ username: USER, password: PASSWORD }).ping(), 40, 41);
  });

  test("a wrong secret fails", async () => {
    const secret = randomBytes(12).toString("hex");
    failed(await clientFrom({ username: USER, password: secret }).ping(), 40, 41);
    // A plain (not token-capable) key is no token secret either.
    failed(await clientFrom({ username: USER, password: API_KEY }).ping(), 40, 41);
  });

  test("an unknown apiKey is error 44", async () => {
    const apiKey = "not-a-key-" + randomBytes(8).toString("hex");
    failed(await clientFrom({ apiKey }).ping(), 44);
    failed(await clientFrom({ apiKey }, { post: true }).ping(), 44);
  });

  test("a failure is still HTTP 200 with a JSON body", async () => {
    const response = await clientFrom({ apiKey: "nope" }).custom("ping.view", {});
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    failed((await response.json())["subsonic-response"], 44);
  });
});

describe("system", () => {
  test("getLicense and the OpenSubsonic fields", async () => {
    const answer = ok(await client().getLicense());
    assert.equal(answer.license.valid, true);
    assert.equal(answer.version, "1.16.1");
    assert.equal(answer.openSubsonic, true);
    assert.ok(answer.type);
    assert.ok(answer.serverVersion);
  });

  test("getOpenSubsonicExtensions", async () => {
    const { openSubsonicExtensions } = ok(await client().getOpenSubsonicExtensions());
    const names = new Map(openSubsonicExtensions.map((e) => [e.name, e.versions]));
    for (const name of ["formPost", "apiKeyAuthentication", "transcodeOffset"]) {
      assert.ok(names.has(name), `${name} is not listed`);
      assert.ok(names.get(name).length > 0, `${name} lists no version`);
    }
  });

  test("getMusicFolders", async () => {
    const { musicFolders } = ok(await client().getMusicFolders());
    assert.deepEqual(
      musicFolders.musicFolder.map((f) => f.id),
      [1],
    );
  });

  test("getUser: mine, and not another's as a listener", async () => {
    const { user } = ok(await client().getUser({ username: USER }));
    assert.equal(user.username, USER);
    assert.equal(user.adminRole, false);
    assert.equal(user.streamRole, true);
    failed(await client().getUser({ username: ADMIN }), 50);
  });

  test("errors 10 and 70", async () => {
    failed(await client().customJSON("getAlbum.view", {}), 10);
    failed(await client().getAlbum({ id: "al-999999" }), 70);
    failed(await client().getSong({ id: "tr-999999" }), 70);
  });
});

describe("browsing by tags", () => {
  test("getArtists → getArtist → getAlbum → getSong", async () => {
    const api = client();
    const { artists } = ok(await api.getArtists());
    const listed = (artists.index ?? []).flatMap((i) => i.artist ?? []);
    assert.deepEqual(listed.map((a) => a.name).sort(), ARTISTS);
    for (const artist of listed) {
      assert.match(artist.id, /^ar-\d+$/);
      const albums = [...new Set(TRACKS.filter((t) => t.artist === artist.name).map((t) => t.album))].sort();
      assert.equal(artist.albumCount, albums.length);
      const full = ok(await api.getArtist({ id: artist.id })).artist;
      assert.equal(full.name, artist.name);
      assert.deepEqual(full.album.map((a) => a.name).sort(), albums);
      for (const summary of full.album) {
        assert.match(summary.id, /^al-\d+$/);
        const expected = tracksOf(summary.name);
        const { album } = ok(await api.getAlbum({ id: summary.id }));
        assert.equal(album.name, summary.name);
        assert.equal(album.artist, artist.name);
        assert.equal(album.artistId, artist.id);
        assert.equal(album.year, expected[0].year);
        assert.equal(album.genre, expected[0].genre);
        assert.equal(album.songCount, expected.length);
        assert.ok(album.created instanceof Date && !Number.isNaN(album.created.getTime()),
          `album.created is no date: ${album.created}`);
        assert.ok(Math.abs(album.duration - sum(expected.map((t) => t.seconds))) <= expected.length);
        assert.deepEqual(album.song.map((s) => s.title), expected.map((t) => t.title));
        assert.deepEqual(album.song.map((s) => s.track), expected.map((t) => t.track));
        for (const listedSong of album.song) {
          const { song } = ok(await api.getSong({ id: listedSong.id }));
          const tags = track(song.title);
          assert.match(song.id, /^tr-\d+$/);
          assert.equal(song.isDir, false);
          assert.equal(song.album, summary.name);
          assert.equal(song.albumId, summary.id);
          assert.equal(song.artist, artist.name);
          assert.equal(song.artistId, artist.id);
          assert.equal(song.year, tags.year);
          assert.equal(song.genre, tags.genre);
          assert.equal(song.track, tags.track);
          assert.equal(song.suffix, "mp3");
          assert.equal(song.contentType, "audio/mpeg");
          assert.ok(song.size > 0);
          assert.ok(Math.abs(song.duration - tags.seconds) <= 1, `${song.title}: ${song.duration} s`);
        }
      }
    }
  });

  test("getAlbumList2 alphabeticalByName, with paging", async () => {
    const { albumList2 } = ok(await client().getAlbumList2({ type: "alphabeticalByName", size: 10 }));
    assert.deepEqual(albumList2.album.map((a) => a.name), ALBUMS);
    const page = ok(await client().getAlbumList2({ type: "alphabeticalByName", size: 2, offset: 2 }));
    assert.deepEqual(page.albumList2.album.map((a) => a.name), ALBUMS.slice(2, 4));
  });

  test("getGenres", async () => {
    const { genres } = ok(await client().getGenres());
    const byName = new Map((genres.genre ?? []).map((g) => [g.value, g]));
    const expected = [...new Set(TRACKS.map((t) => t.genre))].sort();
    assert.deepEqual([...byName.keys()].sort(), expected);
    for (const name of expected) {
      const of = TRACKS.filter((t) => t.genre === name);
      assert.equal(byName.get(name).songCount, of.length, name);
      assert.equal(byName.get(name).albumCount, new Set(of.map((t) => t.album)).size, name);
    }
  });

  test("getRandomSongs", async () => {
    const three = ok(await client().getRandomSongs({ size: 3 })).randomSongs.song;
    assert.equal(three.length, 3);
    assert.equal(new Set(three.map((s) => s.id)).size, 3);
    const all = ok(await client().getRandomSongs({ size: 50 })).randomSongs.song;
    assert.deepEqual(all.map((s) => s.title).sort(), TITLES);
  });

  test("search3 by a word", async () => {
    const api = client();
    const lantern = ok(await api.search3({ query: "Lantern" })).searchResult3;
    assert.deepEqual((lantern.song ?? []).map((s) => s.title), ["Lantern Song"]);
    const copper = ok(await api.search3({ query: "copper" })).searchResult3;
    assert.ok((copper.song ?? []).some((s) => s.title === "Morning Copper"));
    assert.ok((copper.album ?? []).some((a) => a.name === COVERED_ALBUM));
    const basalt = ok(await api.search3({ query: "Basalt" })).searchResult3;
    assert.deepEqual((basalt.artist ?? []).map((a) => a.name), ["Basalt Choir"]);
    const none = ok(await api.search3({ query: "nothing-is-called-this" })).searchResult3;
    assert.equal((none.song ?? []).length, 0);
  });

  test("search3 with an empty query pages through every song", async () => {
    const seen = [];
    const pages = [];
    for (let offset = 0; offset < TRACKS.length + 3; offset += 3) {
      const answer = ok(
        await client().search3({ query: "", artistCount: 0, albumCount: 0, songCount: 3, songOffset: offset }),
      );
      const page = answer.searchResult3.song ?? [];
      pages.push(page.length);
      seen.push(...page.map((s) => s.id));
    }
    assert.equal(seen.length, TRACKS.length, `pages: ${pages}`);
    assert.equal(new Set(seen).size, TRACKS.length, "a song came twice across pages");
    assert.deepEqual(pages.slice(0, 3), [3, 3, 1]);
  });
});

describe("browsing by folders", () => {
  test("getIndexes → getMusicDirectory (artist → albums → songs)", async () => {
    const api = client();
    const { indexes } = ok(await api.getIndexes());
    assert.equal(typeof indexes.lastModified, "number");
    assert.equal(typeof indexes.ignoredArticles, "string");
    const artists = (indexes.index ?? []).flatMap((i) => i.artist ?? []);
    assert.deepEqual(artists.map((a) => a.name).sort(), ARTISTS);
    for (const artist of artists) {
      const { directory } = ok(await api.getMusicDirectory({ id: artist.id }));
      assert.equal(directory.id, artist.id);
      assert.equal(directory.name, artist.name);
      const albums = directory.child ?? [];
      assert.ok(albums.every((c) => c.isDir === true));
      assert.deepEqual(
        albums.map((c) => c.title).sort(),
        [...new Set(TRACKS.filter((t) => t.artist === artist.name).map((t) => t.album))].sort(),
      );
      for (const albumDir of albums) {
        assert.equal(albumDir.parent, artist.id);
        const inside = ok(await api.getMusicDirectory({ id: albumDir.id })).directory;
        assert.equal(inside.name, albumDir.title);
        assert.equal(inside.parent, artist.id);
        const children = inside.child ?? [];
        assert.ok(children.every((c) => c.isDir === false));
        assert.deepEqual(children.map((c) => c.title), tracksOf(albumDir.title).map((t) => t.title));
        for (const song of children) assert.equal(song.parent, albumDir.id);
      }
    }
  });
});

describe("media", () => {
  test("stream with a Range header", async () => {
    const id = await songId("Brass Dusk");
    const { size } = ok(await client().getSong({ id })).song;
    const response = await clientWithHeaders({ Range: "bytes=0-99" }).stream({ id });
    assert.equal(response.status, 206);
    assert.equal(response.headers.get("content-range"), `bytes 0-99/${size}`);
    assert.match(response.headers.get("content-type") ?? "", /^audio\/mpeg/);
    const body = Buffer.from(await response.arrayBuffer());
    assert.equal(body.length, 100);
    assert.equal(body.subarray(0, 3).toString("latin1"), "ID3");
  });

  test("stream whole with an apiKey", async () => {
    const id = await songId("Tidewater");
    const { size } = ok(await client().getSong({ id })).song;
    const response = await client({ apiKey: API_KEY }).stream({ id });
    assert.equal(response.status, 200);
    assert.equal((await response.arrayBuffer()).byteLength, size);
  });

  test("stream from a timeOffset (transcodeOffset)", async () => {
    const id = await songId("Brass Dusk"); // 4 s
    const { size } = ok(await client().getSong({ id })).song;
    const response = await client().stream({ id, timeOffset: 2 });
    assert.equal(response.status, 200);
    const body = Buffer.from(await response.arrayBuffer());
    assert.ok(body.length > 0.3 * size && body.length < 0.7 * size, `${body.length} of ${size} bytes`);
    assert.deepEqual([body[0], body[1] & 0xe0], [0xff, 0xe0], "no MPEG frame first");
    assert.match(response.headers.get("content-type") ?? "(none)", /^audio\/mpeg/);
  });

  test("download", async () => {
    const id = await songId("Tin Rain");
    const { size } = ok(await client().getSong({ id })).song;
    const response = await client().download({ id });
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-disposition") ?? "", /^attachment/);
    assert.equal((await response.arrayBuffer()).byteLength, size);
  });

  test("stream of an unknown id answers a Subsonic error", async () => {
    const response = await client().stream({ id: "tr-999999" });
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    failed((await response.json())["subsonic-response"], 70);
  });

  test("getCoverArt: the album's cover.jpg, by album and by track", async () => {
    const { albumList2 } = ok(await client().getAlbumList2({ type: "alphabeticalByName", size: 10 }));
    const album = albumList2.album.find((a) => a.name === COVERED_ALBUM);
    assert.ok(album.coverArt, "the album with a cover.jpg has no coverArt id");
    const firstTrack = await songId(tracksOf(COVERED_ALBUM)[0].title);
    for (const id of [album.coverArt, album.id, firstTrack]) {
      for (const size of [undefined, 16]) {
        const response = await client().getCoverArt({ id, size });
        assert.equal(response.status, 200, `${id} size=${size}`);
        assert.match(response.headers.get("content-type") ?? "", /^image\//);
        const body = Buffer.from(await response.arrayBuffer());
        assert.deepEqual([...body.subarray(0, 2)], [0xff, 0xd8], `${id} size=${size}: not a JPEG`);
      }
    }
  });
});

describe("annotations", () => {
  test("star and unstar a song and an album → getStarred2", async () => {
    const api = client();
    const song = (await songs()).get("Morning Copper");
    ok(await api.star({ id: song.id, albumId: song.albumId }));
    let { starred2 } = ok(await api.getStarred2());
    assert.ok((starred2.song ?? []).some((s) => s.id === song.id));
    assert.ok((starred2.album ?? []).some((a) => a.id === song.albumId));
    const starredSong = ok(await api.getSong({ id: song.id })).song;
    assert.ok(starredSong.starred instanceof Date && !Number.isNaN(starredSong.starred.getTime()));
    ok(await api.unstar({ id: song.id, albumId: song.albumId }));
    ({ starred2 } = ok(await api.getStarred2()));
    assert.ok(!(starred2.song ?? []).some((s) => s.id === song.id));
    assert.ok(!(starred2.album ?? []).some((a) => a.id === song.albumId));
    assert.equal(ok(await api.getSong({ id: song.id })).song.starred, undefined);
  });

  test("setRating → getSong's userRating", async () => {
    const api = client();
    const id = await songId("Brass Dusk");
    ok(await api.setRating({ id, rating: 5 }));
    assert.equal(ok(await api.getSong({ id })).song.userRating, 5);
    ok(await api.setRating({ id, rating: 0 }));
    assert.ok([undefined, 0].includes(ok(await api.getSong({ id })).song.userRating));
  });

  test("scrobble a play → playCount, recent and frequent albums", async () => {
    const api = client();
    const song = (await songs()).get("Tidewater");
    const before = ok(await api.getSong({ id: song.id })).song.playCount ?? 0;
    ok(await api.scrobble({ id: song.id, submission: true }));
    assert.equal(ok(await api.getSong({ id: song.id })).song.playCount, before + 1);
    for (const type of ["recent", "frequent"]) {
      const { albumList2 } = ok(await api.getAlbumList2({ type, size: 10 }));
      assert.ok((albumList2.album ?? []).some((a) => a.id === song.albumId), `${type} lacks the album`);
    }
  });

  test("scrobble now playing → getNowPlaying", async () => {
    const api = client();
    const id = await songId("Brass Dusk");
    ok(await api.scrobble({ id, submission: false }));
    const { nowPlaying } = ok(await api.getNowPlaying());
    const entry = (nowPlaying.entry ?? []).find((e) => e.id === id && e.username === USER);
    assert.ok(entry, `not playing: ${JSON.stringify(nowPlaying)}`);
    assert.equal(entry.title, "Brass Dusk");
    assert.equal(typeof entry.minutesAgo, "number");
    assert.equal(typeof entry.playerId, "number");
  });

  test("savePlayQueue → getPlayQueue", async () => {
    const api = client(undefined, { post: true });
    const ids = await Promise.all(["Idle Gear", "Lantern Song", "Tin Rain"].map(songId));
    ok(await api.savePlayQueue({ id: ids, current: ids[2], position: 4321 }));
    const { playQueue } = ok(await api.getPlayQueue());
    assert.deepEqual((playQueue.entry ?? []).map((e) => e.id), ids);
    assert.equal(String(playQueue.current), ids[2]);
    assert.equal(playQueue.position, 4321);
    assert.equal(playQueue.username, USER);
    assert.equal(playQueue.changedBy, APP);
  });
});

describe("playlists", () => {
  test("create → list → update → get → delete (form POST)", async () => {
    const api = client(undefined, { post: true });
    const [first, second, third] = await Promise.all(
      ["Morning Copper", "Piston Lullaby", "Lantern Song"].map(songId),
    );
    const name = `subsonic-api ${randomBytes(4).toString("hex")}`;
    const created = ok(await api.createPlaylist({ name, songId: [first, second] })).playlist;
    assert.match(created.id, /^pl-\d+$/);
    assert.equal(created.name, name);
    assert.deepEqual((created.entry ?? []).map((e) => e.id), [first, second]);

    const { playlists } = ok(await api.getPlaylists());
    const listed = (playlists.playlist ?? []).filter((p) => p.id === created.id);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].songCount, 2);
    assert.equal(listed[0].owner, USER);

    const renamed = `${name} (renamed)`;
    ok(await api.updatePlaylist({
      playlistId: created.id,
      name: renamed,
      songIdToAdd: [third],
      songIndexToRemove: [0],
    }));
    const { playlist } = ok(await api.getPlaylist({ id: created.id }));
    assert.equal(playlist.name, renamed);
    assert.deepEqual((playlist.entry ?? []).map((e) => e.id), [second, third]);
    assert.equal(playlist.songCount, 2);
    const seconds = track("Piston Lullaby").seconds + track("Lantern Song").seconds;
    assert.ok(Math.abs(playlist.duration - seconds) <= 2, `duration ${playlist.duration}`);

    ok(await api.deletePlaylist({ id: created.id }));
    const after = ok(await api.getPlaylists()).playlists.playlist ?? [];
    assert.ok(!after.some((p) => p.id === created.id));
    failed(await api.getPlaylist({ id: created.id }), 70);
  });
});
