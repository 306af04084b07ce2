-- One id, one sale: the parts of a sale are four records on three topics, stored by three
-- consumers. The first part consumed claims its (carrito, id) for its sale's content (huella, the
-- digest every part carries; cl.gremio.dominio.Venta#huella), in the same transaction as its row;
-- a part of another content for that id is then stored nowhere. Keyed by id first, so a poll's
-- claims are read back in one indexed query (id = ANY(?)).
CREATE TABLE venta_huella (
    id       VARCHAR(64) NOT NULL,
    carrito  VARCHAR(16) NOT NULL,
    huella   VARCHAR(32) NOT NULL,
    PRIMARY KEY (id, carrito)
);
