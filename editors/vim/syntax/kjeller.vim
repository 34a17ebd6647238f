" Vim syntax file for kjeller case files (docs/case-language.md), for Vim
" and Neovim: the same tokens as editors/vscode/syntaxes/kjeller.tmLanguage.json.
if exists('b:current_syntax') | finish | endif

syntax case match
syntax iskeyword @,48-57,_,-,.,/

syntax match kjellerComment ";.*$" contains=@Spell
syntax region kjellerString start=/"/ skip=/\\\\\|\\"/ end=/"/ oneline
syntax match kjellerNumber "\<-\=\d\+\(\.\d\+\)\=\>"
syntax match kjellerTime "\<\d\{4}-\d\d\(-\d\d\)\=\(T\d\d:\d\d\(:\d\d\)\=\(Z\|[+-]\d\d:\d\d\)\=\)\=\(\.\.\d\{4}-\d\d\(-\d\d\)\=\(T\d\d:\d\d\(:\d\d\)\=\(Z\|[+-]\d\d:\d\d\)\=\)\=\)\="
syntax match kjellerOperator "->\|\.\.\|±\|=\|,"

syntax keyword kjellerClause at on in throughout from to by travels meets lives resides has carries drives
syntax keyword kjellerClause departs arrives takes lasts right after before during later the same next day as with
syntax keyword kjellerClause nonstop covers records arrival arrivals departure departures stay stays sent received
syntax keyword kjellerClause message messages of vehicles devices where and or unrelated tz city one exists kind
syntax keyword kjellerClause max since until alias owner keeper plate url assumption sends receives unreachable
syntax keyword kjellerClause carried wire live postgresql sqlite is
syntax keyword kjellerUnit km/h kmh mph m/s kn knots km mi miles mile m

" a statement's keyword at the start of its line, and the id it declares
syntax match kjellerStatement "^\s*\(source\|place\|person\|entity\|mode\|medium\|route\|register\|fact\|testimony\|assume\|option\|include\|store\|trace\|device\|vehicle\|claim\|entry\)\>" nextgroup=kjellerDeclared skipwhite
syntax match kjellerDeclared "[A-Za-z0-9][A-Za-z0-9_.\-]*:\=" contained contains=kjellerClause

highlight default link kjellerComment Comment
highlight default link kjellerString String
highlight default link kjellerNumber Number
highlight default link kjellerTime Constant
highlight default link kjellerOperator Operator
highlight default link kjellerClause Keyword
highlight default link kjellerUnit Type
highlight default link kjellerStatement Statement
highlight default link kjellerDeclared Identifier

let b:current_syntax = 'kjeller'
