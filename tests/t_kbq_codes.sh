#!/bin/sh
# t_kbq_codes.sh: a code names the entries written for it and is only
# mentioned by the others, end to end on tests/data/codes (a fictional
# gateway, Lanternfish): a status table names 409; a log line in another
# article, which sorts first, quotes "Status Code: 409" in passing.  A
# bare 409 answers with the table's entry (pruned and exhaustive walks
# alike); the log line itself still answers with its own entry.  A code
# inside a JSON value of a log line is looked up as a code, though its
# words, a value's, are not matched; a path's parts are not codes.  A
# message class and its number ("LF 452") are one code, joined or not;
# so is a prefix on a hexadecimal number ("LF0x1104").  A name qualified
# by PHP namespaces is that name, where a Windows path is nothing.  A
# code the KB lacks, of the form of a family it documents (a hex code, a
# '_'-joined name, an exception class), names another member of that
# family: no entry of it answers on the words they share, while the
# family's own codes, mistyped or cut short, still do.  A spreadsheet's error value ("#SPLIT!",
# "#N/A") is a code as written, not the word it spells.
B=${B:-build}
. tests/tap.sh
DOCS=tests/data/codes

kb_or_bail "$DOCS"
IDX=$tmp/out/kb.idx

first() {	# first QUERY [KBQ ARGS...]: article and codes of the best result
	query=$1
	shift
	"$B/kbq" --index "$IDX" --json "$@" "$query" | python3 -c 'import json, sys
r = json.load(sys.stdin)["results"]
print(r[0]["article"], ",".join(r[0]["codes"]) if r else "none")' 2>/dev/null || echo none
}
is() {	# is WHAT GOT WANT
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

is "a bare code: the entry it names" "$(first 409)" "lanternfish/status-codes.md 409"
is "the same, walked exhaustively" "$(first 409 --exhaustive)" \
    "lanternfish/status-codes.md 409"
is "a one-word status name is the row's message" \
    "$("$B/kbq" --index "$IDX" --json 409 | python3 -c 'import json, sys
print(json.load(sys.stdin)["results"][0]["messages"])')" "['Conflict']"
is "the log line: the entry that quotes it" \
    "$(first '2026-03-05T08:00:01Z WARN upload: part 2 rejected by gateway (Status Code: 409; Request ID: 77AB01)')" \
    "lanternfish/agent-logs.md 409"
is "a code in a JSON value of a log line" \
    "$(first '12:01:33.912 ERROR gateway - call failed: {"ok":false,"error":"bucket_sealed","bucket":"b-77"}')" \
    "lanternfish/api-errors.md bucket_sealed"
is "a quoted code" "$(first 'upload failed: "token_revoked"')" \
    "lanternfish/api-errors.md token_revoked"
is "a path that holds a code's letters is no code" \
    "$(first 'cannot open /srv/bucket_sealed/part-7.bin')" "none"
is "a message class and its number, as written" "$(first 'LF 452')" \
    "lanternfish/message-class.md LF 452"
is "the same, joined" "$(first 'LF452')" "lanternfish/message-class.md LF 452"
is "a log line that prints it" \
    "$(first '2026-03-05 08:00:01 W LF 452 Kein Lagerplatz für Artikel 2211 gefunden')" \
    "lanternfish/message-class.md LF 452"
is "a class after \"Message no.\", its own number" "$(first 'LF_POST 210')" \
    "lanternfish/message-class.md LF_POST 210"
is "HTTP before a number names the number" "$(first 423)" \
    "lanternfish/message-class.md 423"
is "a class of two parts, as a code column writes it" "$(first 'LF-SY 351')" \
    "lanternfish/message-class.md LF-SY 351"
is "the same, joined" "$(first 'lf-sy351')" "lanternfish/message-class.md LF-SY 351"
is "a name qualified by PHP namespaces" \
    "$(first 'Lanternfish\Ledger\Exception\PeriodClosedException')" \
    "lanternfish/sdk-exceptions.md PeriodClosedException"
is "the same, thrown in a log line" \
    "$(first 'PHP Fatal error:  Uncaught Lanternfish\Ledger\Exception\PeriodClosedException: Posting period 2026-04 is closed for ledger US02. in /srv/app/vendor/lanternfish/sdk/src/Ledger.php:88')" \
    "lanternfish/sdk-exceptions.md PeriodClosedException"
is "a Windows path is no name" "$(first 'C:\Lanternfish\Ledger\PeriodClosed')" "none"
is "a vendor's prefix on a hexadecimal number" "$(first LF0x1104)" \
    "lanternfish/agent-enrolment.md LF0x1104"
is "the same in lower case" "$(first lf0x1104)" \
    "lanternfish/agent-enrolment.md LF0x1104"
is "another number of that prefix is no answer" "$(first LF0x1105)" "none"
upd="lanternfish/updater-errors.md 0x8C1F0A02,LF_UPD_PACKAGE_CORRUPT"
is "a hex code and its message" \
    "$(first 'updater: error 0x8C1F0A02 - The update package failed its integrity check')" "$upd"
is "another hex code of the family, with words its sibling shares: none" \
    "$(first 'updater: error 0x8C1F3B11: the update package could not be verified')" "none"
is "the same, walked exhaustively" \
    "$(first 'updater: error 0x8C1F3B11: the update package could not be verified' --exhaustive)" "none"
is "another name of the family: none" \
    "$(first 'LF_UPD_PACKAGE_SIGNATURE_UNTRUSTED: the update package could not be verified')" "none"
is "a name of the family mistyped" "$(first LF_UPD_PACKAGE_CORUPT)" "$upd"
is "a hex value a log line carries is no code of the family" \
    "$(first '2026-12-07 10:00:01 [tid 0x00001A2C] updater: There is not enough free space to stage the update.')" \
    "lanternfish/updater-errors.md 0x8C1F0A07,LF_UPD_STAGING_DISK_FULL"
is "nor is a setting's name after the message" \
    "$(first 'There is not enough free space to stage the update. LD_LIBRARY_PATH is set')" \
    "lanternfish/updater-errors.md 0x8C1F0A07,LF_UPD_STAGING_DISK_FULL"
is "a name of the family cut short" "$(first LF_UPD_STAGING_DISK)" \
    "lanternfish/updater-errors.md 0x8C1F0A07,LF_UPD_STAGING_DISK_FULL"
is "a spreadsheet's error value" "$(first '#SPLIT!')" \
    "lanternfish/sheet-errors.md #SPLIT!"
is "... in a sentence, quoted" "$(first 'my cell shows "#N/A" after the lookup')" \
    "lanternfish/sheet-errors.md #N/A"
pce="lanternfish/sdk-exceptions.md PeriodClosedException"
is "another exception class of the family, with words it shares: none" \
    "$(first 'Lanternfish\Ledger\Exception\PeriodLockedException: Posting period 2026-04 is locked for ledger US02.')" "none"
is "the same, walked exhaustively" \
    "$(first 'Lanternfish\Ledger\Exception\PeriodLockedException: Posting period 2026-04 is locked for ledger US02.' --exhaustive)" "none"
is "a class of the family in parentheses, where a code stands: none" \
    "$(first 'An error occurred (PeriodLockedException) when posting: Posting period 2026-04 is closed for ledger US02.')" "none"
is "the class the KB holds, so written" \
    "$(first 'An error occurred (PeriodClosedException) when posting: Posting period 2026-04 is closed for ledger US02.')" "$pce"
is "the family's own class mistyped" \
    "$(first 'PeriodClosedExeption: Posting period 2026-04 is closed for ledger US02.')" "$pce"
is "a camelCase program name is no code of a family" \
    "$(first '2026-03-05 08:00:01 LanternfishUpdaterService error: The update package failed its integrity check')" "$upd"
finish
