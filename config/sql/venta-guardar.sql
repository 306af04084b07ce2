-- NuevaVenta/0: a sale, with its client key when the client part is already stored. Parameters:
-- the record's fields, as Lector.venta reads them (a field its schema declares and the record
-- lacks is null); a new column is a migration and its :#field here, no Java.
INSERT INTO venta (carrito, id, cantidad, hora, cliente, stock, latitud, longitud, clave)
VALUES (:#carrito, :#id, :#cantidad, :#hora, :#cliente, :#stock, :#latitud, :#longitud,
        (SELECT c.clave FROM venta_cliente c WHERE c.carrito = :#carrito AND c.id = :#id))
ON CONFLICT DO NOTHING
