-- when the last sale of a day (desde, hasta) was stored
SELECT MAX(registrada) FROM venta WHERE hora >= :#desde AND hora < :#hasta
