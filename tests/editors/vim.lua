-- editors/vim in Neovim, headless: a .case file gets filetype kjeller, its
-- comment string, and each token its syntax group.  Each check is a line
-- "ok WHAT" or "FAIL WHAT" in $KJ_VIM_OUT (tests/editors.sh counts them).
local out = assert(io.open(os.getenv('KJ_VIM_OUT'), 'w'))
local function check(what, cond, detail)
  out:write((cond and 'ok ' or 'FAIL ') .. what .. (cond and '' or (' ' .. tostring(detail))) .. '\n')
end
local ok, err = pcall(function()
  check('filetype kjeller', vim.bo.filetype == 'kjeller', vim.bo.filetype)
  check('comments with ;', vim.bo.commentstring == '; %s', vim.bo.commentstring)
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  local function group(prefix, word, nth)
    for i, l in ipairs(lines) do
      if l:sub(1, #prefix) == prefix then
        local at = 0
        for _ = 1, (nth or 1) do at = l:find(word, at + 1, true) end
        if not at then return '(no ' .. word .. ')' end
        return vim.fn.synIDattr(vim.fn.synID(i, at, 1), 'name')
      end
    end
    return '(no line ' .. prefix .. ')'
  end
  local want = {
    { '; Pyatakov', 'Pyatakov', 'kjellerComment' },
    { 'place kjeller ', 'place', 'kjellerStatement' },
    { 'place kjeller ', 'kjeller', 'kjellerDeclared', 1 },
    { 'place kjeller ', '59.970', 'kjellerNumber' },
    { 'place kjeller ', 'tz', 'kjellerClause' },
    { 'place kjeller ', 'airdrome', 'kjellerString' },
    { 'place wexhall', 'km', 'kjellerUnit' },
    { 'mode car-chains', 'km/h', 'kjellerUnit' },
    { 'register kjeller-december', '1935-12-01..1935-12-31', 'kjellerTime' },
    { '  claim flight', 'claim', 'kjellerStatement' },
    { '  claim flight', 'flight', 'kjellerDeclared' },
    { '  claim flight', '->', 'kjellerOperator' },
    { '  claim flight', 'oslo-airdrome', '' },
    { '  claim flight', 'nonstop', 'kjellerClause' },
    { '    takes', 'right', 'kjellerClause' },
    { 'place oslo-airdrome', 'one', 'kjellerClause' },
    { 'place oslo-airdrome', 'kjeller', '' },
  }
  for _, w in ipairs(want) do
    local got = group(w[1], w[2], w[4])
    check(w[2] .. ' in "' .. w[1] .. '": ' .. (w[3] == '' and 'plain' or w[3]), got == w[3], got)
  end
end)
check('no Lua error', ok, err)
out:close()
vim.cmd('qall!')
