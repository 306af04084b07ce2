-- the client key onto its sale, when the sale was stored first (parameters: the client part's fields)
UPDATE venta SET clave = :#clave WHERE carrito = :#carrito AND id = :#id AND clave IS NULL
