#!/usr/bin/env bash
# libFuzzer runs of every parser that takes outside bytes (docs/fuzzing.md).
#
#   scripts/fuzz.sh [--smoke | --long SECONDS] [--no-build] [TARGET...]
#
# Targets: cbor attestation authdata clientdata mds money frontmatter (default: all).
#   --smoke         SMOKE_SECONDS (default 12) per target on a fresh corpus: the run in `make test`.
#   --long SECONDS  SECONDS per target, growing the kept corpus .build-fuzz/corpora/TARGET.
# One executable, Fuzz/PassbankFuzz, built once with -sanitize=fuzzer,address into .build-fuzz;
# FUZZ_TARGET picks the parser. Seeds are decoded at run time from the shared corpus
# (PASSBANK_FIXTURES, default ../shared/fixtures; required when PASSBANK_CORPUS=required) and from
# Fuzz/seeds/. A crash, sanitizer report, broken invariant, timeout or out-of-memory fails the script;
# the input is kept as .build-fuzz/findings/TARGET/crash-… (replay: FUZZ_TARGET=… PassbankFuzz FILE).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_TARGETS=(cbor attestation authdata clientdata mds money frontmatter)
SCRATCH=.build-fuzz
FIXTURES="${PASSBANK_FIXTURES:-../shared/fixtures}"
mode=smoke
seconds="${SMOKE_SECONDS:-12}"
build=1
targets=()

while (($#)); do
    case "$1" in
    --smoke) mode=smoke ;;
    --long)
        mode=long
        seconds="${2:?--long needs a number of seconds}"
        shift
        ;;
    --no-build) build=0 ;;
    -h | --help)
        sed -n '2,13p' "$0"
        exit 0
        ;;
    -*)
        echo "fuzz.sh: unknown option $1" >&2
        exit 2
        ;;
    *)
        if [[ " ${ALL_TARGETS[*]} " != *" $1 "* ]]; then
            echo "fuzz.sh: unknown target $1 (one of: ${ALL_TARGETS[*]})" >&2
            exit 2
        fi
        targets+=("$1")
        ;;
    esac
    shift
done
((${#targets[@]})) || targets=("${ALL_TARGETS[@]}")

# The largest input each parser sees in practice, with room to grow.
max_len() {
    case "$1" in
    money) echo 256 ;;
    authdata | clientdata) echo 4096 ;;
    cbor | frontmatter) echo 8192 ;;
    attestation) echo 16384 ;;
    mds) echo 32768 ;;
    esac
}

# Leak checks: off where a harness awaits an async verifier. The task's memory is freed on another
# thread after the input returns, so libFuzzer would see a malloc/free imbalance on every input and run
# a full LeakSanitizer scan each time (about 20 ms: 50 exec/s instead of thousands); and LeakSanitizer
# reports the verifier's bundled roots, built once for the whole run, as leaked at exit.
detect_leaks() {
    case "$1" in
    attestation | clientdata | mds) echo 0 ;;
    *) echo 1 ;;
    esac
}

started=$SECONDS
if ((build)); then
    echo "== building PassbankFuzz (release, -sanitize=fuzzer,address) into $SCRATCH"
    # lld: gold stops with "internal error in format_file_lineno" on this link (Yams' and cmark's objects).
    swift build -c release --scratch-path "$SCRATCH" --product PassbankFuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
fi
binary="$SCRATCH/release/PassbankFuzz"
[[ -x "$binary" ]] || {
    echo "fuzz.sh: $binary is missing; run without --no-build" >&2
    exit 1
}
build_seconds=$((SECONDS - started))

# Seeds: decoded from the shared corpus into .build-fuzz/seeds/TARGET (never copied into the repository).
seeds="$SCRATCH/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"
if [[ -d "$FIXTURES/webauthn" && -d "$FIXTURES/mds" ]]; then
    python3 - "$FIXTURES" "$seeds" <<'PY'
import base64, hashlib, json, pathlib, sys

fixtures, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])

def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

def put(target, data):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)

