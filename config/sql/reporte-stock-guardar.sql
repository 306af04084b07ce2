-- Stock/0: a stock report
INSERT INTO reporte_stock (carrito, id, stock, hora)
VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING
