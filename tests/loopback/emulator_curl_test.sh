#!/usr/bin/env bash
# The emulator against plain curl (label loopback): emulator_curl_test.sh KSSO_EMULATOR
# Checks the REST layer rules a real Jira/Confluence applies (docs/rest-api.md, "The
# emulator"): Atlassian's XSRF filter (a POST of no, form, multipart or text/plain media type
# needs X-Atlassian-Token: no-check or nocheck; application/json, PUT and DELETE do not),
# a POST with no body and no Content-Length read as empty (as Tomcat does), and a body saying
# why on every 4xx answer. Each case is one curl call, as a vendor's example would make it.
set -uo pipefail
emulator=${1:?usage: emulator_curl_test.sh KSSO_EMULATOR}
command -v curl >/dev/null || { echo "curl is not installed: skipped"; exit 77; }
work=$(mktemp -d)
emu_pid=
cleanup() {
  [ -n "$emu_pid" ] && { kill "$emu_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT
fail=0
cases=0

mkdir -p "$work/data/kerberos"
echo '<idp name="curl"/>' > "$work/data/kerberos/idp.xml"
password="curl-pw-$RANDOM$RANDOM"
printf 'admin:%s:admin\n' "$password" > "$work/users"
"$emulator" --data "$work/data" --port 0 --port-file "$work/port" --users-file "$work/users" \
  --tz UTC --request-log "$work/requests.log" > "$work/emulator.log" 2>&1 &
emu_pid=$!
for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || { echo "emulator did not start" >&2; cat "$work/emulator.log" >&2; exit 1; }
base="http://127.0.0.1:$(cat "$work/port")/rest/ksso/api"
snapshots="$base/snapshot/1.0/config/snapshot"
tokens="$base/apitokens/3.0/user/tokens"

# check NAME STATUS BODY_PATTERN CURL_ARGS...: one request; its status must be STATUS and its
# body must match the extended regex BODY_PATTERN ('^$': be empty). A 4xx must have a non-empty body. curl gives
# up after 4 s, before cpp-httplib's 5 s read timeout, so a request the server waits on fails.
check() {
  local name=$1 want=$2 pattern=$3
  shift 3
  cases=$((cases + 1))
  local got
  got=$(curl -sS --max-time 4 -o "$work/body" -w '%{http_code}' -u "admin:$password" "$@" 2>"$work/curl.err")
  local body
  body=$(cat "$work/body" 2>/dev/null)
  if [ "$got" != "$want" ]; then
    echo "FAIL: $name: status $got, expected $want; body: $body $(cat "$work/curl.err")" >&2
    fail=1
  elif [[ $want == 4* && -z $body ]]; then
    echo "FAIL: $name: $got with an empty body" >&2
    fail=1
  elif [[ $pattern == '^$' ]] && [ -s "$work/body" ]; then
    echo "FAIL: $name: the body should be empty: $body" >&2
    fail=1
  elif [[ $pattern != '^$' ]] && ! grep -Eq -- "$pattern" "$work/body"; then
    echo "FAIL: $name: body does not match /$pattern/: $body" >&2
    fail=1
  else
    echo "ok: $name ($got)"
  fi
}

# A POST with no body and no Content-Length: what `curl -X POST` sends.
check "bodyless POST creates a snapshot" 200 '"id" *: *"sso-snapshot-' \
  -X POST -H 'X-Atlassian-Token: no-check' "$snapshots/"
check "bodyless POST without the XSRF header is refused" 403 '^XSRF check failed$' \
  -X POST "$snapshots/"
check "empty form POST without the XSRF header is refused" 403 'XSRF check failed' \
  -d '' "$snapshots/"
check "the deprecated 'nocheck' value passes" 200 '"id"' \
  -X POST -H 'X-Atlassian-Token: nocheck' "$snapshots/"

# application/json needs no XSRF header; the three form types do.
check "JSON token POST without the XSRF header is accepted" 201 '"apiToken" *: *"[A-Z2-7]{128}"' \
  -H 'Content-Type: application/json' -d '{"tokenName":"curl-json"}' "$tokens"
check "media type compared without case and parameters" 201 '"tokenName" *: *"curl-json-2"' \
  -H 'Content-Type: Application/JSON; charset=UTF-8' -d '{"tokenName":"curl-json-2"}' "$tokens"
check "form-urlencoded token POST without the XSRF header is refused" 403 'XSRF check failed' \
  -d 'tokenName=x' "$tokens"
check "text/plain POST without the XSRF header is refused" 403 'XSRF check failed' \
  -H 'Content-Type: text/plain' -d '{}' "$tokens"
check "text/plain POST with X-Atlassian-Token: No-Check passes (any case)" 201 '"apiToken"' \
  -H 'Content-Type: text/plain' -H 'X-Atlassian-Token: No-Check' -d '{}' "$tokens"
check "form POST past the XSRF check gets a 400 saying why" 400 '"message" *: *"the body must be a JSON object"' \
  -H 'X-Atlassian-Token: nocheck' -d 'tokenName=x' "$tokens"
printf 'not a zip' > "$work/sso-snapshot-2024-01-01-00_00_00.zip"
check "multipart upload without the XSRF header is refused" 403 'XSRF check failed' \
  -F "file=@$work/sso-snapshot-2024-01-01-00_00_00.zip" "$snapshots/upload"

# DELETE (and PUT) XSRF failures are only logged by the filter, never refused.
curl -sS --max-time 4 -u "admin:$password" -H 'Content-Type: application/json' \
  -d '{"tokenName":"to-revoke"}' -o "$work/token.json" "$tokens"
token_id=$(grep -Eo '"id" *: *[0-9]+' "$work/token.json" | grep -Eo '[0-9]+$')
check "DELETE without the XSRF header is not refused" 204 '^$' -X DELETE "$tokens/$token_id"
check "DELETE of an unknown snapshot says why" 404 '"message" *: *"no such snapshot"' \
  -X DELETE "$snapshots/sso-snapshot-1999-01-01-00_00_00"

# Every 4xx says why, also the ones the HTTP library answers by itself.
check "401 says why" 401 '"status-code" *: *401' -u "admin:wrong-$password" "$snapshots/"
check "unknown path says why" 404 '"message" *: *"null for uri: ' "$base/nothing/here"
check "PUT to an unknown path says why" 404 '"message"' -X PUT -d '{}' "$base/nothing/here"
check "a method without any route says why" 404 '"status-code" *: *404' -X PATCH "$snapshots/"

# The request log never holds the password.
grep -q -- "$password" "$work/requests.log" && { echo "FAIL: the password is in the request log" >&2; fail=1; }
echo "emulator curl test: $cases cases, $([ $fail = 0 ] && echo 'all passed' || echo 'some failed')"
exit $fail
