" kjeller case files (docs/editors.md)
autocmd BufNewFile,BufRead *.case setfiletype kjeller
