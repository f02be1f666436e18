-- A login storm for wrk: every request is a full login (argon2 at the
-- server's production cost). bench/load.sh sets LOGIN and PASSWORD.
local login = os.getenv("LOGIN") or "demo.planner"
local password = os.getenv("PASSWORD") or ""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"login":"' .. login .. '","password":"' .. password .. '"}'