def auth_data(attestation_object):
    # The byte string after the text key "authData" (major type 2, 1- or 2-byte length).
    at = attestation_object.find(b"\x68authData")
    if at < 0:
        return None
    head = attestation_object[at + 9 :]
    if head[0] == 0x58:
        return head[2 : 2 + head[1]]
    if head[0] == 0x59:
        return head[3 : 3 + int.from_bytes(head[1:3], "big")]
    return head[1 : 1 + (head[0] & 0x1F)] if 0x40 <= head[0] < 0x58 else None

for path in sorted((fixtures / "webauthn").glob("*.json")):
    vector = json.loads(path.read_text())
    response = vector.get("response", {}).get("response", {})
    for field, targets in (
        ("clientDataJSON", ["clientdata"]),
        ("attestationObject", ["attestation", "cbor"]),
        ("authenticatorData", ["authdata"]),
    ):
        if isinstance(response.get(field), str):
            data = b64url(response[field])
            for target in targets:
                put(target, data)
            if field == "attestationObject" and (data_of_auth := auth_data(data)):
                put("authdata", data_of_auth)
    if isinstance(vector.get("credentialPublicKey"), str):
        put("cbor", b64url(vector["credentialPublicKey"]))

for path in sorted((fixtures / "mds" / "blobs").glob("*.jwt")):
    blob = path.read_bytes().strip()
    put("mds", blob[:32768])
    # Payload entries (FIDO MDS3 §3.1.1) for MetadataEntry(json:): up to 40 a BLOB, each under 32 KiB.
    entries = json.loads(b64url(blob.split(b".")[1].decode())).get("entries", [])
    for entry in [e for e in map(lambda e: json.dumps(e).encode(), entries) if len(e) <= 32768][:40]:
        put("mds", entry)
PY
elif [[ "${PASSBANK_CORPUS:-}" == required ]]; then
    echo "fuzz.sh: PASSBANK_CORPUS=required but $FIXTURES has no webauthn/ and mds/ folders" >&2
    exit 1
else
    echo "fuzz.sh: no shared corpus at $FIXTURES; fuzzing from Fuzz/seeds/ and empty corpora only" >&2
fi
for folder in Fuzz/seeds/*/; do
    target=$(basename "$folder")
    mkdir -p "$seeds/$target"
    cp "$folder"* "$seeds/$target/"
done
cp Site/*.md "$seeds/frontmatter/" 2>/dev/null || true

failed=()
summary=()
mkdir -p "$SCRATCH/logs"
for target in "${targets[@]}"; do
    mkdir -p "$seeds/$target" "$SCRATCH/findings/$target"
    if [[ $mode == smoke ]]; then
        corpus="$SCRATCH/smoke/$target"
        rm -rf "$corpus"
    else
        corpus="$SCRATCH/corpora/$target"
    fi
    mkdir -p "$corpus"
    log="$SCRATCH/logs/$target-$mode.log"
    echo "== fuzz $target: ${seconds}s ($mode), $(find "$seeds/$target" -type f | wc -l) seeds, log $log"
    status=0
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: one input needing 2 GiB is a bomb.
    # SWIFT_BACKTRACE off: Swift's crash handler reads memory ASan flags, burying the real report.
    FUZZ_TARGET=$target SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=$(detect_leaks "$target")" timeout $((seconds + 120)) "$binary" "$corpus" "$seeds/$target" \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 -detect_leaks="$(detect_leaks "$target")" \
        -print_final_stats=1 -artifact_prefix="$SCRATCH/findings/$target/" >"$log" 2>&1 || status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    coverage=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    line="$target: ${runs:-?} runs, ${speed:-?} exec/s, ${coverage:-no coverage line}, exit $status"
    summary+=("$line")
    echo "   $line"
    if ((status != 0)); then
        failed+=("$target")
        grep -E 'ERROR: |SUMMARY: |Fatal error|Test unit written|Base64:' "$log" | head -20 >&2 || true
    fi
done

echo "== fuzz summary (build ${build_seconds}s, total $((SECONDS - started))s)"
printf '   %s\n' "${summary[@]}"
if ((${#failed[@]})); then
    echo "fuzz.sh: findings in: ${failed[*]} (inputs under $SCRATCH/findings/, logs under $SCRATCH/logs/)" >&2
    exit 1
fi
