#!/usr/bin/env bash
# Reminder digests end to end: a case with an overdue first response assigned to an advisor,
# `brobygger mail digest` + `mail send` to a throwaway SMTP server (tests/cli/smtp_sink.py,
# aiosmtpd on 127.0.0.1), the mail's subject (decoded), case number and absence of the citizen's
# name and CPR; `serve --smtp-url` runs the worker without sending the day's digest twice; then
# with the SMTP server gone, a failed attempt is recorded in the outbox (attempts 1, last error)
# and nothing crashes.
set -euo pipefail
bin="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

# aiosmtpd comes from Debian (python3-aiosmtpd), so prefer the system interpreter over one that
# may shadow it on PATH (pyenv, venv).
py=""
for cand in /usr/bin/python3 python3; do
  if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import aiosmtpd' 2>/dev/null; then py="$cand"; break; fi
done
[ -n "$py" ] || fail "python3 with aiosmtpd is needed (Debian: python3-aiosmtpd; scripts/setup.sh installs it)"

# Starts the SMTP sink saving into $1; sets sink_pid and sink_port.
start_sink() {
  mkdir -p "$1"
  rm -f "$dir/port"
  "$py" "$here/smtp_sink.py" --dir "$1" --port-file "$dir/port" --seconds 90 &
  sink_pid=$!
  pids+=("$sink_pid")
  for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.1; done
  [ -s "$dir/port" ] || fail "SMTP sink did not start"
  sink_port=$(cat "$dir/port")
}

# Starts `brobygger serve` with extra arguments; sets srv_pid and base (http://127.0.0.1:PORT).
start_server() {
  : >"$dir/serve.log"
  "$bin" --db "$db" serve --listen 127.0.0.1:0 --threads 2 "$@" >"$dir/serve.log" 2>&1 &
  srv_pid=$!
  pids+=("$srv_pid")
  base=""
  for _ in $(seq 300); do
    base=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$dir/serve.log" | head -1 || true)
    [ -n "$base" ] && break
    kill -0 "$srv_pid" 2>/dev/null || { cat "$dir/serve.log"; fail "server exited"; }
    sleep 0.1
  done
  [ -n "$base" ] || { cat "$dir/serve.log"; fail "server did not start"; }
}

# Stops the server with SIGTERM; it must be gone within 5 seconds.
stop_server() {
  kill -TERM "$srv_pid"
  for _ in $(seq 50); do kill -0 "$srv_pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$srv_pid" 2>/dev/null; then cat "$dir/serve.log"; fail "server did not stop within 5 s of SIGTERM"; fi
  wait "$srv_pid" 2>/dev/null || true
}

today=$(TZ=Europe/Copenhagen date +%F)
tomorrow=$(TZ=Europe/Copenhagen date -d tomorrow +%F)
received=$(TZ=Europe/Copenhagen date -d '30 days ago' +%F)  # first response due ~16 days ago

db="$dir/t.db"
"$bin" --db "$db" init --municipality "Testrup Kommune" >/dev/null
anne_id=$(echo "Hemmeligt-kodeord-123" | "$bin" --db "$db" --format json user add --email anne@testrup.dk \
  --name "Anne Rådgiver" --role advisor --password-stdin | "$py" -c 'import json,sys; print(json.load(sys.stdin)["id"])')
echo "Hemmeligt-kodeord-456" | "$bin" --db "$db" user add --email sara@testrup.dk --name "Sara Sekretær" \
  --role assistant --password-stdin >/dev/null
token=$("$bin" --db "$db" token create --email anne@testrup.dk)

# --- the case, through the API ---------------------------------------------------------------
start_server
new_case() {
  curl -sf -X POST "$base/api/v1/cases" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    --data-binary "$1" | "$py" -c 'import json,sys; print(json.load(sys.stdin)["number"])'
}
overdue_number=$(new_case '{"received":"'"$received"'","channel":"telefon","reasons":["klage"],
  "departments":["Jobcenter"],"summary":"Borgeren har fået afslag på ressourceforløb.",
  "citizen":{"name":"Jens Ærbø","phone":"20 30 40 50","cpr":"070761-4285"},"assignee_id":'"$anne_id"'}')
later_number=$(new_case '{"received":"'"$today"'","channel":"telefon","reasons":["klage"],
  "departments":["Jobcenter"],"summary":"Spørgsmål om boligstøtte.",
  "citizen":{"name":"Ulla Nielsen"},"assignee_id":'"$anne_id"'}')
stop_server
echo "cases: $overdue_number (overdue first response), $later_number (due later)"

