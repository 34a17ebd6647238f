-- kjeller lsp in a real editor: Neovim (Debian's package), headless, with
-- its built-in LSP client.  It opens a copy of the Pyatakov case, waits
-- for the diagnostics, asks for a hover on a vague time, edits the buffer
-- (a name misspelt) and waits for the error, applies the quick fix and
-- waits for the contradictions again.  Each check is a line "ok WHAT" or
-- "FAIL WHAT" in $KJ_NVIM_OUT; tests/lsp.sh counts them.
-- Run: KJ=... KJ_CASE=... KJ_NVIM_OUT=... nvim --headless --clean -c 'luafile tests/lsp/nvim.lua'
local out = assert(io.open(os.getenv('KJ_NVIM_OUT'), 'w'))
local function check(what, cond, detail)
  out:write((cond and 'ok ' or 'FAIL ') .. what .. (cond and '' or (' ' .. vim.inspect(detail or ''):gsub('\n', ' '))) .. '\n')
  out:flush()
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('KJ_CASE')))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'kjeller',
    cmd = { os.getenv('KJ'), 'lsp' },
    root_dir = vim.fn.fnamemodify(os.getenv('KJ_CASE'), ':h'),
  })
  check('the client starts kjeller lsp', client_id ~= nil)
  vim.lsp.buf_attach_client(buf, client_id)

  local function errors()
    return vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.ERROR })
  end
  local got = vim.wait(20000, function() return #errors() > 0 end, 50)
  check('diagnostics arrive', got)
  local errs = errors()
  check('three contradictions, as kjeller check finds', #errs == 3, errs)
  local flight = 0
  for _, d in ipairs(errs) do
    if d.lnum == 41 and d.message:find("claim 'flight'", 1, true) then flight = flight + 1 end
  end
  check("two on claim 'flight' (line 42)", flight == 2, errs)
  local info = vim.diagnostic.get(buf, { severity = vim.diagnostic.severity.INFO })
  check('the premises marked', #info >= 5, #info)

  -- hover on "first half of December 1935"
  local lnum, col
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local c = l:find('first half', 1, true)
    if c then lnum, col = i - 1, c + 2 end
  end
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = lnum, character = col } }, 10000)
  local value = res and res[client_id] and res[client_id].result and res[client_id].result.contents.value or ''
  check('hover: how the time was read',
    value:find('read as 1935-12-01 14:00 .. 1935-12-15 16:00 (Europe/Oslo, UTC+01:00)', 1, true) ~= nil, value)

  -- go to definition of 'oslo-airdrome' in the claim
  local claim = vim.api.nvim_buf_get_lines(buf, 41, 42, false)[1]
  local def = vim.lsp.buf_request_sync(buf, 'textDocument/definition', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = 41, character = claim:find('oslo-airdrome', 1, true) + 1 } }, 10000)
  local loc = def and def[client_id] and def[client_id].result
  check('definition: the place oslo-airdrome (line 19)', loc and loc.range and loc.range.start.line == 18, loc)

  -- an edit: a claim named wrong
  local line = vim.api.nvim_buf_get_lines(buf, 44, 45, false)[1]
  check('line 45 is the drive', line:find('right after flight', 1, true) ~= nil, line)
  vim.api.nvim_buf_set_lines(buf, 44, 45, false, { (line:gsub('right after flight', 'right after fligth')) })
  got = vim.wait(20000, function()
    for _, d in ipairs(errors()) do if d.message:find('fligth', 1, true) then return true end end
    return false
  end, 50)
  check('the edit: an error at the misspelt name', got, errors())
  local e
  for _, d in ipairs(errors()) do if d.message:find('fligth', 1, true) then e = d end end
  check("the edit: did you mean 'flight'", e and e.message:find("did you mean 'flight'", 1, true) ~= nil, e)
  check('the edit: the error is at the word', e and e.lnum == 44 and e.col == line:find('flight', 1, true) - 1, e)

  -- the quick fix, as the editor asks for it and applies it
  local acts = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = e.lnum, character = e.col }, ['end'] = { line = e.end_lnum, character = e.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, 44) } }, 10000)
  local fix
  for _, a in ipairs(acts and acts[client_id] and acts[client_id].result or {}) do
    if a.title == "Replace with 'flight'" then fix = a end
  end
  check('the quick fix is offered', fix ~= nil, acts)
  if fix then vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16') end
  check('the quick fix mends the line', vim.api.nvim_buf_get_lines(buf, 44, 45, false)[1] == line)
  got = vim.wait(20000, function()
    local es = errors()
    if #es ~= 3 then return false end
    for _, d in ipairs(es) do if d.message:find('fligth', 1, true) then return false end end
    return true
  end, 50)
  check('mended: the three contradictions again', got, errors())
  vim.lsp.stop_client(client_id)
end)
check('no Lua error', ok, err)
out:close()
vim.cmd('qall!')
