-- wrk: POST /api/ventas with a new id on every request (no request is a retry of another).
-- Five carts, stock above the threshold half of the time.
local contador = 0
local hilo = 0

function setup(thread)
  hilo = hilo + 1
  thread:set("hilo", hilo)
end

function request()
  contador = contador + 1
  local cuerpo = string.format(
    '{"id":"b%d-%d-%d","carrito":"BENCH-%d","cliente":"cliente %d","cantidad":%d,"stock":%d,"latitud":-33.45,"longitud":-70.66}',
    hilo, contador, math.random(1, 1000000000), contador % 5, contador % 50, 1 + contador % 5, contador % 40)
  return wrk.format("POST", "/api/ventas", {["Content-Type"] = "application/json"}, cuerpo)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d errors_connect=%d errors_timeout=%d rps=%.0f p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
