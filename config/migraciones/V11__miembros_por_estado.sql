-- The monthly publication reads the approved members a page at a time by RUT
-- (miembros-aprobados.sql): with this index a page is one range read, however many
-- applications are pending or rejected beside them.
CREATE INDEX miembro_estado_rut ON miembro (estado, rut);
