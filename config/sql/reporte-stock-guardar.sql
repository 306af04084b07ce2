-- Stock/0: a stock report (parameters: the record's fields, as Lector.stock reads them)
INSERT INTO reporte_stock (carrito, id, stock, hora)
VALUES (:#carrito, :#id, :#stock, :#hora) ON CONFLICT DO NOTHING
