-- The month-end mix for wrk (issue 9): Planners read their inbox and
-- cards and save drafts of the month's reports; Analysts and Heads read
-- their queue and accept or approve. Run by bench/load.py with one
-- connection per thread (-t N -c N), so each thread's requests and answers
-- alternate and it can follow the report versions it saves.
--
-- bench/load.py writes `users.lua` beside this file:
--   users = { { role = "planner", token = "...", reports = { "/api/v1/events/1.1.1/reports/2026/10", ... },
--               events = { "1.1.1", ... } }, ... }

local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "users.lua")

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local me, versions, pending, n = nil, {}, nil, 0

function init(args)
  me = users[((id - 1) % #users) + 1]
  math.randomseed(id * 7919)
end

local function pick(list)
  return list[math.random(#list)]
end

local function get(path)
  pending = { kind = "get", path = path }
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. me.token })
end

local function post(path, version, kind)
  pending = { kind = kind, path = path }
  return wrk.format("POST", path, {
    ["Authorization"] = "Bearer " .. me.token,
    ["If-Match"] = '"' .. version .. '"',
    ["Content-Length"] = "0",
  })
end

function request()
  local r = math.random()
  if me.role == "planner" then
    if r < 0.30 then return get("/api/v1/inbox") end
    if r < 0.55 then return get("/api/v1/events/" .. pick(me.events)) end
    local path = pick(me.reports)
    if r < 0.75 or versions[path] == nil then return get(path) end
    n = n + 1
    pending = { kind = "put", path = path }
    local headers = { ["Authorization"] = "Bearer " .. me.token, ["Content-Type"] = "application/json" }
    if versions[path] > 0 then headers["If-Match"] = '"' .. versions[path] .. '"' end
    return wrk.format("PUT", path, headers,
      '{"progress":"Работы по графику, сохранение ' .. n .. ' нагрузочного теста"}')
  end
  -- Analyst or Head: the queue, a report, an accept or approve.
  if r < 0.40 then return get("/api/v1/inbox") end
  local path = pick(me.reports)
  if r < 0.80 or versions[path] == nil or versions[path] == 0 then return get(path) end
  local action = me.role == "analyst" and "/accept" or "/approve"
  return post(path .. action, versions[path], "act")
end

function response(status, headers, body)
  if pending == nil then return end
  local etag = headers["ETag"] or headers["etag"]
  local path = pending.path
  if pending.kind == "act" then path = path:gsub("/accept$", ""):gsub("/approve$", "") end
  if status == 200 and etag then
    versions[path] = tonumber(etag:match("(%d+)"))
  elseif status == 404 and pending.kind == "get" then
    versions[path] = 0
  elseif status == 409 or status == 412 then
    versions[path] = nil
  end
  pending = nil
end
