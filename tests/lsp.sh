#!/bin/sh
# kjeller lsp (docs/editors.md): a scripted JSON-RPC session for the
# protocol's details, with `kjeller check --format json` as the oracle
# (tests/lsp/protocol.py: diagnostics, hover, definition, references,
# completion, the outline, quick fixes, includes and unsaved buffers,
# positions in UTF-16 and UTF-8, coalesced changes, hostile messages, and
# RSS over 2,000 edits each analysed); then Neovim, headless, with its
# built-in client (tests/lsp/nvim.lua); then bytes that are no protocol.
# Under the sanitizers (KJ_SAN=1) the long session is 300 edits.
# Ends with "lsp: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
KJ=$(cd "$(dirname "$KJ")" && pwd)/$(basename "$KJ")
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { # description, command...
    d=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "lsp FAIL: $d"; fi
}
edits=2000
[ "${KJ_SAN:-}" = 1 ] && edits=300

# the scripted session: its own count, added to ours
mkdir "$tmp/protocol"
KJ_LSP_EDITS=$edits python3 tests/lsp/protocol.py "$KJ" "$tmp/protocol" >"$tmp/protocol.out" 2>&1
rc=$?
cat "$tmp/protocol.out"
line=$(grep '^lsp protocol: [0-9]* passed, [0-9]* failed$' "$tmp/protocol.out")
if [ -n "$line" ]; then
    set -- $line
    pass=$((pass + $3))
    fail=$((fail + $5))
fi
ok "the scripted session ran to its end (status $rc)" [ -n "$line" ] && [ "$rc" -lt 2 ]

# Neovim, with its built-in LSP client
if command -v nvim >/dev/null 2>&1; then
    mkdir "$tmp/nvim"
    cp examples/moscow-1937/pyatakov.case "$tmp/nvim/"
    KJ="$KJ" KJ_CASE="$tmp/nvim/pyatakov.case" KJ_NVIM_OUT="$tmp/nvim/out" \
        timeout 180 nvim --headless --clean -c "luafile $root/tests/lsp/nvim.lua" >"$tmp/nvim/log" 2>&1
    n_ok=$(grep -c '^ok ' "$tmp/nvim/out" 2>/dev/null)
    n_fail=$(grep -c '^FAIL ' "$tmp/nvim/out" 2>/dev/null)
    grep '^FAIL ' "$tmp/nvim/out" | sed 's/^/lsp nvim /'
    pass=$((pass + ${n_ok:-0}))
    fail=$((fail + ${n_fail:-0}))
    ok "neovim: every check ran (15)" [ "${n_ok:-0}" -eq 15 ]
else
    echo "lsp: nvim not installed (Debian's neovim): the editor's checks not run"
    fail=$((fail + 1))
fi

# bytes that are no protocol: the server ends (status 1), never crashes
for seed in 1 2 3; do
    python3 -c "import random,sys; r=random.Random($seed); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(200000)))" >"$tmp/noise"
    "$KJ" lsp <"$tmp/noise" >"$tmp/noise.out" 2>"$tmp/noise.err"
    ok "noise $seed: status 1, no crash" [ $? -eq 1 ]
done
printf 'Content-Length: 99999999999999999999\r\n\r\n{}' | "$KJ" lsp >"$tmp/big.out" 2>"$tmp/big.err"
ok "an absurd Content-Length: status 1" [ $? -eq 1 ]
printf 'Content-Length: 2\r\n\r\n{}Content-Length: 4\r\n\r\nnull' | "$KJ" lsp >"$tmp/odd.out" 2>"$tmp/odd.err"
ok "an object and a null that are no messages: status 1, one error for the null" sh -c "[ $? -eq 1 ] && [ \$(grep -o '\"code\":-32[0-9]*' '$tmp/odd.out' | wc -l) -eq 1 ]"
"$KJ" lsp extra.case >/dev/null 2>"$tmp/usage.err" </dev/null
ok "lsp FILE: a usage error (2)" [ $? -eq 2 ]
"$KJ" lsp --stdio </dev/null >/dev/null 2>&1
ok "lsp --stdio: accepted (input ended: 1)" [ $? -eq 1 ]
"$KJ" lsp --help >"$tmp/help" 2>&1
ok "lsp --help: 0" sh -c "[ $? -eq 0 ] && grep -q 'usage: kjeller lsp' '$tmp/help'"

echo "lsp: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
