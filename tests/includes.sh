#!/bin/sh
# Includes from a hostile case file (docs/case-language.md §4.12,
# docs/limits.md): a file is known by what it is (device and inode), not by
# the path that names it, so a file reached again by any path is read once
# and a cycle is an error naming the chain, however it is spelt; fan-out
# finishes at once; a case has bounded files, include statements and bytes;
# only regular files are read, and nothing waits on a device or a pipe.
# Ends with "includes: N passed, N failed".
KJ=${KJ:-${BUILD:-build}/kjeller}
KJ=$(cd "$(dirname "$KJ")" && pwd)/$(basename "$KJ")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0
fail=0

# run: name, expected exit status, seconds allowed, [text expected on stderr], file...
# (in $dir, so that the messages name the files as written here)
run() {
    name=$1 want=$2 secs=$3 text=$4
    shift 4
    (cd "$dir" && timeout "$secs" "$KJ" check "$@" >out 2>err </dev/null)
    rc=$?
    if [ "$rc" -eq "$want" ] && { [ -z "$text" ] || grep -q -- "$text" "$dir/err"; }; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "includes FAIL: $name (exit $rc, expected $want${text:+, and '$text' on stderr})"
        head -n 8 "$dir/err"
    fi
}

# the hostile tester's 76 bytes: four self-includes by a path that looks new
# (it loaded 4^16 files, 1.6 GB in 20 s)
printf 'include "./a.case"\ninclude "./a.case"\ninclude "./a.case"\ninclude "./a.case"\n' >"$dir/a.case"
run "self-include by ./ is a cycle" 2 10 "include cycle: 'a.case' -> './a.case'" a.case
[ "$(grep -c 'include cycle' "$dir/err")" -eq 4 ] && pass=$((pass + 1)) ||
    { fail=$((fail + 1)); echo "includes FAIL: one cycle error per include line"; }

# fan-out without a cycle: 16 levels, each including the next 4 times, by
# 4 paths (./, ././, ../DIR/, a symbolic link): each file read once, fast
mkdir "$dir/fan"
i=0
while [ $i -lt 16 ]; do
    n=$((i + 1))
    printf 'source s%d "level %d"\ninclude "./l%d.case"\ninclude "././l%d.case"\ninclude "../fan/l%d.case"\ninclude "ln%d.case"\n' \
        $i $i $n $n $n $n >"$dir/fan/l$i.case"
    ln -s "l$n.case" "$dir/fan/ln$n.case"
    i=$((i + 1))
done
printf 'source s16 "the last"\n' >"$dir/fan/l16.case"
run "fan-out 4^16 by four paths: each file once" 0 10 "" fan/l0.case

# a cycle however the file is named again
mkdir "$dir/cyc"
printf 'source s1 "x"\ninclude "sym.case"\n' >"$dir/cyc/s.case"
ln -s s.case "$dir/cyc/sym.case"
run "cycle through a symbolic link" 2 10 "include cycle: 'cyc/s.case' -> 'cyc/sym.case'" cyc/s.case
printf 'source s1 "x"\ninclude "hard.case"\n' >"$dir/cyc/h.case"
ln "$dir/cyc/h.case" "$dir/cyc/hard.case"
run "cycle through a hard link" 2 10 "include cycle: 'cyc/h.case' -> 'cyc/hard.case'" cyc/h.case
printf 'source s1 "x"\ninclude "../cyc/d.case"\n' >"$dir/cyc/d.case"
run "cycle through .." 2 10 "include cycle: 'cyc/d.case' -> 'cyc/../cyc/d.case'" cyc/d.case
printf 'include "q.case"\n' >"$dir/cyc/p.case"
printf 'include "r.case"\n' >"$dir/cyc/q.case"
printf 'include "./p.case"\n' >"$dir/cyc/r.case"
run "a longer cycle names the chain" 2 10 "include cycle: 'cyc/p.case' -> 'cyc/q.case' -> 'cyc/r.case' -> 'cyc/./p.case'" cyc/p.case

# a diamond is no cycle: the file both sides include is read once
mkdir "$dir/dia"
printf 'include "b.case"\ninclude "c.case"\n' >"$dir/dia/a.case"
printf 'include "d.case"\nsource sb "b"\n' >"$dir/dia/b.case"
printf 'include "./d.case"\nsource sc "c"\n' >"$dir/dia/c.case"
printf 'source sd "d: read once, or its id would be a duplicate"\n' >"$dir/dia/d.case"
run "diamond: read once" 0 10 "" dia/a.case
run "the same file twice on the command line: read once" 0 10 "" dia/a.case dia/./a.case dia/d.case

