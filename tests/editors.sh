#!/bin/sh
# The editors' files (editors/, docs/editors.md): the TextMate grammar,
# tokenized on the examples and held to the parser's words
# (tests/editors/textmate.py); the Vim syntax in Neovim, headless
# (tests/editors/vim.lua); the Emacs mode, byte-compiled and its faces
# read in batch Emacs, and eglot starting kjeller lsp with it, when emacs
# is installed.  Ends with "editors: N passed, N failed".
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
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "editors FAIL: $d"; fi
}
# adds a sub-count "NAME: N passed, N failed" from file $1
add_counts() {
    line=$(grep -E '^[a-z ]+: [0-9]+ passed, [0-9]+ failed$' "$1" | tail -1)
    [ -n "$line" ] || return 1
    p=$(echo "$line" | sed 's/.*: \([0-9]*\) passed.*/\1/')
    f=$(echo "$line" | sed 's/.* passed, \([0-9]*\) failed/\1/')
    pass=$((pass + p))
    fail=$((fail + f))
}

python3 tests/editors/textmate.py "$root" >"$tmp/tm.out" 2>&1
cat "$tmp/tm.out" | grep -v '^editors textmate:'
ok "the TextMate checks ran" add_counts "$tmp/tm.out"
python3 -c "import json,sys; json.load(open(sys.argv[1])); json.load(open(sys.argv[2]))" \
    editors/vscode/package.json editors/vscode/language-configuration.json
ok "the VS Code package's JSON" [ $? -eq 0 ]

if command -v nvim >/dev/null 2>&1; then
    cp examples/moscow-1937/pyatakov.case "$tmp/"
    KJ_VIM_OUT="$tmp/vim.out" timeout 60 nvim --headless --clean --cmd "set rtp^=$root/editors/vim" \
        -c "filetype plugin on" -c "syntax on" -c "luafile $root/tests/editors/vim.lua" "$tmp/pyatakov.case" >/dev/null 2>&1
    grep '^FAIL' "$tmp/vim.out" | sed 's/^/editors vim /'
    n=$(grep -c '^ok ' "$tmp/vim.out")
    pass=$((pass + n))
    fail=$((fail + $(grep -c '^FAIL ' "$tmp/vim.out")))
    ok "vim: every check ran (20)" [ "$n" -eq 20 ]
else
    echo "editors: nvim not installed (Debian's neovim): the Vim syntax not checked"
    fail=$((fail + 1))
fi

if command -v emacs >/dev/null 2>&1; then
    cp editors/emacs/kjeller-mode.el "$tmp/"
    emacs --batch -Q -L "$tmp" -f batch-byte-compile "$tmp/kjeller-mode.el" >"$tmp/el.out" 2>&1
    ok "emacs: kjeller-mode.el byte-compiles without a warning" sh -c "[ -f '$tmp/kjeller-mode.elc' ] && ! grep -qi 'warning' '$tmp/el.out'"
    emacs --batch -Q -L "$tmp" -l kjeller-mode --eval "
(progn
  (find-file \"$tmp/pyatakov.case\")
  (font-lock-ensure)
  (defun face-at (prefix word)
    (goto-char (point-min))
    (re-search-forward (concat \"^\" (regexp-quote prefix)))
    (beginning-of-line)
    (search-forward word)
    (let ((f (get-text-property (match-beginning 0) 'face))) (if (listp f) (car f) f)))
  (princ (format \"mode %s\n\" major-mode))
  (princ (format \"place %s\n\" (face-at \"place kjeller \" \"place\")))
  (princ (format \"id %s\n\" (face-at \"place kjeller \" \"kjeller\")))
  (princ (format \"clause %s\n\" (face-at \"place kjeller \" \"tz\")))
  (princ (format \"string %s\n\" (face-at \"place kjeller \" \"airdrome\")))
  (princ (format \"comment %s\n\" (face-at \"; Pyatakov\" \"Pyatakov\")))
  (princ (format \"time %s\n\" (face-at \"register kjeller-december\" \"1935-12-01\"))))" >"$tmp/faces" 2>"$tmp/faces.err"
    ok "emacs: .case opens in kjeller-mode" grep -qx "mode kjeller-mode" "$tmp/faces"
    ok "emacs: a statement's keyword" grep -qx "place font-lock-keyword-face" "$tmp/faces"
    ok "emacs: the id it declares" grep -qx "id font-lock-function-name-face" "$tmp/faces"
    ok "emacs: a clause word" grep -qx "clause font-lock-builtin-face" "$tmp/faces"
    ok "emacs: a string" grep -qx "string font-lock-string-face" "$tmp/faces"
    ok "emacs: a comment" grep -qx "comment font-lock-comment-face" "$tmp/faces"
    ok "emacs: a time" grep -qx "time font-lock-constant-face" "$tmp/faces"
    # eglot (elpa-eglot) starting kjeller lsp through the mode's registration
    if [ -d /usr/share/emacs/site-lisp/elpa/eglot-1.9 ] || ls -d /usr/share/emacs/site-lisp/elpa/eglot-* >/dev/null 2>&1; then
        PATH="$(dirname "$KJ"):$PATH" KJ_CASE="$tmp/pyatakov.case" timeout 120 \
            emacs --batch -Q -L "$tmp" -l "$root/tests/editors/eglot.el" >"$tmp/eglot.out" 2>"$tmp/eglot.err"
        ok "eglot: connected to kjeller lsp" grep -qx "server t" "$tmp/eglot.out"
        "$KJ" check --brief "$tmp/pyatakov.case" | sed 's/^[^:]*:\([0-9]*\):[0-9]*: \([a-z]*\): \(.*\) (margin .*/line \1: kjeller [\2]: contradiction [\2]: \3/' | sort >"$tmp/want"
        grep '^line ' "$tmp/eglot.out" | sort >"$tmp/got"
        ok "eglot: flymake shows kjeller check's contradictions ($(wc -l <"$tmp/want"))" cmp -s "$tmp/want" "$tmp/got"
    else
        echo "editors: elpa-eglot not installed: eglot not checked (not counted)"
    fi
else
    echo "editors: emacs not installed: the Emacs mode not checked (not counted)"
fi

echo "editors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
