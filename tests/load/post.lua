-- Posts comments to one thread as the page's script does (form fields,
-- JSON back), each request from the next of the signed-in sessions listed
-- one cookie a line in a file. Arguments: thread id, cookie file, origin.
-- Every body starts "load " so bench.mjs can count what was stored.
-- wrk runs in this folder; report.lua gives `done` (its `init` is replaced).

dofile("report.lua")

local cookies = {}
local thread, origin
local sent = 0

function init(args)
  thread = args[1]
  for line in io.lines(args[2]) do
    if line ~= "" then cookies[#cookies + 1] = line end
  end
  origin = args[3]
end

function request()
  sent = sent + 1
  return wrk.format("POST", "/api/post_comment", {
    ["Cookie"] = cookies[sent % #cookies + 1],
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Origin"] = origin,
    ["Sec-Fetch-Site"] = "same-origin",
  }, "thread_id=" .. thread .. "&body=load+comment+" .. sent)
end
