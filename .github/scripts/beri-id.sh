#!/usr/bin/env bash
# Give every entry without an id its id, register the entries that pass the check, commit and
# push that to $BRANCH; writes `commit=<sha>` (the commit the site is built from) and `laporan`
# (the errors, for the "Kegiatan belum terbit" issue; empty when none) to $GITHUB_OUTPUT, and the
# same report to the job summary ($GITHUB_STEP_SUMMARY).
#
# Run by the "beri-id" job of terbitkan.yml, one run at a time (its concurrency group). It starts
# from the branch's newest commit, not the pushed one, so a save that landed meanwhile is
# included; if another save lands between fetch and push, the push is refused and it starts over.
# Pushes made with the workflow's GITHUB_TOKEN start no new workflow run, so this cannot loop.
set -euo pipefail

: "${BRANCH:?BRANCH harus diisi nama cabang}"
: "${GITHUB_OUTPUT:=/dev/null}"
: "${GITHUB_STEP_SUMMARY:=/dev/null}"
# Outside the checkout, so `git add -A` never commits it.
LAPORAN="${LAPORAN:-${RUNNER_TEMP:-/tmp}/laporan-terbit.md}"
ATTEMPTS=5
# Ids handed out by an attempt whose push was refused were never published: forget them, so the
# next attempt leaves no gap (`extra.harmoni.cache` + /id-baru; the same path the build job caches).
RESERVATIONS=.cache/harmoni/id-baru
# The token is kept in an unexported variable: only git's fetch and push get it, never `harmoni`
# (which reads staff-written files) nor any other program this script starts.
PUSH_TOKEN="${GH_TOKEN:-}"
unset GH_TOKEN

git_remote() {
  # The token goes in a header for this one command only; it is never written to .git/config.
  if [ -n "$PUSH_TOKEN" ]; then
    local basic
    basic=$(printf 'x-access-token:%s' "$PUSH_TOKEN" | base64 -w0)
    git -c "http.extraheader=AUTHORIZATION: basic $basic" "$@"
  else
    git "$@"
  fi
}

git config user.name "github-actions[bot]"
git config user.email "41898283+github-actions[bot]@users.noreply.github.com"

for attempt in $(seq 1 "$ATTEMPTS"); do
  git_remote fetch --quiet origin "$BRANCH"
  git reset --quiet --hard FETCH_HEAD
  rm -rf "$RESERVATIONS"
  # In the workflow's partial checkout: the originals the media host lacks (all without one).
  harmoni ambil-foto
  harmoni daftarkan --beri-id --laporan "$LAPORAN"
  if [ -z "$(git status --porcelain)" ]; then
    echo "Tidak ada id baru."
    break
  fi
  git add -A
  git commit --quiet -m "Beri id kegiatan baru dan daftarkan sebagai terbit"
  if git_remote push --quiet origin "HEAD:refs/heads/$BRANCH"; then
    echo "Id baru tersimpan di $BRANCH: $(git rev-parse --short HEAD)."
    break
  fi
  if [ "$attempt" -eq "$ATTEMPTS" ]; then
    echo "::error::Cabang $BRANCH terus berubah; id belum tersimpan. Jalankan ulang alur kerja." >&2
    exit 1
  fi
  echo "Cabang $BRANCH berubah selama langkah ini; mengulang dari commit terbaru."
done

echo "commit=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"
delimiter="LAPORAN_$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
{
  echo "laporan<<$delimiter"
  cat "$LAPORAN"
  echo "$delimiter"
} >> "$GITHUB_OUTPUT"
if [ -s "$LAPORAN" ]; then
  cat "$LAPORAN" >> "$GITHUB_STEP_SUMMARY"
else
  echo "Semua kegiatan lolos pemeriksaan." >> "$GITHUB_STEP_SUMMARY"
fi
