-- the stored sale, to judge a part that carries no huella by the fields it carries
SELECT cantidad, hora, cliente, stock, latitud, longitud FROM venta WHERE carrito = :#carrito AND id = :#id
