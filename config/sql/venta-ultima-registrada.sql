-- when the last sale of a day was stored
SELECT MAX(registrada) FROM venta WHERE hora >= ? AND hora < ?
