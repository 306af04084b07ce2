-- miembros route, step listar-miembros
SELECT rut, nombre, apellido, email, patente, premium, estado FROM miembro ORDER BY rut