# only regular files, and nothing waits: a device, a pipe, a directory
printf 'include "/dev/zero"\n' >"$dir/dev.case"
run "include /dev/zero" 2 10 "cannot read '/dev/zero': not a regular file" dev.case
printf 'include "/dev/stdin"\n' >"$dir/stdin.case"
mkfifo "$dir/held"
exec 3<>"$dir/held" # a pipe with a writer (this shell) that never writes
(cd "$dir" && timeout 10 "$KJ" check stdin.case >out 2>err <&3)
rc=$?
exec 3>&-
if [ "$rc" -eq 2 ] && grep -q "not a regular file" "$dir/err"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "includes FAIL: include /dev/stdin from a pipe (exit $rc)"; fi
mkfifo "$dir/fifo.case"
printf 'include "fifo.case"\n' >"$dir/fifo-inc.case"
run "include a FIFO no one writes" 2 10 "cannot read 'fifo.case': not a regular file" fifo-inc.case
run "a FIFO as the case file" 2 10 "cannot read 'fifo.case': not a regular file" fifo.case
printf 'include "dia"\n' >"$dir/dir.case"
run "include a directory" 2 10 "cannot read 'dia': is a directory" dir.case

# a file that is not a case file (a password file, a private key, a binary,
# a log) is one error at the include, and none of its lines is shown
one_error_no_secret() { # name
    if [ "$(grep -c 'error:' "$dir/err")" -eq 1 ] && ! grep -q 'SECRET' "$dir/err"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "includes FAIL: $1: not one error, or a line of the file shown"; head -n 8 "$dir/err"; fi
}
mkdir "$dir/nc"
printf 'root:SECRET1:0:0:root:/root:/bin/bash\nuser:SECRET2:1000:1000::/home/user:/bin/sh\n' >"$dir/nc/passwd"
printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\nSECRETb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n' >"$dir/nc/id_ed25519"
printf 'source s1 "SECRET" and more\nplace SECRET\n' >"$dir/nc/first-bad.case"
printf '; a comment\n\n  SECRET indented\nsource s1 "x"\n' >"$dir/nc/indented.case"
printf 'source SECRET "x\0"\n' >"$dir/nc/nul.case"
printf 'source SECRET "\377"\n' >"$dir/nc/latin1.case"
awk 'BEGIN { for (i = 0; i < 2000000; i++) print "SECRET log line " i " $" }' >"$dir/nc/big.log"
for f in passwd id_ed25519 first-bad.case indented.case nul.case latin1.case big.log; do
    printf 'source top "t"\ninclude "%s"\n' "$f" >"$dir/nc/top.case"
    run "include $f: not a case file" 2 10 "top.case:2:9: error: '.*$f' is not a case file: its line [0-9]* " nc/top.case
    one_error_no_secret "include $f"
done
printf 'source top "t"\ninclude "/etc/passwd"\n' >"$dir/nc/top.case"
run "include /etc/passwd: not a case file" 2 10 "error: '/etc/passwd' is not a case file: its line 1 does not start a statement" nc/top.case
if [ "$(grep -c 'error:' "$dir/err")" -eq 1 ] && ! grep -q 'root:' "$dir/err"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "includes FAIL: /etc/passwd shown"; fi
# nested: the file that includes a non-case file is itself a case file
printf 'include "passwd"\nsource mid "m"\n' >"$dir/nc/mid.case"
printf 'include "mid.case"\n' >"$dir/nc/top.case"
run "a case file whose first line includes a non-case file" 2 10 "nc/mid.case:1:9: error: 'nc/passwd' is not a case file" nc/top.case
one_error_no_secret "nested include"
# once its first statement parses, a file is a case file: later errors show its lines
printf 'source s1 "ok"\nsourc SHOWN\n' >"$dir/nc/later.case"
printf 'include "later.case"\n' >"$dir/nc/top.case"
run "a case file's later error shows its line" 2 10 "^    2 | sourc SHOWN" nc/top.case

# bounds: files, include statements, bytes (docs/limits.md)
mkdir "$dir/many"
i=0
while [ $i -le 1000 ]; do
    printf 'include "f%d.case"\n' $i
    printf 'source f%d "x"\n' $i >"$dir/many/f$i.case"
    i=$((i + 1))
done >"$dir/many/top.case"
run "1,001 files: too many" 2 20 "the case has too many files (limit 1,000)" many/top.case
sed '$d' "$dir/many/top.case" | sed '$d' >"$dir/many/top999.case"
run "1,000 files work" 0 20 "" many/top999.case
awk 'BEGIN { for (i = 0; i <= 10000; i++) print "include \"many/f0.case\"" }' >"$dir/incs.case"
run "10,001 include statements: too many" 2 20 "too many includes" incs.case
[ "$(grep -c 'error:' "$dir/err")" -eq 1 ] && pass=$((pass + 1)) ||
    { fail=$((fail + 1)); echo "includes FAIL: too many includes is one error"; }
sed '$d' "$dir/incs.case" >"$dir/incs10000.case"
run "10,000 include statements work" 0 20 "" incs10000.case
for i in 1 2 3 4 5; do
    printf 'source big%d "x"\n' $i >"$dir/big$i.case"
    truncate -s 60M "$dir/big$i.case" 2>/dev/null || head -c 62914560 /dev/zero >>"$dir/big$i.case"
done
run "over 256 MiB in all" 2 60 "cannot read 'big5.case': the case's files come to more than 256 MiB" \
    big1.case big2.case big3.case big4.case big5.case
rm -f "$dir"/big*.case

echo "includes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
