-- Ubicacion/0: a cart position (parameters: the record's fields, as Lector.posicion reads them);
-- an older one never replaces a newer one
MERGE INTO posicion p
USING (VALUES (CAST(:#carrito AS VARCHAR(16)), CAST(:#latitud AS DOUBLE PRECISION), CAST(:#longitud AS DOUBLE PRECISION),
               CAST(:#segundos AS BIGINT), CAST(:#hora AS TIMESTAMP WITH TIME ZONE)))
      AS n (carrito, latitud, longitud, segundos, hora)
ON p.carrito = n.carrito
WHEN MATCHED AND n.segundos >= p.segundos THEN
  UPDATE SET latitud = n.latitud, longitud = n.longitud, segundos = n.segundos, hora = n.hora
WHEN NOT MATCHED THEN
  INSERT (carrito, latitud, longitud, segundos, hora)
  VALUES (n.carrito, n.latitud, n.longitud, n.segundos, n.hora)
