-- wrk: POST /api/ventas with a new id on every request (no request is a retry of another).
-- Five carts (BENCH_CARRITOS carts when set: bench/escala.sh spreads them over every partition),
-- stock above the threshold half of the time.
-- An id is <start second>-<thread>-<counter>: unique across threads and across wrk runs.
local contador = 0
local carritos = tonumber(os.getenv("BENCH_CARRITOS") or "5")
local hilos = 0

function setup(thread)
  hilos = hilos + 1
  thread:set("numero_hilo", hilos)
  thread:set("inicio", os.time())
end

function request()
  contador = contador + 1
  local cuerpo = string.format(
    '{"id":"b%d-%d-%d","carrito":"BENCH-%d","cliente":"cliente %d","cantidad":%d,"stock":%d,"latitud":-33.45,"longitud":-70.66}',
    inicio, numero_hilo, contador, contador % carritos, contador % 50, 1 + contador % 5, contador % 40)
  return wrk.format("POST", "/api/ventas", {["Content-Type"] = "application/json"}, cuerpo)
end

function done(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d errors_connect=%d errors_timeout=%d rps=%.0f p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, summary.errors.status, summary.errors.connect, summary.errors.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