# --- digest and send --------------------------------------------------------------------------
start_sink "$dir/mail1"
out=$("$bin" --db "$db" --format json mail digest --base-url https://brobygger.testrup.dk)
echo "$out"
echo "$out" | grep -q '"queued":1' || fail "digest: $out"
echo "$out" | grep -q "\"date\":\"$today\"" || fail "digest date: $out"
out=$("$bin" --db "$db" --format json mail digest)  # again: nothing new
echo "$out" | grep -q '"queued":1' || fail "second digest: $out"
[ "$("$bin" --db "$db" --format json mail outbox | "$py" -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 1 ] \
  || fail "the digest was queued twice"

out=$("$bin" --db "$db" --format json mail send --smtp-url "smtp://127.0.0.1:$sink_port" \
  --smtp-from "Brobygger Testrup <brobygger@testrup.dk>")
echo "$out"
echo "$out" | grep -q '"sent":1' || fail "send: $out"
echo "$out" | grep -q '"failed":0' || fail "send: $out"
for _ in $(seq 50); do [ -f "$dir/mail1/1.eml" ] && break; sleep 0.1; done
[ -f "$dir/mail1/1.eml" ] || fail "no mail arrived"
grep -q "RCPT TO: anne@testrup.dk" "$dir/mail1/1.envelope" || fail "envelope: $(cat "$dir/mail1/1.envelope")"
grep -q "MAIL FROM: brobygger@testrup.dk" "$dir/mail1/1.envelope" || fail "envelope: $(cat "$dir/mail1/1.envelope")"

"$py" - "$dir/mail1/1.eml" "$today" "$overdue_number" "$later_number" <<'EOF' || fail "mail content"
import email, email.policy, sys, datetime
path, today, overdue, later = sys.argv[1:]
raw = open(path, "rb").read()
msg = email.message_from_bytes(raw, policy=email.policy.default)
months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
d = datetime.date.fromisoformat(today)
want = "Brobygger: dine påmindelser for %d. %s %d" % (d.day, months[d.month - 1], d.year)
errors = []
if msg["Subject"] != want: errors.append("subject %r, want %r" % (msg["Subject"], want))
if b"=?UTF-8?B?" not in raw.split(b"\r\n\r\n", 1)[0]: errors.append("subject not RFC 2047 encoded")
if msg["To"] != "anne@testrup.dk": errors.append("To: %r" % msg["To"])
if not msg["Message-ID"] or not msg["Date"]: errors.append("Message-ID/Date missing")
if msg.get_content_type() != "text/plain" or msg.get_content_charset() != "utf-8":
    errors.append("content type %s/%s" % (msg.get_content_type(), msg.get_content_charset()))
body = msg.get_content()
if overdue not in body: errors.append("case number %s not in body" % overdue)
if later in body: errors.append("case %s is not due yet but is in the mail" % later)
if "https://brobygger.testrup.dk/" not in body: errors.append("link missing")
everything = (msg["Subject"] + "\n" + body).lower()
for secret in ["jens", "ærbø", "070761", "0707614285", "4285", "20 30 40 50", "ressourceforløb", "ulla"]:
    if secret in everything or secret.encode() in raw.lower():
        errors.append("personal data in the mail: %r" % secret)
if b"\n" in raw.replace(b"\r\n", b""): errors.append("bare LF in the message")
if errors:
    print("\n".join(errors)); print(body); sys.exit(1)
print("mail ok:", msg["Subject"])
EOF

# --- serve with SMTP: the worker starts, does not send the day's digest again, stops promptly --
start_server --smtp-url "smtp://127.0.0.1:$sink_port" --smtp-from brobygger@testrup.dk --digest-hour 0
for _ in $(seq 100); do grep -q "digests in the outbox" "$dir/serve.log" && break; sleep 0.1; done
grep -q "mail: 1 digests in the outbox for $today" "$dir/serve.log" || { cat "$dir/serve.log"; fail "worker did not run"; }
sleep 0.5
stop_server
[ ! -f "$dir/mail1/2.eml" ] || fail "the day's digest was sent twice"
if grep -qi "anne@\|Ærbø\|$overdue_number" "$dir/serve.log"; then cat "$dir/serve.log"; fail "addresses or case numbers in the log"; fi

# --- the SMTP server is gone: the failure is recorded, nothing crashes -------------------------
kill "$sink_pid"
wait "$sink_pid" 2>/dev/null || true
out=$("$bin" --db "$db" --format json mail digest --date "$tomorrow")
echo "$out" | grep -q '"queued":1' || fail "digest for tomorrow: $out"
set +e
out=$("$bin" --db "$db" --format json mail send --smtp-url "smtp://127.0.0.1:$sink_port" \
  --smtp-from brobygger@testrup.dk --smtp-timeout 5 2>"$dir/send.err"); rc=$?
set -e
echo "$out"
[ "$rc" -eq 1 ] || fail "send with the server gone should exit 1, got $rc: $(cat "$dir/send.err")"
echo "$out" | "$py" -c 'import json,sys; json.load(sys.stdin)' || fail "--format json output is not JSON: $out"
echo "$out" | grep -q '"sent":0' || fail "send: $out"
echo "$out" | grep -q '"failed":1' || fail "send: $out"
"$bin" --db "$db" --format json mail outbox | "$py" -c '
import json, sys
mails = {m["dedupe_key"].rsplit(":", 1)[1]: m for m in json.load(sys.stdin)}
today, tomorrow = sys.argv[1:]
t, f = mails[today], mails[tomorrow]
assert t["sent_at"] and t["state"] == "sent", t
assert f["attempts"] == 1, f
assert f["last_error"].startswith("smtp: "), f
assert not f["sent_at"] and f["state"] == "pending", f
assert f["next_attempt_at"] > f["created_at"], f
assert all("body" not in m for m in mails.values())
print("outbox ok: attempts=%d, last_error=%r, next attempt %s" % (f["attempts"], f["last_error"], f["next_attempt_at"]))
' "$today" "$tomorrow" || fail "outbox after the failure"
"$bin" --db "$db" mail outbox | grep -q "sidste fejl: smtp: " || fail "text outbox"
# Right away again: not due yet, so nothing is attempted.
out=$("$bin" --db "$db" --format json mail send --smtp-url "smtp://127.0.0.1:$sink_port" --smtp-from brobygger@testrup.dk)
echo "$out" | grep -q '"failed":0' || fail "a mail was retried before its time: $out"

# Usage errors are refused before anything is sent.
set +e
"$bin" --db "$db" mail send --smtp-url "http://127.0.0.1:1" --smtp-from brobygger@testrup.dk >/dev/null 2>&1; rc=$?
set -e
[ "$rc" -ne 0 ] || fail "an http:// SMTP URL was accepted"
"$bin" --db "$db" audit verify | grep -q "intakt" || fail "audit chain"
echo "mail digest: all checks passed"
