-- report.lua, and every answer's status and body length counted (which
-- makes wrk read each body into Lua, so it serves where figures do not
-- matter: the quick run). The first body of each kind is kept in a file,
-- for a person to read when an answer is not the page. Arguments: cookie
-- (as report.lua), the folder for those files, then texts the page shows
-- (each answer is counted with whether it shows them all). `kinds` is
-- global: done() reads it from the thread.

dofile("report.lua")

local base_init = init
kinds = {}
local folder
local marks = {}

function init(args)
  base_init(args)
  folder = args[2]
  for i = 3, #args do
    marks[#marks + 1] = args[i]
  end
end

local function shows_marks(body)
  for _, mark in ipairs(marks) do
    if not string.find(body, mark, 1, true) then
      return 0
    end
  end
  return 1
end

function response(status, headers, body)
  local kind = status .. ":" .. #body .. ":" .. shows_marks(body)
  if not kinds[kind] then
    kinds[kind] = 0
    local file = io.open(folder .. "/answer-" .. kind:gsub(":", "-") .. ".txt", "w")
    if file then
      file:write(body)
      file:close()
    end
  end
  kinds[kind] = kinds[kind] + 1
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

local base_done = done

function done(summary, latency, requests)
  base_done(summary, latency, requests)
  local parts = {}
  for _, thread in ipairs(threads) do
    for kind, n in pairs(thread:get("kinds")) do
      parts[#parts + 1] = string.format('"%s":%d', kind, n)
    end
  end
  io.write('{"answers":{' .. table.concat(parts, ",") .. '}}\n')
end
