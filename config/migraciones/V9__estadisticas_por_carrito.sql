-- A day's statistics per cart live in rows, computed by INSERT ... SELECT ... GROUP BY in the store,
-- and are read a page at a time: a day of 139k carts as one JSON text ran the JVM out of memory.
--   estadistica_carrito    one row per cart with sales that day
--   estadistica_frecuente  a cart's frequent clients, ranked (puesto), at most gremio.estadisticas.frecuentes-max
-- estadistica_diaria keeps the day's state; with por_carrito its cuerpo holds only the totals (as
-- JSON), without it (days computed before this version) the whole answer as it was computed then.
CREATE TABLE estadistica_carrito (
    fecha        DATE        NOT NULL,
    carrito      VARCHAR(16) NOT NULL,
    ventas       BIGINT      NOT NULL,
    sopaipillas  BIGINT      NOT NULL,
    clientes     BIGINT      NOT NULL,
    PRIMARY KEY (fecha, carrito)
);
CREATE TABLE estadistica_frecuente (
    fecha        DATE        NOT NULL,
    carrito      VARCHAR(16) NOT NULL,
    puesto       INTEGER     NOT NULL,
    cliente      VARCHAR(80) NOT NULL,
    compras      BIGINT      NOT NULL,
    sopaipillas  BIGINT      NOT NULL,
    PRIMARY KEY (fecha, carrito, puesto)
);
ALTER TABLE estadistica_diaria ADD COLUMN por_carrito BOOLEAN DEFAULT FALSE NOT NULL;
