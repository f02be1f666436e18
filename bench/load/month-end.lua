-- The month-end mix for wrk (issue 9): Planners read their inbox and
-- cards and save drafts of the month's reports; Analysts and Heads read
-- their queue and reports, and accept or approve each report in it once.
--
-- The script never reads an answer. bench/load.py runs one connection per
-- thread (-t N -c N) and, before each run, writes `users.lua` beside this
-- file with one entry per connection:
--   connections = {
--     { role = "planner", token = "...", events = { "E00101", ... },
--       reports = { { path = "/api/v1/events/E00101/reports/2026/10",
--                     version = 3, open = true }, ... } },
--     ... }
-- Each report belongs to one connection only (a connection whose user has
-- fewer reports than the connections signing in as that user only reads
-- them, or reads the queue if none exists yet). `version` and `open` (the report is still the user's
-- to save or to act on) were read from the server just before the run. So the script knows every answer in advance:
-- a save or an act moves the version by one, an act closes the report,
-- after which the connection reads it instead, and reading a report no
-- one has saved yet (version 0: a Planner opening a blank form) is 404.
-- `done` prints how many answers other than 2xx the script expected, and
-- bench/load.py refuses a run whose count wrk's does not match (a wrong
-- guess would show as a 412 or 409 there). A request built as the run
-- stops may never be answered, so wrk's count may fall short of it by up
-- to one per connection, and no more.
--
-- Not defining wrk's `response()` spares wrk copying each answer's headers
-- and body into Lua: with it, wrk's Lua took as much CPU per request as the
-- whole hello server on the same two cores, and the client competes with
-- the server it measures for them.

local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "users.lua")

local counter = 0
local threads = {}

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

local me, inbox, cards, saves = nil, nil, {}, 0
expected = 0 -- answers other than 2xx this connection asked for; read by done()

function init(args)
  me = connections[((id - 1) % #connections) + 1]
  math.randomseed(id * 7919)
  local auth = { ["Authorization"] = "Bearer " .. me.token }
  inbox = wrk.format("GET", "/api/v1/inbox", auth)
  for i, event in ipairs(me.events) do
    cards[i] = wrk.format("GET", "/api/v1/events/" .. event, auth)
  end
  for _, report in ipairs(me.reports) do
    report.get = wrk.format("GET", report.path, auth)
  end
end

local function pick(list)
  return list[math.random(#list)]
end

local function read(report)
  if report.version == 0 then expected = expected + 1 end
  return report.get
end

-- A change names the version it edits, as the web interface does; a
-- report not yet created is saved without one.
local function change(method, path, version, body)
  local headers = { ["Authorization"] = "Bearer " .. me.token }
  if version > 0 then headers["If-Match"] = '"' .. version .. '"' end
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end

-- wrk calls `request()` once on the first thread before the run, to check
-- the script, and never sends what it returns: that first call changes
-- nothing the script predicts from.
local checked = false

function request()
  if not checked then
    checked = true
    return inbox
  end
  local r = math.random()
  if me.role == "planner" then
    if r < 0.30 then return inbox end
    if r < 0.55 then return pick(cards) end
    if #me.reports == 0 then return inbox end
    local report = pick(me.reports)
    if r < 0.75 or not report.open then return read(report) end
    saves = saves + 1
    local version = report.version
    report.version = version + 1
    return change("PUT", report.path, version,
      '{"progress":"Работы по графику, сохранение ' .. saves .. ' нагрузочного теста"}')
  end
  -- Analyst or Head: the queue, a report, an accept or approve.
  if r < 0.40 or #me.reports == 0 then return inbox end
  local report = pick(me.reports)
  if r < 0.80 or not report.open then return read(report) end
  report.open = false
  report.version = report.version + 1
  local action = me.role == "analyst" and "/accept" or "/approve"
  return change("POST", report.path .. action, report.version - 1, nil)
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("expected")
  end
  io.write(string.format("Expected non-2xx: %d\n", total))
end
