" kjeller case files: comments begin with ';' (docs/case-language.md)
if exists('b:did_ftplugin') | finish | endif
let b:did_ftplugin = 1
setlocal commentstring=;\ %s comments=:;
setlocal iskeyword=@,48-57,_,-,.,/
setlocal expandtab shiftwidth=2 softtabstop=2
let b:undo_ftplugin = 'setlocal commentstring< comments< iskeyword< expandtab< shiftwidth< softtabstop<'
