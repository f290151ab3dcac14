# bench_api_key SERVER URL FILE LOG: adds the user bench to the database at URL unless it is
# there, makes them a new API key and writes it to FILE as `Authorization: Bearer KEY` (mode 600),
# for the Python load generators (--header-file). The key is on no command line and in no log.
# Source it; it calls `die` and `log` (scripts/lib/tools.sh) on failure.
bench_api_key() {
	local server="$1" url="$2" file="$3" logfile="$4" users out
	users="$("$server" --database-url "$url" user list 2>>"$logfile")" ||
		{ tail -n 20 "$logfile" >&2; die "\`server user list\` failed (a server without accounts?)"; }
	if ! awk -F'\t' 'tolower($1) == "bench" { found = 1 } END { exit !found }' <<<"$users"; then
		head -c 24 /dev/urandom | base64 | "$server" --database-url "$url" user add bench >>"$logfile" 2>&1 ||
			{ tail -n 20 "$logfile" >&2; die "could not add the user bench"; }
	fi
	out="$("$server" --database-url "$url" user api-key bench --label scripts/bench 2>>"$logfile")" ||
		{ tail -n 20 "$logfile" >&2; die "could not make an API key"; }
	[[ "$out" =~ (^|$'\n')(cadenza_[^[:space:]]+) ]] || die "no key in the output of \`server user api-key\`"
	(umask 077 && printf 'Authorization: Bearer %s\n' "${BASH_REMATCH[2]}" >"$file") # a builtin: not in ps
}
